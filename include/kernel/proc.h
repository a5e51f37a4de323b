/*
 * Processes: a thread group sharing an address space, files and limits,
 * with a place in the process tree (parent, children, group, session).
 *
 * Lifetime: a process lives while it has threads; when the last one
 * exits it gives back its memory and files at once and stays as a zombie
 * (pid, exit status, cpu times) until its parent reaps it with wait4 or
 * waitid. Children of an exiting process go to init (pid 1). Each thread
 * is freed by the scheduler after its last switch; only the leader's id
 * outlives it (it is the pid).
 *
 * Locking: [T] proctree_lock (the tree, groups, the all-process list,
 * state, exit status), [P] p->lock (threads, group exit, limits, times
 * of dead threads, signal state: see <kernel/signal.h>), [I] immutable, [a] atomic, [s] only the process's own
 * threads change it (one at a time: exec leaves one thread).
 * Lock order: proctree_lock, then p->lock, then wait queue locks.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <lib/compiler.h>
#include <lib/list.h>
#include <kernel/spinlock.h>
#include <kernel/sched.h>
#include <kernel/signal.h>

struct files_struct;
struct file;
struct tty;

/* On a vfork parent's stack until the child execs or exits. */
struct vfork_done {
	struct wait_queue wq;		/* wq.lock protects done */
	bool done;
};
struct fs_struct;
struct mm;

#define RLIM_NLIMITS	16
#define RLIM_INFINITY	(~0ULL)

struct rlimit_k {
	uint64_t cur, max;
};

enum proc_state {
	PROC_ALIVE,
	PROC_ZOMBIE,		/* exited, waiting for its parent */
};

/* Who a process acts as: Linux's ids (root is euid 0). [P] */
struct cred {
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	unsigned int ngroups;
	uint32_t *groups;		/* kmalloc'd, ngroups long */
};

struct process {
	int pid;			/* [I] the leader's tid */
	struct spinlock lock;
	struct list_head threads;	/* [T+P] struct thread.proc_node: both to change */
	int nr_threads;			/* [P] live threads */
	bool group_exiting;		/* [P] exit_group or a fatal signal */
	bool exec_running;		/* [P] an exec is ending the other threads */
	int group_exit_status;		/* [P] wait status for the group */

	struct process *parent;		/* [T] */
	struct list_head children;	/* [T] */
	struct list_head sibling;	/* [T] in parent->children */
	struct list_head all_node;	/* [T] in the all-process list */
	int pgid, sid;			/* [T] */
	struct tty *tty;		/* [T] controlling terminal (drivers/tty) */
	enum proc_state state;		/* [T] */
	int exit_status;		/* [T] wait status, once a zombie */
	int exit_signal;		/* [I] sent to the parent at exit */

	struct files_struct *files;	/* [s], cleared at exit under [P] */
	struct fs_struct *fs;		/* [s], cleared at exit under [P] */
	struct file *exe_file;		/* [s] set by exec, cleared at exit, under [P] */
	struct wait_queue child_wait;	/* children changed state */
	unsigned int child_events;	/* [a] bumped before child_wait wakes */

	struct rlimit_k rlim[RLIM_NLIMITS];	/* [P] */
	struct cred cred;			/* [P] */
	uint64_t dead_utime, dead_stime;	/* [P] of exited threads */
	uint64_t child_utime, child_stime;	/* [P] of reaped children */
	struct k_sigaction sigactions[NSIG];	/* [P] */
	struct sigpending shared_pending;	/* [P] signals for any thread */
	bool stopped;			/* [P] stopped by a stop signal */
	bool cont_notify;		/* [P] continued: the parent is yet to hear */
	bool unkillable;		/* [P] init: signals without a handler are dropped */
	struct wait_queue stop_wait;	/* stopped threads wait here for SIGCONT */
	int stop_report;		/* [T] wait status of a stop or continue not yet waited for */
	char comm[16];			/* [s] */
	bool did_exec;			/* [T] for setpgid's EACCES */
	bool child_subreaper;		/* [T] orphaned descendants come here */

	struct vfork_done *vfork_done;	/* [a] a vfork parent waits on it */
};

extern struct spinlock proctree_lock;
extern struct list_head all_procs;	/* [T] every process, zombies too */

static inline struct process *current_proc(void)
{
	return current->proc;
}

/* The fd table and the cwd/root/umask of the calling thread's process. */
struct files_struct *current_files(void);
struct fs_struct *current_fs(void);

/* clone(): what to share; the kernel's own flags, translated by syscall/. */
struct clone_req {
	bool share_vm, share_files, share_fs, thread, vfork, parent;
	bool set_tls, parent_settid, child_settid, child_cleartid;
	uintptr_t stack;		/* 0: same sp as the parent */
	uintptr_t tls;
	int *parent_tid, *child_tid;	/* user addresses */
	int exit_signal;
};

/* Returns the new thread's id (pid for a new process) or -errno. */
long proc_clone(const struct clone_req *req);
/* The calling thread ends (exit); the last one ends the process. */
void proc_exit_thread(int status) __noreturn;
/* exit_group: every thread ends; status is the wait status. */
void proc_exit_group(int status) __noreturn;
/* A fatal signal (fault, kill): the whole group dies with signal sig. */
void proc_kill_group(struct process *p, int sig);
/* At the return to user: exit if the group is dying. */
void proc_check_killed(void);

#define WAIT_NOHANG	(1U << 0)
#define WAIT_ALL	(1U << 1)	/* any child, whatever exit signal */
#define WAIT_CLONE	(1U << 2)	/* only non-SIGCHLD children */
#define WAIT_NOREAP	(1U << 3)	/* leave the zombie (waitid WNOWAIT) */
#define WAIT_EXITED	(1U << 4)	/* report children that ended */
#define WAIT_STOPPED	(1U << 5)	/* ... that stopped */
#define WAIT_CONTINUED	(1U << 6)	/* ... that were continued */

struct wait_result {
	int pid;
	int status;			/* wait status */
	int code;			/* CLD_* */
	uint64_t utime_ns, stime_ns;
};

/*
 * Wait for a child: pid > 0 that one, 0 the caller's group, -1 any,
 * < -1 group -pid. Returns 1 with *res filled, 0 (WAIT_NOHANG and none
 * ready), or -ECHILD / -ERESTARTSYS.
 */
int proc_wait(int pid, unsigned int flags, struct wait_result *res);

/* Exit: does c's parent reap it at once (SIGCHLD ignored)? Tree locked; unlinks c if so. */
bool proc_autoreap_locked(struct process *c);
/* Free a reaped zombie; no lock held. */
void proc_free_zombie(struct process *c);

/* Send info's signal to every live process of group pgid. Tree locked. */
void proc_signal_pgrp_locked(int pgid, const struct ksiginfo *info);

/* Process groups and sessions (0 = the caller). */
int proc_setpgid(int pid, int pgid);
int proc_getpgid(int pid);
int proc_getsid(int pid);
int proc_setsid(void);
int proc_getppid(void);

/* A live thread by id; proctree_lock held (threads leave under it too). */
struct thread *proc_find_thread_locked(int tid);
/* Find a live or zombie process; proctree_lock must be held. */
struct process *proc_find(int pid);

/* Boot: make the calling kernel thread pid 1's first thread. */
int proc_init_first(void);
/* exec: end every other thread of the group and wait for them. */
int proc_exec_single(void);
/* Drop a process's memory: exec swaps in new, exit passes NULL. */
void proc_set_mm(struct mm *mm);
/* exec: f (its reference passed in) is the program now (/proc/PID/exe). */
void proc_set_exe_file(struct file *f);
/* cpu time of the process (all threads, live and dead). */
void proc_cputime(struct process *p, uint64_t *utime, uint64_t *stime);

/* Account a user/kernel boundary crossing of the current thread. */
void acct_enter_kernel(void);
void acct_leave_kernel(void);

#endif
