/* Helpers shared by the in-kernel self-tests. */
#ifndef TESTS_KERNEL_TEST_UTIL_H
#define TESTS_KERNEL_TEST_UTIL_H

#include <kernel/sched.h>
#include <kernel/selftest.h>

static inline uint64_t test_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * A countdown the test thread sleeps on until every worker is done. The
 * count changes under the queue's lock, and the last worker wakes the
 * waiter before dropping it: once the waiter sees zero no worker touches
 * the countdown again, so it may be set up anew for the next round.
 */
struct countdown {
	int left;			/* [wq.lock] */
	struct wait_queue wq;
};

static inline void countdown_init(struct countdown *c, int n)
{
	c->left = n;
	wait_queue_init(&c->wq);
}

static inline void countdown_done(struct countdown *c)
{
	spin_lock(&c->wq.lock);
	if (--c->left == 0)
		wake_up_all_locked(&c->wq);
	spin_unlock(&c->wq.lock);
}

static inline void countdown_wait(struct countdown *c)
{
	wait_event(&c->wq, c->left == 0);
}

/*
 * Wait until exited threads are freed, then return every cached page, and
 * count free pages plus kernel page tables (which are kept once made).
 */
unsigned long settle_memory(int nr_threads_before);

/* Start fn(arg) on every online cpu; wait for all of them. */
void run_on_all_cpus(void (*fn)(void *), void **args, struct countdown *done);

#endif
