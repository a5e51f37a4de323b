/*
 * Kernel threads: the unit the scheduler runs. Every thread has its own
 * kernel stack (with an unmapped guard page below it) and, while it runs,
 * is pointed to by the tp register (see <asm/current.h>).
 *
 * Locking: [I] immutable after creation, [r] the run queue lock of the
 * cpu the thread is on, [o] only the thread itself, [P] its process's lock.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <lib/compiler.h>
#include <lib/list.h>
#include <kernel/cpu.h>
#include <asm/thread.h>
#include <kernel/signal.h>

enum thread_state {
	THREAD_RUNNABLE,	/* on a run queue or running */
	THREAD_SLEEPING,	/* waiting for a wakeup */
	THREAD_DEAD,		/* exited, stack to be freed */
	THREAD_FREED,		/* given back (catches a second free) */
};

#define THREAD_NAME_LEN	16

struct process;
struct mm;

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
	bool wake_token;		/* [r] woken while not asleep */
	bool on_cpu;			/* [r] running, or switching out */
	void *freed_by;			/* [I] where thread_free() was called (debugging) */
	bool keeps_tid;			/* [I] the process frees the tid (leaders) */
	unsigned long cpus_allowed;	/* [r] cpus it may run on (bit per cpu id) */
	int migrate_to;			/* [r] move there at the next switch, or -1 */
	int nice;			/* [r] -20..19: a longer or shorter time slice */

	/* user threads only; NULL/0 in kernel threads */
	struct process *proc;		/* [I] */
	struct mm *mm;			/* [o] address space */
	struct list_head proc_node;	/* [proc->lock] in proc->threads */
	int *clear_child_tid;		/* [o] user address, cleared at exit */
	uintptr_t robust_list;		/* [o] user address */
	size_t robust_len;		/* [o] */
	bool killed;			/* [a] exit at the next return to user */
	uint64_t sigmask;		/* [P] blocked signals (the thread reads it freely) */
	uint64_t real_blocked;		/* [P] the mask sigtimedwait relaxed, while it waits */
	uint64_t saved_sigmask;		/* [o] sigsuspend/ppoll: the mask to restore */
	bool restore_sigmask;		/* [o] restore it at the return to user */
	struct sigpending pending;	/* [P] signals for this thread */
	uintptr_t sas_sp;		/* [o] alternate signal stack */
	size_t sas_size;		/* [o] */
	unsigned int sas_flags;		/* [o] SS_AUTODISARM as set */
	long (*restart_fn)(void);	/* [o] restart_syscall's work (-ERESTART_RESTARTBLOCK) */
	uint64_t restart_deadline;	/* [o] its sleep's end */
	void *restart_addr;		/* [o] its user address (nanosleep's rmtp) */
	uint64_t utime_ns, stime_ns;	/* [o] cpu time in user and kernel */
	uint64_t acct_stamp;		/* [o] when the current period began */
	bool in_user_period;		/* [o] is that period user time? */
};

_Static_assert(offsetof(struct thread, cpu) == 0, "this_cpu() reads the first word");

#endif
