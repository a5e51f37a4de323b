/*
 * struct uio: the buffers of one read or write. It is a list of segments
 * in one address space, user (copied through the uaccess routines) or
 * kernel (memcpy), and a cursor. read/write/readv/writev, pipes, device
 * files and the kernel's own reads (the program loader) all move data
 * through it, so a file system implements one read and one write.
 *
 * A uio is used by one thread at a time and needs no lock.
 *
 * Copy routines move up to n bytes and advance the cursor past what they
 * moved. They return the bytes moved: less than n when the segments run
 * out or when a user address fails after some bytes; -EFAULT when it
 * fails before any. A copy from or to one segment piece is all or
 * nothing as far as the count says (the bytes of a failed piece may or
 * may not have been written on the other side).
 */
#ifndef FS_UIO_H
#define FS_UIO_H

#include <fs/types.h>
#include <mm/uaccess.h>

enum uio_space {
	UIO_USER,
	UIO_KERNEL,
};

/* One buffer; the same layout as struct iovec. */
struct uio_seg {
	void *base;
	size_t len;
};

struct uio {
	const struct uio_seg *seg;	/* the current segment */
	unsigned long nr_segs;		/* segments from seg on */
	size_t seg_off;			/* bytes of *seg already used */
	size_t resid;			/* bytes left in all segments */
	enum uio_space space;
};

/* Segment lengths must not add up past SSIZE_MAX (the caller checks). */
void uio_init(struct uio *u, const struct uio_seg *segs, unsigned long nr,
	      enum uio_space space);
/* One buffer: seg is storage the caller provides, alive as long as u. */
void uio_init_one(struct uio *u, struct uio_seg *seg, void *buf, size_t len,
		  enum uio_space space);

static inline size_t uio_resid(const struct uio *u)
{
	return u->resid;
}

/* From src into the segments (a read fills the caller's buffers). */
ssize_t uio_copy_to(struct uio *u, const void *src, size_t n);
/* From the segments into dst (a write takes the caller's data). */
ssize_t uio_copy_from(struct uio *u, void *dst, size_t n);
/* Zeros into the segments. */
ssize_t uio_zero(struct uio *u, size_t n);
/* Move the cursor forward without copying. */
void uio_skip(struct uio *u, size_t n);

#endif
