/*
 * Micro-benchmarks of kernel primitives (selftest=bench): each prints the
 * mean cost of one operation. Numbers only; nothing to pass or fail.
 */
#include "test_util.h"
#include <kernel/time.h>
#include <kernel/cpu.h>
#include <mm/page.h>
#include <mm/kmalloc.h>
#include <mm/kstack.h>
#include <asm/sbi.h>
#include <asm/pgtable.h>

#define ROUNDS	1000

static uint64_t t_start;

static void start(void)
{
	t_start = time_ns();
}

static void stop(const char *what, int n)
{
	uint64_t ns = (time_ns() - t_start) / (uint64_t)n;

	pr_info("bench: %-28s %6lu ns\n", what, (unsigned long)ns);
}

static struct countdown bench_done;

static void nop_thread(void *arg)
{
	(void)arg;
	countdown_done(&bench_done);
}

static int test_bench(void)
{
	start();
	for (int i = 0; i < ROUNDS; i++)
		free_pages(alloc_pages(0, GFP_KERNEL), 0);
	stop("page alloc+free", ROUNDS);

	start();
	for (int i = 0; i < ROUNDS; i++)
		kfree(kmalloc(64, GFP_KERNEL));
	stop("kmalloc+kfree 64", ROUNDS);

	start();
	for (int i = 0; i < ROUNDS / 10; i++)
		kstack_free(kstack_alloc());
	stop("kstack alloc+free", ROUNDS / 10);

	start();
	for (int i = 0; i < ROUNDS / 10; i++)
		sbi_remote_sfence_vma(KSTACK_BASE, PAGE_SIZE);
	stop("remote sfence.vma", ROUNDS / 10);

	start();
	for (int i = 0; i < ROUNDS / 10; i++)
		sbi_send_ipi(1, cpus[nr_cpus - 1].hartid);
	stop("sbi ipi send", ROUNDS / 10);

	start();
	for (int i = 0; i < ROUNDS; i++)
		sched_yield_cpu();
	stop("yield (nothing else runs)", ROUNDS);

	start();
	countdown_init(&bench_done, ROUNDS / 10);
	for (int i = 0; i < ROUNDS / 10; i++)
		kthread_create("nop", nop_thread, NULL, cpu_id());
	countdown_wait(&bench_done);
	stop("kthread create+run+exit", ROUNDS / 10);
	return 0;
}
SELFTEST_BY_NAME("bench", test_bench);
