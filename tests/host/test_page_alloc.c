/*
 * Host tests for the page allocator (mm/page_alloc.c).
 *
 * "Physical memory" is RAM_PAGES of host memory from RAM_BASE_PFN (not
 * aligned to a max-order block), with the page array at its start and
 * holes of reserved pages between the usable ranges. Every block handed
 * out is checked against an ownership map (aligned, in usable memory, not
 * handed out twice) and carries a pattern verified before it is freed.
 * Bad frees are run in a forked child that must die in panic() (abort).
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

#include <mm/page.h>
#include <kernel/cpu.h>

#define RAM_BASE_PFN	0x80003UL
#define RAM_PAGES	8192UL
#define RAM_END_PFN	(RAM_BASE_PFN + RAM_PAGES)

/* Usable memory, in pages from RAM_BASE_PFN; [0, 200) holds the page array. */
static const struct { unsigned long start, end; } usable_ranges[] = {
	{ 200, 1500 }, { 1600, 2600 }, { 2600, 4099 },	/* two calls, one run */
	{ 4100, 7000 }, { 7001, 8185 },
};

static void *ram;
static bool usable[RAM_PAGES];
static uint8_t owned[RAM_PAGES];	/* [a] handed out and not yet freed */
static unsigned long usable_total;

struct block {
	struct page *p;
	unsigned int order;
	uint64_t tag;
};

static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Mostly small orders, now and then up to the largest. */
static unsigned int random_order(uint64_t r)
{
	static const unsigned int cut[MAX_ORDER] = {
		600, 750, 850, 920, 960, 980, 990, 995, 998, 999, 1000,
	};
	unsigned int x = (unsigned int)(r % 1000);
	unsigned int o = 0;

	while (x >= cut[o])
		o++;
	return o;
}

static int setup(void **state)
{
	(void)state;
	ram = host_ram_map(RAM_BASE_PFN << PAGE_SHIFT, RAM_PAGES * PAGE_SIZE);
	if (pmm_map_bytes(RAM_BASE_PFN, RAM_END_PFN) > usable_ranges[0].start * PAGE_SIZE)
		return -1;
	pmm_init(RAM_BASE_PFN, RAM_END_PFN, ram);
	memset(usable, 0, sizeof(usable));
	memset(owned, 0, sizeof(owned));
	usable_total = 0;
	for (size_t i = 0; i < ARRAY_SIZE(usable_ranges); i++) {
		pmm_add_free(RAM_BASE_PFN + usable_ranges[i].start,
			     RAM_BASE_PFN + usable_ranges[i].end);
		for (unsigned long j = usable_ranges[i].start; j < usable_ranges[i].end; j++)
			usable[j] = true;
		usable_total += usable_ranges[i].end - usable_ranges[i].start;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	host_cpu_enter(0);
	host_ram_unmap(ram, RAM_PAGES * PAGE_SIZE);
	return 0;
}

/* --- block checks (usable from any thread: no cmocka asserts) -------------- */

/* Take ownership of b's pages; an error message if that is wrong. */
static const char *claim(const struct block *b)
{
	unsigned long pfn = page_to_pfn(b->p), n = 1UL << b->order;

	if (!IS_ALIGNED(pfn, n))
		return "block not aligned to its order";
	if (pfn < RAM_BASE_PFN || pfn + n > RAM_END_PFN)
		return "block outside memory";
	for (unsigned long i = 0; i < n; i++) {
		unsigned long idx = pfn - RAM_BASE_PFN + i;

		if (!usable[idx])
			return "block contains a reserved page";
		if (__atomic_exchange_n(&owned[idx], 1, __ATOMIC_RELAXED))
			return "page handed out twice";
	}
	return NULL;
}

static void unclaim(const struct block *b)
{
	unsigned long idx = page_to_pfn(b->p) - RAM_BASE_PFN;

	for (unsigned long i = 0; i < (1UL << b->order); i++)
		__atomic_store_n(&owned[idx + i], 0, __ATOMIC_RELAXED);
}

/* Pattern: one word every 64 bytes, depending on tag, page and offset. */
static uint64_t pattern(const struct block *b, unsigned long pg, unsigned long w)
{
	return b->tag ^ (pg << 40) ^ (w * 0x9e3779b97f4a7c15ULL);
}

static void fill(const struct block *b)
{
	uint64_t *va = page_address(b->p);

	for (unsigned long pg = 0; pg < (1UL << b->order); pg++)
		for (unsigned long w = 0; w < PAGE_SIZE / 8; w += 8)
			va[pg * PAGE_SIZE / 8 + w] = pattern(b, pg, w);
}

static bool verify(const struct block *b)
{
	const uint64_t *va = page_address(b->p);

	for (unsigned long pg = 0; pg < (1UL << b->order); pg++)
		for (unsigned long w = 0; w < PAGE_SIZE / 8; w += 8)
			if (va[pg * PAGE_SIZE / 8 + w] != pattern(b, pg, w))
				return false;
	return true;
}

/* --- fully merged check ------------------------------------------------------ */

/* Blocks per order when every usable page is free and fully merged. */
static void expected_blocks(unsigned long expect[MAX_ORDER])
{
	unsigned long i = 0;

	memset(expect, 0, MAX_ORDER * sizeof(expect[0]));
	while (i < RAM_PAGES) {
		unsigned long s, e, pfn;

		while (i < RAM_PAGES && !usable[i])
			i++;
		s = i;
		while (i < RAM_PAGES && usable[i])
			i++;
		e = i;
		for (pfn = RAM_BASE_PFN + s; pfn < RAM_BASE_PFN + e;) {
			unsigned long left = RAM_BASE_PFN + e - pfn;
			unsigned int o = MAX_ORDER - 1;

			while (o && (!IS_ALIGNED(pfn, 1UL << o) || (1UL << o) > left))
				o--;
			expect[o]++;
			pfn += 1UL << o;
		}
	}
}

/*
 * With everything free: taking blocks from the largest order down must
 * yield exactly the maximal blocks, i.e. the free lists are fully merged.
 * Gives everything back afterwards.
 */
static void check_fully_merged(void)
{
	unsigned long expect[MAX_ORDER];
	struct block *got = calloc(usable_total, sizeof(*got));
	unsigned long n = 0;
	struct page *p;

	assert_non_null(got);
	expected_blocks(expect);
	pmm_drain_all();
	assert_int_equal(pmm_free_count(), usable_total);
	for (unsigned int o = MAX_ORDER; o-- > 0;) {
		unsigned long count = 0;

		while ((p = alloc_pages(o, GFP_KERNEL))) {
			got[n] = (struct block){ p, o, 0 };
			assert_null(claim(&got[n]));
			n++;
			count++;
		}
		assert_int_equal(count, expect[o]);
	}
	assert_int_equal(pmm_free_count(), 0);
	while (n--) {
		unclaim(&got[n]);
		free_pages(got[n].p, got[n].order);
	}
	pmm_drain_all();
	assert_int_equal(pmm_free_count(), usable_total);
	free(got);
}

/* --- tests -------------------------------------------------------------------- */

static void test_init_counts(void **state)
{
	(void)state;
	assert_int_equal(pmm_total_count(), usable_total);
	assert_int_equal(pmm_free_count(), usable_total);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct block b = { alloc_pages(o, GFP_KERNEL), o, o };

		assert_non_null(b.p);
		assert_null(claim(&b));
		assert_int_equal(b.p->refcount, 1);
		assert_int_equal(pmm_free_count(), usable_total - (1UL << o));
		fill(&b);
		assert_true(verify(&b));
		unclaim(&b);
		free_pages(b.p, o);
		assert_int_equal(pmm_free_count(), usable_total);
	}
	assert_null(alloc_pages(MAX_ORDER, GFP_KERNEL));
	assert_int_equal(pmm_total_count(), usable_total);
	check_fully_merged();
}

static void test_page_va(void **state)
{
	void *va = alloc_page_va(GFP_KERNEL);
	struct block b;

	(void)state;
	assert_non_null(va);
	assert_true(IS_ALIGNED((uintptr_t)va, PAGE_SIZE));
	b = (struct block){ virt_to_page(va), 0, 7 };
	assert_ptr_equal(page_address(b.p), va);
	assert_null(claim(&b));
	unclaim(&b);
	free_page_va(va);
	free_page_va(NULL);
	assert_int_equal(pmm_free_count(), usable_total);
}

static void test_random(void **state)
{
	enum { LIVE_MAX = 2048, STEPS = 60000 };
	static struct block live[LIVE_MAX];
	unsigned long live_pages = 0, nulls = 0;
	uint64_t seed = 0x5eed1234abcdULL;
	int n = 0;

	(void)state;
	for (int step = 0; step < STEPS; step++) {
		uint64_t r = rng_next(&seed);

		if (n < LIVE_MAX && (n == 0 || r % 100 < 55)) {
			struct block b = { NULL, random_order(r >> 8), rng_next(&seed) };

			b.p = alloc_pages(b.order, GFP_KERNEL);
			if (!b.p) {
				/* A single page is only refused when none is free. */
				if (b.order == 0)
					assert_int_equal(pmm_free_count(), 0);
				nulls++;
				continue;
			}
			assert_null(claim(&b));
			fill(&b);
			live[n++] = b;
			live_pages += 1UL << b.order;
		} else {
			int i = (int)(r % (uint64_t)n);

			assert_true(verify(&live[i]));
			unclaim(&live[i]);
			free_pages(live[i].p, live[i].order);
			live_pages -= 1UL << live[i].order;
			live[i] = live[--n];
		}
		if (step % 64 == 0)
			assert_int_equal(pmm_free_count() + live_pages, usable_total);
	}
	assert_true(nulls > 0);		/* the run did reach out-of-memory */
	while (n--) {
		assert_true(verify(&live[n]));
		unclaim(&live[n]);
		free_pages(live[n].p, live[n].order);
	}
	assert_int_equal(pmm_free_count(), usable_total);
	check_fully_merged();
}

/* Park some free pages in cpu 1's cache, then come back as cpu 0. */
static void park_pages_on_cpu1(void)
{
	struct page *tmp[40];

	host_cpu_enter(1);
	for (int i = 0; i < 40; i++) {
		tmp[i] = alloc_pages(0, GFP_KERNEL);
		assert_non_null(tmp[i]);
	}
	for (int i = 0; i < 40; i++)
		free_pages(tmp[i], 0);
	host_cpu_enter(0);
	assert_int_equal(pmm_free_count(), usable_total);
}

/* Allocate blocks of 'order' until refused; returns how many. */
static unsigned long grab_all(struct block *got, unsigned long *n, unsigned int order)
{
	unsigned long count = 0;
	struct page *p;

	while ((p = alloc_pages(order, GFP_KERNEL))) {
		got[*n] = (struct block){ p, order, *n };
		assert_null(claim(&got[*n]));
		(*n)++;
		count += 1UL << order;
	}
	return count;
}

static void test_exhaust(void **state)
{
	struct block *got = calloc(usable_total, sizeof(*got));
	unsigned long n = 0, pages;

	(void)state;
	assert_non_null(got);
	/* Single pages: every last one, including those in cpu 1's cache. */
	park_pages_on_cpu1();
	pages = grab_all(got, &n, 0);
	assert_int_equal(pages, usable_total);
	assert_int_equal(pmm_free_count(), 0);
	assert_null(alloc_pages(0, GFP_KERNEL));
	assert_null(alloc_pages(1, GFP_KERNEL));
	assert_null(alloc_page_va(GFP_ZERO));
	while (n--) {
		unclaim(&got[n]);
		free_pages(got[n].p, 0);
	}
	assert_int_equal(pmm_free_count(), usable_total);

	/* Order 2, then what is left: cached pages merge back when needed. */
	park_pages_on_cpu1();
	n = 0;
	pages = grab_all(got, &n, 2);
	pages += grab_all(got, &n, 1);
	pages += grab_all(got, &n, 0);
	assert_int_equal(pages, usable_total);
	while (n--) {
		unclaim(&got[n]);
		free_pages(got[n].p, got[n].order);
	}
	free(got);
	check_fully_merged();
}

static bool all_zero(const void *va, size_t bytes)
{
	const uint64_t *w = va;

	for (size_t i = 0; i < bytes / 8; i++)
		if (w[i])
			return false;
	return true;
}

static void test_gfp_zero(void **state)
{
	struct block *got = calloc(usable_total, sizeof(*got));
	unsigned long n = 0;
	void *va;

	(void)state;
	assert_non_null(got);
	/* Dirty every page. */
	grab_all(got, &n, 0);
	for (unsigned long i = 0; i < n; i++)
		memset(page_address(got[i].p), 0xa5, PAGE_SIZE);
	while (n--) {
		unclaim(&got[n]);
		free_pages(got[n].p, 0);
	}
	free(got);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct page *p = alloc_pages(o, GFP_ZERO);

		assert_non_null(p);
		assert_true(all_zero(page_address(p), PAGE_SIZE << o));
		memset(page_address(p), 0x5a, PAGE_SIZE << o);
		free_pages(p, o);
	}
	for (int i = 0; i < 100; i++) {
		va = alloc_page_va(GFP_ZERO);
		assert_non_null(va);
		assert_true(all_zero(va, PAGE_SIZE));
		memset(va, 0x77, PAGE_SIZE);
		free_page_va(va);
	}
	assert_int_equal(pmm_free_count(), usable_total);
}

/* --- bad frees: each must panic ------------------------------------------------ */

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

static void double_free_cached(void)
{
	struct page *p = alloc_pages(0, GFP_KERNEL);

	free_pages(p, 0);
	free_pages(p, 0);
}

static void double_free_merged(void)
{
	struct page *p = alloc_pages(0, GFP_KERNEL);

	free_pages(p, 0);
	pmm_drain_all();
	free_pages(p, 0);
}

static void double_free_tail(void)
{
	struct page *p = alloc_pages(1, GFP_KERNEL);

	free_pages(p, 1);
	free_pages(p + 1, 0);	/* inside a free block, not its head */
}

static void double_free_order3(void)
{
	struct page *p = alloc_pages(3, GFP_KERNEL);

	free_pages(p, 3);
	free_pages(p, 3);
}

static void double_free_inner(void)
{
	struct page *p = alloc_pages(3, GFP_KERNEL);

	free_pages(p, 3);
	free_pages(p + 2, 1);
}

static void free_covering_free_pages(void)
{
	struct page *p = alloc_pages(2, GFP_KERNEL);

	free_pages(p + 2, 1);	/* upper half goes back... */
	free_pages(p, 2);	/* ...so this frees it again */
}

static void free_reserved_map(void)
{
	free_pages(pfn_to_page(RAM_BASE_PFN), 0);
}

static void free_reserved_hole(void)
{
	free_pages(pfn_to_page(RAM_BASE_PFN + 1550), 0);
}

static void free_misaligned(void)
{
	struct page *p = alloc_pages(2, GFP_KERNEL);

	free_pages(p + 1, 1);
}

static void free_not_a_page(void)
{
	static char not_ram[PAGE_SIZE] __aligned(PAGE_SIZE);

	free_page_va(not_ram);
}

static void free_bad_order(void)
{
	struct page *p = alloc_pages(0, GFP_KERNEL);

	free_pages(p, MAX_ORDER);
}

static void test_bad_frees(void **state)
{
	(void)state;
	expect_panic(double_free_cached);
	expect_panic(double_free_merged);
	expect_panic(double_free_tail);
	expect_panic(double_free_order3);
	expect_panic(double_free_inner);
	expect_panic(free_covering_free_pages);
	expect_panic(free_reserved_map);
	expect_panic(free_reserved_hole);
	expect_panic(free_misaligned);
	expect_panic(free_not_a_page);
	expect_panic(free_bad_order);
	/* The parent's allocator is untouched by all that. */
	assert_int_equal(pmm_free_count(), usable_total);
}

/* --- several cpus at once ------------------------------------------------------- */

enum { NR_WORKERS = 4, WORKER_LIVE = 128, WORKER_STEPS = 20000 };

struct worker {
	pthread_t thread;
	int cpu;
	uint64_t seed;
	struct block live[WORKER_LIVE];
	int n;
	unsigned long live_pages;
	unsigned long allocs;
	const char *err;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	host_cpu_enter(w->cpu);
	for (int step = 0; step < WORKER_STEPS && !w->err; step++) {
		uint64_t r = rng_next(&w->seed);

		if (w->n < WORKER_LIVE && (w->n == 0 || r % 100 < 55)) {
			struct block b = { NULL, random_order(r >> 8), rng_next(&w->seed) };

			b.p = alloc_pages(b.order, GFP_KERNEL);
			if (!b.p)
				continue;
			w->err = claim(&b);
			fill(&b);
			w->live[w->n++] = b;
			w->live_pages += 1UL << b.order;
			w->allocs++;
		} else {
			int i = (int)(r % (uint64_t)w->n);
			struct block *b = &w->live[i];

			if (!verify(b))
				w->err = "pattern corrupted";
			unclaim(b);
			free_pages(b->p, b->order);
			w->live_pages -= 1UL << b->order;
			*b = w->live[--w->n];
		}
	}
	return NULL;
}

static void test_concurrent(void **state)
{
	static struct worker workers[NR_WORKERS];
	unsigned long live_pages = 0;

	(void)state;
	for (int i = 0; i < NR_WORKERS; i++) {
		workers[i] = (struct worker){ .cpu = i + 1, .seed = 0x1000 + (uint64_t)i * 7919 };
		assert_int_equal(pthread_create(&workers[i].thread, NULL, worker_main,
						&workers[i]), 0);
	}
	for (int i = 0; i < NR_WORKERS; i++) {
		assert_int_equal(pthread_join(workers[i].thread, NULL), 0);
		if (workers[i].err)
			fail_msg("cpu %d: %s", workers[i].cpu, workers[i].err);
		assert_true(workers[i].allocs > WORKER_STEPS / 4);
		live_pages += workers[i].live_pages;
	}
	assert_int_equal(pmm_free_count() + live_pages, usable_total);
	/* Free what the workers kept from another cpu. */
	for (int i = 0; i < NR_WORKERS; i++) {
		struct worker *w = &workers[i];

		while (w->n--) {
			assert_true(verify(&w->live[w->n]));
			unclaim(&w->live[w->n]);
			free_pages(w->live[w->n].p, w->live[w->n].order);
		}
	}
	assert_int_equal(pmm_free_count(), usable_total);
	check_fully_merged();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_va, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exhaust, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gfp_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent, setup, teardown),
	};

	alarm(120);	/* a corrupted list can loop: fail rather than hang */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
