/*
 * One-shot timers: fn(arg) runs in interrupt context on the cpu that added
 * the timer, at or soon after 'expires' (time_ns() nanoseconds). The
 * hardware timer is programmed for the earlier of the next tick and the
 * next timer, so timers are not rounded to ticks.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <lib/compiler.h>
#include <lib/list.h>

struct timer {
	uint64_t expires;		/* [cpu timer lock] */
	void (*fn)(void *arg);		/* [I while queued] */
	void *arg;
	int cpu;			/* [cpu timer lock] queued there, or -1 */
	int last_cpu;			/* [o] where it was last added, or -1 */
	struct list_head node;
};

void timer_init(struct timer *t, void (*fn)(void *), void *arg);
void timer_add(struct timer *t, uint64_t expires);
/* Remove it if queued and wait until its fn is not running anywhere. */
void timer_cancel(struct timer *t);

/* arch timer interrupt: run what expired; returns the next expiry or ~0. */
uint64_t timer_run_expired(void);
void timer_init_cpu(int cpu);

/* Sleep until time_ns() >= deadline, or a signal interrupts it (-EINTR). */
int sleep_until(uint64_t deadline);

#endif
