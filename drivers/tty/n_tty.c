/*
 * The line discipline (Linux's N_TTY): what happens to the bytes between
 * the device and the programs that read and write the tty.
 *
 * Input. Each received byte goes through the termios in Linux's order:
 * LNEXT's literal byte; ISTRIP, IUCLC; IXON's START and STOP (output
 * flow); ISIG's INTR, QUIT and SUSP (a signal to the foreground group,
 * the input flushed unless NOFLSH, the byte echoed); IGNCR, ICRNL, INLCR;
 * then, in canonical mode, line editing: ERASE, WERASE, KILL, LNEXT,
 * REPRINT, and the line ends NL, EOL, EOL2 and EOF, which make the line
 * readable. Other bytes are echoed (ECHO, ECHOCTL's ^X) and queued.
 *
 * The input queue is a ring of N_TTY_BUF_SIZE bytes: [read_tail,
 * canon_head) holds whole lines, [canon_head, read_head) the line being
 * edited (in non-canonical mode every queued byte is readable). A line's
 * last byte is marked N_TTY_DELIM; an EOF character stays in the queue
 * marked N_TTY_EOF, ending its line, and is never returned.
 *
 * Output. With OPOST, each byte goes through ONLCR, OCRNL, ONOCR, ONLRET,
 * XTABS and OLCUC, and the column is followed (erasing a tab needs it);
 * echoes go the same way. The device's write is synchronous, so there is
 * no output queue: TIOCOUTQ is 0 and a drain has nothing to wait for.
 * Writers wait while output is stopped (STOP, TCOOFF).
 *
 * Reads. Canonical: one line (or as much of it as fits), 0 at an EOF
 * character. Non-canonical: VMIN and VTIME as POSIX says (VTIME in tenths
 * of a second: with VMIN 0, how long to wait for a byte; else the gap
 * allowed between bytes once one came).
 */
#include <drivers/tty.h>
#include <fs/uio.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <lib/errno.h>

#define N_TTY_DELIM	0x01		/* read_flags: the byte ends a line */
#define N_TTY_EOF	0x02		/* ... and is an EOF character, not data */
#define RING(i)		((i) & (N_TTY_BUF_SIZE - 1))
#define CHUNK		256		/* bytes moved per pass, on the stack */
#define DECISECOND_NS	100000000ULL

#define L_(tty, f)	((tty)->termios.c_lflag & (f))
#define I_(tty, f)	((tty)->termios.c_iflag & (f))
#define O_(tty, f)	((tty)->termios.c_oflag & (f))

static bool is_cntrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A UTF-8 continuation byte, when the tty is in UTF-8 mode (IUTF8). */
static bool is_continuation(struct tty *tty, unsigned char c)
{
	return I_(tty, IUTF8) && (c & 0xc0) == 0x80;
}

/* Is c the control character cc[i]? A cc of 0 (_POSIX_VDISABLE) is off. */
static bool is_cc(struct tty *tty, unsigned char c, int i)
{
	return c != 0 && c == tty->termios.c_cc[i];
}

/* ---- output ------------------------------------------------------------------ */

/* Bytes on their way to the device: written in pieces. */
struct obuf {
	struct tty *tty;
	size_t n;
	char b[128];
};

static void ob_flush(struct obuf *o)
{
	if (o->n)
		o->tty->ops->write(o->tty, o->b, o->n);
	o->n = 0;
}

static void ob_put(struct obuf *o, char c)
{
	if (o->n == sizeof(o->b))
		ob_flush(o);
	o->b[o->n++] = c;
}

/* One byte through OPOST processing (Linux's do_output_char). tty->lock held. */
static void output_char(struct tty *tty, struct obuf *o, unsigned char c)
{
	unsigned int spaces;

	if (!O_(tty, OPOST)) {
		ob_put(o, (char)c);
		return;
	}
	switch (c) {
	case '\n':
		if (O_(tty, ONLRET))
			tty->column = 0;
		if (O_(tty, ONLCR)) {
			tty->canon_column = tty->column = 0;
			ob_put(o, '\r');
			ob_put(o, '\n');
			return;
		}
		tty->canon_column = tty->column;
		break;
	case '\r':
		if (O_(tty, ONOCR) && tty->column == 0)
			return;
		if (O_(tty, OCRNL)) {
			c = '\n';
			if (O_(tty, ONLRET))
				tty->canon_column = tty->column = 0;
			break;
		}
		tty->canon_column = tty->column = 0;
		break;
	case '\t':
		spaces = 8 - (tty->column & 7);
		tty->column += spaces;
		if ((tty->termios.c_oflag & TABDLY) == XTABS) {
			while (spaces--)
				ob_put(o, ' ');
			return;
		}
		break;
	case '\b':
		if (tty->column > 0)
			tty->column--;
		break;
	default:
		if (!is_cntrl(c)) {
			if (O_(tty, OLCUC) && c >= 'a' && c <= 'z')
				c = (unsigned char)(c - 'a' + 'A');
			if (!is_continuation(tty, c))
				tty->column++;
		}
		break;
	}
	ob_put(o, (char)c);
}

/* Echo c as it is (through OPOST). */
static void echo_raw(struct tty *tty, struct obuf *o, unsigned char c)
{
	output_char(tty, o, c);
}

/* Echo c, a control character as ^X with ECHOCTL (not tab, not newline). */
static void echo_char(struct tty *tty, struct obuf *o, unsigned char c)
{
	if (L_(tty, ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n') {
		ob_put(o, '^');
		ob_put(o, (char)(c ^ 0x40));
		tty->column += 2;
		return;
	}
	output_char(tty, o, c);
}

static void finish_erasing(struct tty *tty, struct obuf *o)
{
	if (tty->erasing) {
		echo_raw(tty, o, '/');
		tty->erasing = false;
	}
}

static void echo_rubout(struct tty *tty, struct obuf *o)
{
	echo_raw(tty, o, '\b');
	echo_raw(tty, o, ' ');
	echo_raw(tty, o, '\b');
}

/*
 * Erasing a tab: go back to where it began, which depends on what the
 * line holds before it (since the line's start or the tab before).
 */
static void echo_erase_tab(struct tty *tty, struct obuf *o)
{
	unsigned int cols = 0, back;
	bool after_tab = false;

	for (size_t i = tty->read_head; i != tty->canon_head;) {
		unsigned char c = (unsigned char)tty->read_buf[RING(--i)];

		if (c == '\t') {
			after_tab = true;
			break;
		}
		if (is_cntrl(c))
			cols += L_(tty, ECHOCTL) ? 2 : 0;
		else if (!is_continuation(tty, c))
			cols++;
	}
	if (!after_tab)
		cols += tty->canon_column;
	for (back = 8 - (cols & 7); back; back--) {
		ob_put(o, '\b');
		if (tty->column > 0)
			tty->column--;
	}
}

/* ---- input ------------------------------------------------------------------ */

static size_t queued(struct tty *tty)
{
	return tty->read_head - tty->read_tail;
}

static void put_queue(struct tty *tty, unsigned char c, uint8_t flags)
{
	if (queued(tty) >= N_TTY_BUF_SIZE - 1) {
		/* full: a line end still gets in, over the last byte of its line */
		if (!(flags & N_TTY_DELIM) || !L_(tty, ICANON) || tty->read_head == tty->canon_head)
			return;
		tty->read_head--;
	}
	tty->read_buf[RING(tty->read_head)] = (char)c;
	tty->read_flags[RING(tty->read_head)] = flags;
	tty->read_head++;
}

void n_tty_flush_input_locked(struct tty *tty)
{
	tty->read_head = tty->read_tail = tty->canon_head = 0;
	tty->erasing = false;
	tty->lnext = false;
}

/* ERASE, WERASE and KILL (Linux's eraser). */
static void eraser(struct tty *tty, struct obuf *o, unsigned char c)
{
	enum { ERASE, WERASE, KILL } kind;
	unsigned int seen_alnums = 0;

	if (tty->read_head == tty->canon_head)
		return;
	if (is_cc(tty, c, VERASE)) {
		kind = ERASE;
	} else if (is_cc(tty, c, VWERASE)) {
		kind = WERASE;
	} else {
		if (!L_(tty, ECHO)) {
			tty->read_head = tty->canon_head;
			return;
		}
		if (!L_(tty, ECHOK) || !L_(tty, ECHOKE) || !L_(tty, ECHOE)) {
			tty->read_head = tty->canon_head;
			finish_erasing(tty, o);
			echo_char(tty, o, c);
			if (L_(tty, ECHOK))
				echo_raw(tty, o, '\n');
			return;
		}
		kind = KILL;
	}
	while (tty->read_head != tty->canon_head) {
		size_t head = tty->read_head, cnt;

		do {	/* one character, all of its UTF-8 bytes */
			c = (unsigned char)tty->read_buf[RING(--head)];
		} while (is_continuation(tty, c) && head != tty->canon_head);
		if (is_continuation(tty, c))
			break;
		if (kind == WERASE) {
			if (is_alnum(c) || c == '_')
				seen_alnums++;
			else if (seen_alnums)
				break;
		}
		cnt = tty->read_head - head;
		tty->read_head = head;
		if (L_(tty, ECHO)) {
			if (L_(tty, ECHOPRT)) {
				if (!tty->erasing) {
					echo_raw(tty, o, '\\');
					tty->erasing = true;
				}
				echo_char(tty, o, c);
				while (--cnt > 0)
					ob_put(o, tty->read_buf[RING(++head)]);
			} else if (kind == ERASE && !L_(tty, ECHOE)) {
				echo_char(tty, o, tty->termios.c_cc[VERASE]);
			} else if (c == '\t') {
				echo_erase_tab(tty, o);
			} else {
				if (is_cntrl(c) && L_(tty, ECHOCTL))
					echo_rubout(tty, o);
				if (!is_cntrl(c) || L_(tty, ECHOCTL))
					echo_rubout(tty, o);
			}
		}
		if (kind == ERASE)
			break;
	}
	if (tty->read_head == tty->canon_head && L_(tty, ECHO))
		finish_erasing(tty, o);
}

void n_tty_stop_locked(struct tty *tty)
{
	tty->stopped = true;
}

bool n_tty_start_locked(struct tty *tty)
{
	bool was = tty->stopped;

	tty->stopped = false;
	return was;
}

/* A byte with no special meaning: echo and queue it. */
static void receive_plain(struct tty *tty, struct obuf *o, unsigned char c)
{
	if (L_(tty, ECHO)) {
		finish_erasing(tty, o);
		if (c == '\n') {
			echo_raw(tty, o, c);
		} else {
			if (tty->canon_head == tty->read_head)
				tty->canon_column = tty->column;
			echo_char(tty, o, c);
		}
	}
	put_queue(tty, c, 0);
}

/* A line is complete: c (NL, EOL, EOL2 or EOF) ends it. */
static void end_line(struct tty *tty, unsigned char c, uint8_t flags)
{
	put_queue(tty, c, flags | N_TTY_DELIM);
	tty->canon_head = tty->read_head;
}

/* Canonical mode's editing and line ends; false if c is no such byte. */
static bool receive_canon(struct tty *tty, struct obuf *o, unsigned char c)
{
	if (is_cc(tty, c, VERASE) || is_cc(tty, c, VKILL) ||
	    (is_cc(tty, c, VWERASE) && L_(tty, IEXTEN))) {
		eraser(tty, o, c);
		return true;
	}
	if (is_cc(tty, c, VLNEXT) && L_(tty, IEXTEN)) {
		tty->lnext = true;
		if (L_(tty, ECHO)) {
			finish_erasing(tty, o);
			if (L_(tty, ECHOCTL)) {
				echo_raw(tty, o, '^');
				echo_raw(tty, o, '\b');
			}
		}
		return true;
	}
	if (is_cc(tty, c, VREPRINT) && L_(tty, ECHO) && L_(tty, IEXTEN)) {
		finish_erasing(tty, o);
		echo_char(tty, o, c);
		echo_raw(tty, o, '\n');
		for (size_t i = tty->canon_head; i != tty->read_head; i++)
			echo_char(tty, o, (unsigned char)tty->read_buf[RING(i)]);
		return true;
	}
	if (c == '\n') {
		if (L_(tty, ECHO) || L_(tty, ECHONL))
			echo_raw(tty, o, '\n');
		end_line(tty, c, 0);
		return true;
	}
	if (is_cc(tty, c, VEOF)) {
		end_line(tty, c, N_TTY_EOF);
		return true;
	}
	if (is_cc(tty, c, VEOL) || (is_cc(tty, c, VEOL2) && L_(tty, IEXTEN))) {
		if (L_(tty, ECHO)) {
			if (tty->canon_head == tty->read_head)
				tty->canon_column = tty->column;
			echo_char(tty, o, c);
		}
		end_line(tty, c, 0);
		return true;
	}
	return false;
}

/*
 * One received byte (Linux's n_tty_receive_char_special and friends);
 * returns a signal to send. *started: output was restarted.
 */
static int receive_char(struct tty *tty, struct obuf *o, unsigned char c, bool *started)
{
	int sig = 0;

	if (tty->lnext) {
		tty->lnext = false;
		if (I_(tty, ISTRIP))
			c &= 0x7f;
		if (I_(tty, IUCLC) && L_(tty, IEXTEN) && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		receive_plain(tty, o, c);
		return 0;
	}
	if (I_(tty, ISTRIP))
		c &= 0x7f;
	if (I_(tty, IUCLC) && L_(tty, IEXTEN) && c >= 'A' && c <= 'Z')
		c = (unsigned char)(c - 'A' + 'a');
	if (I_(tty, IXON)) {
		if (is_cc(tty, c, VSTART)) {
			*started |= n_tty_start_locked(tty);
			return 0;
		}
		if (is_cc(tty, c, VSTOP)) {
			n_tty_stop_locked(tty);
			return 0;
		}
	}
	if (L_(tty, ISIG)) {
		if (is_cc(tty, c, VINTR))
			sig = SIGINT;
		else if (is_cc(tty, c, VQUIT))
			sig = SIGQUIT;
		else if (is_cc(tty, c, VSUSP))
			sig = SIGTSTP;
		if (sig) {
			if (!L_(tty, NOFLSH))
				n_tty_flush_input_locked(tty);
			if (I_(tty, IXON))
				*started |= n_tty_start_locked(tty);
			if (L_(tty, ECHO))
				echo_char(tty, o, c);
			return sig;
		}
	}
	if (tty->stopped && !tty->tco_stopped && I_(tty, IXON) && I_(tty, IXANY))
		*started |= n_tty_start_locked(tty);
	if (c == '\r') {
		if (I_(tty, IGNCR))
			return 0;
		if (I_(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I_(tty, INLCR)) {
		c = '\r';
	}
	if (L_(tty, ICANON) && receive_canon(tty, o, c))
		return 0;
	receive_plain(tty, o, c);
	return 0;
}

void tty_receive(struct tty *tty, const char *s, size_t n)
{
	struct obuf o = { .tty = tty };
	int sigs[4], nsigs = 0;
	bool started = false;

	spin_lock(&tty->lock);
	for (size_t i = 0; i < n; i++) {
		int sig = receive_char(tty, &o, (unsigned char)s[i], &started);

		if (sig && nsigs < (int)ARRAY_SIZE(sigs))
			sigs[nsigs++] = sig;
	}
	ob_flush(&o);
	spin_unlock(&tty->lock);
	wake_up_all(&tty->read_wait);
	if (started)
		wake_up_all(&tty->write_wait);
	if (nsigs) {
		int pgrp = tty_fg_pgrp(tty);

		for (int i = 0; i < nsigs && pgrp; i++)
			tty_kill_pgrp(pgrp, sigs[i]);
	}
}

void n_tty_set_termios_locked(struct tty *tty, const struct termios2 *old)
{
	bool was_canon = old->c_lflag & ICANON;

	if (was_canon == !!L_(tty, ICANON))
		return;
	/* Linux: what was typed becomes readable: one line, or raw bytes */
	if (L_(tty, ICANON) && tty->read_head != tty->read_tail) {
		tty->read_flags[RING(tty->read_head - 1)] |= N_TTY_DELIM;
		tty->canon_head = tty->read_head;
	} else {
		tty->canon_head = tty->read_tail;
	}
	tty->erasing = false;
	tty->lnext = false;
}

void n_tty_send_xchar(struct tty *tty, char c)
{
	spin_lock(&tty->lock);
	tty->ops->write(tty, &c, 1);
	spin_unlock(&tty->lock);
}

/* ---- reading and writing ------------------------------------------------------ */

bool n_tty_input_available(struct tty *tty, bool poll)
{
	size_t amt = 1;
	bool ret;

	spin_lock(&tty->lock);
	if (L_(tty, ICANON)) {
		ret = tty->canon_head != tty->read_tail;
	} else {
		if (poll && !tty->termios.c_cc[VTIME] && tty->termios.c_cc[VMIN])
			amt = tty->termios.c_cc[VMIN];
		ret = queued(tty) >= amt;
	}
	spin_unlock(&tty->lock);
	return ret;
}

size_t n_tty_inq(struct tty *tty)
{
	size_t n;

	spin_lock(&tty->lock);
	if (L_(tty, ICANON)) {
		n = 0;
		for (size_t i = tty->read_tail; i != tty->canon_head; i++)
			n += !(tty->read_flags[RING(i)] & N_TTY_EOF);
	} else {
		n = queued(tty);
	}
	spin_unlock(&tty->lock);
	return n;
}

/*
 * Take up to n bytes of the first line; *line_end when it was all taken
 * (its end included). tty->lock held.
 */
static size_t canon_copy_locked(struct tty *tty, char *buf, size_t n, bool *line_end)
{
	size_t got = 0, avail = tty->canon_head - tty->read_tail;

	*line_end = false;
	for (size_t i = 0; i < MIN(n, avail); i++) {
		size_t at = RING(tty->read_tail + i);

		if (tty->read_flags[at] & N_TTY_DELIM) {
			if (!(tty->read_flags[at] & N_TTY_EOF))
				buf[got++] = tty->read_buf[at];
			tty->read_flags[at] = 0;
			tty->read_tail += i + 1;
			*line_end = true;
			return got;
		}
		buf[got++] = tty->read_buf[at];
	}
	tty->read_tail += got;
	return got;
}

static size_t raw_copy_locked(struct tty *tty, char *buf, size_t n)
{
	size_t got = MIN(n, queued(tty));

	for (size_t i = 0; i < got; i++)
		buf[i] = tty->read_buf[RING(tty->read_tail + i)];
	tty->read_tail += got;
	return got;
}

static void wake_thread(void *arg)
{
	thread_wake(arg);
}

/* Sleep until input, a hangup, the deadline (UINT64_MAX: none) or a signal. */
static int wait_input(struct tty *tty, uint64_t deadline, int gen)
{
	struct wait_queue *wq = &tty->read_wait;
	struct waiter w = { .thread = current };
	struct timer timer;
	int ret = 0;

	timer_init(&timer, wake_thread, current);
	if (deadline != UINT64_MAX)
		timer_add(&timer, deadline);
	list_init(&w.node);
	for (;;) {
		spin_lock(&wq->lock);
		list_del(&w.node);
		if (n_tty_input_available(tty, false) || tty_hung_up_since(tty, gen) || time_ns() >= deadline) {
			spin_unlock(&wq->lock);
			break;
		}
		if (thread_interrupted()) {
			spin_unlock(&wq->lock);
			ret = -ERESTARTSYS;
			break;
		}
		list_add_tail(&w.node, &wq->waiters);
		sleep_locked(wq);
	}
	if (deadline != UINT64_MAX)
		timer_cancel(&timer);
	return ret;
}

ssize_t n_tty_read(struct tty *tty, struct uio *u, bool nonblock, int gen)
{
	uint64_t deadline = UINT64_MAX, gap = 0;
	size_t done = 0, minimum = 0;
	bool canon;
	int err = 0;

	spin_lock(&tty->lock);
	canon = L_(tty, ICANON);
	if (!canon) {
		unsigned int vmin = tty->termios.c_cc[VMIN], vtime = tty->termios.c_cc[VTIME];

		if (vmin) {
			minimum = vmin;
			gap = vtime * DECISECOND_NS;
		} else {
			deadline = time_ns() + vtime * DECISECOND_NS;
			minimum = 1;
		}
	}
	spin_unlock(&tty->lock);
	while (uio_resid(u)) {
		char buf[CHUNK];
		bool line_end = false;
		size_t got;

		if (!n_tty_input_available(tty, false)) {
			if (tty_hung_up_since(tty, gen) || time_ns() >= deadline)
				break;
			if (nonblock) {
				err = -EAGAIN;
				break;
			}
			err = wait_input(tty, deadline, gen);
			if (err)
				break;
			continue;
		}
		spin_lock(&tty->lock);
		if (L_(tty, ICANON))
			got = canon_copy_locked(tty, buf, MIN(uio_resid(u), sizeof(buf)), &line_end);
		else
			got = raw_copy_locked(tty, buf, MIN(uio_resid(u), sizeof(buf)));
		spin_unlock(&tty->lock);
		if (got) {
			ssize_t r = uio_copy_to(u, buf, got);

			if (r < 0) {
				err = (int)r;
				break;
			}
			done += got;
		}
		if (canon ? line_end : done >= minimum)
			break;
		if (gap)
			deadline = time_ns() + gap;
	}
	return done ? (ssize_t)done : err;
}

/* Sleep while output is stopped; 0, -EAGAIN or -ERESTARTSYS. */
static int wait_output(struct tty *tty, bool nonblock)
{
	if (!READ_ONCE(tty->stopped) && !READ_ONCE(tty->tco_stopped))
		return 0;
	if (nonblock)
		return -EAGAIN;
	return wait_event_interruptible(&tty->write_wait,
					!READ_ONCE(tty->stopped) && !READ_ONCE(tty->tco_stopped));
}

ssize_t n_tty_write(struct tty *tty, struct uio *u, bool nonblock, int gen)
{
	size_t done = 0;
	int err = 0;

	while (uio_resid(u)) {
		struct obuf o = { .tty = tty };
		char buf[CHUNK];
		ssize_t got;

		if (tty_hung_up_since(tty, gen)) {
			err = -EIO;
			break;
		}
		err = wait_output(tty, nonblock);
		if (err)
			break;
		got = uio_copy_from(u, buf, MIN(uio_resid(u), sizeof(buf)));
		if (got < 0) {
			err = (int)got;
			break;
		}
		spin_lock(&tty->lock);
		for (ssize_t i = 0; i < got; i++)
			output_char(tty, &o, (unsigned char)buf[i]);
		ob_flush(&o);
		spin_unlock(&tty->lock);
		done += (size_t)got;
	}
	return done ? (ssize_t)done : err;
}
