/*
 * Timers (see <kernel/timer.h>): a sorted list per cpu. The timer
 * interrupt pops what has expired and runs it with the list unlocked.
 */
#include <kernel/timer.h>
#include <kernel/spinlock.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/cpu.h>
#include <lib/errno.h>
#include <asm/timer.h>
#include <asm/processor.h>

struct timer_base {
	struct spinlock lock;
	struct list_head timers;	/* [lock] by expiry */
	struct timer *running;		/* [lock] whose fn runs now */
};

static struct timer_base bases[NR_CPUS];

void timer_init_cpu(int cpu)
{
	spin_init(&bases[cpu].lock, "timers", LOCK_TIMER);
	list_init(&bases[cpu].timers);
}

void timer_init(struct timer *t, void (*fn)(void *), void *arg)
{
	t->fn = fn;
	t->arg = arg;
	t->cpu = -1;
	t->last_cpu = -1;
	list_init(&t->node);
}

void timer_add(struct timer *t, uint64_t expires)
{
	struct timer_base *b;
	struct timer *pos;
	bool first;

	irq_push_off();
	b = &bases[cpu_id()];
	spin_lock(&b->lock);
	t->expires = expires;
	t->cpu = cpu_id();
	t->last_cpu = cpu_id();
	list_for_each_entry(pos, &b->timers, node)
		if (pos->expires > expires)
			break;
	list_add_tail(&t->node, &pos->node);
	first = b->timers.next == &t->node;
	spin_unlock(&b->lock);
	if (first)
		arch_timer_program_at(expires);
	irq_pop_off();
}

void timer_cancel(struct timer *t)
{
	int cpu = READ_ONCE(t->last_cpu);
	struct timer_base *b;

	if (cpu < 0)
		return;
	b = &bases[cpu];
	spin_lock(&b->lock);
	if (t->cpu == cpu) {
		list_del(&t->node);
		t->cpu = -1;
	}
	/* wait out a run of fn on that cpu: after this, nothing uses t or arg */
	while (b->running == t) {
		spin_unlock(&b->lock);
		cpu_relax();
		spin_lock(&b->lock);
	}
	spin_unlock(&b->lock);
}

uint64_t timer_run_expired(void)
{
	struct timer_base *b = &bases[cpu_id()];
	uint64_t now = time_ns(), next = ~0ULL;

	spin_lock(&b->lock);
	while (!list_empty(&b->timers)) {
		struct timer *t = list_first_entry(&b->timers, struct timer, node);

		if (t->expires > now) {
			next = t->expires;
			break;
		}
		void (*fn)(void *) = t->fn;
		void *arg = t->arg;

		/* t may be gone once unlocked: its owner can cancel and return */
		list_del(&t->node);
		t->cpu = -1;
		b->running = t;
		spin_unlock(&b->lock);
		fn(arg);
		spin_lock(&b->lock);
		b->running = NULL;
	}
	spin_unlock(&b->lock);
	return next;
}

static void wake_sleeper(void *arg)
{
	thread_wake(arg);
}

int sleep_until(uint64_t deadline)
{
	struct timer t;
	int ret = 0;

	timer_init(&t, wake_sleeper, current);
	timer_add(&t, deadline);
	while (time_ns() < deadline) {
		if (thread_interrupted()) {
			ret = -EINTR;
			break;
		}
		thread_sleep();
	}
	timer_cancel(&t);
	return ret;
}
