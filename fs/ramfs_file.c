/*
 * ramfs file data: pages found through a radix tree (<mm/page_tree.h>).
 *
 * Pages are allocated on first write, so a hole (never written, or cut
 * off by truncate and grown again) has no page and reads as zeros.
 * Truncation frees the pages past the new size.
 *
 * The tree is under the file's tree_lock (inside i_mutex), so mmap
 * faults can find and add pages without i_mutex. A data page has a
 * reference count: the file holds one, each mapping one more; truncation
 * drops the file's, so a page still mapped lives on until unmapped.
 */
#include "ramfs_internal.h"
#include <mm/page.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

/* Drop the file's reference to a data page (a mapping may hold more). */
static void data_page_put(void *va, void *sb)
{
	struct page *pg = virt_to_page(va);

	ramfs_uncharge_pages(sb, 1);
	if (__atomic_sub_fetch(&pg->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		free_pages(pg, 0);
}

static void *page_find(struct ramfs_inode *ri, unsigned long index)
{
	return page_tree_find(&ri->file.pages, index);
}

static void update_blocks(struct ramfs_inode *ri)
{
	ri->vfs.i_blocks = ri->file.pages.nr_entries * (PAGE_SIZE / 512);
}

/*
 * The data page for index, allocated (zeroed) if missing; ERR_PTR
 * -ENOMEM, or -ENOSPC past the instance's limit (tmpfs).
 */
static void *page_get(struct ramfs_inode *ri, unsigned long index)
{
	void **slot = page_tree_slot(&ri->file.pages, index);

	if (IS_ERR(slot))
		return slot;
	if (!*slot) {
		if (!ramfs_charge_pages(ri->vfs.i_sb, 1))
			return ERR_PTR(-ENOSPC);
		*slot = alloc_page_va(GFP_ZERO);
		if (!*slot) {
			ramfs_uncharge_pages(ri->vfs.i_sb, 1);
			return ERR_PTR(-ENOMEM);
		}
		ri->file.pages.nr_entries++;
		update_blocks(ri);
	}
	return *slot;
}

static void free_pages_from(struct ramfs_inode *ri, unsigned long from)
{
	page_tree_truncate(&ri->file.pages, from, data_page_put, ri->vfs.i_sb);
	update_blocks(ri);
}

void ramfs_init_data(struct inode *inode)
{
	mutex_init(&RAMFS_I(inode)->file.tree_lock, "ramfs_tree");
}

void ramfs_free_data(struct inode *inode)
{
	struct ramfs_inode *ri = RAMFS_I(inode);

	mutex_lock(&ri->file.tree_lock);
	free_pages_from(ri, 0);
	mutex_unlock(&ri->file.tree_lock);
}

int ramfs_truncate(struct inode *inode, loff_t size)
{
	struct ramfs_inode *ri = RAMFS_I(inode);

	if (size < inode->i_size) {
		unsigned long keep = (unsigned long)DIV_ROUND_UP(size, (loff_t)PAGE_SIZE);
		size_t tail = (size_t)(size % PAGE_SIZE);
		char *last;

		mutex_lock(&ri->file.tree_lock);
		free_pages_from(ri, keep);
		last = tail ? page_find(ri, keep - 1) : NULL;
		if (last)
			memset(last + tail, 0, PAGE_SIZE - tail);
		mutex_unlock(&ri->file.tree_lock);
	}
	WRITE_ONCE(inode->i_size, size);
	inode_touch(inode);
	return 0;
}

static ssize_t ramfs_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	struct ramfs_inode *ri = RAMFS_I(inode);
	size_t done = 0, want;
	ssize_t err = 0;
	loff_t p = *pos;

	mutex_lock(&inode->i_mutex);
	want = p < inode->i_size ? (size_t)MIN((loff_t)uio_resid(u), inode->i_size - p) : 0;
	while (done < want) {
		size_t off = (size_t)(p % PAGE_SIZE);
		size_t n = MIN(want - done, PAGE_SIZE - off);
		char *page;
		ssize_t got;

		/* the page stays after the lookup: only truncation frees, under i_mutex */
		mutex_lock(&ri->file.tree_lock);
		page = page_find(ri, (unsigned long)(p / PAGE_SIZE));
		mutex_unlock(&ri->file.tree_lock);
		got = page ? uio_copy_to(u, page + off, n) : uio_zero(u, n);

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

/*
 * Bytes of a failed copy past the end of the file may hold anything:
 * make them zeros again, so a later extension reads a hole.
 */
static void scrub_tail(struct inode *inode, char *page, loff_t from, loff_t to)
{
	loff_t page_base = ALIGN_DOWN(from, (loff_t)PAGE_SIZE);

	from = MAX(from, inode->i_size);
	if (from < to)
		memset(page + (from - page_base), 0, (size_t)(to - from));
}

static ssize_t ramfs_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	struct ramfs_inode *ri = RAMFS_I(inode);
	size_t done = 0, want;
	ssize_t err = 0;
	loff_t p;

	mutex_lock(&inode->i_mutex);
	p = (f->f_flags & O_APPEND) ? inode->i_size : *pos;
	if (p >= RAMFS_MAX_BYTES) {
		mutex_unlock(&inode->i_mutex);
		return -EFBIG;
	}
	want = (size_t)MIN((loff_t)uio_resid(u), RAMFS_MAX_BYTES - p);
	while (done < want) {
		size_t off = (size_t)(p % PAGE_SIZE);
		size_t n = MIN(want - done, PAGE_SIZE - off);
		char *page;
		ssize_t got;

		mutex_lock(&ri->file.tree_lock);
		page = page_get(ri, (unsigned long)(p / PAGE_SIZE));
		mutex_unlock(&ri->file.tree_lock);
		if (IS_ERR(page)) {
			err = PTR_ERR(page);
			break;
		}
		got = uio_copy_from(u, page + off, n);
		if (got < (ssize_t)n)
			scrub_tail(inode, page, p + MAX(got, 0), p + (loff_t)n);
		if (got < 0) {
			err = got;
			break;
		}
		done += (size_t)got;
		p += got;
		if ((size_t)got < n)
			break;
	}
	if (done) {
		if (p > inode->i_size)
			WRITE_ONCE(inode->i_size, p);
		inode_touch(inode);
		inode_remove_privs(inode);
	}
	mutex_unlock(&inode->i_mutex);
	*pos = p;
	return done ? (ssize_t)done : err;
}

/* SEEK_DATA and SEEK_HOLE know the holes (as tmpfs does); the rest is generic. */
static loff_t ramfs_llseek(struct file *f, loff_t off, int whence)
{
	struct inode *inode = f->f_inode;
	struct ramfs_inode *ri = RAMFS_I(inode);
	unsigned long index, next;
	loff_t r;

	if (whence != SEEK_DATA && whence != SEEK_HOLE)
		return generic_file_llseek(f, off, whence);
	mutex_lock(&inode->i_mutex);
	if (off < 0 || off >= inode->i_size) {
		mutex_unlock(&inode->i_mutex);
		return -ENXIO;
	}
	index = (unsigned long)(off / PAGE_SIZE);
	mutex_lock(&ri->file.tree_lock);
	if (whence == SEEK_DATA) {
		next = page_tree_next(&ri->file.pages, index);
		r = next == ~0UL ? -ENXIO : MAX(off, (loff_t)next * (loff_t)PAGE_SIZE);
		if (r >= inode->i_size)
			r = -ENXIO;
	} else {
		while (page_find(ri, index))
			index++;	/* at most nr_entries steps */
		r = MIN(MAX(off, (loff_t)index * (loff_t)PAGE_SIZE), inode->i_size);
	}
	mutex_unlock(&ri->file.tree_lock);
	mutex_unlock(&inode->i_mutex);
	if (r >= 0)
		f->f_pos = r;
	return r;
}

/* mmap: the page itself (a hole gets one), so shared mappings write the file. */
static struct page *ramfs_get_page(struct file *f, unsigned long index)
{
	struct inode *inode = f->f_inode;
	struct ramfs_inode *ri = RAMFS_I(inode);
	struct page *pg = NULL;
	void *va;

	if ((loff_t)index >= DIV_ROUND_UP(i_size_read(inode), (loff_t)PAGE_SIZE))
		return NULL;
	mutex_lock(&ri->file.tree_lock);
	va = page_get(ri, index);
	if (!IS_ERR(va)) {
		pg = virt_to_page(va);
		__atomic_add_fetch(&pg->refcount, 1, __ATOMIC_RELAXED);
	}
	mutex_unlock(&ri->file.tree_lock);
	return pg ? pg : (struct page *)va;
}

static struct page *ramfs_peek_page(struct file *f, unsigned long index)
{
	struct inode *inode = f->f_inode;
	struct ramfs_inode *ri = RAMFS_I(inode);
	struct page *pg = NULL;
	void *va;

	if ((loff_t)index >= DIV_ROUND_UP(i_size_read(inode), (loff_t)PAGE_SIZE))
		return NULL;
	mutex_lock(&ri->file.tree_lock);
	va = page_tree_find(&ri->file.pages, index);
	if (va) {
		pg = virt_to_page(va);
		__atomic_add_fetch(&pg->refcount, 1, __ATOMIC_RELAXED);
	}
	mutex_unlock(&ri->file.tree_lock);
	return pg;
}

const struct file_operations ramfs_file_fops = {
	.get_page = ramfs_get_page,
	.peek_page = ramfs_peek_page,
	.read = ramfs_read,
	.write = ramfs_write,
	.llseek = ramfs_llseek,
	.fsync = noop_fsync,
};
