/*
 * Terminal device files (Linux's tty_io.c): which tty an open reaches,
 * and the file operations, which check job control and hand the bytes
 * to the line discipline (n_tty.c).
 *
 *   4:64+  /dev/ttyS0...  the registered ttys, in order (the console UART)
 *   5:0    /dev/tty       the caller's controlling terminal (-ENXIO: none)
 *   5:1    /dev/console   the console's tty; as on Linux, opening it never
 *                         makes it a controlling terminal, and its files
 *                         skip the SIGTTIN/SIGTTOU checks of reads and
 *                         writes and are not hung up
 *
 * Each open file remembers its tty, whether it came through
 * /dev/console, and the tty's hangup count: after a hangup the other
 * files read end of file and fail writes and ioctls with EIO.
 */
#include <drivers/tty.h>
#include <fs/chrdev.h>
#include <fs/poll.h>
#include <fs/uio.h>
#include <kernel/console.h>
#include <kernel/signal.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>

#define TTYS_MINOR	TTYS0_MINOR
#define MAX_TTYS	4

static struct spinlock ttys_lock = SPINLOCK_INIT("ttys", LOCK_CHRDEV);
static struct tty *ttys[MAX_TTYS];	/* [ttys_lock] registered, never removed */
static const char *const tty_names[MAX_TTYS] = { "ttyS0", "ttyS1", "ttyS2", "ttyS3" };

/* Linux's tty_std_termios, with a serial console's speed and CLOCAL. */
static const struct termios2 std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = {
		[VINTR] = 0x03, [VQUIT] = 0x1c, [VERASE] = 0x7f, [VKILL] = 0x15,
		[VEOF] = 0x04, [VTIME] = 0, [VMIN] = 1, [VSTART] = 0x11, [VSTOP] = 0x13,
		[VSUSP] = 0x1a, [VREPRINT] = 0x12, [VDISCARD] = 0x0f, [VWERASE] = 0x17,
		[VLNEXT] = 0x16,
	},
	.c_ispeed = 115200,
	.c_ospeed = 115200,
};

/* Set tty up as ttyS<i>. ttys_lock held. */
static void tty_setup_locked(struct tty *tty, unsigned int i)
{
	spin_init(&tty->lock, "tty", LOCK_TTY);
	tty->termios = std_termios;
	wait_queue_init(&tty->read_wait);
	wait_queue_init(&tty->write_wait);
	tty->name = tty_names[i];
	tty->dev = MKDEV(TTY_MAJOR, TTYS_MINOR + i);
	ttys[i] = tty;
}

void tty_register(struct tty *tty)
{
	spin_lock(&ttys_lock);
	for (unsigned int i = 0; i < MAX_TTYS; i++) {
		if (!ttys[i]) {
			tty_setup_locked(tty, i);
			break;
		}
	}
	spin_unlock(&ttys_lock);
}

/*
 * Without a UART driver (a board whose UART has none), the console is
 * still a terminal: output only, through the early console (which turns
 * each "\n" into "\r\n" itself), no input.
 */
static void early_tty_write(struct tty *tty, const char *s, size_t n)
{
	(void)tty;
	console_write_raw(s, n);
}

static const struct tty_ops early_tty_ops = { .write = early_tty_write };
static struct tty early_tty = { .ops = &early_tty_ops };

struct tty *tty_console(void)
{
	struct tty *tty;

	spin_lock(&ttys_lock);
	if (!ttys[0])	/* drivers have probed by the time anyone opens it */
		tty_setup_locked(&early_tty, 0);
	tty = ttys[0];
	spin_unlock(&ttys_lock);
	return tty;
}

static struct tty *tty_lookup(dev_t dev)
{
	struct tty *tty = NULL;

	if (MAJOR(dev) != TTY_MAJOR || MINOR(dev) < TTYS_MINOR ||
	    MINOR(dev) >= TTYS_MINOR + MAX_TTYS)
		return NULL;
	spin_lock(&ttys_lock);
	tty = ttys[MINOR(dev) - TTYS_MINOR];
	spin_unlock(&ttys_lock);
	return tty;
}

/* An open file of a tty. */
struct tty_file {
	struct tty *tty;	/* [I] */
	bool console;		/* [I] opened as /dev/console */
	int gen;		/* [I] tty->hangups at open; -1: /dev/console */
};

static struct tty_file *tfile(struct file *f)
{
	return f->private_data;
}

static bool file_hung_up(struct tty_file *tf)
{
	return tty_hung_up_since(tf->tty, tf->gen);
}

static int tty_open(struct inode *inode, struct file *f)
{
	dev_t dev = inode->i_rdev;
	bool console = dev == MKDEV(TTYAUX_MAJOR, CONSOLE_MINOR);
	struct tty_file *tf;
	struct tty *tty;

	if (dev == MKDEV(TTYAUX_MAJOR, TTY_MINOR))
		tty = tty_current();
	else
		tty = console ? tty_console() : tty_lookup(dev);
	if (!tty)
		return -ENXIO;
	if (READ_ONCE(tty->exclusive) && !tty_capable_admin())
		return -EBUSY;
	tf = kmalloc(sizeof(*tf), GFP_KERNEL);
	if (!tf)
		return -ENOMEM;
	tf->tty = tty;
	tf->console = console;
	tf->gen = console ? -1 : TTY_HANGUP_GEN(READ_ONCE(tty->hangups));
	f->private_data = tf;
	f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE | FMODE_ATOMIC_POS);
	if (!console && !(f->f_flags & O_NOCTTY))
		tty_open_set_ctty(tty, f->f_mode & FMODE_READ);
	return 0;
}

static void tty_release(struct inode *inode, struct file *f)
{
	(void)inode;
	kfree(f->private_data);
}

static ssize_t tty_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct tty_file *tf = tfile(f);
	int err;

	(void)pos;
	if (file_hung_up(tf))
		return 0;
	if (!tf->console) {
		err = tty_check_change(tf->tty, SIGTTIN);
		if (err)
			return err;
	}
	return n_tty_read(tf->tty, u, f->f_flags & O_NONBLOCK, tf->gen);
}

static ssize_t tty_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct tty_file *tf = tfile(f);
	int err;

	(void)pos;
	if (file_hung_up(tf))
		return -EIO;
	if (!tf->console && (READ_ONCE(tf->tty->termios.c_lflag) & TOSTOP)) {
		err = tty_check_change(tf->tty, SIGTTOU);
		if (err)
			return err;
	}
	return n_tty_write(tf->tty, u, f->f_flags & O_NONBLOCK, tf->gen);
}

static unsigned int tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty_file *tf = tfile(f);
	unsigned int mask = POLLOUT | POLLWRNORM;

	poll_wait(f, &tf->tty->read_wait, pt);
	if (file_hung_up(tf))
		return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
	if (n_tty_input_available(tf->tty, true))
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

static long tty_file_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tty_file *tf = tfile(f);

	if (file_hung_up(tf))
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	return tty_ioctl(tf->tty, cmd, arg, f->f_mode & FMODE_READ);
}

static const struct file_operations tty_fops = {
	.open = tty_open,
	.release = tty_release,
	.read = tty_read,
	.write = tty_write,
	.llseek = no_llseek,
	.poll = tty_poll,
	.ioctl = tty_file_ioctl,
};

void tty_devices_init(void)
{
	chrdev_register(TTYAUX_MAJOR, TTY_MINOR, 2, "tty", &tty_fops);
	chrdev_register(TTY_MAJOR, TTYS_MINOR, MAX_TTYS, "ttyS", &tty_fops);
}

/* The kernel's own reads of the console (self-tests): as a read of /dev/console. */
size_t console_read(char *buf, size_t n)
{
	struct tty *tty = tty_console();
	struct uio_seg seg;
	struct uio u;
	ssize_t got;

	if (!tty)
		return 0;
	uio_init_one(&u, &seg, buf, n, UIO_KERNEL);
	got = n_tty_read(tty, &u, false, -1);
	return got > 0 ? (size_t)got : 0;
}
