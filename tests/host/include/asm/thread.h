/*
 * Host stand-in for the arch part of a thread: nothing of it is used on
 * the host, but <kernel/thread.h> (and so <kernel/sched.h> and
 * <kernel/mutex.h>) needs the type to be complete.
 */
#ifndef ASM_THREAD_H
#define ASM_THREAD_H

struct thread_arch {
	unsigned long unused;
};

#endif
