/*
 * Allocator self-tests on every hart at once: random page and object
 * allocation with patterns checked before free; afterwards every page
 * must be back (free count equal to before).
 */
#include "test_util.h"
#include <mm/page.h>
#include <mm/kmalloc.h>
#include <mm/kstack.h>
#include <mm/kmap.h>
#include <kernel/cpu.h>
#include <kernel/printk.h>
#include <lib/string.h>

#define PAGE_ROUNDS	4000
#define PAGE_SLOTS	64
#define OBJ_ROUNDS	20000
#define OBJ_SLOTS	256

struct worker {
	struct countdown *done;
	uint64_t seed;
	int errors;
};

void run_on_all_cpus(void (*fn)(void *), void **args, struct countdown *done)
{
	countdown_init(done, nr_cpus);
	for (int i = 0; i < nr_cpus; i++)
		if (!kthread_create("selftest", fn, args[i], i))
			countdown_done(done);
	countdown_wait(done);
}

unsigned long settle_memory(int nr_threads_before)
{
	while (sched_nr_threads() > nr_threads_before)
		sched_yield_cpu();
	kstack_drain_cache();
	kmalloc_shrink();
	pmm_drain_all();
	return pmm_free_count() + kmap_table_pages();
}

static void fill(void *p, size_t n, uint64_t tag)
{
	uint64_t *w = p;

	for (size_t i = 0; i < n / 8; i++)
		w[i] = tag ^ i;
}

static bool intact(const void *p, size_t n, uint64_t tag)
{
	const uint64_t *w = p;

	for (size_t i = 0; i < n / 8; i++)
		if (w[i] != (tag ^ i))
			return false;
	return true;
}

static void page_worker(void *arg)
{
	struct worker *w = arg;
	struct { struct page *p; unsigned int order; } slot[PAGE_SLOTS] = { 0 };

	for (int r = 0; r < PAGE_ROUNDS; r++) {
		int i = (int)(test_rand(&w->seed) % PAGE_SLOTS);
		size_t bytes;

		if (slot[i].p) {
			bytes = PAGE_SIZE << slot[i].order;
			if (!intact(page_address(slot[i].p), bytes, (uint64_t)slot[i].p))
				w->errors++;
			free_pages(slot[i].p, slot[i].order);
			slot[i].p = NULL;
			continue;
		}
		slot[i].order = (unsigned int)(test_rand(&w->seed) % 4 ? 0 : test_rand(&w->seed) % 5);
		slot[i].p = alloc_pages(slot[i].order, GFP_KERNEL);
		if (slot[i].p)
			fill(page_address(slot[i].p), PAGE_SIZE << slot[i].order,
			     (uint64_t)slot[i].p);
	}
	for (int i = 0; i < PAGE_SLOTS; i++)
		if (slot[i].p)
			free_pages(slot[i].p, slot[i].order);
	countdown_done(w->done);
}

/*
 * Objects live in one shared table, so most are freed by another hart.
 * Each object starts with its size; the rest is a pattern.
 */
static void *shared_objs[OBJ_SLOTS];

static bool obj_intact(const uint64_t *o)
{
	return intact(o + 1, o[0] - 8, (uint64_t)o);
}

static void obj_worker(void *arg)
{
	struct worker *w = arg;

	for (int r = 0; r < OBJ_ROUNDS; r++) {
		int i = (int)(test_rand(&w->seed) % OBJ_SLOTS);
		uint64_t *old = __atomic_exchange_n(&shared_objs[i], NULL, __ATOMIC_ACQ_REL);
		void *expect = NULL;
		uint64_t *p;
		size_t n;

		if (old) {
			if (!obj_intact(old))
				w->errors++;
			kfree(old);
			continue;
		}
		n = 8 + test_rand(&w->seed) % (test_rand(&w->seed) % 8 ? 512 : 9000);
		p = kmalloc(n, GFP_KERNEL);
		if (!p)
			continue;
		p[0] = n & ~7UL;
		fill(p + 1, p[0] - 8, (uint64_t)p);
		/* the slot may have been refilled meanwhile: then free ours */
		if (!__atomic_compare_exchange_n(&shared_objs[i], &expect, p, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			kfree(p);
	}
	countdown_done(w->done);
}

static int run_workers(void (*fn)(void *))
{
	static struct worker workers[NR_CPUS];
	void *args[NR_CPUS];
	struct countdown done;
	int errors = 0;

	for (int i = 0; i < nr_cpus; i++) {
		workers[i] = (struct worker){ .done = &done, .seed = 0x9e3779b97f4a7c15ULL * (i + 1) };
		args[i] = &workers[i];
	}
	run_on_all_cpus(fn, args, &done);
	for (int i = 0; i < nr_cpus; i++)
		errors += workers[i].errors;
	return errors;
}

static int test_pmm_smp(void)
{
	unsigned long before, after;

	int threads = sched_nr_threads();

	before = settle_memory(threads);
	CHECK(run_workers(page_worker) == 0);
	after = settle_memory(threads);
	pr_info("pmm_smp: %d harts, pages free or in page tables: before %lu after %lu\n",
		nr_cpus, before, after);
	CHECK(after == before);
	/* a large block is still there after all that churn */
	struct page *big = alloc_pages(MAX_ORDER - 1, GFP_KERNEL);
	CHECK(big != NULL);
	free_pages(big, MAX_ORDER - 1);
	return 0;
}
SELFTEST("pmm_smp", test_pmm_smp);

static int test_kmalloc_smp(void)
{
	int threads = sched_nr_threads(), errors;
	unsigned long before, after;

	before = settle_memory(threads);
	errors = run_workers(obj_worker);

	for (int i = 0; i < OBJ_SLOTS; i++) {
		uint64_t *p = __atomic_exchange_n(&shared_objs[i], NULL, __ATOMIC_ACQ_REL);

		if (p && !obj_intact(p))
			errors++;
		kfree(p);
	}
	after = settle_memory(threads);
	pr_info("kmalloc_smp: %d harts, pages free or in page tables: before %lu after %lu\n",
		nr_cpus, before, after);
	CHECK(errors == 0);
	CHECK(after == before);
	return 0;
}
SELFTEST("kmalloc_smp", test_kmalloc_smp);

/* Running out of memory is an error for the caller, not a crash. */
static int test_oom(void)
{
	struct page *head = NULL;
	unsigned long got = 0, before;

	pmm_drain_all();
	before = pmm_free_count();
	for (;;) {
		struct page *p = alloc_pages(0, GFP_KERNEL);

		if (!p)
			break;
		*(struct page **)page_address(p) = head;
		head = p;
		got++;
	}
	CHECK(kmalloc(1 << 20, GFP_KERNEL) == NULL);
	while (head) {
		struct page *next = *(struct page **)page_address(head);

		free_pages(head, 0);
		head = next;
	}
	pmm_drain_all();
	pr_info("oom: took all %lu free pages, then gave them back\n", got);
	CHECK(got + 64 >= before);
	CHECK(pmm_free_count() == before);
	return 0;
}
SELFTEST("oom", test_oom);
