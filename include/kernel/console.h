/*
 * The system console: where printk() lines go. A driver registers itself
 * when it probes; until then the arch's early console (the SBI legacy
 * putchar) prints. Console output turns "\n" into "\r\n" whatever the
 * terminal's settings: kernel messages always start at the left margin.
 * Input goes to the console's tty (<drivers/tty.h>).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <lib/compiler.h>

struct console {
	const char *name;
	/* Write s, each "\n" as "\r\n". */
	void (*write)(struct console *con, const char *s, size_t n);
	void *priv;
};

void console_register(struct console *con);
/* Write to the console with no locking: printk, panic and the early console. */
void console_write_raw(const char *s, size_t n);
/* Write to the console as one piece. */
void console_write(const char *s, size_t n);

/*
 * Read up to n bytes of console input as a read of /dev/console does
 * (a line at a time, echoed), sleeping until there is some (drivers/tty).
 */
size_t console_read(char *buf, size_t n);

void early_console_write(const char *s, size_t n);	/* arch */

#endif
