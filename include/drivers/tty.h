/*
 * Terminals (drivers/tty): a tty is a device that moves bytes (a UART)
 * with a line discipline between it and its readers and writers, and a
 * place in job control (the session it controls, its foreground group).
 *
 *   tty_io.c       the device files: /dev/ttyS0 (4:64) the console UART,
 *                  /dev/console (5:1) the same tty without job control
 *                  checks and never acquired as a controlling terminal,
 *                  /dev/tty (5:0) the caller's controlling terminal
 *   n_tty.c        the line discipline: input editing, echo, signals,
 *                  canonical and raw reads, output processing
 *   tty_ioctl.c    the terminal ioctls (termios, window size, flushes)
 *   tty_jobctrl.c  controlling terminals, foreground groups, SIGTTIN and
 *                  SIGTTOU, the hangup when a session leader exits
 *
 * The termios (Linux's struct termios2, <uapi/linux/termios.h>) is the
 * tty's own state: the flags mean what they mean on Linux.
 *
 * Ttys are never freed (there is one, the console's; without a UART driver
 * it writes through the early console and has no input).
 *
 * Locking: [l] tty->lock, a spinlock (interrupts off: the receive
 * interrupt feeds the line discipline), taken after proctree_lock and
 * wait-queue locks, before the console output lock. [T] proctree_lock:
 * the job-control fields, and struct process's tty. [I] immutable.
 * Wake-ups and signals are sent after tty->lock is dropped.
 */
#ifndef DRIVERS_TTY_H
#define DRIVERS_TTY_H

#include <fs/types.h>
#include <kernel/spinlock.h>
#include <kernel/sched.h>
#include <uapi/linux/termios.h>

#define N_TTY_BUF_SIZE	4096		/* input buffer: a power of two */

struct tty;
struct process;
struct uio;

struct tty_ops {
	/* Send bytes exactly as given. tty->lock held; may run in interrupt context. */
	void (*write)(struct tty *tty, const char *s, size_t n);
};

struct tty {
	const char *name;		/* [I] "ttyS0" */
	dev_t dev;			/* [I] its device number */
	const struct tty_ops *ops;	/* [I] */
	void *priv;			/* [I] the driver's */
	struct spinlock lock;

	struct termios2 termios;	/* [l] */
	struct winsize winsize;		/* [l] */
	bool exclusive;			/* [l] TIOCEXCL: only root opens it */
	unsigned int hangups;		/* [l] bumped by each hangup */
	bool stopped;			/* [l] output stopped by STOP (IXON) */
	bool tco_stopped;		/* [l] output stopped by TCXONC TCOOFF */

	/* line discipline state, n_tty.c [l] */
	char read_buf[N_TTY_BUF_SIZE];
	uint8_t read_flags[N_TTY_BUF_SIZE];	/* N_TTY_DELIM, N_TTY_EOF per byte */
	size_t read_head;		/* where the next byte goes */
	size_t read_tail;		/* the next byte a reader takes */
	size_t canon_head;		/* canonical: the end of the last whole line */
	unsigned int column;		/* output column, for tabs and erasing */
	unsigned int canon_column;	/* the column where the line being edited began */
	bool lnext;			/* the last byte was LNEXT: take the next literally */
	bool erasing;			/* ECHOPRT: inside \...\/ */

	struct wait_queue read_wait;	/* input arrived, or a hangup */
	struct wait_queue write_wait;	/* output restarted */

	/* job control, tty_jobctrl.c [T] */
	int session;			/* the session it controls, 0: none */
	int pgrp;			/* its foreground process group, 0: none */
};

/* A file's view of tty->hangups: gen is this at its open, -1 for never hung up. */
#define TTY_HANGUP_GEN(hangups)	((int)((hangups) & 0x7fffffff))
static inline bool tty_hung_up_since(struct tty *tty, int gen)
{
	return gen >= 0 && TTY_HANGUP_GEN(READ_ONCE(tty->hangups)) != gen;
}

/* The console's tty: the first registered (the UART's), else an output-only one. */
struct tty *tty_console(void);
/* A driver's tty: set up its defaults; the first one is the console's. */
void tty_register(struct tty *tty);

/* ---- n_tty.c --------------------------------------------------------------- */

/* Bytes from the device (interrupt context too): edit, echo, signal, queue. */
void tty_receive(struct tty *tty, const char *s, size_t n);
/*
 * Read (nonblock: -EAGAIN instead of waiting) and write (with output
 * processing); job control is the caller's. gen: tty->hangups when the
 * file was opened (a hangup since ends reads, fails writes), -1: never.
 */
ssize_t n_tty_read(struct tty *tty, struct uio *u, bool nonblock, int gen);
ssize_t n_tty_write(struct tty *tty, struct uio *u, bool nonblock, int gen);
/* Readable now (poll): a line in canonical mode, else VMIN bytes. */
bool n_tty_input_available(struct tty *tty, bool poll);
/* Bytes a read could return now (FIONREAD). */
size_t n_tty_inq(struct tty *tty);
/* Drop the unread input. tty->lock held. */
void n_tty_flush_input_locked(struct tty *tty);
/* The termios changed from old: canonical mode switched on or off. tty->lock held. */
void n_tty_set_termios_locked(struct tty *tty, const struct termios2 *old);
/* Send one byte now, past any processing (TCIOFF, TCION). */
void n_tty_send_xchar(struct tty *tty, char c);
/* Output stopped or started (IXON): tty->lock held; the caller wakes write_wait. */
void n_tty_stop_locked(struct tty *tty);
bool n_tty_start_locked(struct tty *tty);	/* true if it was stopped */

/* ---- tty_ioctl.c ------------------------------------------------------------ */

/* A terminal ioctl on a file of tty (readable: opened for reading). */
long tty_ioctl(struct tty *tty, unsigned int cmd, unsigned long arg, bool readable);

/* ---- tty_jobctrl.c ---------------------------------------------------------- */

/*
 * POSIX's check before a background process reads (SIGTTIN) or changes
 * or writes (SIGTTOU) its controlling terminal: 0 to go on, -EIO, or
 * -ERESTARTSYS with the signal sent to the caller's group.
 */
int tty_check_change(struct tty *tty, int sig);
/* Open: a session leader without a terminal acquires tty (readable opens only). */
void tty_open_set_ctty(struct tty *tty, bool readable);
/* Has the caller CAP_SYS_ADMIN (is it root)? */
bool tty_capable_admin(void);
/* The caller's controlling terminal, or NULL. */
struct tty *tty_current(void);
/* Send sig to process group pgrp (from the kernel); takes proctree_lock. */
void tty_kill_pgrp(int pgrp, int sig);
/* TIOCSCTTY, TIOCNOTTY, TIOCGPGRP, TIOCSPGRP, TIOCGSID. */
int tty_set_ctty(struct tty *tty, int arg, bool readable);
int tty_notty(struct tty *tty);
int tty_get_pgrp(struct tty *tty, int *pgrp);
int tty_set_pgrp(struct tty *tty, int pgrp);
int tty_get_sid(struct tty *tty, int *sid);
/* The foreground group of tty (0: none); takes proctree_lock. */
int tty_fg_pgrp(struct tty *tty);

/* kernel/proc.c: p (a session leader) exits: hang its terminal up. Tree locked. */
void tty_session_leader_exit_locked(struct process *p);
/* /proc/PID/stat: Linux's tty_nr and tpgid of p. Tree locked. */
void tty_proc_stat_locked(struct process *p, unsigned int *tty_nr, int *tpgid);

#endif
