/*
 * Block special files: an S_IFBLK inode opens here and its file reads
 * and writes the device at any byte offset.
 *
 * Normally through the block cache, in blocks of the largest size up to
 * a page that divides the device (so the last block is whole): a partial
 * block is read first, a whole one is not. Written blocks are dirty
 * until the write-back thread, fsync(), the last close, or O_SYNC.
 *
 * With O_DIRECT, offsets and lengths must be multiples of the logical
 * block size (-EINVAL, as Linux) and data goes straight to the device
 * through a kernel bounce buffer: reads first write back what the cache
 * holds dirty for the device, writes copy their data into any cached
 * blocks they cover, so both views stay the same.
 *
 * Sizes: reads stop at the end of the device; a write starting at or
 * past it is -ENOSPC and one crossing it is cut. llseek may not go past
 * the end (-EINVAL), as Linux's fixed-size devices.
 */
#include <fs/blkdev.h>
#include <fs/vfs.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <mm/kmalloc.h>
#include <mm/uaccess.h>

#define BLKDEV_FILE_MAX_BLOCK	4096
#define BLKDEV_DIRECT_CHUNK	(64 * 1024)	/* bytes per bounce buffer */

static struct block_device *file_bdev(struct file *f)
{
	return f->private_data;
}

/* The cache block size for byte access to b. */
static unsigned int file_block_size(const struct block_device *b)
{
	uint64_t bytes = blkdev_bytes(b);
	unsigned int size = BLKDEV_FILE_MAX_BLOCK;

	while (size > b->disk->logical_block_size && bytes % size)
		size >>= 1;
	return size;
}

static int blkdev_open(struct inode *inode, struct file *f)
{
	struct block_device *b = blkdev_lookup(inode->i_rdev);

	if (!b)
		return -ENXIO;
	if ((f->f_mode & FMODE_WRITE) && b->read_only)
		return -EACCES;
	f->private_data = b;
	__atomic_add_fetch(&b->openers, 1, __ATOMIC_RELAXED);
	return 0;
}

/* The last close writes back what the device has dirty, as Linux's blkdev_put. */
static void blkdev_release(struct inode *inode, struct file *f)
{
	struct block_device *b = file_bdev(f);

	(void)inode;
	if (__atomic_sub_fetch(&b->openers, 1, __ATOMIC_ACQ_REL) == 0)
		blkdev_sync(b);
}

/* ---- O_DIRECT ----------------------------------------------------------------- */

/* Linux's rule: position, lengths and buffer addresses on logical blocks. */
static bool direct_aligned(const struct block_device *b, const struct uio *u, loff_t pos,
			   size_t len)
{
	uintptr_t bits = (uintptr_t)pos | len;

	for (unsigned long i = 0; i < u->nr_segs; i++) {
		size_t skip = i ? 0 : u->seg_off;

		bits |= (uintptr_t)u->seg[i].base + skip;
		bits |= u->seg[i].len - skip;
	}
	return (bits & (b->disk->logical_block_size - 1)) == 0;
}

/* A bounce buffer of up to want bytes (a multiple of 512); its size in *got. */
static void *bounce_alloc(size_t want, size_t *got)
{
	size_t n = MIN(want, (size_t)BLKDEV_DIRECT_CHUNK);

	for (; n >= SECTOR_SIZE; n /= 2) {
		void *p = kmalloc(n, GFP_KERNEL);

		if (p) {
			*got = n;
			return p;
		}
	}
	return NULL;
}

static ssize_t direct_io(struct block_device *b, struct uio *u, loff_t pos, size_t len,
			 bool write)
{
	size_t chunk, done = 0;
	void *buf;
	int err = 0;

	if (!direct_aligned(b, u, pos, len))
		return -EINVAL;
	if (!len)
		return 0;
	buf = bounce_alloc(len, &chunk);
	if (!buf)
		return -ENOMEM;
	if (!write)
		blkdev_sync(b);		/* the cache's dirty blocks reach the disk first */
	while (done < len && !err) {
		size_t n = MIN(chunk, len - done);
		uint64_t sector = (uint64_t)(pos + (loff_t)done) >> SECTOR_SHIFT;
		ssize_t c;

		if (write) {
			c = uio_copy_from(u, buf, n);
			if (c <= 0 || (size_t)c < n) {
				err = c < 0 ? (int)c : -EFAULT;
				break;	/* a partial block is not written */
			}
			err = blkdev_rw(b, BIO_WRITE, sector, buf, n);
			if (!err)
				bcache_update(b, (uint64_t)pos + done, buf, n);
		} else {
			err = blkdev_rw(b, BIO_READ, sector, buf, n);
			c = err ? 0 : uio_copy_to(u, buf, n);
			if (c < 0) {
				err = (int)c;
			} else if ((size_t)c < n) {
				done += (size_t)c;	/* the caller's memory ran out */
				err = err ? err : -EFAULT;
			}
		}
		if (!err)
			done += n;
	}
	kfree(buf);
	return done ? (ssize_t)done : err;
}

/* ---- through the cache --------------------------------------------------------- */

static ssize_t cached_read(struct block_device *b, struct uio *u, loff_t pos, size_t len)
{
	unsigned int bs = file_block_size(b);
	size_t done = 0;
	int err = 0;

	while (done < len) {
		uint64_t at = (uint64_t)pos + done;
		size_t off = at % bs, n = MIN(bs - off, len - done);
		struct buf *bp = bread(b, at / bs, bs, &err);
		ssize_t c;

		if (!bp)
			break;
		c = uio_copy_to(u, (char *)bp->data + off, n);
		brelse(bp);
		if (c < 0) {
			err = (int)c;
			break;
		}
		done += (size_t)c;
		if ((size_t)c < n)
			break;
	}
	return done ? (ssize_t)done : err;
}

/*
 * The caller's bytes go to a bounce block first, so a fault in the
 * middle never leaves a half-copied block in the cache.
 */
static ssize_t cached_write(struct block_device *b, struct uio *u, loff_t pos, size_t len)
{
	unsigned int bs = file_block_size(b);
	void *tmp = kmalloc(bs, GFP_KERNEL);
	size_t done = 0;
	int err = 0;

	if (!tmp)
		return -ENOMEM;
	while (done < len) {
		uint64_t at = (uint64_t)pos + done;
		size_t off = at % bs, want = MIN(bs - off, len - done), n;
		struct buf *bp;
		ssize_t c = uio_copy_from(u, tmp, want);

		if (c <= 0) {
			err = c < 0 ? (int)c : -EFAULT;
			break;
		}
		n = (size_t)c;
		bp = off == 0 && n == bs ? bget_zeroed(b, at / bs, bs, &err)
					 : bread(b, at / bs, bs, &err);
		if (!bp)
			break;
		memcpy((char *)bp->data + off, tmp, n);
		bdirty(bp);
		brelse(bp);
		done += n;
		if (n < want)
			break;	/* the caller's memory ran out */
	}
	kfree(tmp);
	return done ? (ssize_t)done : err;
}

/* ---- file operations ------------------------------------------------------------- */

static ssize_t blkdev_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct block_device *b = file_bdev(f);
	uint64_t size = blkdev_bytes(b);
	size_t len = uio_resid(u);
	ssize_t r;

	if (*pos < 0)
		return -EINVAL;
	if ((uint64_t)*pos >= size || !len)
		return 0;
	len = (size_t)MIN((uint64_t)len, size - (uint64_t)*pos);
	if (f->f_flags & O_DIRECT)
		r = direct_io(b, u, *pos, len, false);
	else
		r = cached_read(b, u, *pos, len);
	if (r > 0)
		*pos += r;
	return r;
}

static ssize_t blkdev_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct block_device *b = file_bdev(f);
	uint64_t size = blkdev_bytes(b);
	size_t len = uio_resid(u);
	ssize_t r;

	if (*pos < 0)
		return -EINVAL;
	if (b->read_only)
		return -EPERM;
	if (!len)
		return 0;
	if ((uint64_t)*pos >= size)
		return -ENOSPC;
	len = (size_t)MIN((uint64_t)len, size - (uint64_t)*pos);
	if (f->f_flags & O_DIRECT)
		r = direct_io(b, u, *pos, len, true);
	else
		r = cached_write(b, u, *pos, len);
	if (r > 0) {
		*pos += r;
		if ((f->f_flags & O_DSYNC) && blkdev_sync(b))
			return -EIO;
	}
	return r;
}

/* Linux's fixed_size_llseek(): no position past the end. */
static loff_t blkdev_llseek(struct file *f, loff_t off, int whence)
{
	loff_t size = (loff_t)blkdev_bytes(file_bdev(f));

	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_CUR:
		if (__builtin_add_overflow(f->f_pos, off, &off))
			return -EINVAL;
		break;
	case SEEK_END:
		if (__builtin_add_overflow(size, off, &off))
			return -EINVAL;
		break;
	case SEEK_DATA:
		if (off < 0 || off >= size)
			return -ENXIO;
		break;
	case SEEK_HOLE:
		if (off < 0 || off >= size)
			return -ENXIO;
		off = size;
		break;
	default:
		return -EINVAL;
	}
	if (off < 0 || off > size)
		return -EINVAL;
	f->f_pos = off;
	return off;
}

static int blkdev_fsync(struct file *f, bool datasync)
{
	(void)datasync;
	return blkdev_sync(file_bdev(f));
}

static long blkdev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct block_device *b = file_bdev(f);
	void __user *p = (void __user *)arg;

	switch (cmd) {
	case BLKGETSIZE64:
		return put_user((uint64_t)blkdev_bytes(b), (uint64_t __user *)p);
	case BLKGETSIZE:
		return put_user((unsigned long)b->nr_sectors, (unsigned long __user *)p);
	case BLKSSZGET:
		return put_user((int)b->disk->logical_block_size, (int __user *)p);
	case BLKPBSZGET:
		return put_user(b->disk->logical_block_size, (unsigned int __user *)p);
	case BLKBSZGET:
		return put_user((int)file_block_size(b), (int __user *)p);
	case BLKROGET:
		return put_user((int)b->read_only, (int __user *)p);
	case BLKFLSBUF:		/* Linux ignores the sync's result */
		blkdev_sync(b);
		bcache_invalidate(b);
		return 0;
	}
	return -ENOTTY;
}

const struct file_operations blkdev_fops = {
	.open = blkdev_open,
	.release = blkdev_release,
	.read = blkdev_read,
	.write = blkdev_write,
	.llseek = blkdev_llseek,
	.ioctl = blkdev_ioctl,
	.fsync = blkdev_fsync,
};
