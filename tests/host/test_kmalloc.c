/*
 * Host tests for kmalloc and kmem caches (mm/kmalloc.c) on top of the real
 * page allocator.
 *
 * Each test gets fresh "physical memory" (a large or a small span), a
 * fresh page allocator and fresh caches. Every object is filled with a
 * pattern over its whole usable size and verified before it is freed, so
 * overlapping objects show up. At the end of a test everything is freed,
 * and after kmalloc_shrink() + pmm_drain_all() the page allocator must be
 * back to where it started. Bad frees run in a forked child that must die
 * in panic() (abort).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mm/kmalloc.h>
#include <mm/page.h>
#include <kernel/cpu.h>

#define RAM_BASE_PFN	0x80000UL
#define BIG_PAGES	24576UL		/* 96 MiB */
#define SMALL_PAGES	1024UL		/* 4 MiB */

static void *ram;
static unsigned long ram_pages;
static unsigned long start_free;	/* pmm_free_count() after kmalloc_init */

static const size_t classes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048 };

static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Drain every cache so the free count is exact. */
static unsigned long settled_free(void)
{
	kmalloc_shrink();
	pmm_drain_all();
	return pmm_free_count();
}

static int setup_ram(unsigned long pages)
{
	unsigned long map_pages;

	ram_pages = pages;
	ram = host_ram_map(RAM_BASE_PFN << PAGE_SHIFT, pages * PAGE_SIZE);
	map_pages = pmm_map_bytes(RAM_BASE_PFN, RAM_BASE_PFN + pages) / PAGE_SIZE;
	pmm_init(RAM_BASE_PFN, RAM_BASE_PFN + pages, ram);
	pmm_add_free(RAM_BASE_PFN + map_pages, RAM_BASE_PFN + pages);
	kmalloc_init();
	start_free = settled_free();
	return 0;
}

static int setup_big(void **state)
{
	(void)state;
	return setup_ram(BIG_PAGES);
}

static int setup_small(void **state)
{
	(void)state;
	return setup_ram(SMALL_PAGES);
}

static int teardown(void **state)
{
	(void)state;
	host_cpu_enter(0);
	host_ram_unmap(ram, ram_pages * PAGE_SIZE);
	return 0;
}

/* --- objects (usable from any thread: no cmocka asserts) -------------------- */

struct obj {
	uint8_t *p;
	size_t size;
	uint32_t tag;
};

static size_t expected_ksize(size_t size)
{
	size_t bytes = PAGE_SIZE;

	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (size <= classes[i])
			return classes[i];
	while (bytes < size)
		bytes <<= 1;
	return bytes;
}

static size_t expected_align(size_t size)
{
	size_t k = expected_ksize(size);

	if (k > KMALLOC_MAX_CACHE_SIZE)
		return PAGE_SIZE;
	return (k & (k - 1)) ? 8 : k;
}

static uint64_t pattern(uint32_t tag, size_t w)
{
	return ((uint64_t)tag << 32 | tag) ^ (w * 0x9e3779b97f4a7c15ULL);
}

/* Every word of a slab object; one word in 8 of a page-sized block. */
static size_t pattern_stride(size_t k)
{
	return k > KMALLOC_MAX_CACHE_SIZE ? 8 : 1;
}

/* Fill the whole usable size; an error message if o looks wrong. */
static const char *obj_fill(struct obj *o)
{
	uint64_t *w = (uint64_t *)o->p;
	size_t k;

	if (!IS_ALIGNED((uintptr_t)o->p, expected_align(o->size)))
		return "object misaligned";
	k = ksize(o->p);
	if (k < o->size || k != expected_ksize(o->size))
		return "wrong ksize";
	for (size_t j = 0; j < k / 8; j += pattern_stride(k))
		w[j] = pattern(o->tag, j);
	return NULL;
}

static const char *obj_check(const struct obj *o)
{
	const uint64_t *w = (const uint64_t *)o->p;
	size_t k = ksize(o->p);

	for (size_t j = 0; j < k / 8; j += pattern_stride(k))
		if (w[j] != pattern(o->tag, j))
			return "object pattern corrupted";
	return NULL;
}

/* --- tests ---------------------------------------------------------------------- */

static void test_every_size(void **state)
{
	static const size_t big[] = { 12288, 16384, 65536, 100000, 1 << 20, 4 << 20 };
	enum { NR = 8192 + ARRAY_SIZE(big) };
	struct obj *objs = calloc(NR, sizeof(*objs));

	(void)state;
	assert_non_null(objs);
	for (size_t i = 0; i < NR; i++) {
		objs[i].size = i < 8192 ? i + 1 : big[i - 8192];
		objs[i].tag = (uint32_t)i;
		objs[i].p = kmalloc(objs[i].size, GFP_KERNEL);
		assert_non_null(objs[i].p);
		assert_null(obj_fill(&objs[i]));
	}
	for (size_t i = 0; i < NR; i++) {
		assert_null(obj_check(&objs[i]));
		kfree(objs[i].p);
	}
	free(objs);
	assert_null(kmalloc((4 << 20) + 1, GFP_KERNEL));
	assert_null(kmalloc(SIZE_MAX, GFP_KERNEL));
	assert_int_equal(settled_free(), start_free);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_zero_and_null(void **state)
{
	static const size_t sizes[] = { 1, 8, 64, 100, 2048, 2049, 5000, 70000 };
	uint8_t *p;

	(void)state;
	kfree(NULL);
	assert_int_equal(ksize(NULL), 0);
	p = kmalloc(0, GFP_KERNEL);	/* a smallest object */
	assert_non_null(p);
	assert_true(ksize(p) >= 8);
	kfree(p);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		/* Dirty an object, then get it (most likely) back zeroed. */
		p = kmalloc(sizes[i], GFP_KERNEL);
		assert_non_null(p);
		memset(p, 0xff, ksize(p));
		kfree(p);
		p = kzalloc(sizes[i]);
		assert_non_null(p);
		assert_true(all_zero(p, ksize(p)));
		memset(p, 0xee, ksize(p));
		kfree(p);
		p = kmalloc(sizes[i], GFP_ZERO);
		assert_non_null(p);
		assert_true(all_zero(p, ksize(p)));
		kfree(p);
	}
	assert_int_equal(settled_free(), start_free);
}

static size_t random_size(uint64_t r)
{
	unsigned int pick = (unsigned int)(r % 100);

	r >>= 8;
	if (pick < 70)
		return 1 + r % 256;
	if (pick < 90)
		return 257 + r % (2048 - 256);
	if (pick < 98)
		return 2049 + r % (16384 - 2048);
	return 16385 + r % 300000;
}

static void test_random(void **state)
{
	enum { LIVE_MAX = 4096, STEPS = 200000 };
	struct obj *live = calloc(LIVE_MAX, sizeof(*live));
	uint64_t seed = 0xfeedbeef1234ULL;
	int n = 0;

	(void)state;
	assert_non_null(live);
	for (int step = 0; step < STEPS; step++) {
		uint64_t r = rng_next(&seed);

		if (n < LIVE_MAX && (n == 0 || r % 100 < 52)) {
			struct obj o = { NULL, random_size(rng_next(&seed)), (uint32_t)step };

			o.p = kmalloc(o.size, GFP_KERNEL);
			assert_non_null(o.p);
			assert_null(obj_fill(&o));
			live[n++] = o;
		} else {
			int i = (int)(r % (uint64_t)n);

			assert_null(obj_check(&live[i]));
			kfree(live[i].p);
			live[i] = live[--n];
		}
	}
	while (n--) {
		assert_null(obj_check(&live[n]));
		kfree(live[n].p);
	}
	free(live);
	assert_int_equal(settled_free(), start_free);
}

static void test_caches(void **state)
{
	struct kmem_cache *c64, *c3000, *c24;
	void *objs[500];
	uint8_t *p;

	(void)state;
	assert_null(kmem_cache_create("bad", 0, 8));
	assert_null(kmem_cache_create("bad", 40, 3));
	assert_null(kmem_cache_create("bad", 40, 2 * PAGE_SIZE));
	assert_null(kmem_cache_create("bad", 1 << 20, 8));
	c64 = kmem_cache_create("test-40", 40, 64);
	c3000 = kmem_cache_create("test-3000", 3000, 0);	/* multi-page slabs */
	c24 = kmem_cache_create("test-24", 24, 8);
	assert_non_null(c64);
	assert_non_null(c3000);
	assert_non_null(c24);
	start_free = settled_free();

	for (int i = 0; i < 500; i++) {
		objs[i] = kmem_cache_alloc(c64, GFP_KERNEL);
		assert_non_null(objs[i]);
		assert_true(IS_ALIGNED((uintptr_t)objs[i], 64));
		assert_int_equal(ksize(objs[i]), 64);
		memset(objs[i], i & 0xff, 64);
	}
	for (int i = 0; i < 500; i++) {
		for (int j = 0; j < 64; j++)
			assert_int_equal(((uint8_t *)objs[i])[j], i & 0xff);
		if (i & 1)
			kmem_cache_free(c64, objs[i]);
		else
			kfree(objs[i]);		/* kfree takes any cache's objects */
	}
	for (int i = 0; i < 100; i++) {
		p = kmem_cache_alloc(c3000, GFP_KERNEL);
		assert_non_null(p);
		assert_true(IS_ALIGNED((uintptr_t)p, 8));
		assert_int_equal(ksize(p), 3000);
		memset(p, i, 3000);
		objs[i] = p;
	}
	for (int i = 0; i < 100; i++) {
		p = objs[i];
		for (size_t j = 0; j < 3000; j++)
			assert_int_equal(p[j], i);
		kmem_cache_free(c3000, p);
	}
	p = kmem_cache_alloc(c24, GFP_KERNEL);
	memset(p, 0xab, 24);
	kmem_cache_free(c24, p);
	p = kmem_cache_alloc(c24, GFP_ZERO);
	assert_true(all_zero(p, 24));
	kmem_cache_free(c24, p);
	kmem_cache_free(c24, NULL);
	assert_int_equal(settled_free(), start_free);
}

/* Free n objects on cpu 1 so its magazine and spare slab hold some. */
static void churn_on_cpu1(size_t size, int n)
{
	void **tmp = calloc((size_t)n, sizeof(*tmp));

	assert_non_null(tmp);
	host_cpu_enter(1);
	for (int i = 0; i < n; i++) {
		tmp[i] = kmalloc(size, GFP_KERNEL);
		assert_non_null(tmp[i]);
	}
	for (int i = 0; i < n; i++)
		kfree(tmp[i]);
	host_cpu_enter(0);
	free(tmp);
}

/* kmalloc(size) until refused; returns the objects, their count in *n. */
static struct obj *grab_all(size_t size, unsigned long *n)
{
	unsigned long cap = SMALL_PAGES * PAGE_SIZE / 8;
	struct obj *objs = calloc(cap, sizeof(*objs));

	assert_non_null(objs);
	*n = 0;
	for (;;) {
		struct obj o = { kmalloc(size, GFP_KERNEL), size, (uint32_t)*n };

		if (!o.p)
			break;
		assert_true(*n < cap);
		assert_null(obj_fill(&o));
		objs[(*n)++] = o;
	}
	return objs;
}

static void free_all(struct obj *objs, unsigned long n)
{
	while (n--) {
		assert_null(obj_check(&objs[n]));
		kfree(objs[n].p);
	}
	free(objs);
}

/* Empty slabs beyond one spare go straight back to the page allocator. */
static void test_empty_slabs_released(void **state)
{
	enum { N = 20000 };
	void **objs = calloc(N, sizeof(*objs));

	(void)state;
	assert_non_null(objs);
	for (int i = 0; i < N; i++) {
		objs[i] = kmalloc(64, GFP_KERNEL);
		assert_non_null(objs[i]);
	}
	assert_true(pmm_free_count() + N * 64 / PAGE_SIZE <= start_free);
	for (int i = 0; i < N; i++)
		kfree(objs[i]);
	free(objs);
	/* Left over: this cpu's magazine (16 objects) and one spare slab. */
	pmm_drain_all();
	assert_true(pmm_free_count() + 17 >= start_free);
	assert_int_equal(settled_free(), start_free);
}

static void test_out_of_memory(void **state)
{
	unsigned long n64, again, pages;
	struct obj *objs;
	void *p;

	(void)state;
	objs = grab_all(64, &n64);
	assert_true(n64 > start_free * (PAGE_SIZE / 64) * 9 / 10);
	assert_int_equal(pmm_free_count(), 0);
	assert_null(kmalloc(8, GFP_KERNEL));
	assert_null(kmalloc(5000, GFP_KERNEL));
	free_all(objs, n64);
	/* No explicit shrink: a big request reclaims cached objects itself. */
	p = kmalloc(PAGE_SIZE << 9, GFP_KERNEL);
	assert_non_null(p);
	kfree(p);
	assert_int_equal(settled_free(), start_free);

	/*
	 * Same again, with cpu 1 holding 128-byte objects and a spare slab:
	 * running out, the 64-byte cache gets those pages back. Nothing lost.
	 */
	churn_on_cpu1(128, 300);
	objs = grab_all(64, &again);
	assert_int_equal(again, n64);
	free_all(objs, again);
	assert_int_equal(settled_free(), start_free);

	/* Pages held in cpu 1's magazine and spare slab are found too. */
	churn_on_cpu1(64, 300);
	objs = grab_all(PAGE_SIZE, &pages);
	assert_int_equal(pages, start_free);
	free_all(objs, pages);

	assert_null(kmalloc(PAGE_SIZE << (MAX_ORDER - 1), GFP_KERNEL));
	assert_int_equal(settled_free(), start_free);
}

/* --- bad frees: each must panic --------------------------------------------------- */

/* Run fn in a child that must die in panic(); its PANIC line is expected. */
static void expect_panic(void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* A crash must kill the child, not land in cmocka's handler. */
		static const int crash[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };

		for (size_t i = 0; i < ARRAY_SIZE(crash); i++)
			signal(crash[i], SIG_DFL);
		fn();
		_exit(0);	/* no panic: the parent fails the test */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void double_kfree(void)
{
	void *p = kmalloc(64, GFP_KERNEL);

	kfree(p);
	kfree(p);
}

static void double_kfree_in_slab(void)
{
	void *p = kmalloc(64, GFP_KERNEL), *q = kmalloc(64, GFP_KERNEL);

	(void)q;
	kfree(p);
	kmalloc_shrink();	/* p is back on its slab's free list */
	kfree(p);
	kmalloc_shrink();
}

static void double_kfree_large(void)
{
	void *p = kmalloc(10000, GFP_KERNEL);

	kfree(p);
	kfree(p);
}

static void kfree_inside_object(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	kfree(p + 8);
}

static void kfree_inside_large(void)
{
	char *p = kmalloc(10000, GFP_KERNEL);

	kfree(p + PAGE_SIZE);
}

static void kfree_not_heap(void)
{
	static char not_heap[64];

	kfree(not_heap);
}

static void kfree_page(void)
{
	kfree(alloc_page_va(GFP_KERNEL));
}

static void free_to_wrong_cache(void)
{
	struct kmem_cache *c = kmem_cache_create("other-64", 64, 64);

	kmem_cache_free(c, kmalloc(64, GFP_KERNEL));
}

static void write_after_free(void)
{
	void **p = kmalloc(64, GFP_KERNEL), *q = kmalloc(64, GFP_KERNEL);

	(void)q;
	kfree(p);
	kmalloc_shrink();
	*p = (char *)p + 3;	/* clobber the free-list link */
	for (int i = 0; i < 100; i++)
		kmalloc(64, GFP_KERNEL);
}

static void test_bad_frees(void **state)
{
	(void)state;
	expect_panic(double_kfree);
	expect_panic(double_kfree_in_slab);
	expect_panic(double_kfree_large);
	expect_panic(kfree_inside_object);
	expect_panic(kfree_inside_large);
	expect_panic(kfree_not_heap);
	expect_panic(kfree_page);
	expect_panic(free_to_wrong_cache);
	expect_panic(write_after_free);
	assert_int_equal(settled_free(), start_free);
}

/* --- several cpus at once, objects crossing between them ------------------------ */

enum { NR_WORKERS = 4, WORKER_LIVE = 512, WORKER_STEPS = 50000, RING = 256 };

struct worker {
	pthread_t thread;
	int cpu;
	uint64_t seed;
	struct obj live[WORKER_LIVE];
	size_t fixed_size;	/* 0: random sizes */
	int n;
	unsigned long passed, taken;
	const char *err;
};

/* Objects handed from one cpu to be freed by another. */
static struct {
	pthread_mutex_t lock;
	struct obj slot[RING];
	int n;
} ring = { .lock = PTHREAD_MUTEX_INITIALIZER };

static bool ring_put(struct obj o)
{
	bool ok;

	pthread_mutex_lock(&ring.lock);
	ok = ring.n < RING;
	if (ok)
		ring.slot[ring.n++] = o;
	pthread_mutex_unlock(&ring.lock);
	return ok;
}

static bool ring_get(struct obj *o)
{
	bool ok;

	pthread_mutex_lock(&ring.lock);
	ok = ring.n > 0;
	if (ok)
		*o = ring.slot[--ring.n];
	pthread_mutex_unlock(&ring.lock);
	return ok;
}

static void worker_step(struct worker *w, uint64_t r)
{
	struct obj o;

	if (r % 100 < 8 && ring_get(&o)) {		/* free another cpu's object */
		w->err = obj_check(&o);
		kfree(o.p);
		w->taken++;
	} else if (w->n < WORKER_LIVE && (w->n == 0 || r % 100 < 55)) {
		size_t size = w->fixed_size ? w->fixed_size : random_size(r >> 16);

		o = (struct obj){ kmalloc(size, GFP_KERNEL), size, (uint32_t)(r >> 32) };
		if (!o.p) {
			w->err = "out of memory";
			return;
		}
		w->err = obj_fill(&o);
		w->live[w->n++] = o;
	} else {
		int i = (int)(r % (uint64_t)w->n);

		o = w->live[i];
		w->live[i] = w->live[--w->n];
		if (r % 100 < 70 && ring_put(o)) {
			w->passed++;
			return;
		}
		w->err = obj_check(&o);
		kfree(o.p);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	host_cpu_enter(w->cpu);
	for (int step = 0; step < WORKER_STEPS && !w->err; step++)
		worker_step(w, rng_next(&w->seed));
	return NULL;
}

static void run_workers(size_t fixed_size)
{
	static struct worker workers[NR_WORKERS];
	struct obj o;

	ring.n = 0;
	for (int i = 0; i < NR_WORKERS; i++) {
		workers[i] = (struct worker){ .cpu = i + 1, .fixed_size = fixed_size,
					      .seed = 0x77 + (uint64_t)i * 104729 };
		assert_int_equal(pthread_create(&workers[i].thread, NULL, worker_main,
						&workers[i]), 0);
	}
	for (int i = 0; i < NR_WORKERS; i++) {
		struct worker *w = &workers[i];

		assert_int_equal(pthread_join(w->thread, NULL), 0);
		if (w->err)
			fail_msg("cpu %d: %s", w->cpu, w->err);
		assert_true(w->passed > 100 && w->taken > 100);
		while (w->n--) {
			assert_null(obj_check(&w->live[w->n]));
			kfree(w->live[w->n].p);
		}
	}
	while (ring_get(&o)) {
		assert_null(obj_check(&o));
		kfree(o.p);
	}
	assert_int_equal(settled_free(), start_free);
}

static void test_concurrent(void **state)
{
	(void)state;
	run_workers(0);
}

/* All cpus on one cache: its slab lists see every refill and flush. */
static void test_concurrent_one_cache(void **state)
{
	(void)state;
	run_workers(64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_size, setup_big, teardown),
		cmocka_unit_test_setup_teardown(test_zero_and_null, setup_big, teardown),
		cmocka_unit_test_setup_teardown(test_random, setup_big, teardown),
		cmocka_unit_test_setup_teardown(test_caches, setup_big, teardown),
		cmocka_unit_test_setup_teardown(test_empty_slabs_released, setup_big, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory, setup_small, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frees, setup_small, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent, setup_big, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_one_cache, setup_big, teardown),
	};

	alarm(120);	/* a corrupted list can loop: fail rather than hang */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
