/*
 * FAT32 file data: a file is a chain of clusters from its entry's first
 * cluster, as many as its size needs (at most 4 GiB - 1 bytes).
 *
 * Mapping a position walks the chain from the start, or from the last
 * mapping when that is behind it, so sequential I/O walks each link
 * once. After every change the chain is as long as the size needs:
 * nothing past the last cluster survives a failed write.
 *
 * Data moves through the page cache (cache.c) under the file's i_mutex.
 * Growing a file zeroes the pages from the old end to the new one first
 * and lets i_size grow a page at a time over them (Linux's cont_expand),
 * so a new cluster is never read for data before it was written. The
 * symlink targets and the link table still go through the block cache
 * (fat_data_rw); [l] is taken to map and to grow the chain.
 */
#include "fat_internal.h"
#include <mm/page.h>
#include <lib/errno.h>
#include <lib/string.h>

#define FAT_MAX_FILE	0xFFFFFFFFLL

int fat_bmap(struct inode *inode, uint32_t index, unsigned int alloc, uint32_t *clus)
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
		err = fat_alloc_cluster(s, 0, !(alloc & FAT_ALLOC_NOZERO), &c);
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
			err = fat_alloc_cluster(s, c, !(alloc & FAT_ALLOC_NOZERO), &next);
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

/* Clusters for the file's first size bytes, new ones not zeroed. [i], not [l] */
static int extend_clusters(struct inode *inode, loff_t size)
{
	struct fat_sb *s = FAT_SB(inode->i_sb);
	uint32_t c;
	int err;

	if (size <= 0)
		return 0;
	mutex_lock(&s->lock);
	err = fat_bmap(inode, (uint32_t)((size - 1) >> s->clus_shift), 1 | FAT_ALLOC_NOZERO, &c);
	mutex_unlock(&s->lock);
	return err;
}

/*
 * Grow the file from its size to to (clusters already there), zeroing
 * the pages on the way; i_size follows each page, so a write-back on the
 * way writes them. Stops at an error with i_size where it got. [i]
 */
static int zero_range(struct inode *inode, loff_t to)
{
	struct fat_inode *fi = FAT_I(inode);

	while (inode->i_size < to) {
		loff_t from = inode->i_size;
		unsigned long index = (unsigned long)(from >> PAGE_SHIFT);
		loff_t end = MIN(to, (loff_t)(index + 1) << PAGE_SHIFT);
		struct page *pg = fat_page_get(inode, index, true);

		if (IS_ERR(pg))
			return (int)PTR_ERR(pg);
		memset((char *)page_address(pg) + (from & (PAGE_SIZE - 1)), 0, (size_t)(end - from));
		fat_page_dirty(inode, index);
		fat_page_put(pg);
		WRITE_ONCE(inode->i_size, end);
		if (fi->nr_dirty > FAT_DIRTY_MAX) {
			int err = fat_cache_writeback(inode);

			if (err)
				return err;
		}
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
	loff_t old = inode->i_size;
	int err = 0, err2;

	if (size > FAT_MAX_FILE)
		return -EFBIG;
	if (size > old) {
		err = extend_clusters(inode, size);
		if (!err)
			err = zero_range(inode, size);
	} else {
		fat_cache_truncate(inode, size);
		WRITE_ONCE(inode->i_size, size);
	}
	mutex_lock(&s->lock);
	/* what a failed growth allocated past the size reached goes back */
	err2 = fat_truncate_clusters(inode, inode->i_size);
	err = err ? err : err2;
	inode->i_blocks = (uint64_t)FAT_I(inode)->nr_clusters << (s->clus_shift - 9);
	if (inode->i_size != old || !err) {
		err2 = file_changed(inode);
		err = err ? err : err2;
	}
	mutex_unlock(&s->lock);
	return err;
}

static ssize_t fat_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	size_t done = 0, want;
	ssize_t err = 0;
	loff_t p = *pos;

	mutex_lock(&inode->i_mutex);
	want = p < inode->i_size ? (size_t)MIN((loff_t)uio_resid(u), inode->i_size - p) : 0;
	while (done < want) {
		size_t off = (size_t)(p & (PAGE_SIZE - 1));
		size_t n = MIN(want - done, PAGE_SIZE - off);
		struct page *pg = fat_page_get(inode, (unsigned long)(p >> PAGE_SHIFT), true);
		ssize_t got;

		if (IS_ERR(pg)) {
			err = PTR_ERR(pg);
			break;
		}
		got = uio_copy_to(u, (char *)page_address(pg) + off, n);
		fat_page_put(pg);
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

/* Copy n bytes of u to the file at p, within one page. [i] */
static ssize_t write_page(struct inode *inode, struct uio *u, loff_t p, size_t n)
{
	unsigned long index = (unsigned long)(p >> PAGE_SHIFT);
	size_t off = (size_t)(p & (PAGE_SIZE - 1));
	loff_t page_start = p - (loff_t)off;
	/* no need to read what this write replaces whole */
	bool fill = !(off == 0 && p + (loff_t)n >= MIN(inode->i_size, page_start + (loff_t)PAGE_SIZE));
	struct page *pg;
	ssize_t got;
	int err = extend_clusters(inode, p + (loff_t)n);

	if (err)
		return err;
	pg = fat_page_get(inode, index, fill);
	if (IS_ERR(pg))
		return PTR_ERR(pg);
	got = uio_copy_from(u, (char *)page_address(pg) + off, n);
	if (got < (ssize_t)n) {
		/* what a failed copy left past the end must read as zeros */
		loff_t from = MAX(p + MAX(got, 0), inode->i_size);

		if (from < p + (loff_t)n)
			memset((char *)page_address(pg) + (from - page_start), 0,
			       (size_t)(p + (loff_t)n - from));
	}
	if (got > 0) {
		fat_page_dirty(inode, index);
		if (p + got > inode->i_size)
			WRITE_ONCE(inode->i_size, p + got);
	}
	fat_page_put(pg);
	return got;
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
	if (want && p > old_size) {
		err = extend_clusters(inode, p);
		if (!err)
			err = zero_range(inode, p);
	}
	while (!err && done < want) {
		size_t n = MIN(want - done, PAGE_SIZE - (size_t)(p & (PAGE_SIZE - 1)));
		ssize_t got = write_page(inode, u, p, n);

		if (got < 0) {
			err = got;
			break;
		}
		done += (size_t)got;
		p += got;
		if ((size_t)got < n)
			break;
		if (FAT_I(inode)->nr_dirty > FAT_DIRTY_MAX)
			err = fat_cache_writeback(inode);
	}
	/* clusters and pages past the end from a failed write go back */
	if (err || done < want)
		fat_cache_truncate(inode, inode->i_size);
	mutex_lock(&s->lock);
	if (err || done < want)
		fat_truncate_clusters(inode, inode->i_size);
	inode->i_blocks = (uint64_t)FAT_I(inode)->nr_clusters << (s->clus_shift - 9);
	if (done || inode->i_size != old_size)
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
		int err = fat_bmap(inode, (uint32_t)(pos >> s->clus_shift), write ? 1 : 0, &c);

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
	struct inode *inode = f->f_inode;
	int err, err2;

	(void)datasync;
	mutex_lock(&inode->i_mutex);
	err = fat_cache_writeback(inode);
	mutex_unlock(&inode->i_mutex);
	err2 = blkdev_sync(FAT_SB(inode->i_sb)->bdev);
	return err ? err : err2;
}

const struct file_operations fat_file_fops = {
	.read = fat_read,
	.write = fat_write,
	.fsync = fat_file_fsync,
	.get_page = fat_get_page,
	.peek_page = fat_peek_page,
};
