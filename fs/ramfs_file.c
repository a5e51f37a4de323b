/*
 * ramfs file data: pages found through a radix tree of pointer pages.
 *
 * A tree of height h covers 512^h pages: height 1 is one node of 512
 * data-page pointers (2 MiB), and each level above multiplies by 512, up
 * to RAMFS_MAX_BYTES. Pages and nodes are allocated on first write, so
 * a hole (never written, or cut off by truncate and grown again) has no
 * page and reads as zeros. The tree only grows in height; truncation
 * frees the pages past the new size and the nodes left empty.
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

#define SLOT_SHIFT	(PAGE_SHIFT - 3)	/* 512 pointers per node */
#define SLOTS		(1UL << SLOT_SHIFT)
#define MAX_HEIGHT	4

_Static_assert(RAMFS_MAX_BYTES == 1LL << (PAGE_SHIFT + MAX_HEIGHT * SLOT_SHIFT),
	       "the tree covers RAMFS_MAX_BYTES");

/* Drop the file's reference to a data page (a mapping may hold more). */
static void data_page_put(void *va)
{
	struct page *pg = virt_to_page(va);

	if (__atomic_sub_fetch(&pg->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		free_pages(pg, 0);
}

static unsigned long tree_span(unsigned int height)	/* pages under a root of height */
{
	return 1UL << (height * SLOT_SHIFT);
}

static unsigned int slot_of(unsigned long index, unsigned int level)
{
	return (unsigned int)((index >> ((level - 1) * SLOT_SHIFT)) & (SLOTS - 1));
}

/* The data page for index, or NULL (a hole). */
static void *page_find(struct ramfs_inode *ri, unsigned long index)
{
	void **node = ri->file.root;

	if (index >= tree_span(ri->file.height))
		return NULL;
	for (unsigned int level = ri->file.height; node && level > 1; level--)
		node = node[slot_of(index, level)];
	return node ? node[slot_of(index, 1)] : NULL;
}

/*
 * The data page for index, allocated (zeroed) if missing; ERR_PTR
 * -ENOMEM, or -ENOSPC past the instance's limit (tmpfs).
 */
static void *page_get(struct ramfs_inode *ri, unsigned long index)
{
	void **node, **slot;

	while (ri->file.height == 0 || index >= tree_span(ri->file.height)) {
		void **top = alloc_page_va(GFP_ZERO);

		if (!top)
			return ERR_PTR(-ENOMEM);
		top[0] = ri->file.root;
		ri->file.root = top;
		ri->file.height++;
	}
	slot = &ri->file.root;
	for (unsigned int level = ri->file.height; level > 0; level--) {
		if (!*slot) {
			*slot = alloc_page_va(GFP_ZERO);
			if (!*slot)
				return ERR_PTR(-ENOMEM);
		}
		node = *slot;
		slot = &node[slot_of(index, level)];
	}
	if (!*slot) {
		if (!ramfs_charge_pages(ri->vfs.i_sb, 1))
			return ERR_PTR(-ENOSPC);
		*slot = alloc_page_va(GFP_ZERO);
		if (!*slot) {
			ramfs_uncharge_pages(ri->vfs.i_sb, 1);
			return ERR_PTR(-ENOMEM);
		}
		ri->file.nr_pages++;
		ri->vfs.i_blocks = ri->file.nr_pages * (PAGE_SIZE / 512);
	}
	return *slot;
}

/*
 * Free the pages at index >= from under node (covering pages from base,
 * at level); frees node too if nothing is left in it. Returns true if
 * node was freed.
 */
static bool free_from(struct ramfs_inode *ri, void **node, unsigned int level,
		      unsigned long base, unsigned long from)
{
	unsigned long per_slot = tree_span(level - 1);
	bool empty = true;

	for (unsigned long i = 0; i < SLOTS; i++) {
		unsigned long first = base + i * per_slot;

		if (!node[i])
			continue;
		if (first + per_slot <= from) {
			empty = false;
			continue;
		}
		if (level == 1) {
			data_page_put(node[i]);
			ri->file.nr_pages--;
			ramfs_uncharge_pages(ri->vfs.i_sb, 1);
			node[i] = NULL;
		} else if (free_from(ri, node[i], level - 1, first, from)) {
			node[i] = NULL;
		} else {
			empty = false;
		}
	}
	if (empty)
		free_page_va(node);
	return empty;
}

/*
 * The first index >= from with a page, under node (covering pages from
 * base, at level); ~0UL if none. Empty subtrees are skipped whole.
 */
static unsigned long next_page(void **node, unsigned int level, unsigned long base,
			       unsigned long from)
{
	unsigned long per_slot = tree_span(level - 1);

	for (unsigned long i = 0; i < SLOTS; i++) {
		unsigned long first = base + i * per_slot, found;

		if (!node[i] || first + per_slot <= from)
			continue;
		if (level == 1)
			return first;
		found = next_page(node[i], level - 1, first, from);
		if (found != ~0UL)
			return found;
	}
	return ~0UL;
}

static void free_pages_from(struct ramfs_inode *ri, unsigned long from)
{
	if (ri->file.root && free_from(ri, ri->file.root, ri->file.height, 0, from)) {
		ri->file.root = NULL;
		ri->file.height = 0;
	}
	ri->vfs.i_blocks = ri->file.nr_pages * (PAGE_SIZE / 512);
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
		next = ri->file.root ? next_page(ri->file.root, ri->file.height, 0, index) : ~0UL;
		r = next == ~0UL ? -ENXIO : MAX(off, (loff_t)next * (loff_t)PAGE_SIZE);
		if (r >= inode->i_size)
			r = -ENXIO;
	} else {
		while (page_find(ri, index))
			index++;	/* at most nr_pages steps */
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

const struct file_operations ramfs_file_fops = {
	.get_page = ramfs_get_page,
	.read = ramfs_read,
	.write = ramfs_write,
	.llseek = ramfs_llseek,
	.fsync = noop_fsync,
};
