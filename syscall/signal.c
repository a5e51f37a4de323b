/*
 * Signal system calls: sending (kill, tgkill, tkill, rt_sigqueueinfo,
 * rt_tgsigqueueinfo), actions and masks (rt_sigaction, rt_sigprocmask,
 * rt_sigpending), waiting (rt_sigsuspend, rt_sigtimedwait) and
 * sigaltstack, with Linux's checks in Linux's order, over the mechanism
 * of kernel/signal.c. rt_sigreturn is the arch's (it knows the frame).
 */
#include <syscall/syscall.h>
#include <syscall/signal.h>
#include <kernel/proc.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <mm/uaccess.h>
#include <uapi/linux/time.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <asm/trap.h>

#define SIGSET_SIZE	8		/* sizeof(sigset_t) for the kernel */

/* Which of siginfo's union members holds (Linux's siginfo_layout). */
enum { LAYOUT_KILL, LAYOUT_RT, LAYOUT_CHLD, LAYOUT_FAULT };

static int siginfo_layout(int sig, int code)
{
	if (code > SI_USER && code < SI_KERNEL) {
		if (sig == SIGILL || sig == SIGFPE || sig == SIGSEGV || sig == SIGBUS ||
		    sig == SIGTRAP)
			return LAYOUT_FAULT;
		if (sig == SIGCHLD)
			return LAYOUT_CHLD;
		return LAYOUT_KILL;
	}
	return code < 0 ? LAYOUT_RT : LAYOUT_KILL;	/* a timer's tid, overrun, value sit as rt's */
}

void siginfo_to_linux(struct siginfo *u, const struct ksiginfo *k)
{
	memset(u, 0, sizeof(*u));
	u->si_signo = k->signo;
	u->si_errno = k->err;
	u->si_code = k->code;
	switch (siginfo_layout(k->signo, k->code)) {
	case LAYOUT_FAULT:
		u->si_addr = k->value;
		break;
	case LAYOUT_CHLD:
		u->si_pid = k->pid;
		u->si_uid = k->uid;
		u->si_status = k->status;
		u->si_utime = (long)k->utime;
		u->si_stime = (long)k->stime;
		break;
	case LAYOUT_RT:
		u->si_value = k->value;
		/* fall through */
	default:
		u->si_pid = k->pid;
		u->si_uid = k->uid;
		break;
	}
}

static void siginfo_from_linux(struct ksiginfo *k, const struct siginfo *u, int sig)
{
	memset(k, 0, sizeof(*k));
	k->signo = sig;
	k->err = u->si_errno;
	k->code = u->si_code;
	switch (siginfo_layout(sig, u->si_code)) {
	case LAYOUT_FAULT:
		k->value = u->si_addr;
		break;
	case LAYOUT_CHLD:
		k->status = u->si_status;
		k->utime = (uint64_t)u->si_utime;
		k->stime = (uint64_t)u->si_stime;
		/* fall through */
	default:
		k->pid = u->si_pid;
		k->uid = u->si_uid;
		k->value = u->si_value;
		break;
	}
}

/* What kill and tkill send: from the caller, SI_USER or SI_TKILL. */
static void user_info(struct ksiginfo *k, int sig, int code)
{
	memset(k, 0, sizeof(*k));
	k->signo = sig;
	k->code = code;
	k->pid = current_proc()->pid;
	k->uid = current_proc()->cred.uid;
}

/* Linux's check_kill_permission. Tree locked. */
static long may_signal(struct process *p, const struct ksiginfo *info)
{
	struct cred *me = &current_proc()->cred;
	int sig = info->signo;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (info->code > 0)
		return 0;	/* from the kernel (Linux's !si_fromuser) */
	if (p == current_proc() || me->euid == 0)
		return 0;
	if (me->euid == p->cred.suid || me->euid == p->cred.uid ||
	    me->uid == p->cred.suid || me->uid == p->cred.uid)
		return 0;
	if (sig == SIGCONT && p->sid == current_proc()->sid)
		return 0;
	return -EPERM;
}

/* Check, then send to p (t: one of its threads). Tree locked. */
static long send_checked(struct process *p, struct thread *t, const struct ksiginfo *info)
{
	long err = may_signal(p, info);

	if (err || info->signo == 0)
		return err;
	return signal_send(p, t, info);	/* a zombie drops it */
}

/* Linux's kill_something_info: pid > 0, 0 (own group), -1 (all), < -1 (group). */
static long kill_info(pid_t pid, const struct ksiginfo *info)
{
	struct process *p;
	long err = -ESRCH;
	bool any_ok = false;
	int pgid;

	if (pid == INT32_MIN)
		return -ESRCH;
	spin_lock(&proctree_lock);
	if (pid > 0) {
		p = proc_find(pid);
		if (p)
			err = send_checked(p, NULL, info);
	} else {
		pgid = pid == 0 ? current_proc()->pgid : (pid == -1 ? 0 : -pid);
		list_for_each_entry(p, &all_procs, all_node) {
			long r;

			if (pid == -1 ? (p->pid <= 1 || p == current_proc()) : p->pgid != pgid)
				continue;
			r = send_checked(p, NULL, info);
			any_ok |= r == 0;
			err = r;
		}
		if (any_ok)
			err = 0;
	}
	spin_unlock(&proctree_lock);
	return err;
}

long sys_kill(pid_t pid, int sig)
{
	struct ksiginfo info;

	user_info(&info, sig, SI_USER_K);
	return kill_info(pid, &info);
}

/* Linux's do_send_specific: thread pid, of process tgid unless tgid <= 0. */
static long send_specific(pid_t tgid, pid_t pid, const struct ksiginfo *info)
{
	struct thread *t;
	long err = -ESRCH;

	spin_lock(&proctree_lock);
	t = proc_find_thread_locked(pid);
	if (t && (tgid <= 0 || t->proc->pid == tgid))
		err = send_checked(t->proc, t, info);
	spin_unlock(&proctree_lock);
	return err;
}

long sys_tgkill(pid_t tgid, pid_t pid, int sig)
{
	struct ksiginfo info;

	if (pid <= 0 || tgid <= 0)
		return -EINVAL;
	user_info(&info, sig, SI_TKILL_K);
	return send_specific(tgid, pid, &info);
}

long sys_tkill(pid_t pid, int sig)
{
	struct ksiginfo info;

	if (pid <= 0)
		return -EINVAL;
	user_info(&info, sig, SI_TKILL_K);
	return send_specific(0, pid, &info);
}

/* rt_sigqueueinfo's info: the caller may not pose as the kernel or kill() to others. */
static long queue_info(pid_t pid, int sig, siginfo_t __user *uinfo, struct ksiginfo *k)
{
	struct siginfo u;

	if (copy_from_user(&u, uinfo, sizeof(u)))
		return -EFAULT;
	if ((u.si_code >= 0 || u.si_code == SI_TKILL) && pid != current->tid)
		return -EPERM;
	siginfo_from_linux(k, &u, sig);
	return 0;
}

long sys_rt_sigqueueinfo(pid_t pid, int sig, siginfo_t __user *uinfo)
{
	struct ksiginfo k;
	long err = queue_info(pid, sig, uinfo, &k);

	return err ? err : kill_info(pid, &k);
}

long sys_rt_tgsigqueueinfo(pid_t tgid, pid_t pid, int sig, siginfo_t __user *uinfo)
{
	struct ksiginfo k;
	long err;

	if (pid <= 0 || tgid <= 0)
		return -EINVAL;
	err = queue_info(pid, sig, uinfo, &k);
	return err ? err : send_specific(tgid, pid, &k);
}

long sys_rt_sigaction(int sig, const struct sigaction __user *act, struct sigaction __user *oact,
		      size_t sigsetsize)
{
	struct process *p = current_proc();
	struct sigaction k, old;
	struct k_sigaction *ka;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (act && copy_from_user(&k, act, sizeof(k)))
		return -EFAULT;
	if (sig < 1 || sig > NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	ka = &p->sigactions[sig - 1];
	spin_lock(&p->lock);
	old.sa_handler = ka->handler;
	old.sa_flags = ka->flags & UAPI_SA_FLAGS;
	old.sa_mask = ka->mask;
	if (act) {
		ka->handler = k.sa_handler;
		ka->flags = k.sa_flags & UAPI_SA_FLAGS;
		ka->mask = k.sa_mask & ~SIG_UNBLOCKABLE;
		signal_flush_ignored(p, sig);
	}
	spin_unlock(&p->lock);
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigprocmask(int how, sigset_t __user *nset, sigset_t __user *oset, size_t sigsetsize)
{
	uint64_t old = current->sigmask, set;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&set, nset, sizeof(set)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			set |= old;
			break;
		case SIG_UNBLOCK:
			set = old & ~set;
			break;
		case SIG_SETMASK:
			break;
		default:
			return -EINVAL;
		}
		signal_set_mask(set);
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(sigset_t __user *uset, size_t sigsetsize)
{
	uint64_t set;

	if (sigsetsize > SIGSET_SIZE)
		return -EINVAL;
	set = signal_pending_set() & current->sigmask;	/* as Linux: the blocked ones */
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

long sys_rt_sigsuspend(sigset_t __user *unewset, size_t sigsetsize)
{
	uint64_t set;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(&set, unewset, sizeof(set)))
		return -EFAULT;
	current->saved_sigmask = current->sigmask;
	signal_set_mask(set);
	while (!signal_pending(current))
		thread_sleep();
	current->restore_sigmask = true;	/* after the handler's frame has the old mask */
	return -ERESTARTNOHAND;
}

static void wake_waiter(void *arg)
{
	thread_wake(arg);
}

long sys_rt_sigtimedwait(const sigset_t __user *uthese, siginfo_t __user *uinfo,
			 const struct __kernel_timespec __user *uts, size_t sigsetsize)
{
	struct process *p = current_proc();
	uint64_t these, deadline = 0;
	struct ksiginfo info;
	struct timer timer;
	bool timed_out = false;
	int sig;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	these &= ~SIG_UNBLOCKABLE;
	if (uts) {
		struct __kernel_timespec ts;

		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long long)NSEC_PER_SEC)
			return -EINVAL;
		deadline = ns_add_clamped(time_ns(), ts_to_ns_clamped(ts.tv_sec, ts.tv_nsec));
		timed_out = ts.tv_sec == 0 && ts.tv_nsec == 0;
	}
	sig = signal_dequeue(these, &info);
	if (!sig && !timed_out) {
		/* as Linux: unblock the awaited signals while asleep, so they wake us */
		spin_lock(&p->lock);
		current->real_blocked = current->sigmask;
		current->sigmask &= ~these;
		spin_unlock(&p->lock);
		timer_init(&timer, wake_waiter, current);
		if (uts)
			timer_add(&timer, deadline);
		while (!signal_pending(current) && !(uts && time_ns() >= deadline))
			thread_sleep();
		timer_cancel(&timer);
		spin_lock(&p->lock);
		current->sigmask = current->real_blocked;
		current->real_blocked = 0;
		spin_unlock(&p->lock);
		sig = signal_dequeue(these, &info);
		timed_out = !signal_pending(current);
	}
	if (!sig)
		return timed_out ? -EAGAIN : -EINTR;
	if (uinfo) {
		struct siginfo u;

		siginfo_to_linux(&u, &info);
		if (copy_to_user(uinfo, &u, sizeof(u)))
			return -EFAULT;
	}
	return sig;
}

long sys_sigaltstack(const struct sigaltstack __user *uss, struct sigaltstack __user *uoss)
{
	uintptr_t sp = user_frame(current)->sp;
	struct sigaltstack new, old;
	long err = 0;

	if (uss && copy_from_user(&new, uss, sizeof(new)))
		return -EFAULT;
	memset(&old, 0, sizeof(old));
	old.ss_sp = current->sas_sp;
	old.ss_size = current->sas_size;
	old.ss_flags = signal_altstack_flags(sp) | (int)(current->sas_flags & SS_AUTODISARM);
	if (uss)
		err = signal_altstack_set(sp, new.ss_sp, new.ss_size, (unsigned int)new.ss_flags);
	if (!err && uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return err;
}
