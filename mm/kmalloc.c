/*
 * Kernel object allocator.
 *
 * A kmem cache hands out objects of one size. Objects live in slabs: a
 * naturally aligned block of 2^order pages from alloc_pages(), every page
 * of it marked PG_SLAB and pointing at its cache, so any object address
 * leads to its cache, and rounding its pfn down to the slab order leads to
 * the head page. The head keeps the slab's free list (threaded through the
 * first word of each free object) and the count of objects handed out.
 * Under the cache lock a cache sorts its slabs into partial, full and
 * empty lists; it keeps one empty slab as a spare and gives any other
 * empty slab back to the page allocator.
 *
 * In front of the slabs each cpu has a magazine: a small stack of free
 * objects. Allocation and free touch only the local magazine, so the
 * fast path takes no shared lock. An empty magazine is refilled with a
 * batch from the slabs (growing the cache if needed); a full one gives its
 * oldest batch back. A magazine's lock is taken by its own cpu only,
 * except when kmalloc_shrink() empties every magazine from one cpu.
 *
 * kmalloc() rounds a request up to a size class and uses that class's
 * cache; above KMALLOC_MAX_CACHE_SIZE it takes whole pages and marks the
 * head PG_LARGE with its order, so kfree() and ksize() know what they got.
 * When no page can be had, the allocator shrinks every cache (magazines
 * and spare slabs back to the page allocator) and tries once more before
 * returning NULL.
 *
 * Lock order: magazine lock (LOCK_KMALLOC_CPU), then the cache lock
 * (LOCK_KMALLOC), then the page allocator's locks.
 */
#include <mm/kmalloc.h>
#include <mm/page.h>
#include <kernel/config.h>
#include <kernel/cpu.h>
#include <kernel/panic.h>
#include <kernel/spinlock.h>

#define KMEM_MAG_SIZE		16	/* objects a magazine holds */
#define KMEM_MAG_BATCH		8	/* moved at once between magazine and slabs */
#define KMEM_MIN_ALIGN		8
#define KMEM_MAX_SLAB_ORDER	3	/* slabs of at most 8 pages */

BUILD_BUG_ON((PAGE_SIZE << KMEM_MAX_SLAB_ORDER) / KMEM_MIN_ALIGN > UINT16_MAX);

/*
 * Locking: [I] set at creation, [m] the magazine's lock, [l] c->lock.
 * A slab's head page fields (list, slab.freelist, slab.inuse) are [l].
 */
struct kmem_cpu {
	struct spinlock lock;
	unsigned int count;			/* [m] */
	void *objs[KMEM_MAG_SIZE];		/* [m] free objects, newest last */
} __aligned(64);

struct kmem_cache {
	const char *name;			/* [I] caller keeps it alive */
	size_t obj_size;			/* [I] object stride */
	unsigned int order;			/* [I] a slab is 2^order pages */
	unsigned int objs_per_slab;		/* [I] */
	struct kmem_cache *next;		/* [I] link on cache_list */
	struct spinlock lock;
	struct list_head partial;		/* [l] slabs with some objects free */
	struct list_head full;			/* [l] slabs with none free */
	struct list_head empty;			/* [l] at most one spare slab */
	struct kmem_cpu cpu[NR_CPUS];
};

static struct kmem_cache *cache_list;		/* [a] every cache, newest first */

static const size_t kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048,
};
static const char *const kmalloc_names[] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96",
	"kmalloc-128", "kmalloc-192", "kmalloc-256", "kmalloc-512",
	"kmalloc-1024", "kmalloc-2048",
};
static struct kmem_cache *kmalloc_caches[ARRAY_SIZE(kmalloc_sizes)];	/* [I] */

BUILD_BUG_ON(ARRAY_SIZE(kmalloc_names) != ARRAY_SIZE(kmalloc_sizes));

/* --- slabs ------------------------------------------------------------------ */

static struct page *obj_slab(const struct kmem_cache *c, const void *obj)
{
	unsigned long pfn = virt_to_phys(obj) >> PAGE_SHIFT;

	return pfn_to_page(ALIGN_DOWN(pfn, 1UL << c->order));
}

/* Is p the start of an object of slab s? */
static bool slab_has_obj(const struct kmem_cache *c, const struct page *s, const void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)page_address(s);

	return off < (uintptr_t)c->objs_per_slab * c->obj_size && off % c->obj_size == 0;
}

static struct page *slab_new(struct kmem_cache *c)
{
	struct page *s = alloc_pages(c->order, GFP_KERNEL);
	char *base;
	void *next = NULL;

	if (!s)
		return NULL;
	for (unsigned int i = 0; i < (1U << c->order); i++) {
		s[i].flags |= PG_SLAB;
		s[i].slab.cache = c;
	}
	base = page_address(s);
	for (unsigned int i = c->objs_per_slab; i-- > 0;) {
		void *obj = base + (size_t)i * c->obj_size;

		*(void **)obj = next;
		next = obj;
	}
	s->slab.freelist = next;
	s->slab.inuse = 0;
	return s;
}

/* Give the slabs on 'release' (not on any cache list) back to the pages. */
static void slab_release_all(struct kmem_cache *c, struct list_head *release)
{
	struct page *s, *tmp;

	list_for_each_entry_safe(s, tmp, release, list) {
		list_del(&s->list);
		for (unsigned int i = 0; i < (1U << c->order); i++) {
			s[i].flags &= ~PG_SLAB;
			s[i].slab.cache = NULL;
		}
		s->slab.freelist = NULL;
		free_pages(s, c->order);
	}
}

/* The list slab s belongs on. Caller holds c->lock. */
static struct list_head *slab_list(struct kmem_cache *c, const struct page *s)
{
	if (s->slab.inuse == 0)
		return &c->empty;
	if (s->slab.inuse == c->objs_per_slab)
		return &c->full;
	return &c->partial;
}

static struct page *slab_with_free(struct kmem_cache *c)
{
	if (!list_empty(&c->partial))
		return list_first_entry(&c->partial, struct page, list);
	if (!list_empty(&c->empty))
		return list_first_entry(&c->empty, struct page, list);
	return NULL;
}

/* Caller holds c->lock; s has a free object. */
static void *slab_pop(struct kmem_cache *c, struct page *s)
{
	void *obj = s->slab.freelist;
	void *next = *(void **)obj;

	if (next && !slab_has_obj(c, s, next))
		panic("kmem %s: free list of slab %p corrupt (write after free?)",
		      c->name, page_address(s));
	s->slab.freelist = next;
	s->slab.inuse++;
	return obj;
}

/*
 * Put obj back on its slab. A slab that becomes empty while the cache
 * already has a spare goes on 'release'. Caller holds c->lock.
 */
static void slab_push(struct kmem_cache *c, void *obj, struct list_head *release)
{
	struct page *s = obj_slab(c, obj);

	if (s->slab.inuse == 0)
		panic("kmem %s: double free of %p", c->name, obj);
	if (DEBUG_BUILD) {
		void *f = s->slab.freelist;

		for (unsigned int n = 0; f && n < c->objs_per_slab; n++, f = *(void **)f)
			if (f == obj)
				panic("kmem %s: double free of %p", c->name, obj);
	}
	*(void **)obj = s->slab.freelist;
	s->slab.freelist = obj;
	s->slab.inuse--;
	list_del(&s->list);
	if (s->slab.inuse == 0 && !list_empty(&c->empty))
		list_add(&s->list, release);
	else
		list_add(&s->list, slab_list(c, s));
}

/* --- magazines -------------------------------------------------------------- */

/* Fill the empty magazine m; false if no object could be had. Caller holds m->lock. */
static bool mag_refill(struct kmem_cache *c, struct kmem_cpu *m)
{
	spin_lock(&c->lock);
	while (m->count < KMEM_MAG_BATCH) {
		struct page *s = slab_with_free(c);

		if (!s) {
			if (m->count)
				break;
			spin_unlock(&c->lock);
			s = slab_new(c);
			spin_lock(&c->lock);
			if (!s)
				break;
			list_add(&s->list, &c->partial);
		}
		while (m->count < KMEM_MAG_BATCH && s->slab.freelist)
			m->objs[m->count++] = slab_pop(c, s);
		list_del(&s->list);
		list_add(&s->list, slab_list(c, s));
	}
	spin_unlock(&c->lock);
	return m->count > 0;
}

/* Give the n oldest objects of m back to their slabs. Caller holds m->lock. */
static void mag_flush(struct kmem_cache *c, struct kmem_cpu *m, unsigned int n)
{
	LIST_HEAD(release);

	spin_lock(&c->lock);
	for (unsigned int i = 0; i < n; i++)
		slab_push(c, m->objs[i], &release);
	spin_unlock(&c->lock);
	for (unsigned int i = n; i < m->count; i++)
		m->objs[i - n] = m->objs[i];
	m->count -= n;
	slab_release_all(c, &release);
}

/* Empty every magazine of c, then give its spare slab back. */
static void cache_shrink(struct kmem_cache *c)
{
	LIST_HEAD(release);

	for (int i = 0; i < NR_CPUS; i++) {
		struct kmem_cpu *m = &c->cpu[i];

		spin_lock(&m->lock);
		mag_flush(c, m, m->count);
		spin_unlock(&m->lock);
	}
	spin_lock(&c->lock);
	while (!list_empty(&c->empty)) {
		struct page *s = list_first_entry(&c->empty, struct page, list);

		list_del(&s->list);
		list_add(&s->list, &release);
	}
	spin_unlock(&c->lock);
	slab_release_all(c, &release);
}

void kmalloc_shrink(void)
{
	struct kmem_cache *c = __atomic_load_n(&cache_list, __ATOMIC_ACQUIRE);

	for (; c; c = c->next)
		cache_shrink(c);
}

/* --- checks ----------------------------------------------------------------- */

/* The page under a pointer kmalloc handed out; panics if there is none. */
static struct page *heap_page(const void *p, const char *who)
{
	unsigned long pfn = virt_to_phys(p) >> PAGE_SHIFT;

	if (!pfn_valid(pfn))
		panic("%s: %p is not heap memory", who, p);
	return pfn_to_page(pfn);
}

/* Panic unless obj is the start of an object of cache c. */
static void check_obj(const struct kmem_cache *c, const void *obj, const char *who)
{
	const struct page *pg = heap_page(obj, who);

	if (!(READ_ONCE(pg->flags) & PG_SLAB) || pg->slab.cache != c)
		panic("%s: %p is not an object of %s", who, obj, c->name);
	if (!slab_has_obj(c, obj_slab(c, obj), obj))
		panic("%s: %p is not the start of an object of %s", who, obj, c->name);
}

/* --- caches ------------------------------------------------------------------ */

static void *kmalloc_large(size_t size, unsigned int gfp);

/* Smallest slab order that wastes at most an eighth of the slab. */
static unsigned int slab_order(size_t obj_size)
{
	for (unsigned int o = 0; o < KMEM_MAX_SLAB_ORDER; o++) {
		size_t bytes = PAGE_SIZE << o;

		if (obj_size <= bytes && bytes % obj_size <= bytes / 8)
			return o;
	}
	return KMEM_MAX_SLAB_ORDER;
}

static void cache_register(struct kmem_cache *c)
{
	struct kmem_cache *old = __atomic_load_n(&cache_list, __ATOMIC_RELAXED);

	do {
		c->next = old;
	} while (!__atomic_compare_exchange_n(&cache_list, &old, c, true,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/*
 * A cache of objects of 'size' bytes aligned to 'align' (a power of two up
 * to PAGE_SIZE; 0 means KMEM_MIN_ALIGN). NULL for impossible arguments, or
 * objects over 32 KiB (use alloc_pages), or when out of memory.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c;
	size_t obj_size;

	if (!align)
		align = KMEM_MIN_ALIGN;
	if (!size || size > (PAGE_SIZE << KMEM_MAX_SLAB_ORDER) ||
	    (align & (align - 1)) || align > PAGE_SIZE)
		return NULL;
	align = MAX(align, (size_t)KMEM_MIN_ALIGN);
	obj_size = ALIGN_UP(size, align);
	if (obj_size > (PAGE_SIZE << KMEM_MAX_SLAB_ORDER))
		return NULL;
	c = kmalloc_large(sizeof(*c), GFP_ZERO);
	if (!c)
		return NULL;
	c->name = name;
	c->obj_size = obj_size;
	c->order = slab_order(obj_size);
	c->objs_per_slab = (unsigned int)((PAGE_SIZE << c->order) / obj_size);
	spin_init(&c->lock, name, LOCK_KMALLOC);
	list_init(&c->partial);
	list_init(&c->full);
	list_init(&c->empty);
	for (int i = 0; i < NR_CPUS; i++)
		spin_init(&c->cpu[i].lock, "kmem_cpu", LOCK_KMALLOC_CPU);
	cache_register(c);
	return c;
}

static void *cache_alloc_once(struct kmem_cache *c)
{
	struct kmem_cpu *m;
	void *obj = NULL;

	irq_push_off();
	m = &c->cpu[cpu_id()];
	spin_lock(&m->lock);
	if (m->count || mag_refill(c, m))
		obj = m->objs[--m->count];
	spin_unlock(&m->lock);
	irq_pop_off();
	return obj;
}

void *kmem_cache_alloc(struct kmem_cache *c, unsigned int gfp)
{
	void *obj = cache_alloc_once(c);

	if (!obj) {
		kmalloc_shrink();
		obj = cache_alloc_once(c);
		if (!obj)
			return NULL;
	}
	if (gfp & GFP_ZERO)
		__builtin_memset(obj, 0, c->obj_size);
	return obj;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct kmem_cpu *m;

	if (!obj)
		return;
	check_obj(c, obj, "kmem_cache_free");
	irq_push_off();
	m = &c->cpu[cpu_id()];
	spin_lock(&m->lock);
	for (unsigned int i = 0; i < m->count; i++)
		if (m->objs[i] == obj)
			panic("kmem_cache_free: double free of %p (%s)", obj, c->name);
	if (m->count == KMEM_MAG_SIZE)
		mag_flush(c, m, KMEM_MAG_BATCH);
	m->objs[m->count++] = obj;
	spin_unlock(&m->lock);
	irq_pop_off();
}

/* --- kmalloc ------------------------------------------------------------------ */

/*
 * Call once the page allocator runs. (Host tests call it again after each
 * pmm_init(); the caches of the previous memory are forgotten.)
 */
void kmalloc_init(void)
{
	__atomic_store_n(&cache_list, NULL, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		size_t size = kmalloc_sizes[i];
		size_t align = (size & (size - 1)) ? KMEM_MIN_ALIGN : size;

		kmalloc_caches[i] = kmem_cache_create(kmalloc_names[i], size, align);
		if (!kmalloc_caches[i])
			panic("kmalloc_init: no memory for %s", kmalloc_names[i]);
	}
}

static void *kmalloc_large(size_t size, unsigned int gfp)
{
	unsigned int order = 0;
	struct page *p;

	if (size > (PAGE_SIZE << (MAX_ORDER - 1)))
		return NULL;
	while ((PAGE_SIZE << order) < size)
		order++;
	p = alloc_pages(order, gfp);
	if (!p) {
		kmalloc_shrink();
		p = alloc_pages(order, gfp);
		if (!p)
			return NULL;
	}
	p->flags |= PG_LARGE;
	p->order = (uint8_t)order;
	return page_address(p);
}

/* kmalloc(0) returns a smallest object, which kfree() takes back. */
void *kmalloc(size_t size, unsigned int gfp)
{
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	for (unsigned int i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		if (size <= kmalloc_sizes[i]) {
			BUG_ON(!kmalloc_caches[i]);	/* before kmalloc_init() */
			return kmem_cache_alloc(kmalloc_caches[i], gfp);
		}
	}
	return NULL;	/* not reached */
}

void *kzalloc(size_t size)
{
	return kmalloc(size, GFP_ZERO);
}

void kfree(const void *ptr)
{
	void *p = (void *)(uintptr_t)ptr;
	struct page *pg;
	uint32_t flags;

	if (!p)
		return;
	pg = heap_page(p, "kfree");
	flags = READ_ONCE(pg->flags);
	if (flags & PG_SLAB) {
		kmem_cache_free(pg->slab.cache, p);
	} else if ((flags & PG_LARGE) && p == page_address(pg)) {
		pg->flags &= ~PG_LARGE;
		free_pages(pg, pg->order);
	} else {
		panic("kfree: %p was not allocated by kmalloc", p);
	}
}

size_t ksize(const void *p)
{
	const struct page *pg;

	if (!p)
		return 0;
	pg = heap_page(p, "ksize");
	if (pg->flags & PG_SLAB) {
		check_obj(pg->slab.cache, p, "ksize");
		return pg->slab.cache->obj_size;
	}
	if ((pg->flags & PG_LARGE) && p == page_address(pg))
		return PAGE_SIZE << pg->order;
	panic("ksize: %p was not allocated by kmalloc", p);
}
