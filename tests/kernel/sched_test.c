/*
 * Scheduler, timer and interrupt self-tests: every hart takes timer
 * interrupts, threads sleep and wake across harts without lost wakeups,
 * and many short threads come and go without leaking memory.
 */
#include "test_util.h"
#include <kernel/cpu.h>
#include <kernel/time.h>
#include <kernel/console.h>
#include <kernel/irq.h>
#include <mm/page.h>
#include <asm/irq.h>

#define PINGPONG_ROUNDS	2000
#define MANY_THREADS	300

static int test_timer_all_harts(void)
{
	uint64_t before[NR_CPUS];

	for (int i = 0; i < nr_cpus; i++)
		before[i] = READ_ONCE(cpus[i].ticks);
	udelay(200000);		/* 200 ms: 20 ticks at 100 Hz */
	for (int i = 0; i < nr_cpus; i++) {
		uint64_t n = READ_ONCE(cpus[i].ticks) - before[i];

		pr_info("timer: hart %lu took %lu timer interrupts in 200 ms\n",
			cpus[i].hartid, (unsigned long)n);
		CHECK(n >= 10 && n <= 40);
	}
	return 0;
}
SELFTEST("timer_all_harts", test_timer_all_harts);

static struct {
	int turn;			/* [wq lock] 0: ping's turn, 1: pong's */
	int rounds[2];
	struct wait_queue wq;
	struct countdown done;
	int cpu_seen[2];
} pp;

static void pingpong(void *arg)
{
	int me = (int)(uintptr_t)arg;

	pp.cpu_seen[me] = cpu_id();
	for (int r = 0; r < PINGPONG_ROUNDS; r++) {
		wait_event(&pp.wq, pp.turn == me);
		spin_lock(&pp.wq.lock);
		pp.turn = !me;
		pp.rounds[me]++;
		spin_unlock(&pp.wq.lock);
		wake_up_all(&pp.wq);
	}
	countdown_done(&pp.done);
}

static int test_pingpong(void)
{
	wait_queue_init(&pp.wq);
	countdown_init(&pp.done, 2);
	pp.turn = 0;
	CHECK(kthread_create("ping", pingpong, (void *)0, 0));
	CHECK(kthread_create("pong", pingpong, (void *)1, nr_cpus - 1));
	countdown_wait(&pp.done);
	pr_info("pingpong: %d rounds between cpu %d and cpu %d\n",
		pp.rounds[0] + pp.rounds[1], pp.cpu_seen[0], pp.cpu_seen[1]);
	CHECK(pp.rounds[0] == PINGPONG_ROUNDS && pp.rounds[1] == PINGPONG_ROUNDS);
	return 0;
}
SELFTEST("pingpong", test_pingpong);

static struct countdown many_done;
static int many_sum;

static void short_thread(void *arg)
{
	__atomic_fetch_add(&many_sum, (int)(uintptr_t)arg, __ATOMIC_RELAXED);
	if ((uintptr_t)arg % 3 == 0)
		sched_yield_cpu();
	countdown_done(&many_done);
}

/* Start MANY_THREADS short threads everywhere and wait for them. */
static int spawn_many(void)
{
	uint64_t t0 = time_ns();
	int expect = 0;

	many_sum = 0;
	countdown_init(&many_done, MANY_THREADS);
	for (int i = 0; i < MANY_THREADS; i++) {
		expect += i;
		if (!kthread_create("short", short_thread, (void *)(uintptr_t)i, -1))
			return 1;
	}
	countdown_wait(&many_done);
	pr_info("many_threads: %d threads created, run and exited in %lu us\n",
		MANY_THREADS, (unsigned long)(time_ns() - t0) / 1000);
	return __atomic_load_n(&many_sum, __ATOMIC_RELAXED) != expect;
}

static int test_many_threads(void)
{
	int threads = sched_nr_threads();
	unsigned long before, after;

	before = settle_memory(threads);
	CHECK(spawn_many() == 0);
	CHECK(spawn_many() == 0);
	after = settle_memory(threads);
	pr_info("many_threads: pages free or in page tables: before %lu after %lu\n",
		before, after);
	CHECK(after == before);
	return 0;
}
SELFTEST("many_threads", test_many_threads);

/* The runner types a line on the console; the receive interrupt delivers it. */
static int test_uart_input(void)
{
	char line[64];
	size_t n = 0;

	pr_info("uart_input: waiting for a line\n");
	while (n < sizeof(line) - 1) {
		char c;

		if (console_read(&c, 1) != 1)
			return 1;
		if (c == '\n' || c == '\r')
			break;
		line[n++] = c;
	}
	line[n] = '\0';
	pr_info("uart_input: got \"%s\"\n", line);
	return 0;
}
SELFTEST_BY_NAME("uart_input", test_uart_input);
