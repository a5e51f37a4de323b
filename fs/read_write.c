/*
 * I/O on open files: read, write, lseek, directory iteration, stat,
 * ioctl and the status flags. The checks Linux makes before calling the
 * file's operations are made here, so every file system and device gets
 * them: access mode (-EBADF), positions (-ESPIPE, -EINVAL), sizes.
 */
#include "internal.h"
#include <uapi/linux/dirent.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>

/* Reads and writes move at most this much at once, as in Linux. */

static void uio_clamp(struct uio *u)
{
	if (u->resid > (size_t)MAX_RW_COUNT)
		u->resid = (size_t)MAX_RW_COUNT;
}

static ssize_t rw_checks(struct file *f, loff_t *pos, unsigned int mode)
{
	if (!(f->f_mode & mode))
		return -EBADF;
	if (pos && *pos < 0)
		return -EINVAL;
	return 0;
}

ssize_t vfs_read(struct file *f, struct uio *u, loff_t *pos)
{
	ssize_t err = rw_checks(f, pos, FMODE_READ);

	if (err)
		return err;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	uio_clamp(u);
	if (uio_resid(u) == 0 && !S_ISDIR(f->f_inode->i_mode))
		return 0;
	return f->f_op->read(f, u, pos ? pos : &f->f_pos);
}

ssize_t vfs_write(struct file *f, struct uio *u, loff_t *pos)
{
	ssize_t err = rw_checks(f, pos, FMODE_WRITE);

	if (err)
		return err;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	uio_clamp(u);
	if (uio_resid(u) == 0 && S_ISREG(f->f_inode->i_mode))
		return 0;
	return f->f_op->write(f, u, pos ? pos : &f->f_pos);
}

static bool pos_lock(struct file *f)
{
	if (!(f->f_mode & FMODE_ATOMIC_POS))
		return false;
	mutex_lock(&f->f_pos_lock);
	return true;
}

ssize_t file_read(struct file *f, struct uio *u)
{
	bool locked = pos_lock(f);
	loff_t pos = f->f_pos;
	ssize_t n = vfs_read(f, u, &pos);

	if (n > 0)
		f->f_pos = pos;
	if (locked)
		mutex_unlock(&f->f_pos_lock);
	return n;
}

ssize_t file_write(struct file *f, struct uio *u)
{
	bool locked = pos_lock(f);
	loff_t pos = f->f_pos;
	ssize_t n = vfs_write(f, u, &pos);

	if (n > 0)
		f->f_pos = pos;
	if (locked)
		mutex_unlock(&f->f_pos_lock);
	return n;
}

ssize_t file_pread(struct file *f, struct uio *u, loff_t pos)
{
	if (pos < 0)
		return -EINVAL;
	if (!(f->f_mode & FMODE_PREAD))
		return -ESPIPE;
	return vfs_read(f, u, &pos);
}

ssize_t file_pwrite(struct file *f, struct uio *u, loff_t pos)
{
	if (pos < 0)
		return -EINVAL;
	if (!(f->f_mode & FMODE_PWRITE))
		return -ESPIPE;
	return vfs_write(f, u, &pos);
}

/* ---- positions -------------------------------------------------------------- */

/* Set the position to off if it is valid; caller holds f_pos_lock if used. */
static loff_t set_pos(struct file *f, loff_t off, loff_t max)
{
	if (off < 0 || off > max)
		return -EINVAL;
	f->f_pos = off;
	return off;
}

loff_t generic_file_llseek(struct file *f, loff_t off, int whence)
{
	struct inode *inode = f->f_inode;
	loff_t size, max = inode->i_sb->s_maxbytes;

	mutex_lock(&inode->i_mutex);
	size = inode->i_size;
	mutex_unlock(&inode->i_mutex);
	switch (whence) {
	case SEEK_SET:
		return set_pos(f, off, max);
	case SEEK_CUR:
		if (off == 0)
			return f->f_pos;
		if (__builtin_add_overflow(f->f_pos, off, &off))
			return -EINVAL;
		return set_pos(f, off, max);
	case SEEK_END:
		if (__builtin_add_overflow(size, off, &off))
			return -EINVAL;
		return set_pos(f, off, max);
	case SEEK_DATA:		/* a file is all data: its holes read as zeros */
		if (off < 0 || off >= size)
			return -ENXIO;
		return set_pos(f, off, max);
	case SEEK_HOLE:
		if (off < 0 || off >= size)
			return -ENXIO;
		return set_pos(f, size, max);
	}
	return -EINVAL;
}

loff_t dir_llseek(struct file *f, loff_t off, int whence)
{
	switch (whence) {
	case SEEK_CUR:
		if (__builtin_add_overflow(f->f_pos, off, &off))
			return -EINVAL;
		/* fall through */
	case SEEK_SET:
		return set_pos(f, off, INT64_MAX);
	}
	return -EINVAL;
}

/* Seeking succeeds and does nothing (Linux's noop_llseek: random, eventfd, epoll). */
loff_t noop_llseek(struct file *f, loff_t off, int whence)
{
	(void)off;
	(void)whence;
	return f->f_pos;
}

loff_t no_llseek(struct file *f, loff_t off, int whence)
{
	(void)f;
	(void)off;
	(void)whence;
	return -ESPIPE;
}

int noop_fsync(struct file *f, bool datasync)
{
	(void)f;
	(void)datasync;
	return 0;
}

ssize_t generic_read_dir(struct file *f, struct uio *u, loff_t *pos)
{
	(void)f;
	(void)u;
	(void)pos;
	return -EISDIR;
}

loff_t vfs_llseek(struct file *f, loff_t off, int whence)
{
	loff_t (*fn)(struct file *, loff_t, int);
	bool locked;
	loff_t r;

	if (whence < 0 || whence > SEEK_MAX)
		return -EINVAL;
	if (!(f->f_mode & FMODE_LSEEK))
		return -ESPIPE;
	fn = f->f_op && f->f_op->llseek ? f->f_op->llseek : generic_file_llseek;
	locked = pos_lock(f);
	r = fn(f, off, whence);
	if (locked)
		mutex_unlock(&f->f_pos_lock);
	return r;
}

/* ---- sendfile --------------------------------------------------------------- */

#define SENDFILE_CHUNK	(16 * 1024)

/* Write all of buf to out at its position: bytes written or -Exxx. */
static ssize_t write_all(struct file *out, char *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		struct uio_seg seg;
		struct uio u;
		ssize_t w;

		uio_init_one(&u, &seg, buf + done, n - done, UIO_KERNEL);
		w = file_write(out, &u);
		if (w <= 0)
			return done ? (ssize_t)done : (w ? w : -EIO);
		done += (size_t)w;
	}
	return (ssize_t)done;
}

ssize_t vfs_sendfile(struct file *out, struct file *in, loff_t *ppos, size_t count)
{
	bool seekable = in->f_mode & FMODE_PREAD;
	loff_t pos = ppos ? *ppos : in->f_pos;
	char *buf = kmalloc(SENDFILE_CHUNK, 0);
	size_t done = 0;
	ssize_t err = 0;

	if (!buf)
		return -ENOMEM;
	count = MIN(count, (size_t)MAX_RW_COUNT);
	while (done < count) {
		struct uio_seg seg;
		struct uio u;
		ssize_t n, w;

		uio_init_one(&u, &seg, buf, MIN(count - done, (size_t)SENDFILE_CHUNK), UIO_KERNEL);
		n = vfs_read(in, &u, &pos);
		if (n <= 0) {
			err = n;
			break;
		}
		w = write_all(out, buf, (size_t)n);
		if (w < 0) {
			err = w;
			w = 0;
		}
		done += (size_t)w;
		if (w < n) {
			if (seekable)
				pos -= n - w;	/* what was not written was not sent */
			break;
		}
		if (!seekable)
			break;	/* a stream (a tty: one line): what one read gave, as Linux */
	}
	if (ppos)
		*ppos = pos;
	else if (seekable)
		in->f_pos = pos;
	kfree(buf);
	return done ? (ssize_t)done : err;
}

/*
 * copy_file_range between two regular files of one file system, through
 * a kernel buffer. *pin and *pout are the positions to use and advance.
 */
ssize_t vfs_copy_file_range(struct file *in, loff_t *pin, struct file *out, loff_t *pout,
			    size_t len)
{
	struct inode *iin = in->f_inode, *iout = out->f_inode;
	size_t done = 0;
	ssize_t err = 0;
	char *buf;

	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE) ||
	    (out->f_flags & O_APPEND))
		return -EBADF;
	if (S_ISDIR(iin->i_mode) || S_ISDIR(iout->i_mode))
		return -EISDIR;
	if (!S_ISREG(iin->i_mode) || !S_ISREG(iout->i_mode))
		return -EINVAL;
	if (*pin < 0 || *pout < 0)
		return -EINVAL;
	if (iin == iout && *pin + (loff_t)len > *pout && *pout + (loff_t)len > *pin)
		return -EINVAL;		/* overlapping ranges of one file */
	if (iin->i_sb != iout->i_sb)
		return -EXDEV;
	if (!len)
		return 0;
	buf = kmalloc(SENDFILE_CHUNK, 0);
	if (!buf)
		return -ENOMEM;
	len = MIN(len, (size_t)MAX_RW_COUNT);
	while (done < len) {
		struct uio_seg seg;
		struct uio u;
		ssize_t n, w;

		uio_init_one(&u, &seg, buf, MIN(len - done, (size_t)SENDFILE_CHUNK), UIO_KERNEL);
		n = vfs_read(in, &u, pin);
		if (n <= 0) {
			err = n;
			break;
		}
		uio_init_one(&u, &seg, buf, (size_t)n, UIO_KERNEL);
		w = vfs_write(out, &u, pout);
		if (w < 0) {
			err = w;
			*pin -= n;
			break;
		}
		done += (size_t)w;
		if (w < n) {
			*pin -= n - w;
			break;
		}
	}
	kfree(buf);
	return done ? (ssize_t)done : err;
}

/* ---- directories ------------------------------------------------------------ */

unsigned int dt_type(umode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFIFO: return DT_FIFO;
	case S_IFCHR: return DT_CHR;
	case S_IFDIR: return DT_DIR;
	case S_IFBLK: return DT_BLK;
	case S_IFREG: return DT_REG;
	case S_IFLNK: return DT_LNK;
	case S_IFSOCK: return DT_SOCK;
	}
	return DT_UNKNOWN;
}

bool dir_emit_dots(struct file *f, struct dir_context *ctx)
{
	struct dentry *d = f->f_path.dentry;

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, d_inode(d)->i_ino, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct dentry *parent = dget_parent(d);
		bool ok = dir_emit(ctx, "..", 2, d_inode(parent)->i_ino, DT_DIR);

		dput(parent);
		if (!ok)
			return false;
		ctx->pos = 2;
	}
	return true;
}

int vfs_iterate_dir(struct file *f, struct dir_context *ctx)
{
	struct inode *inode = f->f_inode;
	int err;

	if (f->f_mode & FMODE_PATH)
		return -EBADF;
	if (!f->f_op || !f->f_op->iterate)
		return -ENOTDIR;
	mutex_lock(&f->f_pos_lock);
	mutex_lock(&inode->i_mutex);
	if (inode->i_flags & S_DEAD) {
		err = -ENOENT;
	} else {
		ctx->pos = f->f_pos;
		err = f->f_op->iterate(f, ctx);
		f->f_pos = ctx->pos;
	}
	mutex_unlock(&inode->i_mutex);
	mutex_unlock(&f->f_pos_lock);
	return err;
}

/* ---- attributes, control ---------------------------------------------------- */

int vfs_getattr(const struct path *p, struct kstat *st)
{
	struct inode *inode = d_inode(p->dentry);

	mutex_lock(&inode->i_mutex);
	generic_fillattr(inode, st);
	mutex_unlock(&inode->i_mutex);
	st->mnt_id = p->mnt->mnt_id;
	return 0;
}

int vfs_fstat(struct file *f, struct kstat *st)
{
	return vfs_getattr(&f->f_path, st);
}

long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (f->f_mode & FMODE_PATH)
		return -EBADF;
	if (!f->f_op || !f->f_op->ioctl)
		return -ENOTTY;
	return f->f_op->ioctl(f, cmd, arg);
}

int vfs_setfl(struct file *f, unsigned int flags)
{
	unsigned int old = __atomic_load_n(&f->f_flags, __ATOMIC_RELAXED), new;

	do {
		new = (old & ~FILE_SETFL_MASK) | (flags & FILE_SETFL_MASK);
	} while (!__atomic_compare_exchange_n(&f->f_flags, &old, new, false,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return 0;
}
