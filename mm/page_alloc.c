/*
 * Physical page allocator: a binary buddy allocator over mem_map, with a
 * per-cpu cache of single pages in front of it.
 *
 * Buddy lists. A free block of 2^k pages starts at a pfn aligned to 2^k
 * (absolute pfns, so the rule holds whatever the span's base); its head
 * page carries PG_BUDDY and order k and sits on free_area[k], the other
 * pages carry no flag. The buddy of block (pfn, k) is (pfn ^ 2^k, k).
 * Freeing merges a block with its buddy for as long as the buddy is a
 * free head of the same order, so free memory always sits in maximal
 * blocks; allocating splits the smallest block that fits and gives the
 * upper halves back.
 *
 * Per-cpu caches. Each cpu keeps a list of order-0 pages (PG_PCP). A
 * single-page alloc or free touches only that list: refilled with
 * PCP_BATCH pages from the buddy lists when empty, drained by PCP_BATCH
 * (coldest first) once it holds more than PCP_HIGH. Each cache has a lock
 * of its own that only its cpu takes, except while pmm_drain_all() empties
 * every cache: an allocation that finds the buddy lists empty drains all
 * caches and tries once more, so NULL means memory is really gone.
 *
 * A block handed out has refcount 1 on its head page; free_pages() does
 * not look at the refcount (callers that share pages count themselves).
 *
 * Checks. Freeing a reserved page, a page that is already free (head or
 * inside a free block, or in a cache), a kmalloc page or a misaligned
 * block is a kernel bug and panics. Running out of memory never does.
 *
 * Lock order: pcp->lock (LOCK_PAGE_PCP) before zone_lock (LOCK_PAGE_ALLOC).
 */
#include <mm/page.h>
#include <kernel/config.h>
#include <kernel/cpu.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <asm/irq.h>

#define PCP_BATCH	16	/* pages moved at once between cache and buddy */
#define PCP_HIGH	64	/* drain a cache holding more than this */

/* Flags a page handed to free_pages() must not have. */
#define PG_NOT_ALLOCATED	(PG_RESERVED | PG_BUDDY | PG_PCP)
#define PG_KMALLOC		(PG_SLAB | PG_LARGE)

struct page *mem_map;			/* [I] set by pmm_init */
unsigned long mem_map_base_pfn;		/* [I] */
unsigned long mem_map_end_pfn;		/* [I] */

/*
 * Locking: [I] set by pmm_init, [z] zone_lock, [p] the cache's own lock.
 * page->flags, ->order and ->list belong to whoever holds the page's
 * state: zone_lock for PG_BUDDY, the cache's lock for PG_PCP, the owner
 * for an allocated page.
 */
struct free_area {
	struct list_head blocks;	/* [z] heads of free blocks */
	unsigned long nr;		/* [z] blocks on the list */
};

static struct spinlock zone_lock = SPINLOCK_INIT("page_alloc", LOCK_PAGE_ALLOC);
static struct free_area free_area[MAX_ORDER];	/* [z] */
static unsigned long nr_buddy_pages;	/* [z] pages on free_area; read racily */
static unsigned long nr_managed;	/* [z] pages ever given to pmm_add_free */

struct pcp {
	struct spinlock lock;
	struct list_head pages;		/* [p] PG_PCP pages, hottest first */
	unsigned int count;		/* [p] written under lock, read racily */
} __aligned(64);

static struct pcp pcps[NR_CPUS];

/* --- buddy lists (zone_lock held) --------------------------------------- */

static void buddy_link(struct page *p, unsigned int order)
{
	p->flags |= PG_BUDDY;
	p->order = (uint8_t)order;
	list_add(&p->list, &free_area[order].blocks);
	free_area[order].nr++;
	WRITE_ONCE(nr_buddy_pages, nr_buddy_pages + (1UL << order));
}

static void buddy_unlink(struct page *p, unsigned int order)
{
	list_del(&p->list);
	p->flags &= ~PG_BUDDY;
	free_area[order].nr--;
	WRITE_ONCE(nr_buddy_pages, nr_buddy_pages - (1UL << order));
}

/* Give block (p, order) to the buddy lists, merging as far as it goes. */
static void buddy_free(struct page *p, unsigned int order)
{
	unsigned long pfn = page_to_pfn(p);

	while (order < MAX_ORDER - 1) {
		unsigned long bpfn = pfn ^ (1UL << order);
		struct page *b;

		if (bpfn < mem_map_base_pfn || bpfn >= mem_map_end_pfn)
			break;
		b = pfn_to_page(bpfn);
		if (!(b->flags & PG_BUDDY) || b->order != order)
			break;
		buddy_unlink(b, order);
		pfn &= ~(1UL << order);
		order++;
	}
	buddy_link(pfn_to_page(pfn), order);
}

/* Take a block of 2^order pages, splitting a larger one if needed. */
static struct page *buddy_alloc(unsigned int order)
{
	unsigned int o = order;
	struct page *p;

	while (o < MAX_ORDER && list_empty(&free_area[o].blocks))
		o++;
	if (o == MAX_ORDER)
		return NULL;
	p = list_first_entry(&free_area[o].blocks, struct page, list);
	buddy_unlink(p, o);
	while (o > order) {
		o--;
		buddy_link(p + (1UL << o), o);
	}
	return p;
}

/*
 * Does a free buddy block contain pfn? Free blocks are aligned to their
 * size, so the only candidate heads are pfn rounded down to each order.
 * Exact under zone_lock; without it only a hint to be confirmed.
 */
static bool in_free_block(unsigned long pfn)
{
	for (unsigned int k = 0; k < MAX_ORDER; k++) {
		unsigned long h = ALIGN_DOWN(pfn, 1UL << k);
		struct page *hp;

		if (h < mem_map_base_pfn)
			break;
		hp = pfn_to_page(h);
		if ((READ_ONCE(hp->flags) & PG_BUDDY) &&
		    h + (1UL << READ_ONCE(hp->order)) > pfn)
			return true;
	}
	return false;
}

/* --- boot ----------------------------------------------------------------- */

size_t pmm_map_bytes(unsigned long base_pfn, unsigned long end_pfn)
{
	return ALIGN_UP((end_pfn - base_pfn) * sizeof(struct page), PAGE_SIZE);
}

void pmm_init(unsigned long base_pfn, unsigned long end_pfn, void *map)
{
	BUG_ON(!map || end_pfn <= base_pfn);
	mem_map = map;
	mem_map_base_pfn = base_pfn;
	mem_map_end_pfn = end_pfn;
	for (unsigned long i = 0; i < end_pfn - base_pfn; i++) {
		struct page *p = &mem_map[i];

		__builtin_memset(p, 0, sizeof(*p));
		list_init(&p->list);
		p->flags = PG_RESERVED;
	}
	spin_init(&zone_lock, "page_alloc", LOCK_PAGE_ALLOC);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		list_init(&free_area[o].blocks);
		free_area[o].nr = 0;
	}
	nr_buddy_pages = 0;
	nr_managed = 0;
	for (int i = 0; i < NR_CPUS; i++) {
		spin_init(&pcps[i].lock, "page_pcp", LOCK_PAGE_PCP);
		list_init(&pcps[i].pages);
		pcps[i].count = 0;
	}
}

/* Largest order of an aligned block at pfn that fits in n pages. */
static unsigned int fit_order(unsigned long pfn, unsigned long n)
{
	unsigned int o = MAX_ORDER - 1;

	while (o > 0 && (!IS_ALIGNED(pfn, 1UL << o) || (1UL << o) > n))
		o--;
	return o;
}

void pmm_add_free(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn;

	if (start_pfn < mem_map_base_pfn || end_pfn > mem_map_end_pfn) {
		pr_warn("pmm_add_free: [%#lx, %#lx) clipped to the page array\n",
			start_pfn, end_pfn);
		start_pfn = MAX(start_pfn, mem_map_base_pfn);
		end_pfn = MIN(end_pfn, mem_map_end_pfn);
	}
	if (start_pfn >= end_pfn)
		return;
	spin_lock(&zone_lock);
	for (pfn = start_pfn; pfn < end_pfn; pfn++)
		if (!(pfn_to_page(pfn)->flags & PG_RESERVED))
			panic("pmm_add_free: pfn %#lx is already free", pfn);
	for (pfn = start_pfn; pfn < end_pfn;) {
		unsigned int order = fit_order(pfn, end_pfn - pfn);
		struct page *p = pfn_to_page(pfn);

		for (unsigned long i = 0; i < (1UL << order); i++)
			p[i].flags &= ~PG_RESERVED;
		buddy_free(p, order);
		pfn += 1UL << order;
	}
	WRITE_ONCE(nr_managed, nr_managed + (end_pfn - start_pfn));
	spin_unlock(&zone_lock);
}

/* --- per-cpu caches -------------------------------------------------------- */

/* Move up to PCP_BATCH pages from the buddy lists. Caller holds pcp->lock. */
static void pcp_refill(struct pcp *pcp)
{
	spin_lock(&zone_lock);
	for (int i = 0; i < PCP_BATCH; i++) {
		struct page *p = buddy_alloc(0);

		if (!p)
			break;
		p->flags |= PG_PCP;
		list_add_tail(&p->list, &pcp->pages);
		WRITE_ONCE(pcp->count, pcp->count + 1);
	}
	spin_unlock(&zone_lock);
}

/* Give up to n of the coldest pages back. Caller holds pcp->lock. */
static void pcp_drain(struct pcp *pcp, unsigned int n)
{
	spin_lock(&zone_lock);
	while (n-- && !list_empty(&pcp->pages)) {
		struct page *p = list_entry(pcp->pages.prev, struct page, list);

		list_del(&p->list);
		WRITE_ONCE(pcp->count, pcp->count - 1);
		p->flags &= ~PG_PCP;
		buddy_free(p, 0);
	}
	spin_unlock(&zone_lock);
}

static struct page *pcp_alloc(void)
{
	struct page *p = NULL;
	struct pcp *pcp;

	irq_push_off();
	pcp = &pcps[cpu_id()];
	spin_lock(&pcp->lock);
	if (list_empty(&pcp->pages))
		pcp_refill(pcp);
	if (!list_empty(&pcp->pages)) {
		p = list_first_entry(&pcp->pages, struct page, list);
		list_del(&p->list);
		WRITE_ONCE(pcp->count, pcp->count - 1);
		p->flags &= ~PG_PCP;
	}
	spin_unlock(&pcp->lock);
	irq_pop_off();
	return p;
}

static void pcp_free(struct page *p)
{
	struct pcp *pcp;

	irq_push_off();
	pcp = &pcps[cpu_id()];
	spin_lock(&pcp->lock);
	p->flags |= PG_PCP;
	list_add(&p->list, &pcp->pages);
	WRITE_ONCE(pcp->count, pcp->count + 1);
	if (pcp->count > PCP_HIGH)
		pcp_drain(pcp, PCP_BATCH);
	spin_unlock(&pcp->lock);
	irq_pop_off();
}

void pmm_drain_all(void)
{
	for (int i = 0; i < NR_CPUS; i++) {
		struct pcp *pcp = &pcps[i];

		if (!READ_ONCE(pcp->count))
			continue;
		spin_lock(&pcp->lock);
		pcp_drain(pcp, ~0U);
		spin_unlock(&pcp->lock);
	}
}

/* --- allocation ------------------------------------------------------------ */

#define MAX_SHRINKERS	4
static size_t (*shrinkers[MAX_SHRINKERS])(size_t bytes);	/* [a] */

void pmm_register_shrinker(size_t (*fn)(size_t bytes))
{
	for (int i = 0; i < MAX_SHRINKERS; i++) {
		size_t (*none)(size_t) = NULL;

		if (__atomic_compare_exchange_n(&shrinkers[i], &none, fn, false,
						__ATOMIC_RELEASE, __ATOMIC_RELAXED))
			return;
	}
	panic("pmm: more than %d shrinkers", MAX_SHRINKERS);
}

/*
 * Ask the caches to give memory back, if the caller may let them: no
 * spinlock held, interrupts on (a shrinker takes its own locks and
 * frees). True if they freed something.
 */
static bool shrink(size_t bytes)
{
	size_t got = 0;

	if (!arch_irqs_enabled() || this_cpu()->irq_depth)
		return false;
	for (int i = 0; i < MAX_SHRINKERS; i++) {
		size_t (*fn)(size_t) = __atomic_load_n(&shrinkers[i], __ATOMIC_ACQUIRE);

		if (fn)
			got += fn(bytes);
	}
	return got > 0;
}

static struct page *try_alloc(unsigned int order)
{
	struct page *p;

	if (order == 0)
		return pcp_alloc();
	spin_lock(&zone_lock);
	p = buddy_alloc(order);
	spin_unlock(&zone_lock);
	return p;
}

/* A block leaving the allocator: sanity-check it and set it up. */
static void prep_new(struct page *p, unsigned int order, unsigned int gfp)
{
	if (DEBUG_BUILD) {
		for (unsigned long i = 0; i < (1UL << order); i++)
			if (p[i].flags)
				panic("alloc_pages: pfn %#lx has flags %#x (free lists corrupt)",
				      page_to_pfn(&p[i]), p[i].flags);
	}
	p->order = (uint8_t)order;
	p->refcount = 1;
	if (gfp & GFP_ZERO)
		__builtin_memset(page_address(p), 0, PAGE_SIZE << order);
}

struct page *alloc_pages(unsigned int order, unsigned int gfp)
{
	struct page *p;

	if (order >= MAX_ORDER)
		return NULL;
	p = try_alloc(order);
	if (!p) {
		/* Pages parked in other cpus' caches still count. */
		pmm_drain_all();
		p = try_alloc(order);
	}
	/* then what caches hold: a few times, since others may take what they free */
	for (int tries = 0; !p && tries < 3 && shrink(PAGE_SIZE << (order + 4)); tries++) {
		pmm_drain_all();
		p = try_alloc(order);
	}
	if (!p)
		return NULL;
	prep_new(p, order, gfp);
	return p;
}

/* --- freeing --------------------------------------------------------------- */

/* Panic unless (p, order) looks like a block alloc_pages() handed out. */
static void check_free(const struct page *p, unsigned int order)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)mem_map;
	unsigned long span = mem_map_end_pfn - mem_map_base_pfn;
	unsigned long idx = off / sizeof(struct page), pfn;
	uint32_t flags;

	if ((uintptr_t)p < (uintptr_t)mem_map || off % sizeof(struct page) ||
	    order >= MAX_ORDER || idx >= span || (1UL << order) > span - idx)
		panic("free_pages: %p (order %u) is not a page block", p, order);
	pfn = page_to_pfn(p);
	if (!IS_ALIGNED(pfn, 1UL << order))
		panic("free_pages: pfn %#lx not aligned to order %u", pfn, order);
	flags = READ_ONCE(p->flags);
	if (flags & PG_RESERVED)
		panic("free_pages: pfn %#lx is reserved", pfn);
	if (flags & (PG_BUDDY | PG_PCP))
		panic("free_pages: double free of pfn %#lx", pfn);
	if (flags & PG_KMALLOC)
		panic("free_pages: pfn %#lx belongs to kmalloc", pfn);
	if (DEBUG_BUILD) {
		for (unsigned long i = 1; i < (1UL << order); i++)
			if (READ_ONCE(p[i].flags) & PG_NOT_ALLOCATED)
				panic("free_pages: block %#lx/%u holds free or reserved pfn %#lx",
				      pfn, order, pfn + i);
	}
}

void free_pages(struct page *p, unsigned int order)
{
	unsigned long pfn;
	bool bad;

	check_free(p, order);
	pfn = page_to_pfn(p);
	if (order == 0 && DEBUG_BUILD && in_free_block(pfn)) {
		spin_lock(&zone_lock);		/* confirm the hint */
		bad = in_free_block(pfn);
		spin_unlock(&zone_lock);
		if (bad)
			panic("free_pages: double free of pfn %#lx", pfn);
	}
	p->refcount = 0;
	if (order == 0) {
		pcp_free(p);
		return;
	}
	spin_lock(&zone_lock);
	if (in_free_block(pfn))
		panic("free_pages: double free of pfn %#lx (order %u)", pfn, order);
	buddy_free(p, order);
	spin_unlock(&zone_lock);
}

void *alloc_page_va(unsigned int gfp)
{
	struct page *p = alloc_pages(0, gfp);

	return p ? page_address(p) : NULL;
}

void free_page_va(void *va)
{
	unsigned long pfn;

	if (!va)
		return;
	pfn = virt_to_phys(va) >> PAGE_SHIFT;
	if (!pfn_valid(pfn) || !IS_ALIGNED((uintptr_t)va, PAGE_SIZE))
		panic("free_page_va: %p is not a page", va);
	free_pages(pfn_to_page(pfn), 0);
}

/* --- statistics ------------------------------------------------------------ */

/* Exact when no allocation runs concurrently; a snapshot otherwise. */
unsigned long pmm_free_count(void)
{
	unsigned long n = READ_ONCE(nr_buddy_pages);

	for (int i = 0; i < NR_CPUS; i++)
		n += READ_ONCE(pcps[i].count);
	return n;
}

unsigned long pmm_total_count(void)
{
	return READ_ONCE(nr_managed);
}
