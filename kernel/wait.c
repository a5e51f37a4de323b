/*
 * Waiting for children, process groups and sessions.
 *
 * A waiter scans its children under proctree_lock; if none is ready it
 * notes p->child_events and sleeps until that counter moves (a child
 * exited, stopped or continued, or zombies were handed over by
 * reparenting), so no change between the scan and the sleep is missed.
 * A stop or continue is reported once (c->stop_report); a parent that
 * ignores SIGCHLD (or set SA_NOCLDWAIT) has children that reap
 * themselves when they exit, as on Linux.
 */
#include <kernel/proc.h>
#include <mm/kmalloc.h>
#include <kernel/pid.h>
#include <lib/errno.h>

static bool child_matches(struct process *parent, struct process *c, int pid,
			  unsigned int flags)
{
	if (pid > 0 && c->pid != pid)
		return false;
	if (pid == 0 && c->pgid != parent->pgid)
		return false;
	if (pid < -1 && c->pgid != -pid)
		return false;
	if (flags & WAIT_ALL)
		return true;
	/* __WCLONE selects children that report with another signal */
	return ((c->exit_signal != SIGCHLD) == !!(flags & WAIT_CLONE));
}

/* Reap zombie c: its times go to the parent, its pid is free. Tree locked. */
static void reap(struct process *parent, struct process *c)
{
	list_del(&c->sibling);
	list_del(&c->all_node);
	spin_lock(&parent->lock);
	parent->child_utime += c->dead_utime + c->child_utime;
	parent->child_stime += c->dead_stime + c->child_stime;
	spin_unlock(&parent->lock);
}

bool proc_autoreap_locked(struct process *c)
{
	struct process *parent = c->parent;
	struct k_sigaction *ka = &parent->sigactions[SIGCHLD - 1];
	bool autoreap;

	if (parent == c || c->exit_signal != SIGCHLD)
		return false;
	spin_lock(&parent->lock);
	autoreap = ka->handler == SIG_IGN_HANDLER || (ka->flags & SA_NOCLDWAIT_K);
	spin_unlock(&parent->lock);
	if (autoreap)
		reap(parent, c);
	return autoreap;
}

void proc_free_zombie(struct process *c)
{
	pid_free(c->pid);
	kfree(c->cred.groups);
	kfree(c);
}

/* Has c something for a waiter with flags: 0, or its CLD_* code? Tree locked. */
static int child_report(struct process *c, unsigned int flags)
{
	if (c->state == PROC_ZOMBIE)
		return (flags & WAIT_EXITED) ? ((c->exit_status & 0x7f) ? CLD_KILLED_K : CLD_EXITED_K) : 0;
	if (c->stop_report == WSTATUS_CONTINUED)
		return (flags & WAIT_CONTINUED) ? CLD_CONTINUED_K : 0;
	if (c->stop_report)
		return (flags & WAIT_STOPPED) ? CLD_STOPPED_K : 0;
	return 0;
}

int proc_wait(int pid, unsigned int flags, struct wait_result *res)
{
	struct process *p = current_proc(), *c, *found;
	unsigned int seen;
	bool any;
	int err;

	res->pid = 0;
	for (;;) {
		seen = __atomic_load_n(&p->child_events, __ATOMIC_ACQUIRE);
		found = NULL;
		any = false;
		spin_lock(&proctree_lock);
		list_for_each_entry(c, &p->children, sibling) {
			if (!child_matches(p, c, pid, flags))
				continue;
			any = true;
			res->code = child_report(c, flags);
			if (res->code) {
				found = c;
				break;
			}
		}
		if (found) {
			res->pid = found->pid;
			/* as Linux's: its own time and that of the children it reaped */
			res->utime_ns = found->dead_utime + found->child_utime;
			res->stime_ns = found->dead_stime + found->child_stime;
			if (found->state != PROC_ZOMBIE) {
				res->status = found->stop_report;
				if (!(flags & WAIT_NOREAP))
					found->stop_report = 0;	/* reported once */
				found = NULL;
			} else {
				res->status = found->exit_status;
				if (!(flags & WAIT_NOREAP))
					reap(p, found);
				else
					found = NULL;
			}
		}
		spin_unlock(&proctree_lock);
		if (found) {
			proc_free_zombie(found);
			return 1;
		}
		if (res->pid)
			return 1;
		if (!any)
			return -ECHILD;
		if (flags & WAIT_NOHANG)
			return 0;
		err = wait_event_interruptible(&p->child_wait,
			__atomic_load_n(&p->child_events, __ATOMIC_ACQUIRE) != seen);
		if (err)
			return err;
	}
}

int proc_getppid(void)
{
	struct process *p = current_proc();
	int ppid;

	spin_lock(&proctree_lock);
	ppid = p->parent == p ? 0 : p->parent->pid;
	spin_unlock(&proctree_lock);
	return ppid;
}

/* Is there a process in group pgid (of session sid, if sid > 0)? Tree locked. */
static bool group_exists(int pgid, int sid)
{
	struct process *q;

	list_for_each_entry(q, &all_procs, all_node)
		if (q->pgid == pgid && (sid <= 0 || q->sid == sid))
			return true;
	return false;
}

int proc_setpgid(int pid, int pgid)
{
	struct process *self = current_proc(), *p;
	int err = 0;

	if (pgid < 0 || pid < 0)
		return -EINVAL;
	spin_lock(&proctree_lock);
	p = pid ? proc_find(pid) : self;
	if (!p || (p != self && p->parent != self)) {
		err = -ESRCH;
		goto out;
	}
	if (!pgid)
		pgid = p->pid;
	if (p != self && p->did_exec) {
		err = -EACCES;
		goto out;
	}
	if (p->sid != self->sid || p->sid == p->pid) {
		err = -EPERM;
		goto out;
	}
	if (pgid != p->pid && !group_exists(pgid, self->sid)) {
		err = -EPERM;
		goto out;
	}
	p->pgid = pgid;
out:
	spin_unlock(&proctree_lock);
	return err;
}

int proc_getpgid(int pid)
{
	struct process *p;
	int ret;

	spin_lock(&proctree_lock);
	p = pid ? proc_find(pid) : current_proc();
	ret = p ? p->pgid : -ESRCH;
	spin_unlock(&proctree_lock);
	return ret;
}

int proc_getsid(int pid)
{
	struct process *p;
	int ret;

	spin_lock(&proctree_lock);
	p = pid ? proc_find(pid) : current_proc();
	ret = p ? p->sid : -ESRCH;
	spin_unlock(&proctree_lock);
	return ret;
}

int proc_setsid(void)
{
	struct process *p = current_proc();
	int ret;

	spin_lock(&proctree_lock);
	if (group_exists(p->pid, 0)) {
		ret = -EPERM;
	} else {
		p->sid = p->pgid = p->pid;
		p->tty = NULL;		/* a new session has no terminal */
		ret = p->pid;
	}
	spin_unlock(&proctree_lock);
	return ret;
}
