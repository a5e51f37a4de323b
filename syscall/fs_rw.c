/*
 * Reading and writing: read, write, readv, writev, pread64, pwrite64,
 * lseek, getdents64. User buffers become a struct uio and the file layer
 * moves the data; the checks and their order are Linux's.
 */
#include "fs.h"
#include <fs/pipe.h>
#include <mm/kmalloc.h>
#include <uapi/linux/dirent.h>
#include <uapi/linux/uio.h>
#include <lib/errno.h>
#include <lib/string.h>

_Static_assert(sizeof(struct iovec) == sizeof(struct uio_seg) &&
	       offsetof(struct iovec, iov_base) == offsetof(struct uio_seg, base) &&
	       offsetof(struct iovec, iov_len) == offsetof(struct uio_seg, len),
	       "a user iovec array is read as uio segments");

#define MAX_RW_COUNT	((size_t)INT32_MAX & ~(size_t)(4096 - 1))

enum rw { RW_READ, RW_WRITE };

/* preadv2/pwritev2 flags */
#define RWF_HIPRI	0x01
#define RWF_DSYNC	0x02
#define RWF_SYNC	0x04

static ssize_t do_rw(unsigned int fd, struct uio *u, enum rw rw, loff_t *pos)
{
	struct file *f = fdget_io(fd);
	ssize_t r;

	if (!f)
		return -EBADF;
	if (pos)
		r = rw == RW_READ ? file_pread(f, u, *pos) : file_pwrite(f, u, *pos);
	else
		r = rw == RW_READ ? file_read(f, u) : file_write(f, u);
	fput(f);
	return r;
}

long sys_read(unsigned int fd, char __user *buf, size_t count)
{
	struct uio_seg seg;
	struct uio u;

	uio_init_one(&u, &seg, buf, count, UIO_USER);
	return do_rw(fd, &u, RW_READ, NULL);
}

long sys_write(unsigned int fd, const char __user *buf, size_t count)
{
	struct uio_seg seg;
	struct uio u;

	uio_init_one(&u, &seg, (void *)buf, count, UIO_USER);
	return do_rw(fd, &u, RW_WRITE, NULL);
}

long sys_pread64(unsigned int fd, char __user *buf, size_t count, loff_t pos)
{
	struct uio_seg seg;
	struct uio u;

	if (pos < 0)
		return -EINVAL;
	uio_init_one(&u, &seg, buf, count, UIO_USER);
	return do_rw(fd, &u, RW_READ, &pos);
}

long sys_pwrite64(unsigned int fd, const char __user *buf, size_t count, loff_t pos)
{
	struct uio_seg seg;
	struct uio u;

	if (pos < 0)
		return -EINVAL;
	uio_init_one(&u, &seg, (void *)buf, count, UIO_USER);
	return do_rw(fd, &u, RW_WRITE, &pos);
}

/*
 * Copy in a user iovec array as uio segments (Linux's import_iovec):
 * -EINVAL for too many or a negative length, -EFAULT for a bad array;
 * a total beyond MAX_RW_COUNT is cut there.
 */
static int import_iovec(const struct iovec __user *vec, unsigned long vlen,
			struct uio_seg **out)
{
	struct uio_seg *segs;
	size_t total = 0;

	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	segs = kmalloc(MAX(vlen, 1UL) * sizeof(*segs), 0);
	if (!segs)
		return -ENOMEM;
	if (copy_from_user(segs, vec, vlen * sizeof(*segs))) {
		kfree(segs);
		return -EFAULT;
	}
	for (unsigned long i = 0; i < vlen; i++) {
		if ((ssize_t)segs[i].len < 0) {
			kfree(segs);
			return -EINVAL;
		}
		segs[i].len = MIN(segs[i].len, MAX_RW_COUNT - total);
		total += segs[i].len;
	}
	*out = segs;
	return 0;
}

/* readv/writev (pos NULL: the file position) and the p*v forms. */
static long do_rwv(unsigned long fd, const struct iovec __user *vec, unsigned long vlen,
		   enum rw rw, loff_t *pos)
{
	struct file *f = fd > UINT32_MAX ? NULL : fdget_io((unsigned int)fd);
	struct uio_seg *segs;
	struct uio u;
	long r;

	if (!f)
		return -EBADF;
	r = import_iovec(vec, vlen, &segs);
	if (!r) {
		uio_init(&u, segs, vlen, UIO_USER);
		if (pos)
			r = rw == RW_READ ? file_pread(f, &u, *pos) : file_pwrite(f, &u, *pos);
		else
			r = rw == RW_READ ? file_read(f, &u) : file_write(f, &u);
		kfree(segs);
	}
	fput(f);
	return r;
}

long sys_readv(unsigned long fd, const struct iovec __user *vec, unsigned long vlen)
{
	return do_rwv(fd, vec, vlen, RW_READ, NULL);
}

long sys_writev(unsigned long fd, const struct iovec __user *vec, unsigned long vlen)
{
	return do_rwv(fd, vec, vlen, RW_WRITE, NULL);
}

/* On 64-bit the position is all in pos_l (Linux's pos_from_hilo). */
static long do_prwv(unsigned long fd, const struct iovec __user *vec, unsigned long vlen,
		    unsigned long pos_l, int flags, enum rw rw)
{
	loff_t pos = (loff_t)pos_l;

	/* RWF_HIPRI, RWF_DSYNC, RWF_SYNC change nothing for files in memory */
	if (flags & ~(RWF_HIPRI | RWF_DSYNC | RWF_SYNC))
		return -EOPNOTSUPP;
	if (pos == -1)
		return do_rwv(fd, vec, vlen, rw, NULL);	/* preadv2: the file position */
	if (pos < 0)
		return -EINVAL;
	return do_rwv(fd, vec, vlen, rw, &pos);
}

long sys_preadv(unsigned long fd, const struct iovec __user *vec, unsigned long vlen,
		unsigned long pos_l, unsigned long pos_h)
{
	(void)pos_h;
	if ((loff_t)pos_l < 0)
		return -EINVAL;
	return do_prwv(fd, vec, vlen, pos_l, 0, RW_READ);
}

long sys_pwritev(unsigned long fd, const struct iovec __user *vec, unsigned long vlen,
		 unsigned long pos_l, unsigned long pos_h)
{
	(void)pos_h;
	if ((loff_t)pos_l < 0)
		return -EINVAL;
	return do_prwv(fd, vec, vlen, pos_l, 0, RW_WRITE);
}

long sys_preadv2(unsigned long fd, const struct iovec __user *vec, unsigned long vlen,
		 unsigned long pos_l, unsigned long pos_h, rwf_t flags)
{
	(void)pos_h;
	return do_prwv(fd, vec, vlen, pos_l, flags, RW_READ);
}

long sys_pwritev2(unsigned long fd, const struct iovec __user *vec, unsigned long vlen,
		  unsigned long pos_l, unsigned long pos_h, rwf_t flags)
{
	(void)pos_h;
	return do_prwv(fd, vec, vlen, pos_l, flags, RW_WRITE);
}

long sys_sendfile(int out_fd, int in_fd, loff_t __user *offset, size_t count)
{
	struct file *in = fdget_io((unsigned int)in_fd), *out = fdget_io((unsigned int)out_fd);
	loff_t pos;
	long r = -EBADF;

	if (!in || !out || !(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		goto out;
	r = -EINVAL;
	if (out->f_flags & O_APPEND)
		goto out;
	if (offset) {
		r = get_user(pos, offset);
		if (r)
			goto out;
		r = -EINVAL;
		if (pos < 0)
			goto out;
		r = -ESPIPE;
		if (!(in->f_mode & FMODE_PREAD))
			goto out;
	}
	r = vfs_sendfile(out, in, offset ? &pos : NULL, count);
	if (offset && put_user(pos, offset))
		r = -EFAULT;
out:
	fput(in);
	fput(out);
	return r;
}

#define SPLICE_F_MOVE		1
#define SPLICE_F_NONBLOCK	2
#define SPLICE_F_MORE		4
#define SPLICE_F_GIFT		8
#define SPLICE_F_ALL		(SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)

long sys_splice(int fd_in, loff_t __user *off_in, int fd_out, loff_t __user *off_out,
		size_t len, unsigned int flags)
{
	struct file *in, *out;
	loff_t pin, pout;
	long r = -EBADF;

	if (!len)
		return 0;	/* before anything else, as Linux */
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	in = fdget_io((unsigned int)fd_in);
	out = fdget_io((unsigned int)fd_out);
	if (!in || !out)
		goto out;
	r = -ESPIPE;
	if ((off_in && pipe_get_size(in) >= 0) || (off_out && pipe_get_size(out) >= 0))
		goto out;
	if ((off_in && get_user(pin, off_in)) || (off_out && get_user(pout, off_out))) {
		r = -EFAULT;
		goto out;
	}
	r = vfs_splice(in, off_in ? &pin : NULL, out, off_out ? &pout : NULL, len,
		       flags & SPLICE_F_NONBLOCK);
	if (r > 0 && ((off_in && put_user(pin, off_in)) || (off_out && put_user(pout, off_out))))
		r = -EFAULT;
out:
	fput(in);
	fput(out);
	return r;
}

long sys_tee(int fdin, int fdout, size_t len, unsigned int flags)
{
	struct file *in, *out;
	long r = -EBADF;

	if (!len)
		return 0;
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	in = fdget_io((unsigned int)fdin);
	out = fdget_io((unsigned int)fdout);
	if (in && out)
		r = vfs_tee(in, out, len, flags & SPLICE_F_NONBLOCK);
	fput(in);
	fput(out);
	return r;
}

long sys_lseek(unsigned int fd, off_t offset, unsigned int whence)
{
	struct file *f = fdget_io(fd);
	loff_t r;

	if (!f)
		return -EBADF;
	r = whence > SEEK_MAX ? -EINVAL : vfs_llseek(f, offset, (int)whence);
	fput(f);
	return (long)r;
}

long sys_copy_file_range(int fd_in, loff_t __user *off_in, int fd_out, loff_t __user *off_out,
			 size_t len, unsigned int flags)
{
	struct file *in = fdget_io((unsigned int)fd_in), *out = fdget_io((unsigned int)fd_out);
	loff_t pin, pout;
	long r = -EINVAL;

	if (flags)
		goto out;
	r = -EBADF;
	if (!in || !out)
		goto out;
	r = -EFAULT;
	if ((off_in && get_user(pin, off_in)) || (off_out && get_user(pout, off_out)))
		goto out;
	if (!off_in)
		pin = in->f_pos;
	if (!off_out)
		pout = out->f_pos;
	r = vfs_copy_file_range(in, &pin, out, &pout, len);
	if (r > 0) {
		if (off_in ? put_user(pin, off_in) : ((void)(in->f_pos = pin), 0))
			r = -EFAULT;
		if (off_out ? put_user(pout, off_out) : ((void)(out->f_pos = pout), 0))
			r = -EFAULT;
	}
out:
	fput(in);
	fput(out);
	return r;
}

/* ---- getdents64 ---------------------------------------------------------- */

struct getdents_buf {
	struct dir_context ctx;
	char __user *cur;		/* where the next record goes */
	struct linux_dirent64 __user *prev;	/* the last record written */
	size_t left;			/* room from cur */
	int error;
};

#define DIRENT_NAME_OFF	offsetof(struct linux_dirent64, d_name)

/*
 * One record. The d_off of each record is the position after it, which
 * is known only when the next one comes (ctx->pos is then the next
 * entry's) or at the end: so each call fills in the previous record's.
 */
static bool filldir64(struct dir_context *ctx, const char *name, size_t len,
		      uint64_t ino, unsigned int dtype)
{
	struct getdents_buf *buf = container_of(ctx, struct getdents_buf, ctx);
	size_t reclen = ALIGN_UP(DIRENT_NAME_OFF + len + 1, 8);
	char rec[ALIGN_UP(DIRENT_NAME_OFF + NAME_MAX + 1, 8)];
	struct linux_dirent64 *d = (struct linux_dirent64 *)rec;
	int64_t off = ctx->pos;

	if (reclen > buf->left) {
		buf->error = -EINVAL;	/* only an error if nothing fits */
		return false;
	}
	if (buf->prev && put_user(off, &buf->prev->d_off)) {
		buf->error = -EFAULT;
		return false;
	}
	memset(rec, 0, reclen);
	d->d_ino = ino;
	d->d_off = 0;
	d->d_reclen = (unsigned short)reclen;
	d->d_type = (unsigned char)dtype;
	memcpy(d->d_name, name, len);
	if (copy_to_user(buf->cur, rec, reclen)) {
		buf->error = -EFAULT;
		return false;
	}
	buf->prev = (struct linux_dirent64 __user *)buf->cur;
	buf->cur += reclen;
	buf->left -= reclen;
	return true;
}

long sys_getdents64(unsigned int fd, struct linux_dirent64 __user *dirent, unsigned int count)
{
	struct getdents_buf buf = {
		.ctx.actor = filldir64,
		.cur = (char __user *)dirent,
		.left = count,
	};
	struct file *f = fdget_io(fd);
	int err;

	if (!f)
		return -EBADF;
	err = vfs_iterate_dir(f, &buf.ctx);
	fput(f);
	if (!buf.prev)
		return err ? err : buf.error;
	if (put_user((int64_t)buf.ctx.pos, &buf.prev->d_off))
		return -EFAULT;
	return (long)(count - buf.left);
}
