/*
 * Signals: sending, the default actions, stopping and continuing a
 * process, and picking the next signal for the return to user (see
 * <kernel/signal.h> for the rules and the locking).
 *
 * Sending follows Linux's send_signal: a SIGCONT resumes a stopped
 * process and drops pending stops, a stop drops a pending SIGCONT; a
 * signal the target ignores is dropped unless blocked; one already pending
 * is not queued again; then a thread that does not block it is woken, and
 * if the signal's default action ends the process it ends at once.
 * Stops happen at the return to user of the thread that takes the stop
 * signal: the whole process stops, its parent hears of it (SIGCHLD,
 * wait4's WUNTRACED) and every thread waits at its own return to user.
 */
#include <kernel/signal.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <lib/string.h>

static bool sig_in(uint64_t set, int sig)
{
	return (set & sig_bit(sig)) != 0;
}

bool signal_ignored(struct process *p, int sig)
{
	uintptr_t h = p->sigactions[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	return h == SIG_IGN_HANDLER || (h == SIG_DFL_K && sig_in(SIG_DEFAULT_IGNORE, sig));
}

/*
 * Init takes only the signals it has handlers for (Linux's
 * SIGNAL_UNKILLABLE): the rest, SIGKILL and SIGSTOP too, are dropped when
 * sent. A fault it cannot handle still ends it (signal_force). p->lock held.
 */
static bool init_drops(struct process *p, int sig)
{
	return p->unkillable && (sig == SIGKILL || sig == SIGSTOP ||
				 p->sigactions[sig - 1].handler == SIG_DFL_K);
}

/* Does the default action end the process (Linux's sig_fatal)? p->lock held. */
static bool sig_fatal(struct process *p, int sig)
{
	if (p->unkillable)
		return false;
	if (sig == SIGKILL)
		return true;
	return p->sigactions[sig - 1].handler == SIG_DFL_K &&
	       !sig_in(SIG_DEFAULT_IGNORE | SIG_DEFAULT_STOP, sig);
}

static void pending_del(struct sigpending *q, uint64_t set)
{
	q->set &= ~set;
}

/* Remove set from the process's queue and every thread's. p->lock held. */
static void flush_everywhere(struct process *p, uint64_t set)
{
	struct thread *t;

	pending_del(&p->shared_pending, set);
	list_for_each_entry(t, &p->threads, proc_node)
		pending_del(&t->pending, set);
}

void signal_flush_ignored(struct process *p, int sig)
{
	if (signal_ignored(p, sig))
		flush_everywhere(p, sig_bit(sig));
}

/* Mark every thread of p killed and wake it; the group exits with sig. p->lock held. */
static void kill_group_locked(struct process *p, int sig)
{
	struct thread *t;

	if (!p->group_exiting) {
		p->group_exiting = true;
		p->group_exit_status = WSTATUS_SIGNALED(sig);
	}
	list_for_each_entry(t, &p->threads, proc_node) {
		WRITE_ONCE(t->killed, true);
		if (t != current)
			thread_wake(t);
	}
}

void signal_notify_parent(struct process *c, int why, int status)
{
	struct process *parent = c->parent;
	struct ksiginfo info = {
		.signo = SIGCHLD, .code = why, .pid = c->pid, .uid = c->cred.uid,
		.status = status,
	};
	int sig = SIGCHLD;

	if (parent == c)
		return;		/* init has no parent */
	info.utime = c->dead_utime / 10000000;	/* clock ticks, 100 Hz */
	info.stime = c->dead_stime / 10000000;
	if (why == CLD_STOPPED_K || why == CLD_CONTINUED_K) {
		c->stop_report = why == CLD_STOPPED_K ? WSTATUS_STOPPED(status) : WSTATUS_CONTINUED;
		spin_lock(&parent->lock);
		if (parent->sigactions[SIGCHLD - 1].handler == SIG_IGN_HANDLER ||
		    (parent->sigactions[SIGCHLD - 1].flags & SA_NOCLDSTOP_K))
			sig = 0;
		spin_unlock(&parent->lock);
	} else {
		sig = c->exit_signal;
	}
	if (sig) {
		info.signo = sig;
		signal_send(parent, NULL, &info);
	}
	__atomic_fetch_add(&parent->child_events, 1, __ATOMIC_RELEASE);
	wake_up_all(&parent->child_wait);
}

/* SIGCONT: p runs again, and its parent is told. Both locks held (tree, p). */
static void resume_locked(struct process *p)
{
	if (!p->stopped)
		return;
	p->stopped = false;
	wake_up_all(&p->stop_wait);
	p->cont_notify = true;
}

/* Is sig blocked by t (or was it, before sigtimedwait unblocked it)? */
static bool blocked_by(struct thread *t, int sig)
{
	return sig_in(t->sigmask | t->real_blocked, sig);
}

/* A thread of p to take a process-wide sig: current if it can, else one that can. */
static struct thread *pick_thread(struct process *p, int sig)
{
	struct thread *t;

	if (current->proc == p && !sig_in(current->sigmask, sig))
		return current;
	list_for_each_entry(t, &p->threads, proc_node)
		if (!sig_in(t->sigmask, sig) && !READ_ONCE(t->killed))
			return t;
	return NULL;
}

int signal_send(struct process *p, struct thread *t, const struct ksiginfo *info)
{
	int sig = info->signo;
	struct sigpending *q;
	struct thread *wake;
	bool notify;

	if (sig == 0)
		return 0;
	spin_lock(&p->lock);
	if (p->group_exiting || p->state != PROC_ALIVE || list_empty(&p->threads)) {
		spin_unlock(&p->lock);
		return 0;
	}
	/* Linux's prepare_signal: continues and stops cancel each other */
	if (sig == SIGCONT) {
		flush_everywhere(p, SIG_DEFAULT_STOP);
		resume_locked(p);
	} else if (sig == SIGKILL) {
		flush_everywhere(p, SIG_DEFAULT_STOP);
	} else if (sig_in(SIG_DEFAULT_STOP, sig)) {
		flush_everywhere(p, sig_bit(SIGCONT));
	}
	notify = p->cont_notify;
	p->cont_notify = false;
	/* as Linux, the thread named (the leader for kill) decides "blocked" */
	if ((signal_ignored(p, sig) || init_drops(p, sig)) &&
	    !blocked_by(t ? t : list_first_entry(&p->threads, struct thread, proc_node), sig))
		goto out;
	q = t ? &t->pending : &p->shared_pending;
	if (sig_in(q->set, sig))
		goto out;	/* one of each at a time */
	q->set |= sig_bit(sig);
	q->info[sig - 1] = *info;
	wake = t ? (sig_in(t->sigmask, sig) ? NULL : t) : pick_thread(p, sig);
	if (!wake)
		goto out;
	if (sig_fatal(p, sig) && !sig_in(wake->real_blocked, sig)) {
		kill_group_locked(p, sig);
		goto out;
	}
	if (wake != current)
		thread_wake(wake);
out:
	spin_unlock(&p->lock);
	if (notify)
		signal_notify_parent(p, CLD_CONTINUED_K, SIGCONT);
	return 0;
}

void signal_force(int sig, int code, uintptr_t addr)
{
	struct process *p = current_proc();
	struct k_sigaction *ka = &p->sigactions[sig - 1];
	struct ksiginfo info = { .signo = sig, .code = code, .value = addr };

	spin_lock(&proctree_lock);
	spin_lock(&p->lock);
	/* Linux's force_sig_info: a blocked or ignored fault is fatal */
	if (ka->handler == SIG_IGN_HANDLER || sig_in(current->sigmask, sig)) {
		ka->handler = SIG_DFL_K;
		current->sigmask &= ~sig_bit(sig);
	}
	if (ka->handler == SIG_DFL_K)
		p->unkillable = false;	/* as Linux: even init dies of it */
	spin_unlock(&p->lock);
	signal_send(p, current, &info);
	spin_unlock(&proctree_lock);
}

void signal_force_sigsegv(int sig)
{
	struct process *p = current_proc();

	if (sig == SIGSEGV) {	/* its own handler could not be entered: no second try */
		spin_lock(&p->lock);
		p->sigactions[SIGSEGV - 1].handler = SIG_DFL_K;
		spin_unlock(&p->lock);
	}
	signal_force(SIGSEGV, SI_KERNEL_K, 0);
}

void signal_epipe(void)
{
	struct ksiginfo info = { .signo = SIGPIPE, .code = SI_USER_K };

	if (!current->proc)
		return;
	info.pid = current_proc()->pid;
	info.uid = current_proc()->cred.uid;
	spin_lock(&proctree_lock);
	signal_send(current_proc(), current, &info);
	spin_unlock(&proctree_lock);
}

static uint64_t deliverable(struct thread *t)
{
	struct process *p = t->proc;

	return (READ_ONCE(t->pending.set) | READ_ONCE(p->shared_pending.set)) &
	       ~READ_ONCE(t->sigmask);
}

bool signal_pending(struct thread *t)
{
	if (READ_ONCE(t->killed))
		return true;
	if (!t->proc)
		return false;
	return deliverable(t) || READ_ONCE(t->proc->stopped);
}

bool signal_work_pending(struct thread *t)
{
	return signal_pending(t) || t->restore_sigmask;
}

/* Linux's next_signal: faults first, then the lowest number. */
static int next_signal(uint64_t set)
{
	if (set & SIG_SYNCHRONOUS)
		set &= SIG_SYNCHRONOUS;
	return set ? __builtin_ctzll(set) + 1 : 0;
}

/* Take a signal of set from t's queue, then p's. p->lock held. */
static int dequeue_locked(struct thread *t, uint64_t set, struct ksiginfo *info)
{
	struct sigpending *qs[2] = { &t->pending, &t->proc->shared_pending };

	for (int i = 0; i < 2; i++) {
		int sig = next_signal(qs[i]->set & set);

		if (sig) {
			qs[i]->set &= ~sig_bit(sig);
			*info = qs[i]->info[sig - 1];
			return sig;
		}
	}
	return 0;
}

int signal_dequeue(uint64_t set, struct ksiginfo *info)
{
	struct process *p = current_proc();
	int sig;

	spin_lock(&p->lock);
	sig = dequeue_locked(current, set, info);
	spin_unlock(&p->lock);
	return sig;
}

uint64_t signal_pending_set(void)
{
	struct process *p = current_proc();
	uint64_t set;

	spin_lock(&p->lock);
	set = current->pending.set | p->shared_pending.set;
	spin_unlock(&p->lock);
	return set;
}

void signal_set_mask(uint64_t mask)
{
	struct process *p = current_proc();

	spin_lock(&p->lock);
	current->sigmask = mask & ~SIG_UNBLOCKABLE;
	spin_unlock(&p->lock);
}

/* The whole process stops; every thread waits at its return to user. */
static void stop_locked(struct process *p)
{
	struct thread *t;

	p->stopped = true;
	list_for_each_entry(t, &p->threads, proc_node)
		if (t != current)
			thread_wake(t);
}

/*
 * Linux's is_current_pgrp_orphaned: no member of p's group has a parent
 * in another group of the same session (init's children do not count).
 * proctree_lock held.
 */
static bool pgrp_orphaned(struct process *p)
{
	struct process *q;

	list_for_each_entry(q, &all_procs, all_node) {
		if (q->pgid != p->pgid || q->state != PROC_ALIVE || q->parent->pid == 1)
			continue;
		if (q->parent->pgid != p->pgid && q->parent->sid == q->sid)
			return false;
	}
	return true;
}

int signal_get(struct ksignal *ks)
{
	struct process *p = current_proc();

	for (;;) {
		struct k_sigaction *ka;
		int sig;

		proc_check_killed();
		spin_lock(&proctree_lock);
		spin_lock(&p->lock);
		if (p->stopped) {
			spin_unlock(&p->lock);
			spin_unlock(&proctree_lock);
			wait_event(&p->stop_wait, !READ_ONCE(p->stopped) || READ_ONCE(current->killed));
			continue;
		}
		sig = dequeue_locked(current, ~current->sigmask, &ks->info);
		if (!sig) {
			spin_unlock(&p->lock);
			spin_unlock(&proctree_lock);
			return 0;
		}
		ka = &p->sigactions[sig - 1];
		if (ka->handler == SIG_IGN_HANDLER) {
			spin_unlock(&p->lock);
			spin_unlock(&proctree_lock);
			continue;
		}
		if (ka->handler != SIG_DFL_K) {
			ks->sig = sig;
			ks->ka = *ka;
			if (ka->flags & SA_RESETHAND_K)
				ka->handler = SIG_DFL_K;
			spin_unlock(&p->lock);
			spin_unlock(&proctree_lock);
			return 1;
		}
		/* (init: one queued while blocked, then its handler reset) */
		if (sig_in(SIG_DEFAULT_IGNORE, sig) ||
		    (p->unkillable && sig != SIGKILL && sig != SIGSTOP)) {
			spin_unlock(&p->lock);
			spin_unlock(&proctree_lock);
			continue;
		}
		if (sig_in(SIG_DEFAULT_STOP, sig)) {
			if (sig != SIGSTOP && pgrp_orphaned(p)) {
				spin_unlock(&p->lock);	/* as Linux: no job control stop there */
				spin_unlock(&proctree_lock);
				continue;
			}
			stop_locked(p);
			spin_unlock(&p->lock);
			signal_notify_parent(p, CLD_STOPPED_K, sig);
			spin_unlock(&proctree_lock);
			continue;
		}
		/* terminate (no core is dumped: RLIMIT_CORE is 0, as Linux's default) */
		kill_group_locked(p, sig);
		spin_unlock(&p->lock);
		spin_unlock(&proctree_lock);
	}
}

void signal_handler_entered(const struct ksignal *ks)
{
	struct process *p = current_proc();
	uint64_t mask = ks->ka.mask;

	if (!(ks->ka.flags & SA_NODEFER_K))
		mask |= sig_bit(ks->sig);
	current->restore_sigmask = false;
	spin_lock(&p->lock);
	current->sigmask = (current->sigmask | mask) & ~SIG_UNBLOCKABLE;
	spin_unlock(&p->lock);
}

/* Alternate signal stacks (Linux's on_sig_stack, sas_ss_flags, do_sigaltstack). */
bool signal_on_altstack(uintptr_t sp)
{
	struct thread *t = current;

	if (t->sas_flags & SS_AUTODISARM_K)
		return false;
	return sp > t->sas_sp && sp - t->sas_sp <= t->sas_size;
}

int signal_altstack_flags(uintptr_t sp)
{
	if (!current->sas_size)
		return SS_DISABLE_K;
	return signal_on_altstack(sp) ? SS_ONSTACK_K : 0;
}

int signal_altstack_set(uintptr_t sp, uintptr_t ss_sp, size_t ss_size, unsigned int ss_flags)
{
	struct thread *t = current;
	unsigned int mode = ss_flags & ~SS_AUTODISARM_K;

	if (signal_on_altstack(sp))
		return -EPERM;
	if (mode != SS_DISABLE_K && mode != SS_ONSTACK_K && mode != 0)
		return -EINVAL;
	if (t->sas_sp == ss_sp && t->sas_size == ss_size && t->sas_flags == ss_flags)
		return 0;
	if (mode == SS_DISABLE_K) {
		ss_size = 0;
		ss_sp = 0;
	} else if (ss_size < SIGALTSTACK_MIN) {
		return -ENOMEM;
	}
	t->sas_sp = ss_sp;
	t->sas_size = ss_size;
	t->sas_flags = ss_flags;
	return 0;
}
