/*
 * The terminal ioctls, with Linux's numbers, structs and checks
 * (tty_io.c's tty_ioctl, tty_ioctl.c, n_tty_ioctl): termios, window
 * size, job control, flushing and flow control. Any other command is
 * -ENOTTY.
 *
 * Changing the terminal (TCSETS*, TCFLSH, TCXONC, TCSBRK, TIOCSPGRP) is
 * a change in POSIX's sense: a background process gets SIGTTOU first
 * (tty_check_change). Output is never queued, so TCSETSW's and
 * TCSBRK's drains and TCOFLUSH have nothing to do, and TIOCOUTQ is 0.
 */
#include <drivers/tty.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <mm/uaccess.h>
#include <lib/errno.h>
#include <lib/string.h>

#define IBSHIFT		16		/* the input speed's bits in c_cflag */
#define BOTHER		0x00001000	/* the speed is in c_ispeed/c_ospeed */

/* Linux's baud_table: B0..B38400, then B57600..B4000000 (CBAUDEX set). */
static const speed_t baud_table[] = {
	0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400,
	57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000,
	2000000, 2500000, 3000000, 3500000, 4000000,
};

/* The speed a CBAUD value means (Linux's tty_termios_baud_rate). */
static speed_t baud_rate(tcflag_t cbaud, speed_t given)
{
	if (cbaud == BOTHER)
		return given;
	if (cbaud & BOTHER) {
		cbaud &= ~BOTHER;
		if (cbaud < 1 || cbaud + 15 >= ARRAY_SIZE(baud_table))
			return 0;
		cbaud += 15;
	}
	return baud_table[cbaud];
}

static void set_speeds(struct termios2 *t)
{
	tcflag_t ibaud = (t->c_cflag >> IBSHIFT) & CBAUD;

	t->c_ospeed = baud_rate(t->c_cflag & CBAUD, t->c_ospeed);
	t->c_ispeed = ibaud ? baud_rate(ibaud, t->c_ispeed) : t->c_ospeed;
}

static int get_termios(struct tty *tty, void __user *p, bool with_speeds)
{
	struct termios2 t;

	spin_lock(&tty->lock);
	t = tty->termios;
	spin_unlock(&tty->lock);
	return copy_to_user(p, &t, with_speeds ? sizeof(struct termios2) : sizeof(struct termios));
}

/* TCSETS, TCSETSW, TCSETSF and the termios2 ones (Linux's set_termios). */
static int set_termios(struct tty *tty, void __user *p, bool with_speeds, bool flush)
{
	struct termios2 t, old;
	bool started = false;
	int err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	spin_lock(&tty->lock);
	t = tty->termios;
	spin_unlock(&tty->lock);
	if (copy_from_user(&t, p, with_speeds ? sizeof(struct termios2) : sizeof(struct termios)))
		return -EFAULT;
	set_speeds(&t);
	spin_lock(&tty->lock);
	if (flush)
		n_tty_flush_input_locked(tty);
	old = tty->termios;
	tty->termios = t;
	n_tty_set_termios_locked(tty, &old);
	/* IXON switched off: stopped output goes on (unless TCOOFF stopped it) */
	if (!(t.c_iflag & IXON) && (old.c_iflag & IXON) && !tty->tco_stopped)
		started = n_tty_start_locked(tty);
	spin_unlock(&tty->lock);
	wake_up_all(&tty->read_wait);
	if (started)
		wake_up_all(&tty->write_wait);
	return 0;
}

static int set_winsize(struct tty *tty, void __user *p)
{
	struct winsize ws;
	bool changed;
	int pgrp;

	if (copy_from_user(&ws, p, sizeof(ws)))
		return -EFAULT;
	spin_lock(&tty->lock);
	changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
	tty->winsize = ws;
	spin_unlock(&tty->lock);
	if (changed && (pgrp = tty_fg_pgrp(tty)) != 0)
		tty_kill_pgrp(pgrp, SIGWINCH);
	return 0;
}

static int flush(struct tty *tty, unsigned long arg)
{
	int err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	switch (arg) {
	case TCIFLUSH:
	case TCIOFLUSH:
		spin_lock(&tty->lock);
		n_tty_flush_input_locked(tty);
		spin_unlock(&tty->lock);
		return 0;
	case TCOFLUSH:
		return 0;	/* nothing waits to be sent */
	default:
		return -EINVAL;
	}
}

static int xonc(struct tty *tty, unsigned long arg)
{
	int err = tty_check_change(tty, SIGTTOU);
	cc_t c;

	if (err)
		return err;
	switch (arg) {
	case TCOOFF:
		spin_lock(&tty->lock);
		tty->tco_stopped = true;
		spin_unlock(&tty->lock);
		return 0;
	case TCOON:
		spin_lock(&tty->lock);
		tty->tco_stopped = false;
		spin_unlock(&tty->lock);
		wake_up_all(&tty->write_wait);
		return 0;
	case TCIOFF:
	case TCION:
		spin_lock(&tty->lock);
		c = tty->termios.c_cc[arg == TCIOFF ? VSTOP : VSTART];
		spin_unlock(&tty->lock);
		if (c)
			n_tty_send_xchar(tty, (char)c);
		return 0;
	default:
		return -EINVAL;
	}
}

/* TIOCSPGRP: Linux's tiocspgrp. */
static int set_pgrp(struct tty *tty, int __user *p)
{
	int err = tty_check_change(tty, SIGTTOU), pgrp;

	if (err == -EIO)
		return -ENOTTY;
	if (err)
		return err;
	if (get_user(pgrp, p))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	return tty_set_pgrp(tty, pgrp);
}

/* TIOCSTI: as if c had been typed. */
static int simulate_input(struct tty *tty, char __user *p)
{
	char c;

	if (tty_current() != tty && !tty_capable_admin())
		return -EPERM;
	if (get_user(c, p))
		return -EFAULT;
	tty_receive(tty, &c, 1);
	return 0;
}

static int put_int(int v, unsigned long arg)
{
	return put_user(v, (int __user *)arg) ? -EFAULT : 0;
}

long tty_ioctl(struct tty *tty, unsigned int cmd, unsigned long arg, bool readable)
{
	void __user *p = (void __user *)arg;
	struct winsize ws;
	int v, err;

	switch (cmd) {
	case TCGETS:
	case TCGETS2:
		return get_termios(tty, p, cmd == TCGETS2) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(tty, p, false, cmd == TCSETSF);
	case TCSETS2:
	case TCSETSW2:
	case TCSETSF2:
		return set_termios(tty, p, true, cmd == TCSETSF2);
	case TIOCGWINSZ:
		spin_lock(&tty->lock);
		ws = tty->winsize;
		spin_unlock(&tty->lock);
		return copy_to_user(p, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return set_winsize(tty, p);
	case TIOCGPGRP:
		err = tty_get_pgrp(tty, &v);
		return err ? err : put_int(v, arg);
	case TIOCSPGRP:
		return set_pgrp(tty, p);
	case TIOCGSID:
		err = tty_get_sid(tty, &v);
		return err ? err : put_int(v, arg);
	case TIOCSCTTY:
		return tty_set_ctty(tty, (int)arg, readable);
	case TIOCNOTTY:
		return tty_notty(tty);
	case TIOCINQ:
		return put_int((int)n_tty_inq(tty), arg);
	case TIOCOUTQ:
		return put_int(0, arg);
	case TCFLSH:
		return flush(tty, arg);
	case TCXONC:
		return xonc(tty, arg);
	case TCSBRK:
	case TCSBRKP:
		err = tty_check_change(tty, SIGTTOU);
		if (err)
			return err;
		return thread_interrupted() ? -EINTR : 0;	/* drained; no break to send */
	case TIOCSTI:
		return simulate_input(tty, p);
	case TIOCEXCL:
	case TIOCNXCL:
		spin_lock(&tty->lock);
		tty->exclusive = cmd == TIOCEXCL;
		spin_unlock(&tty->lock);
		return 0;
	case TIOCGEXCL:
		return put_int(READ_ONCE(tty->exclusive), arg);
	case TIOCGETD:
		return put_int(N_TTY, arg);
	case TIOCSETD:
		if (get_user(v, (int __user *)p))
			return -EFAULT;
		return v == N_TTY ? 0 : -EINVAL;
	default:
		return -ENOTTY;
	}
}
