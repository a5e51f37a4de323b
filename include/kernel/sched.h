/*
 * The scheduler: per-cpu run queues of runnable threads, round robin with
 * a time slice, preemption from the timer interrupt (also of kernel code:
 * an interrupt can only arrive when no spinlock is held), and idle cpus
 * that take work from the busiest queue.
 *
 * Sleeping without lost wakeups: a sleeper holds the wait queue's lock
 * until it holds its run queue's lock and is marked sleeping; a waker
 * takes the same two locks in the same order, so it either sees the
 * condition false-and-not-yet-sleeping (impossible: the sleeper checked
 * under the wait queue lock) or a thread that has fully switched out.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <lib/compiler.h>
#include <lib/list.h>
#include <kernel/spinlock.h>
#include <kernel/thread.h>
#include <asm/current.h>
#include <lib/errno.h>

#define SCHED_SLICE_TICKS	2

struct wait_queue {
	struct spinlock lock;
	struct list_head waiters;	/* [lock] struct waiter */
};

/*
 * A waiter wakes its thread and leaves the queue; one with a func (epoll's
 * watch on a file) is called instead, with wq->lock held, and stays queued
 * until its owner takes it off.
 */
struct waiter {
	struct thread *thread;
	struct list_head node;
	void (*func)(struct waiter *w);
};

#define WAIT_QUEUE_INIT(wq) \
	{ .lock = SPINLOCK_INIT(#wq, LOCK_WAITQ), .waiters = LIST_HEAD_INIT((wq).waiters) }

void wait_queue_init(struct wait_queue *wq);
/* Caller holds wq->lock and has queued itself; returns with no lock held. */
void sleep_locked(struct wait_queue *wq);
void wake_up_all(struct wait_queue *wq);
/*
 * The same with wq->lock held: for a waker that changes the condition
 * under the lock, so that a waiter who sees it may free the queue as
 * soon as the lock is dropped.
 */
void wake_up_all_locked(struct wait_queue *wq);
void wake_up_one(struct wait_queue *wq);
/* wake_up_all from a waiter's func: wq's lock nests in the waking queue's. */
void wake_up_all_nested(struct wait_queue *wq);
/* Sleep until thread_wake(current) (no queue: the waker knows us). */
void thread_sleep(void);

/*
 * Sleep until cond is true; cond is evaluated under wq->lock. A sleeper
 * can wake without being taken off the queue (a timer, a kill), so it
 * takes itself off (list_del of an unlinked node does nothing).
 */
#define wait_event(wq, cond)						\
	do {								\
		struct waiter __w = { .thread = current };		\
		list_init(&__w.node);					\
		for (;;) {						\
			spin_lock(&(wq)->lock);				\
			list_del(&__w.node);				\
			if (cond) {					\
				spin_unlock(&(wq)->lock);		\
				break;					\
			}						\
			list_add_tail(&__w.node, &(wq)->waiters);	\
			sleep_locked(wq);				\
		}							\
	} while (0)

bool signal_pending(struct thread *t);

/*
 * Has the current thread been told to stop waiting: its process dies or
 * stops, or a signal it does not block is pending?
 */
static inline bool thread_interrupted(void)
{
	return signal_pending(current);
}

/* As wait_event, but 0 when cond holds, -ERESTARTSYS when interrupted. */
#define wait_event_interruptible(wq, cond)				\
	({								\
		struct waiter __w = { .thread = current };		\
		int __ret = 0;						\
		list_init(&__w.node);					\
		for (;;) {						\
			spin_lock(&(wq)->lock);				\
			list_del(&__w.node);				\
			if (cond) {					\
				spin_unlock(&(wq)->lock);		\
				break;					\
			}						\
			if (thread_interrupted()) {			\
				spin_unlock(&(wq)->lock);		\
				__ret = -ERESTARTSYS;			\
				break;					\
			}						\
			list_add_tail(&__w.node, &(wq)->waiters);	\
			sleep_locked(wq);				\
		}							\
		__ret;							\
	})

void sched_init_cpu(struct thread *idle);
void sched_start(void) __noreturn;	/* become this cpu's idle loop */
void schedule(void);			/* give up the cpu if someone waits */
void sched_yield_cpu(void);
void sched_tick(void);			/* timer interrupt */
void sched_preempt_check(void);
void sched_ipi(void);
bool sched_need_resched(void);		/* interrupts off */
/* Restrict t to the cpus in mask (current moves at once); -EINVAL if none online. */
int thread_set_affinity(struct thread *t, unsigned long mask);
/* Free a thread that exited or never ran. */
void thread_free(struct thread *t);			/* resched IPI received */
void idle_thread_init(struct thread *t, struct cpu *c, uintptr_t kstack_top);		/* at interrupt exit */

/* Create a kernel thread; cpu < 0 picks the least loaded. */
struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg, int cpu);
void thread_exit(void) __noreturn;
/* Two-step creation: allocate (tid, stack), then let it run on cpu (< 0: any). */
struct thread *thread_alloc(const char *name, void (*fn)(void *), void *arg);
void thread_start_on(struct thread *t, int cpu);
void thread_wake(struct thread *t);
unsigned int sched_nr_running(int cpu);
/* Kernel threads created and not yet freed (idle threads not counted). */
int sched_nr_threads(void);

#endif
