/*
 * Kernel threads: the unit the scheduler runs. Every thread has its own
 * kernel stack (with an unmapped guard page below it) and, while it runs,
 * is pointed to by the tp register (see <asm/current.h>).
 *
 * Locking: [I] immutable after creation, [r] the run queue lock of the
 * cpu the thread is on, [o] only the thread itself.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <lib/compiler.h>
#include <lib/list.h>
#include <kernel/cpu.h>
#include <asm/thread.h>

enum thread_state {
	THREAD_RUNNABLE,	/* on a run queue or running */
	THREAD_SLEEPING,	/* waiting for a wakeup */
	THREAD_DEAD,		/* exited, stack to be freed */
};

#define THREAD_NAME_LEN	16

struct thread {
	struct cpu *cpu;		/* [r] must stay first: this_cpu() */
	struct thread_arch arch;	/* [o] trap scratch, saved context */
	uintptr_t kstack_top;		/* [I] */
	enum thread_state state;	/* [r] */
	struct list_head run_node;	/* [r] run queue link */
	int tid;			/* [I] */
	bool is_idle;			/* [I] */
	void (*entry)(void *);		/* [I] */
	void *arg;			/* [I] */
	char name[THREAD_NAME_LEN];	/* [I] */
};

_Static_assert(offsetof(struct thread, cpu) == 0, "this_cpu() reads the first word");

#endif
