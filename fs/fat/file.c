/*
 * FAT32 file data: a file is a chain of clusters from its entry's first
 * cluster, as many as its size needs (at most 4 GiB - 1 bytes).
 *
 * Mapping a position walks the chain from the start, or from the last
 * mapping when that is behind it, so sequential I/O walks each link
 * once. New clusters are zeroed as they are allocated, and growing a
 * file zeroes the rest of its last cluster first, so holes read as
 * zeros. After every change the chain is as long as the size needs:
 * nothing past the last cluster survives a failed write.
 *
 * Data moves through the block cache a sector at a time, under the
 * file's i_mutex only; [l] is taken to map and to grow the chain.
 */
#include "fat_internal.h"
#include <lib/errno.h>
#include <lib/string.h>

#define FAT_MAX_FILE	0xFFFFFFFFLL

int fat_bmap(struct inode *inode, uint32_t index, bool alloc, uint32_t *clus)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);
	uint32_t i, c;
	int err;

	if (index > s->max_cluster)
		return -EIO;
	if (fi->start == 0) {
		if (!alloc)
			return -EIO;
		err = fat_alloc_cluster(s, 0, true, &c);
		if (err)
			return err;
		fi->start = c;
		fi->nr_clusters = 1;
		fi->cache_cluster = 0;
	}
	if (!fat_valid_cluster(s, fi->start))
		return -EIO;
	if (fi->cache_cluster && fi->cache_index <= index) {
		i = fi->cache_index;
		c = fi->cache_cluster;
	} else {
		i = 0;
		c = fi->start;
	}
	while (i < index) {
		uint32_t next;

		err = fat_chain_next(s, c, &next);
		if (err)
			return err;
		if (next == 0) {
			if (!alloc)
				return -EIO;	/* the chain is shorter than the size says */
			err = fat_alloc_cluster(s, c, true, &next);
			if (err)
				return err;
			fi->nr_clusters = i + 2;
		}
		c = next;
		i++;
	}
	fi->cache_index = index;
	fi->cache_cluster = c;
	*clus = c;
	return 0;
}

int fat_truncate_clusters(struct inode *inode, loff_t size)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);
	uint32_t keep = (uint32_t)DIV_ROUND_UP((uint64_t)size, s->clus_size), last, next;
	int err;

	fi->cache_cluster = 0;
	if (fi->start == 0)
		return 0;
	if (keep == 0) {
		err = fat_free_chain(s, fi->start);
		fi->start = 0;
		fi->nr_clusters = 0;
	} else {
		err = fat_bmap(inode, keep - 1, false, &last);
		if (!err)
			err = fat_chain_next(s, last, &next);
		if (!err && next) {
			err = fat_ent_set(s, last, FAT_ENT_EOC);
			if (!err)
				err = fat_free_chain(s, next);
		}
		if (!err)
			fi->nr_clusters = keep;
		fi->cache_cluster = 0;
	}
	inode->i_blocks = (uint64_t)fi->nr_clusters << (s->clus_shift - 9);
	return err;
}

/*
 * Zero the file's bytes from its size up to to (at most the end of the
 * cluster holding the last byte): they may hold old data. Caller holds [i].
 */
static int zero_tail(struct inode *inode, loff_t to)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);
	loff_t from = inode->i_size;
	loff_t end = MIN(to, (loff_t)ALIGN_UP((uint64_t)from, s->clus_size));
	uint32_t c;
	int err;

	if (from >= end || fi->start == 0)
		return 0;
	mutex_lock(&s->lock);
	err = fat_bmap(inode, (uint32_t)(from >> s->clus_shift), false, &c);
	mutex_unlock(&s->lock);
	if (err)
		return err;
	while (from < end) {
		uint64_t sec = fat_clus_sector(s, c) +
			       ((from & (s->clus_size - 1)) >> s->sector_shift);
		unsigned int off = (unsigned int)(from & (s->sector_size - 1));
		size_t n = (size_t)MIN((loff_t)(s->sector_size - off), end - from);
		struct buf *bp = bread(s->bdev, sec, s->sector_size, &err);

		if (!bp)
			return err;
		memset((char *)bp->data + off, 0, n);
		bdirty(bp);
		brelse(bp);
		from += (loff_t)n;
	}
	return 0;
}

/* Mark the file written: archive bit, times, and its entry. [l] */
static int file_changed(struct inode *inode)
{
	FAT_I(inode)->attr |= ATTR_ARCH;
	inode_touch(inode);
	return fat_write_inode(inode);
}

int fat_set_size(struct inode *inode, loff_t size)
{
	struct fat_sb *s = FAT_SB(inode->i_sb);
	int err = 0;

	if (size > FAT_MAX_FILE)
		return -EFBIG;
	if (size > inode->i_size)
		err = zero_tail(inode, size);
	if (err)
		return err;
	mutex_lock(&s->lock);
	if (size > inode->i_size) {
		uint32_t c;

		err = fat_bmap(inode, (uint32_t)((size - 1) >> s->clus_shift), true, &c);
		if (err)	/* give back what was allocated */
			fat_truncate_clusters(inode, inode->i_size);
	} else {
		err = fat_truncate_clusters(inode, size);
	}
	if (!err) {
		inode->i_size = size;
		inode->i_blocks = (uint64_t)FAT_I(inode)->nr_clusters << (s->clus_shift - 9);
		err = file_changed(inode);
	}
	mutex_unlock(&s->lock);
	return err;
}

/* The sector holding byte p of the file; allocate the cluster if asked. */
static int map_sector(struct inode *inode, loff_t p, bool alloc, uint64_t *sec)
{
	struct fat_sb *s = FAT_SB(inode->i_sb);
	uint32_t c;
	int err;

	mutex_lock(&s->lock);
	err = fat_bmap(inode, (uint32_t)(p >> s->clus_shift), alloc, &c);
	mutex_unlock(&s->lock);
	if (!err)
		*sec = fat_clus_sector(s, c) + ((p & (s->clus_size - 1)) >> s->sector_shift);
	return err;
}

static ssize_t fat_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	struct fat_sb *s = FAT_SB(inode->i_sb);
	size_t done = 0, want;
	ssize_t err = 0;
	loff_t p = *pos;

	mutex_lock(&inode->i_mutex);
	want = p < inode->i_size ? (size_t)MIN((loff_t)uio_resid(u), inode->i_size - p) : 0;
	while (done < want) {
		unsigned int off = (unsigned int)(p & (s->sector_size - 1));
		size_t n = MIN(want - done, (size_t)(s->sector_size - off));
		struct buf *bp = NULL;
		uint64_t sec;
		ssize_t got;
		int e;

		e = map_sector(inode, p, false, &sec);
		bp = e ? NULL : bread(s->bdev, sec, s->sector_size, &e);
		if (!bp) {
			err = e;
			break;
		}
		got = uio_copy_to(u, (char *)bp->data + off, n);
		brelse(bp);
		if (got < 0) {
			err = got;
			break;
		}
		done += (size_t)got;
		p += got;
		if ((size_t)got < n)
			break;
	}
	mutex_unlock(&inode->i_mutex);
	*pos = p;
	return done ? (ssize_t)done : err;
}

static ssize_t fat_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	struct fat_sb *s = FAT_SB(inode->i_sb);
	size_t done = 0, want;
	ssize_t err = 0;
	loff_t p, old_size;

	mutex_lock(&inode->i_mutex);
	p = (f->f_flags & O_APPEND) ? inode->i_size : *pos;
	if (p >= FAT_MAX_FILE) {
		mutex_unlock(&inode->i_mutex);
		return uio_resid(u) ? -EFBIG : 0;
	}
	want = (size_t)MIN((loff_t)uio_resid(u), FAT_MAX_FILE - p);
	old_size = inode->i_size;
	if (want && p > old_size)
		err = zero_tail(inode, p);
	while (!err && done < want) {
		unsigned int off = (unsigned int)(p & (s->sector_size - 1));
		size_t n = MIN(want - done, (size_t)(s->sector_size - off));
		bool whole = off == 0 && n == s->sector_size;
		struct buf *bp = NULL;
		uint64_t sec;
		ssize_t got;
		int e;

		e = map_sector(inode, p, true, &sec);
		/* a whole sector past the old end need not be read */
		if (!e)
			bp = whole && p >= old_size ? bget_zeroed(s->bdev, sec, s->sector_size, &e)
						     : bread(s->bdev, sec, s->sector_size, &e);
		if (e) {
			err = e;
			break;
		}
		got = uio_copy_from(u, (char *)bp->data + off, n);
		if (got < (ssize_t)n && p + MAX(got, 0) >= old_size) {
			/* what a failed copy left past the end must read as zeros */
			size_t from = off + (size_t)MAX(got, 0);

			memset((char *)bp->data + from, 0, off + n - from);
		}
		bdirty(bp);
		brelse(bp);
		if (got < 0) {
			err = got;
			break;
		}
		done += (size_t)got;
		p += got;
		if ((size_t)got < n)
			break;
	}
	mutex_lock(&s->lock);
	if (p > inode->i_size && done)
		inode->i_size = p;
	/* clusters mapped past the end by a failed write go back */
	if (err || done < want)
		fat_truncate_clusters(inode, inode->i_size);
	inode->i_blocks = (uint64_t)FAT_I(inode)->nr_clusters << (s->clus_shift - 9);
	if (done)
		file_changed(inode);
	mutex_unlock(&s->lock);
	mutex_unlock(&inode->i_mutex);
	*pos = p;
	return done ? (ssize_t)done : err;
}

int fat_data_rw(struct inode *inode, loff_t pos, void *buf, size_t len, bool write)
{
	struct fat_sb *s = FAT_SB(inode->i_sb);
	char *p = buf;

	while (len) {
		unsigned int off = (unsigned int)(pos & (s->sector_size - 1));
		size_t n = MIN(len, (size_t)(s->sector_size - off));
		uint32_t c;
		struct buf *bp;
		int err = fat_bmap(inode, (uint32_t)(pos >> s->clus_shift), write, &c);

		if (err)
			return err;
		bp = bread(s->bdev, fat_clus_sector(s, c) + ((pos & (s->clus_size - 1)) >> s->sector_shift),
			   s->sector_size, &err);
		if (!bp)
			return err;
		if (write) {
			memcpy((char *)bp->data + off, p, n);
			bdirty(bp);
		} else {
			memcpy(p, (char *)bp->data + off, n);
		}
		brelse(bp);
		p += n;
		pos += (loff_t)n;
		len -= n;
	}
	return 0;
}

static int fat_file_fsync(struct file *f, bool datasync)
{
	(void)datasync;
	return blkdev_sync(FAT_SB(f->f_inode->i_sb)->bdev);
}

const struct file_operations fat_file_fops = {
	.read = fat_read,
	.write = fat_write,
	.fsync = fat_file_fsync,
};
