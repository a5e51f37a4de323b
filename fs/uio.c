/*
 * Moving data between a file and the buffers of a struct uio (see
 * <fs/uio.h>). User segments go through the uaccess routines, so a bad
 * user address is -EFAULT here and nowhere else.
 */
#include <fs/uio.h>
#include <lib/errno.h>
#include <lib/string.h>

void uio_init(struct uio *u, const struct uio_seg *segs, unsigned long nr,
	      enum uio_space space)
{
	size_t total = 0;

	for (unsigned long i = 0; i < nr; i++)
		total += segs[i].len;
	u->seg = segs;
	u->nr_segs = nr;
	u->seg_off = 0;
	u->resid = total;
	u->space = space;
}

void uio_init_one(struct uio *u, struct uio_seg *seg, void *buf, size_t len,
		  enum uio_space space)
{
	seg->base = buf;
	seg->len = len;
	uio_init(u, seg, 1, space);
}

/* Step past used-up segments; the current one then has room, or none is left. */
static void uio_settle(struct uio *u)
{
	while (u->nr_segs && u->seg_off == u->seg->len) {
		u->seg++;
		u->nr_segs--;
		u->seg_off = 0;
	}
}

void uio_skip(struct uio *u, size_t n)
{
	n = MIN(n, u->resid);
	while (n) {
		size_t step;

		uio_settle(u);
		step = MIN(n, u->seg->len - u->seg_off);
		u->seg_off += step;
		u->resid -= step;
		n -= step;
	}
}

enum uio_op { OP_TO, OP_FROM, OP_ZERO };

static ssize_t uio_move(struct uio *u, void *kbuf, size_t n, enum uio_op op)
{
	size_t done = 0;

	n = MIN(n, u->resid);
	while (done < n) {
		char *at;
		size_t step;
		int err = 0;

		uio_settle(u);
		at = (char *)u->seg->base + u->seg_off;
		step = MIN(n - done, u->seg->len - u->seg_off);
		if (u->space == UIO_USER) {
			if (op == OP_TO)
				err = copy_to_user(at, (char *)kbuf + done, step);
			else if (op == OP_FROM)
				err = copy_from_user((char *)kbuf + done, at, step);
			else
				err = clear_user(at, step);
		} else {
			if (op == OP_TO)
				memcpy(at, (char *)kbuf + done, step);
			else if (op == OP_FROM)
				memcpy((char *)kbuf + done, at, step);
			else
				memset(at, 0, step);
		}
		if (err)
			return done ? (ssize_t)done : -EFAULT;
		u->seg_off += step;
		u->resid -= step;
		done += step;
	}
	return (ssize_t)done;
}

ssize_t uio_copy_to(struct uio *u, const void *src, size_t n)
{
	return uio_move(u, (void *)src, n, OP_TO);
}

ssize_t uio_copy_from(struct uio *u, void *dst, size_t n)
{
	return uio_move(u, dst, n, OP_FROM);
}

ssize_t uio_zero(struct uio *u, size_t n)
{
	return uio_move(u, NULL, n, OP_ZERO);
}
