/*
 * FAT32 file data in the page cache: each file keeps its data pages in a
 * radix tree (<mm/page_tree.h>) under its pc_lock [p]. read(2), write(2)
 * and mmap all use those pages; metadata (the FAT, directories, the link
 * table, symlink targets) stays in the block cache.
 *
 * A page missing from the tree is read from the file's clusters (the
 * bytes before i_size; the rest of the page is zeros), straight from the
 * device. Writes dirty pages; write-back sends the bytes before i_size,
 * whole sectors, to the clusters, and copies them into any block-cache
 * blocks of those sectors (a cluster once a directory may have some).
 * New clusters of a file are not zeroed on disk: every byte below i_size
 * comes from a page that was filled or zeroed in memory, and i_size grows
 * only over pages already in the cache (file.c), so no stale disk byte is
 * ever read as data.
 *
 * Dirty pages go to the disk at fsync, sync, syncfs, unmount, eviction,
 * every few seconds (the flusher: fat_cache_writeback_all), and when a writer
 * holds more than FAT_DIRTY_MAX. Clean pages that only the cache holds
 * are dropped when the page allocator runs short (fat_cache_reclaim,
 * with trylocks only: the allocating thread may hold any of them). A page handed to a
 * mapping of a file open for writing is tagged PC_MAPPED and written at
 * every write-back while any mapping may still hold it (its reference
 * count says so), as stores through mappings leave no trace.
 *
 * Lock order: [i], then [p] (a fault takes [p] under the mm lock, never
 * [i]), then [l]; no user copy under [p]. Truncation and write-back hold
 * [i], so no page is written to a cluster being freed.
 */
#include "fat_internal.h"
#include <mm/page.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

#define PC_DIRTY	1UL	/* written since it was last written back */
#define PC_MAPPED	2UL	/* may be written through a shared mapping */

static void page_ref(struct page *pg)
{
	__atomic_add_fetch(&pg->refcount, 1, __ATOMIC_RELAXED);
}

void fat_page_put(struct page *pg)
{
	if (__atomic_sub_fetch(&pg->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		free_pages(pg, 0);
}

static struct page *entry_page(void *entry)
{
	return virt_to_page(page_tree_ptr(entry));
}

void fat_cache_init(struct inode *inode)
{
	struct fat_inode *fi = FAT_I(inode);

	mutex_init(&fi->pc_lock, "fat_pc");
	list_init(&fi->cached_node);
}

/* Bytes of page index that lie before the end of the file. */
static size_t page_valid(struct inode *inode, unsigned long index)
{
	loff_t start = (loff_t)index << PAGE_SHIFT, size = i_size_read(inode);

	return start >= size ? 0 : (size_t)MIN((loff_t)PAGE_SIZE, size - start);
}

/*
 * Move bytes [0, len) of page index (len a multiple of the sector size)
 * between va and the file's clusters, a run of adjacent sectors at a time.
 */
static int page_io(struct inode *inode, unsigned long index, char *va, size_t len,
		   enum bio_op op)
{
	struct fat_sb *s = FAT_SB(inode->i_sb);
	loff_t pos = (loff_t)index << PAGE_SHIFT;
	uint64_t run_sec = 0;
	size_t run_at = 0, run_len = 0, done = 0;
	int err = 0;

	while (done <= len) {
		uint64_t sec = 0;
		size_t n = 0;

		if (done < len) {
			unsigned int in = (unsigned int)((pos + (loff_t)done) & (s->clus_size - 1));
			uint32_t c;

			n = MIN(len - done, (size_t)(s->clus_size - in));
			mutex_lock(&s->lock);
			err = fat_bmap(inode, (uint32_t)((pos + (loff_t)done) >> s->clus_shift), 0, &c);
			mutex_unlock(&s->lock);
			if (err)
				return err;
			sec = (fat_clus_sector(s, c) << (s->sector_shift - SECTOR_SHIFT)) +
			      (in >> SECTOR_SHIFT);
			if (run_len && sec == run_sec + (run_len >> SECTOR_SHIFT)) {
				run_len += n;
				done += n;
				continue;
			}
		}
		if (run_len) {
			err = blkdev_rw(s->bdev, op, run_sec, va + run_at, run_len);
			if (err)
				return err;
			if (op == BIO_WRITE)
				bcache_update(s->bdev, run_sec << SECTOR_SHIFT, va + run_at, run_len);
		}
		if (done == len)
			break;
		run_sec = sec;
		run_at = done;
		run_len = n;
		done += n;
	}
	return 0;
}

/* Put inode on its file system's list of inodes with pages. [p] */
static void mark_cached(struct inode *inode)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);

	mutex_lock(&s->lock);
	if (list_empty(&fi->cached_node))
		list_add_tail(&fi->cached_node, &s->cached);
	mutex_unlock(&s->lock);
}

struct page *fat_page_get(struct inode *inode, unsigned long index, bool fill)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);
	struct page *pg = NULL;
	void **slot;

	mutex_lock(&fi->pc_lock);
	slot = page_tree_slot(&fi->pages, index);
	if (IS_ERR(slot)) {
		pg = (struct page *)slot;
	} else if (!*slot) {
		char *va = alloc_page_va(GFP_ZERO);
		size_t valid = fill ? page_valid(inode, index) : 0;
		int err = 0;

		if (!va)
			err = -ENOMEM;
		else if (valid)
			err = page_io(inode, index, va, ALIGN_UP(valid, (size_t)s->sector_size),
				      BIO_READ);
		if (err) {
			if (va)
				free_page_va(va);
			pg = ERR_PTR(err);
		} else {
			memset(va + valid, 0, PAGE_SIZE - valid);
			*slot = va;
			if (fi->pages.nr_entries++ == 0)
				mark_cached(inode);
		}
	}
	if (!pg) {
		pg = entry_page(*slot);
		page_ref(pg);
	}
	mutex_unlock(&fi->pc_lock);
	return pg;
}

static void tag_page(struct inode *inode, unsigned long index, uintptr_t tag)
{
	struct fat_inode *fi = FAT_I(inode);
	void **slot;

	mutex_lock(&fi->pc_lock);
	slot = page_tree_slot(&fi->pages, index);
	if (!IS_ERR(slot) && *slot) {
		if ((tag & PC_DIRTY) && !((uintptr_t)*slot & PC_DIRTY))
			fi->nr_dirty++;
		*slot = (void *)((uintptr_t)*slot | tag);
	}
	mutex_unlock(&fi->pc_lock);
}

void fat_page_dirty(struct inode *inode, unsigned long index)
{
	tag_page(inode, index, PC_DIRTY);
}

struct page *fat_get_page(struct file *f, unsigned long index)
{
	struct inode *inode = f->f_inode;
	struct page *pg;

	if ((loff_t)index >= DIV_ROUND_UP(i_size_read(inode), (loff_t)PAGE_SIZE))
		return NULL;
	pg = fat_page_get(inode, index, true);
	if (!IS_ERR(pg) && (f->f_mode & FMODE_WRITE))
		tag_page(inode, index, PC_MAPPED);
	return pg;
}

struct page *fat_peek_page(struct file *f, unsigned long index)
{
	struct inode *inode = f->f_inode;
	struct fat_inode *fi = FAT_I(inode);
	struct page *pg = NULL;
	void *entry;

	if ((loff_t)index >= DIV_ROUND_UP(i_size_read(inode), (loff_t)PAGE_SIZE))
		return NULL;
	mutex_lock(&fi->pc_lock);
	entry = page_tree_find(&fi->pages, index);
	if (entry) {
		pg = entry_page(entry);
		page_ref(pg);
	}
	mutex_unlock(&fi->pc_lock);
	if (pg && (f->f_mode & FMODE_WRITE))
		tag_page(inode, index, PC_MAPPED);
	return pg;
}

int fat_cache_writeback(struct inode *inode)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);
	unsigned long index = 0;
	int ret = 0;

	mutex_lock(&fi->pc_lock);
	while ((index = page_tree_next(&fi->pages, index)) != ~0UL) {
		void **slot = page_tree_slot(&fi->pages, index);
		uintptr_t tags = (uintptr_t)*slot & PAGE_TREE_TAG_MASK;
		size_t valid = page_valid(inode, index);
		int err = 0;

		if (tags && valid)
			err = page_io(inode, index, page_tree_ptr(*slot),
				      ALIGN_UP(valid, (size_t)s->sector_size), BIO_WRITE);
		if (err) {
			ret = ret ? ret : err;
		} else if (tags) {
			/* the cache's own reference alone: no mapping holds it now */
			if (__atomic_load_n(&entry_page(*slot)->refcount, __ATOMIC_ACQUIRE) == 1)
				tags &= ~PC_MAPPED;
			if (tags & PC_DIRTY)
				fi->nr_dirty--;
			*slot = (void *)((uintptr_t)page_tree_ptr(*slot) | (tags & ~PC_DIRTY));
		}
		index++;
	}
	mutex_unlock(&fi->pc_lock);
	return ret;
}

static void drop_entry(void *entry, void *arg)
{
	struct fat_inode *fi = arg;

	if ((uintptr_t)entry & PC_DIRTY)
		fi->nr_dirty--;
	fat_page_put(entry_page(entry));
}

void fat_cache_truncate(struct inode *inode, loff_t size)
{
	struct fat_inode *fi = FAT_I(inode);
	unsigned long keep = (unsigned long)DIV_ROUND_UP(size, (loff_t)PAGE_SIZE);
	size_t tail = (size_t)(size & (PAGE_SIZE - 1));
	void *last;

	mutex_lock(&fi->pc_lock);
	page_tree_truncate(&fi->pages, keep, drop_entry, fi);
	last = tail ? page_tree_find(&fi->pages, keep - 1) : NULL;
	if (last)
		memset((char *)page_tree_ptr(last) + tail, 0, PAGE_SIZE - tail);
	mutex_unlock(&fi->pc_lock);
}

void fat_cache_evict(struct inode *inode)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);

	if (inode->i_nlink && !(inode->i_sb->s_flags & SB_RDONLY) &&
	    fat_cache_writeback(inode))
		__atomic_store_n(&s->bdev->wb_err, -EIO, __ATOMIC_RELAXED);
	mutex_lock(&fi->pc_lock);
	page_tree_truncate(&fi->pages, 0, drop_entry, fi);
	mutex_unlock(&fi->pc_lock);
	mutex_lock(&s->lock);
	list_del(&fi->cached_node);
	list_init(&fi->cached_node);
	mutex_unlock(&s->lock);
}

int fat_cache_sync_all(struct fat_sb *s)
{
	struct inode **inodes;
	struct fat_inode *fi;
	size_t n = 0, cap = 0;
	int ret = 0;

	mutex_lock(&s->lock);
	list_for_each_entry(fi, &s->cached, cached_node)
		cap++;
	inodes = cap ? kmalloc(cap * sizeof(*inodes), 0) : NULL;
	list_for_each_entry(fi, &s->cached, cached_node) {
		int c = __atomic_load_n(&fi->vfs.i_count, __ATOMIC_RELAXED);

		if (!inodes || n == cap)
			break;
		/* a count of 0 is being evicted, which writes it back itself */
		while (c > 0)
			if (__atomic_compare_exchange_n(&fi->vfs.i_count, &c, c + 1, false,
							__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
				inodes[n++] = &fi->vfs;
				break;
			}
	}
	mutex_unlock(&s->lock);
	if (cap && !inodes)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		int err;

		mutex_lock(&inodes[i]->i_mutex);
		err = fat_cache_writeback(inodes[i]);
		mutex_unlock(&inodes[i]->i_mutex);
		ret = ret ? ret : err;
		iput(inodes[i]);
	}
	kfree(inodes);
	return ret;
}

/* ---- the flusher and reclaim -------------------------------------------------- */

/*
 * Mounted instances. An unmount takes fat_sbs_lock to leave the list, so
 * it waits for a flusher pass over its instance; reclaim only tries it.
 */
static struct mutex fat_sbs_lock = MUTEX_INIT(fat_sbs_lock, "fat_sbs");
static LIST_HEAD(fat_sbs);		/* [fat_sbs_lock] */

void fat_cache_add_sb(struct fat_sb *s)
{
	mutex_lock(&fat_sbs_lock);
	list_add_tail(&s->all_node, &fat_sbs);
	mutex_unlock(&fat_sbs_lock);
}

void fat_cache_del_sb(struct fat_sb *s)
{
	mutex_lock(&fat_sbs_lock);
	list_del(&s->all_node);
	mutex_unlock(&fat_sbs_lock);
}

void fat_cache_writeback_all(void)
{
	struct fat_sb *s;

	mutex_lock(&fat_sbs_lock);
	list_for_each_entry(s, &fat_sbs, all_node)
		fat_cache_sync_all(s);
	mutex_unlock(&fat_sbs_lock);
}

/*
 * Drop fi's clean pages that only the cache holds (a mapping or a reader
 * holds a reference, and takes it under [p]), up to want bytes. [p]
 */
static size_t drop_clean(struct fat_inode *fi, size_t want)
{
	size_t got = 0;

	for (unsigned long i = page_tree_next(&fi->pages, 0); i != ~0UL && got < want;
	     i = page_tree_next(&fi->pages, i + 1)) {
		void **slot = page_tree_slot(&fi->pages, i);
		struct page *pg;

		if (IS_ERR(slot) || !*slot || ((uintptr_t)*slot & (PC_DIRTY | PC_MAPPED)))
			continue;
		pg = entry_page(*slot);
		if (__atomic_load_n(&pg->refcount, __ATOMIC_ACQUIRE) != 1)
			continue;
		*slot = NULL;
		fi->pages.nr_entries--;
		fat_page_put(pg);
		got += PAGE_SIZE;
	}
	return got;
}

size_t fat_cache_reclaim(size_t bytes)
{
	struct fat_inode *fi;
	struct fat_sb *s;
	size_t got = 0;

	if (!mutex_trylock(&fat_sbs_lock))
		return 0;
	list_for_each_entry(s, &fat_sbs, all_node) {
		if (got >= bytes)
			break;
		if (!mutex_trylock(&s->lock))
			continue;
		list_for_each_entry(fi, &s->cached, cached_node) {
			if (got >= bytes)
				break;
			if (!mutex_trylock(&fi->pc_lock))
				continue;
			got += drop_clean(fi, bytes - got);
			mutex_unlock(&fi->pc_lock);
		}
		mutex_unlock(&s->lock);
	}
	mutex_unlock(&fat_sbs_lock);
	return got;
}
