/*
 * Sleeping locks, for data held across operations that may sleep (a file
 * system walk, an address space while a page is faulted in). A mutex is a
 * wait queue and an owner; its waiters sleep instead of spinning. Only
 * threads take mutexes, never interrupt handlers, and a mutex is never
 * taken while a spinlock is held.
 */
#ifndef KERNEL_MUTEX_H
#define KERNEL_MUTEX_H

#include <kernel/sched.h>

struct mutex {
	struct wait_queue wq;		/* wq.lock protects owner */
	struct thread *owner;		/* [wq.lock] NULL when free */
	const char *name;		/* [I] */
};

#define MUTEX_INIT(m, nm) \
	{ .wq = WAIT_QUEUE_INIT((m).wq), .owner = NULL, .name = (nm) }

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_held(const struct mutex *m);	/* by the current thread */

#endif
