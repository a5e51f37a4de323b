/*
 * splice and tee: data moved between a pipe and a file, or between two
 * pipes, without a trip through user memory (see <fs/pipe.h>).
 *
 * Linux moves page references; here the bytes are copied, through a
 * kernel buffer where one end is a file. Bytes leave a pipe only once
 * they are written, so a short or failed write loses nothing: the pipe
 * lock is held over the file I/O (as Linux holds it over ->splice_write).
 * Two pipes are locked in address order.
 *
 * Blocking as Linux 6.1: an empty input pipe or a full output pipe waits,
 * unless nonblock (SPLICE_F_NONBLOCK, or the other end's O_NONBLOCK, as
 * the caller works out); a pipe with no writer left is end of file, one
 * with no reader left is -EPIPE.
 */
#include "internal.h"
#include "pipe_internal.h"
#include <kernel/signal.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

#define SPLICE_CHUNK	(64 * 1024)

/*
 * Wait until p has data (returns 0) or no writer (1), with p->lock held
 * on return; or -EAGAIN / -ERESTARTSYS without it.
 */
static int wait_data(struct pipe *p, bool nonblock)
{
	for (;;) {
		mutex_lock(&p->lock);
		if (p->head != p->tail)
			return 0;
		if (!p->writers)
			return 1;
		mutex_unlock(&p->lock);
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(&p->rd_wait, pipe_readable(p)))
			return -ERESTARTSYS;
	}
}

/* Wait until p has room (0, p->lock held) or -EPIPE / -EAGAIN / -ERESTARTSYS without it. */
static int wait_room(struct pipe *p, bool nonblock)
{
	for (;;) {
		mutex_lock(&p->lock);
		if (!p->readers) {
			mutex_unlock(&p->lock);
			signal_epipe();
			return -EPIPE;
		}
		if (p->head - p->tail < p->size)
			return 0;
		mutex_unlock(&p->lock);
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(&p->wr_wait, pipe_writable(p, 1)))
			return -ERESTARTSYS;
	}
}

/* Copy n bytes at the ring's tail + skip into buf, leaving them there. [lock] */
static void ring_peek(struct pipe *p, size_t skip, char *buf, size_t n)
{
	for (size_t done = 0; done < n; ) {
		size_t room;
		char *at = pipe_ring_at(p, p->tail + skip + done, &room);
		size_t k = MIN(room, n - done);

		memcpy(buf + done, at, k);
		done += k;
	}
}

/* The pipe's data into the file at *pos (NULL: its position). */
static ssize_t pipe_to_file(struct pipe *p, struct file *out, loff_t *pos, size_t len,
			    bool nonblock)
{
	char *buf = kmalloc(SPLICE_CHUNK, 0);
	size_t done = 0;
	ssize_t err;

	if (!buf)
		return -ENOMEM;
	err = wait_data(p, nonblock);
	if (err) {
		if (err == 1) {
			mutex_unlock(&p->lock);
			err = 0;
		}
		kfree(buf);
		return err;
	}
	while (done < len && p->head != p->tail) {
		size_t n = MIN(MIN(len - done, p->head - p->tail), SPLICE_CHUNK);
		struct uio_seg seg;
		struct uio u;
		ssize_t w;

		ring_peek(p, 0, buf, n);
		uio_init_one(&u, &seg, buf, n, UIO_KERNEL);
		w = pos ? vfs_write(out, &u, pos) : file_write(out, &u);
		if (w <= 0) {
			err = w;
			break;
		}
		p->tail += (size_t)w;
		done += (size_t)w;
		if ((size_t)w < n)
			break;
	}
	mutex_unlock(&p->lock);
	kfree(buf);
	if (done)
		wake_up_all(&p->wr_wait);
	return done ? (ssize_t)done : err;
}

/* From the file at *pos (NULL: its position) into the pipe, as much as fits. */
static ssize_t file_to_pipe(struct file *in, loff_t *pos, struct pipe *p, size_t len,
			    bool nonblock)
{
	char *buf;
	size_t n, copied;
	struct uio_seg seg;
	struct uio u;
	ssize_t got;
	int err;

	if (S_ISDIR(in->f_inode->i_mode))
		return -EINVAL;		/* nothing to splice from (Linux: no splice_read) */
	buf = kmalloc(SPLICE_CHUNK, 0);
	if (!buf)
		return -ENOMEM;
	err = wait_room(p, nonblock);
	if (err) {
		kfree(buf);
		return err;
	}
	n = MIN(MIN(len, p->size - (p->head - p->tail)), SPLICE_CHUNK);
	uio_init_one(&u, &seg, buf, n, UIO_KERNEL);
	got = pos ? vfs_read(in, &u, pos) : file_read(in, &u);
	if (got > 0) {
		uio_init_one(&u, &seg, buf, (size_t)got, UIO_KERNEL);
		err = pipe_fill(p, &u, (size_t)got, &copied);
		if (err && copied) {
			/* no memory for a ring page: what did not fit was not read */
			if (pos)
				*pos -= got - (ssize_t)copied;
			else
				in->f_pos -= got - (ssize_t)copied;
		}
		got = copied ? (ssize_t)copied : err;
	}
	mutex_unlock(&p->lock);
	kfree(buf);
	if (got > 0)
		wake_up_all(&p->rd_wait);
	return got;
}

static void lock_two(struct pipe *a, struct pipe *b)
{
	if (a > b) {
		struct pipe *t = a;

		a = b;
		b = t;
	}
	mutex_lock(&a->lock);
	mutex_lock(&b->lock);
}

static void unlock_two(struct pipe *a, struct pipe *b)
{
	mutex_unlock(&a->lock);
	mutex_unlock(&b->lock);
}

/*
 * Copy up to len bytes from in's ring to out's, consuming them from in
 * unless peek (tee). Waits for data in and room out as splice does.
 */
static ssize_t pipe_to_pipe(struct pipe *in, struct pipe *out, size_t len, bool nonblock,
			    bool peek)
{
	char *buf = kmalloc(SPLICE_CHUNK, 0);
	size_t done = 0, n;
	ssize_t err = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		int r = wait_data(in, nonblock);

		if (r) {
			if (r == 1)
				mutex_unlock(&in->lock);
			kfree(buf);
			return r == 1 ? 0 : r;
		}
		mutex_unlock(&in->lock);
		r = wait_room(out, nonblock);
		if (r) {
			kfree(buf);
			return r;
		}
		mutex_unlock(&out->lock);
		lock_two(in, out);
		if (!out->readers) {
			signal_epipe();
			err = -EPIPE;
			break;
		}
		if (in->head != in->tail && out->head - out->tail < out->size)
			break;
		unlock_two(in, out);	/* changed meanwhile: wait again */
	}
	while (!err && done < len) {
		size_t copied;
		struct uio_seg seg;
		struct uio u;

		n = MIN(MIN(len - done, in->head - in->tail - (peek ? done : 0)),
			MIN(out->size - (out->head - out->tail), SPLICE_CHUNK));
		if (!n)
			break;
		ring_peek(in, peek ? done : 0, buf, n);
		uio_init_one(&u, &seg, buf, n, UIO_KERNEL);
		err = pipe_fill(out, &u, n, &copied);
		if (!peek)
			in->tail += copied;
		done += copied;
	}
	unlock_two(in, out);
	kfree(buf);
	if (done) {
		if (!peek)
			wake_up_all(&in->wr_wait);
		wake_up_all(&out->rd_wait);
	}
	return done ? (ssize_t)done : err;
}

ssize_t vfs_splice(struct file *in, loff_t *off_in, struct file *out, loff_t *off_out,
		   size_t len, bool nonblock)
{
	struct pipe *ip = file_pipe(in), *op = file_pipe(out);

	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	len = MIN(len, (size_t)MAX_RW_COUNT);
	if (ip && op) {
		if (off_in || off_out)
			return -ESPIPE;
		if (ip == op)
			return -EINVAL;
		nonblock |= ((in->f_flags | out->f_flags) & O_NONBLOCK) != 0;
		return pipe_to_pipe(ip, op, len, nonblock, false);
	}
	if (ip) {
		if (off_in)
			return -ESPIPE;
		if (off_out && !(out->f_mode & FMODE_PWRITE))
			return -EINVAL;
		if (out->f_flags & O_APPEND)
			return -EINVAL;
		if (off_out && *off_out < 0)
			return -EINVAL;
		nonblock |= (out->f_flags & O_NONBLOCK) != 0;
		return pipe_to_file(ip, out, off_out, len, nonblock);
	}
	if (op) {
		if (off_out)
			return -ESPIPE;
		if (off_in && !(in->f_mode & FMODE_PREAD))
			return -EINVAL;
		if (off_in && *off_in < 0)
			return -EINVAL;
		nonblock |= (in->f_flags & O_NONBLOCK) != 0;
		return file_to_pipe(in, off_in, op, len, nonblock);
	}
	return -EINVAL;
}

ssize_t vfs_tee(struct file *in, struct file *out, size_t len, bool nonblock)
{
	struct pipe *ip = file_pipe(in), *op = file_pipe(out);

	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!ip || !op || ip == op)
		return -EINVAL;
	nonblock |= ((in->f_flags | out->f_flags) & O_NONBLOCK) != 0;
	return pipe_to_pipe(ip, op, MIN(len, (size_t)MAX_RW_COUNT), nonblock, true);
}
