/*
 * Physical page allocator.
 *
 * Every physical page between the lowest and highest usable RAM address
 * has a struct page in one array (mem_map), so pfn <-> struct page is an
 * index computation. Free pages live in a binary buddy allocator (orders
 * 0 .. MAX_ORDER-1) behind one lock; each cpu keeps a small cache of
 * order-0 pages so the common single-page allocation and free touch no
 * shared lock. Running out of memory returns NULL, never panics.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include <lib/compiler.h>
#include <lib/list.h>
#include <asm/memlayout.h>

#define MAX_ORDER	11	/* largest block: 2^10 pages = 4 MiB */

/* page->flags */
#define PG_RESERVED	(1U << 0)	/* not RAM, or kernel/firmware/initrd */
#define PG_BUDDY	(1U << 1)	/* free, head of a buddy block of page->order */
#define PG_PCP		(1U << 2)	/* free, in a per-cpu cache */
#define PG_SLAB		(1U << 3)	/* owned by a kmalloc slab */
#define PG_LARGE	(1U << 4)	/* head of a multi-page kmalloc block */

struct kmem_cache;

struct page {
	struct list_head list;		/* free list, pcp list or slab list */
	uint32_t flags;
	uint8_t order;			/* for PG_BUDDY and PG_LARGE heads */
	int32_t refcount;		/* [a] users of an allocated page */
	union {
		struct {		/* PG_SLAB */
			struct kmem_cache *cache;
			void *freelist;
			uint16_t inuse;
		} slab;
	};
};

/* gfp flags */
#define GFP_KERNEL	0U
#define GFP_ZERO	(1U << 0)	/* return zeroed memory */

extern struct page *mem_map;
extern unsigned long mem_map_base_pfn;
extern unsigned long mem_map_end_pfn;

/* Does pfn have a struct page (lie in the span given to pmm_init)? */
static inline bool pfn_valid(unsigned long pfn)
{
	return pfn >= mem_map_base_pfn && pfn < mem_map_end_pfn;
}

static inline unsigned long page_to_pfn(const struct page *p)
{
	return (unsigned long)(p - mem_map) + mem_map_base_pfn;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + (pfn - mem_map_base_pfn);
}

static inline phys_addr_t page_to_phys(const struct page *p)
{
	return (phys_addr_t)page_to_pfn(p) << PAGE_SHIFT;
}

static inline void *page_address(const struct page *p)
{
	return phys_to_virt(page_to_phys(p));
}

static inline struct page *virt_to_page(const void *va)
{
	return pfn_to_page(virt_to_phys(va) >> PAGE_SHIFT);
}

/*
 * Boot-time setup: the span [base_pfn, end_pfn) gets a struct page array
 * at 'map' (map_pages pages of direct-mapped memory the caller set aside);
 * every page starts reserved. pmm_add_free() then frees usable ranges.
 */
void pmm_init(unsigned long base_pfn, unsigned long end_pfn, void *map);
size_t pmm_map_bytes(unsigned long base_pfn, unsigned long end_pfn);
void pmm_add_free(unsigned long start_pfn, unsigned long end_pfn);

struct page *alloc_pages(unsigned int order, unsigned int gfp);
void free_pages(struct page *p, unsigned int order);

/* One page, as a direct-map address; NULL when out of memory. */
void *alloc_page_va(unsigned int gfp);
void free_page_va(void *va);

/* Pages free, counting those in per-cpu caches. */
unsigned long pmm_free_count(void);
unsigned long pmm_total_count(void);
/* Give every per-cpu cache back to the buddy lists (exact counts for tests). */
void pmm_drain_all(void);
/*
 * A cache that frees memory on request, called with the bytes wanted
 * when an allocation fails (outside any spinlock); returns bytes freed.
 */
void pmm_register_shrinker(size_t (*fn)(size_t bytes));

#endif
