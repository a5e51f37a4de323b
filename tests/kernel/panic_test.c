/*
 * Tests that end in a panic on purpose (run by name only): the runner
 * checks the panic report: reason, hart, registers, backtrace, and that
 * the machine powered off with every hart stopped.
 */
#include "test_util.h"
#include <kernel/cpu.h>
#include <kernel/spinlock.h>
#include <kernel/config.h>

static volatile int recurse_limit = 1 << 30;	/* never reached */

static int __noinline recurse(int depth)
{
	volatile char pad[256];

	pad[0] = (char)depth;
	if (depth >= recurse_limit)
		return 0;
	return recurse(depth + 1) + pad[0];
}

static void overflow_thread(void *arg)
{
	(void)arg;
	recurse(0);
}

static int test_stack_overflow(void)
{
	CHECK(kthread_create("overflow-test", overflow_thread, NULL, nr_cpus - 1));
	for (;;)
		sched_yield_cpu();
}
SELFTEST_BY_NAME("stack_overflow", test_stack_overflow);

static int test_kernel_fault(void)
{
	volatile unsigned long *bad = (unsigned long *)0xffffffd000000000UL;

	return (int)*bad;
}
SELFTEST_BY_NAME("kernel_fault", test_kernel_fault);

static int test_lock_order(void)
{
	static struct spinlock outer = SPINLOCK_INIT("test_outer", LOCK_PRINTK);
	static struct spinlock inner = SPINLOCK_INIT("test_inner", LOCK_KMALLOC);

	spin_lock(&outer);
	spin_lock(&inner);	/* lower level while holding a higher one */
	spin_unlock(&inner);
	spin_unlock(&outer);
	pr_err("lock_order: no check in this build (DEBUG=1 checks lock order)\n");
	return 1;
}
SELFTEST_BY_NAME("lock_order", test_lock_order);
