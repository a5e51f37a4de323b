/*
 * /dev/tty (5:0) and /dev/console (5:1): both are the system console
 * until the terminal layer exists. What a terminal in its default mode
 * does to the bytes: output "\n" becomes "\r\n" (ONLCR), which the
 * console drivers already do for every write (printk's too), so output
 * goes to console_write() unchanged; input "\r" becomes "\n" (ICRNL),
 * done here. There is no echo, no line editing, no job control, and
 * every ioctl is -ENOTTY. (Turning ONLCR off will need a raw write in
 * struct console; the terminal layer brings termios.)
 *
 * Reads block until at least one byte of input arrived (O_NONBLOCK:
 * -EAGAIN instead; a signal: -ERESTARTSYS), then return what is there.
 */
#include "internal.h"
#include <fs/chrdev.h>
#include <fs/poll.h>
#include <kernel/console.h>
#include <lib/errno.h>

#define TTY_CHUNK	256

static int tty_open(struct inode *inode, struct file *f)
{
	(void)inode;
	f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE | FMODE_ATOMIC_POS);
	return 0;
}

static ssize_t tty_read(struct file *f, struct uio *u, loff_t *pos)
{
	char buf[TTY_CHUNK];
	size_t n;
	ssize_t got;

	(void)pos;
	if (!uio_resid(u))
		return 0;
	while (console_input_avail() == 0) {
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(console_input_waitq(), console_input_avail() > 0))
			return -ERESTARTSYS;
	}
	n = console_read(buf, MIN(uio_resid(u), sizeof(buf)));
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\r')
			buf[i] = '\n';
	got = uio_copy_to(u, buf, n);
	return got;
}

static ssize_t tty_write(struct file *f, struct uio *u, loff_t *pos)
{
	char buf[TTY_CHUNK];
	size_t done = 0;

	(void)f;
	(void)pos;
	while (uio_resid(u)) {
		ssize_t got = uio_copy_from(u, buf, MIN(uio_resid(u), sizeof(buf)));

		if (got < 0)
			return done ? (ssize_t)done : got;
		console_write(buf, (size_t)got);
		done += (size_t)got;
	}
	return (ssize_t)done;
}

static unsigned int tty_poll(struct file *f, struct poll_table *pt)
{
	unsigned int mask = POLLOUT | POLLWRNORM;

	poll_wait(f, console_input_waitq(), pt);
	if (console_input_avail())
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

static const struct file_operations tty_fops = {
	.open = tty_open,
	.read = tty_read,
	.write = tty_write,
	.llseek = no_llseek,
	.poll = tty_poll,
};

void tty_devices_init(void)
{
	chrdev_register(TTYAUX_MAJOR, TTY_MINOR, 2, "tty", &tty_fops);
}
