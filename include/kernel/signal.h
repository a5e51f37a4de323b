/*
 * Signals: numbers, actions, pending sets, and the mechanism that sends,
 * stops, continues and picks a signal for delivery (kernel/signal.c).
 * How a handler is entered and left is the arch's (arch_do_signal,
 * sys_rt_sigreturn); Linux's structs and flags are syscall/'s.
 *
 * A signal is pending on a thread (tkill, tgkill, faults) or on its
 * process (kill, SIGCHLD, SIGPIPE ...). Each of the 64 signals is pending
 * at most once per queue and keeps the info of its first send (real-time
 * signals do not queue a second instance yet). A thread takes its own
 * signals first, lowest number first, then the process's.
 *
 * Locking: p->lock is the signal lock of process p: its actions, its
 * shared queue, its threads' queues and masks, and the stop state.
 * Senders hold proctree_lock (it keeps the target and its parent alive
 * and orders the SIGCHLD reports); kernel/signal.c takes p->lock.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <lib/compiler.h>

#define NSIG		64
#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32

#define sig_bit(sig)	(1ULL << ((sig) - 1))
/* Signals that can be neither blocked nor caught. */
#define SIG_UNBLOCKABLE	(sig_bit(SIGKILL) | sig_bit(SIGSTOP))
/* Default actions other than "terminate" (Linux's sig_kernel_* sets). */
#define SIG_DEFAULT_IGNORE	(sig_bit(SIGCHLD) | sig_bit(SIGCONT) | sig_bit(SIGURG) | \
				 sig_bit(SIGWINCH))
#define SIG_DEFAULT_STOP	(sig_bit(SIGSTOP) | sig_bit(SIGTSTP) | sig_bit(SIGTTIN) | \
				 sig_bit(SIGTTOU))
#define SIG_DEFAULT_CORE	(sig_bit(SIGQUIT) | sig_bit(SIGILL) | sig_bit(SIGTRAP) | \
				 sig_bit(SIGABRT) | sig_bit(SIGBUS) | sig_bit(SIGFPE) | \
				 sig_bit(SIGSEGV) | sig_bit(SIGXCPU) | sig_bit(SIGXFSZ) | \
				 sig_bit(SIGSYS))
/* Raised by a fault of the thread itself: taken before other signals. */
#define SIG_SYNCHRONOUS		(sig_bit(SIGSEGV) | sig_bit(SIGBUS) | sig_bit(SIGILL) | \
				 sig_bit(SIGTRAP) | sig_bit(SIGFPE) | sig_bit(SIGSYS))

#define SIG_DFL_K	0
#define SIG_IGN_HANDLER	1

/* Action flags the kernel acts on (Linux's values: they are kept as set). */
#define SA_NOCLDSTOP_K	0x00000001u
#define SA_NOCLDWAIT_K	0x00000002u
#define SA_SIGINFO_K	0x00000004u
#define SA_ONSTACK_K	0x08000000u
#define SA_RESTART_K	0x10000000u
#define SA_NODEFER_K	0x40000000u
#define SA_RESETHAND_K	0x80000000u

struct k_sigaction {
	uintptr_t handler;		/* user address, or SIG_DFL 0 / SIG_IGN 1 */
	unsigned long flags;
	uintptr_t restorer;
	uint64_t mask;
};

/* si_code values the kernel itself uses (Linux's). */
#define SI_USER_K	0
#define SI_KERNEL_K	0x80
#define SI_QUEUE_K	(-1)
#define SI_TIMER_K	(-2)
#define SI_TKILL_K	(-6)

/* What comes with a signal; syscall/ lays it out as Linux's siginfo. */
struct ksiginfo {
	int signo, code, err;
	int pid;			/* sender: kill, queue, SIGCHLD */
	uint32_t uid;
	int status;			/* SIGCHLD: exit code or signal */
	uint64_t value;			/* fault address, or the queued value */
	uint64_t utime, stime;		/* SIGCHLD: clock ticks */
};

struct sigpending {
	uint64_t set;			/* [P] */
	struct ksiginfo info[NSIG];	/* [P] info of each signal in set */
};

/* Wait status words, as wait4() reports them. */
#define WSTATUS_EXITED(code)	(((code) & 0xff) << 8)
#define WSTATUS_SIGNALED(sig)	((sig) & 0x7f)
#define WSTATUS_STOPPED(sig)	((((sig) & 0xff) << 8) | 0x7f)
#define WSTATUS_CONTINUED	0xffff

/* CLD_* codes of SIGCHLD (and waitid) */
#define CLD_EXITED_K	1
#define CLD_KILLED_K	2
#define CLD_DUMPED_K	3
#define CLD_STOPPED_K	5
#define CLD_CONTINUED_K	6

struct process;
struct thread;

/*
 * Send info->signo to process p (t NULL: any thread that does not block
 * it) or to thread t of p. Caller holds proctree_lock. Returns 0 (also
 * when the signal is ignored and dropped).
 */
int signal_send(struct process *p, struct thread *t, const struct ksiginfo *info);
/* A fault of the current thread: delivered even if blocked or ignored (then fatal). */
void signal_force(int sig, int code, uintptr_t addr);
/* A handler for sig could not be entered (bad stack): SIGSEGV, fatal if sig was it. */
void signal_force_sigsegv(int sig);
/* A write found no reader (EPIPE): SIGPIPE to the writing thread, as Linux. */
void signal_epipe(void);
/* Is a signal (or a stop) waiting that should end an interruptible sleep? */
bool signal_pending(struct thread *t);
/* Work for the return to user: a deliverable signal, a stop, a mask to restore. */
bool signal_work_pending(struct thread *t);

/* What the arch must do for a signal taken at the return to user. */
struct ksignal {
	int sig;
	struct ksiginfo info;
	struct k_sigaction ka;		/* the action as it was when taken */
};

/*
 * At the return to user: stop while the process is stopped, act on
 * default actions, and return 1 with *ks filled for a handler to run, or
 * 0 when there is none. Never returns for a fatal signal.
 */
int signal_get(struct ksignal *ks);
/* After the frame is built: block the action's mask (and the signal). */
void signal_handler_entered(const struct ksignal *ks);
/* Set the current thread's blocked mask (SIGKILL and SIGSTOP never). */
void signal_set_mask(uint64_t mask);
/* Signals pending on the thread or its process, blocked or not. */
uint64_t signal_pending_set(void);
/*
 * Take a pending signal of set for the current thread (lowest first),
 * filling *info; 0 if none.
 */
int signal_dequeue(uint64_t set, struct ksiginfo *info);
/* A changed action: drop pending instances of a signal now ignored. Caller holds p->lock. */
void signal_flush_ignored(struct process *p, int sig);
/* Is signal sig ignored by process p (SIG_IGN, or default ignore)? p->lock held. */
bool signal_ignored(struct process *p, int sig);

/* Alternate signal stack of the current thread (Linux's values). */
#define SS_ONSTACK_K		1
#define SS_DISABLE_K		2
#define SS_AUTODISARM_K		(1U << 31)
#define SIGALTSTACK_MIN		2048	/* MINSIGSTKSZ */
bool signal_on_altstack(uintptr_t sp);
/* SS_DISABLE, SS_ONSTACK or 0 for a thread whose sp is sp. */
int signal_altstack_flags(uintptr_t sp);
/* sigaltstack(2)'s change, as Linux checks it; sp is the user's sp now. */
int signal_altstack_set(uintptr_t sp, uintptr_t ss_sp, size_t ss_size, unsigned int ss_flags);

/*
 * The child c ended, stopped or continued (why: CLD_*): tell its parent
 * with its exit signal. proctree_lock held.
 */
void signal_notify_parent(struct process *c, int why, int status);

#endif
