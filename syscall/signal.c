/*
 * Sending signals. Handlers are not delivered yet, so only what needs no
 * handler is done: signal 0 (does the target exist?), and a signal whose
 * action is the default "terminate" (or SIGKILL) ends the target's
 * process as Linux would; an ignored one is dropped. A signal that would
 * run a handler or stop a process is refused with -ENOSYS.
 */
#include <syscall/syscall.h>
#include <kernel/proc.h>
#include <lib/errno.h>

#define SIG_DEFAULT_IGNORE	(sig_bit(SIGCHLD) | sig_bit(SIGCONT) | sig_bit(23) /* URG */ | \
				 sig_bit(28) /* WINCH */)
#define SIG_DEFAULT_STOP	(sig_bit(SIGSTOP) | sig_bit(20) | sig_bit(21) | sig_bit(22))

/* Linux's kill permission: root, or a matching real/effective and real/saved uid. */
static bool may_signal(struct process *p)
{
	struct cred *me = &current_proc()->cred;

	if (me->euid == 0)
		return true;
	return me->euid == p->cred.uid || me->euid == p->cred.suid ||
	       me->uid == p->cred.uid || me->uid == p->cred.suid;
}

static long send_to_process(struct process *p, int sig)
{
	uintptr_t handler;

	if (!may_signal(p))
		return -EPERM;
	if (sig == 0)
		return 0;
	if (sig != SIGKILL) {
		spin_lock(&p->lock);
		handler = p->sigactions[sig - 1].handler;
		spin_unlock(&p->lock);
		if (handler == 1 || (handler == 0 && (sig_bit(sig) & SIG_DEFAULT_IGNORE)))
			return 0;
		if (handler != 0 || (sig_bit(sig) & SIG_DEFAULT_STOP))
			return -ENOSYS;	/* needs signal delivery */
	}
	proc_kill_group(p, sig);
	return 0;
}

long sys_kill(pid_t pid, int sig)
{
	struct process *p;
	int pgid;
	long err = -ESRCH;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	spin_lock(&proctree_lock);
	if (pid > 0) {
		p = proc_find(pid);
		if (p && p->state == PROC_ALIVE)
			err = send_to_process(p, sig);
		else if (p)
			err = may_signal(p) ? 0 : -EPERM;	/* a zombie still exists */
	} else {
		/* a group, or everyone (-1) but init and the caller */
		pgid = pid == 0 ? current_proc()->pgid : (pid == -1 ? 0 : -pid);
		list_for_each_entry(p, &all_procs, all_node) {
			long r;

			if (p->state != PROC_ALIVE)
				continue;
			if (pid == -1 ? (p->pid == 1 || p == current_proc()) : p->pgid != pgid)
				continue;
			r = send_to_process(p, sig);
			if (r == 0 || err == -ESRCH)
				err = r;
		}
	}
	spin_unlock(&proctree_lock);
	return err;
}

long sys_tgkill(pid_t tgid, pid_t pid, int sig)
{
	struct process *p;
	long err = -ESRCH;

	if (tgid <= 0 || pid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	spin_lock(&proctree_lock);
	p = proc_find(tgid);
	if (p && p->state == PROC_ALIVE) {
		struct thread *t;
		bool found = false;

		spin_lock(&p->lock);
		list_for_each_entry(t, &p->threads, proc_node)
			found |= t->tid == pid;
		spin_unlock(&p->lock);
		if (found)
			err = send_to_process(p, sig);
	}
	spin_unlock(&proctree_lock);
	return err;
}

long sys_tkill(pid_t pid, int sig)
{
	struct process *p;
	long err = -ESRCH;

	if (pid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	spin_lock(&proctree_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		struct thread *t;
		bool found = false;

		if (p->state != PROC_ALIVE)
			continue;
		spin_lock(&p->lock);
		list_for_each_entry(t, &p->threads, proc_node)
			found |= t->tid == pid;
		spin_unlock(&p->lock);
		if (found) {
			err = send_to_process(p, sig);
			break;
		}
	}
	spin_unlock(&proctree_lock);
	return err;
}
