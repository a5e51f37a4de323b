/*
 * A radix tree of page-aligned pointers by page index: the page cache of
 * a file (ramfs keeps its data in one; FAT caches file data in one).
 *
 * A tree of height h covers 512^h indexes: height 1 is one node of 512
 * slots (2 MiB of pages), each level above multiplies by 512, up to
 * 2^36 indexes (PAGE_TREE_MAX_BYTES). Nodes are pages, allocated as
 * slots are asked for; the tree only grows in height, and
 * page_tree_truncate frees the nodes it leaves empty.
 *
 * Entries are pointers to page-aligned memory, so the low bits of a slot
 * are the owner's to use as tags (PAGE_TREE_TAG_MASK). The caller
 * serializes every call on one tree.
 */
#ifndef MM_PAGE_TREE_H
#define MM_PAGE_TREE_H

#include <lib/compiler.h>
#include <asm/memlayout.h>

#define PAGE_TREE_MAX_BYTES	(1LL << 48)
#define PAGE_TREE_TAG_MASK	((uintptr_t)(PAGE_SIZE - 1))

struct page_tree {
	void *root;
	unsigned int height;		/* 0: empty */
	unsigned long nr_entries;
};

static inline void *page_tree_ptr(void *entry)
{
	return (void *)((uintptr_t)entry & ~PAGE_TREE_TAG_MASK);
}

/* The entry at index, or NULL. */
void *page_tree_find(struct page_tree *t, unsigned long index);
/*
 * The slot for index, nodes allocated as needed; ERR_PTR(-ENOMEM), or
 * ERR_PTR(-EFBIG) past PAGE_TREE_MAX_BYTES. Storing into an empty slot
 * must be followed by t->nr_entries++.
 */
void **page_tree_slot(struct page_tree *t, unsigned long index);
/*
 * Remove every entry at index >= from, calling drop(entry, arg) on each
 * (NULL drop: nothing); empty nodes are freed.
 */
void page_tree_truncate(struct page_tree *t, unsigned long from,
			void (*drop)(void *entry, void *arg), void *arg);
/* The first index >= from that has an entry; ~0UL if none. */
unsigned long page_tree_next(struct page_tree *t, unsigned long from);

#endif
