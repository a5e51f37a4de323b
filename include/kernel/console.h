/*
 * The system console: where printk() lines go and where console input
 * comes from. A driver registers itself when it probes; until then the
 * arch's early console (the SBI legacy putchar) prints.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <lib/compiler.h>

struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t n);
	void *priv;
};

void console_register(struct console *con);
/* Write to the console with no locking: panic and the early console. */
void console_write_raw(const char *s, size_t n);
/* Write to the console as one piece (user output: /dev/console, /dev/tty). */
void console_write(const char *s, size_t n);

/* Input: drivers push received bytes (from interrupt context). */
void console_input(const char *s, size_t n);
/* Read up to n bytes of input, sleeping until at least one is there. */
size_t console_read(char *buf, size_t n);
/* Non-blocking: bytes available now. */
size_t console_input_avail(void);
/* Woken when input arrives (for poll and interruptible reads). */
struct wait_queue;
struct wait_queue *console_input_waitq(void);

void early_console_write(const char *s, size_t n);	/* arch */

#endif
