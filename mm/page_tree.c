/*
 * Radix trees of pages by index (see <mm/page_tree.h>): pointer nodes of
 * one page each, 512 slots, up to four levels.
 */
#include <mm/page_tree.h>
#include <mm/page.h>
#include <lib/errno.h>

#define SLOT_SHIFT	(PAGE_SHIFT - 3)	/* 512 pointers per node */
#define SLOTS		(1UL << SLOT_SHIFT)
#define MAX_HEIGHT	4

_Static_assert(PAGE_TREE_MAX_BYTES == 1LL << (PAGE_SHIFT + MAX_HEIGHT * SLOT_SHIFT),
	       "the tree covers PAGE_TREE_MAX_BYTES");

static unsigned long tree_span(unsigned int height)	/* indexes under a root of height */
{
	return 1UL << (height * SLOT_SHIFT);
}

static unsigned int slot_of(unsigned long index, unsigned int level)
{
	return (unsigned int)((index >> ((level - 1) * SLOT_SHIFT)) & (SLOTS - 1));
}

void *page_tree_find(struct page_tree *t, unsigned long index)
{
	void **node = t->root;

	if (index >= tree_span(t->height))
		return NULL;
	for (unsigned int level = t->height; node && level > 1; level--)
		node = node[slot_of(index, level)];
	return node ? node[slot_of(index, 1)] : NULL;
}

void **page_tree_slot(struct page_tree *t, unsigned long index)
{
	void **node, **slot;

	if (index >= tree_span(MAX_HEIGHT))
		return ERR_PTR(-EFBIG);
	while (t->height == 0 || index >= tree_span(t->height)) {
		void **top = alloc_page_va(GFP_ZERO);

		if (!top)
			return ERR_PTR(-ENOMEM);
		top[0] = t->root;
		t->root = top;
		t->height++;
	}
	slot = &t->root;
	for (unsigned int level = t->height; level > 0; level--) {
		if (!*slot) {
			*slot = alloc_page_va(GFP_ZERO);
			if (!*slot)
				return ERR_PTR(-ENOMEM);
		}
		node = *slot;
		slot = &node[slot_of(index, level)];
	}
	return slot;
}

/*
 * Remove the entries at index >= from under node (covering indexes from
 * base, at level); frees node too if nothing is left in it. Returns true
 * if node was freed.
 */
static bool free_from(struct page_tree *t, void **node, unsigned int level, unsigned long base,
		      unsigned long from, void (*drop)(void *, void *), void *arg)
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
			if (drop)
				drop(node[i], arg);
			t->nr_entries--;
			node[i] = NULL;
		} else if (free_from(t, node[i], level - 1, first, from, drop, arg)) {
			node[i] = NULL;
		} else {
			empty = false;
		}
	}
	if (empty)
		free_page_va(node);
	return empty;
}

void page_tree_truncate(struct page_tree *t, unsigned long from,
			void (*drop)(void *entry, void *arg), void *arg)
{
	if (t->root && free_from(t, t->root, t->height, 0, from, drop, arg)) {
		t->root = NULL;
		t->height = 0;
	}
}

/* The first index >= from with an entry under node; ~0UL if none. */
static unsigned long next_entry(void **node, unsigned int level, unsigned long base,
				unsigned long from)
{
	unsigned long per_slot = tree_span(level - 1);

	for (unsigned long i = 0; i < SLOTS; i++) {
		unsigned long first = base + i * per_slot, found;

		if (!node[i] || first + per_slot <= from)
			continue;
		if (level == 1)
			return first;
		found = next_entry(node[i], level - 1, first, from);
		if (found != ~0UL)
			return found;
	}
	return ~0UL;
}

unsigned long page_tree_next(struct page_tree *t, unsigned long from)
{
	return t->root ? next_entry(t->root, t->height, 0, from) : ~0UL;
}
