/*
 * Processes: creation by clone, exit of threads and groups, zombies and
 * reaping, reparenting to init (see <kernel/proc.h> for the rules).
 */
#include <kernel/proc.h>
#include <drivers/tty.h>
#include <kernel/futex.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/power.h>
#include <kernel/time.h>
#include <fs/fdtable.h>
#include <mm/vm.h>
#include <mm/kmalloc.h>
#include <mm/uaccess.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <asm/trap.h>

struct spinlock proctree_lock = SPINLOCK_INIT("proctree", LOCK_PROCTREE);
LIST_HEAD(all_procs);				/* [T] */
static struct process *init_proc;		/* [I] pid 1 */

#define UNLIMITED	{ RLIM_INFINITY, RLIM_INFINITY }
static const struct rlimit_k default_rlimits[RLIM_NLIMITS] = {
	UNLIMITED,				/* RLIMIT_CPU */
	UNLIMITED,				/* RLIMIT_FSIZE */
	UNLIMITED,				/* RLIMIT_DATA */
	{ 8UL << 20, RLIM_INFINITY },		/* RLIMIT_STACK */
	{ 0, RLIM_INFINITY },			/* RLIMIT_CORE */
	UNLIMITED,				/* RLIMIT_RSS */
	UNLIMITED,				/* RLIMIT_NPROC */
	{ 1024, 4096 },				/* RLIMIT_NOFILE */
	{ 8UL << 20, 8UL << 20 },		/* RLIMIT_MEMLOCK */
	UNLIMITED,				/* RLIMIT_AS */
	UNLIMITED,				/* RLIMIT_LOCKS */
	UNLIMITED,				/* RLIMIT_SIGPENDING */
	{ 819200, 819200 },			/* RLIMIT_MSGQUEUE */
	{ 0, 0 },				/* RLIMIT_NICE */
	{ 0, 0 },				/* RLIMIT_RTPRIO */
	UNLIMITED,				/* RLIMIT_RTTIME */
};

struct files_struct *current_files(void)
{
	return current->proc ? current->proc->files : NULL;
}

struct fs_struct *current_fs(void)
{
	return current->proc ? current->proc->fs : NULL;
}

static struct process *proc_alloc(void)
{
	struct process *p = kmalloc(sizeof(*p), GFP_ZERO);

	if (!p)
		return NULL;
	spin_init(&p->lock, "proc", LOCK_PROC);
	list_init(&p->threads);
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->all_node);
	wait_queue_init(&p->child_wait);
	wait_queue_init(&p->stop_wait);
	p->exit_signal = SIGCHLD;
	return p;
}

struct process *proc_find(int pid)
{
	struct process *p;

	list_for_each_entry(p, &all_procs, all_node)
		if (p->pid == pid)
			return p;
	return NULL;
}

int proc_init_first(void)
{
	struct process *p = proc_alloc();
	struct thread *t = current;

	if (!p)
		return -ENOMEM;
	p->files = files_alloc();
	p->fs = fs_struct_alloc_root();
	if (!p->files || !p->fs)
		return -ENOMEM;
	memcpy(p->rlim, default_rlimits, sizeof(p->rlim));
	p->pid = t->tid;
	p->pgid = p->sid = p->pid;
	p->parent = p;
	p->nr_threads = 1;
	strlcpy(p->comm, "init", sizeof(p->comm));
	p->unkillable = true;
	t->keeps_tid = true;
	t->proc = p;
	list_add_tail(&t->proc_node, &p->threads);
	spin_lock(&proctree_lock);
	list_add_tail(&p->all_node, &all_procs);
	spin_unlock(&proctree_lock);
	init_proc = p;
	return 0;
}

/* First code of a new user thread: leave for user mode. */
static void user_thread_start(void *arg __unused)
{
	proc_check_killed();
	acct_leave_kernel();
	arch_enter_user(user_frame(current));
}

/* A copy of parent's credentials (the group list may change under us: retry). */
static int copy_cred(struct process *parent, struct process *np)
{
	for (unsigned int n = READ_ONCE(parent->cred.ngroups);;) {
		uint32_t *groups = n ? kmalloc(n * sizeof(uint32_t), GFP_KERNEL) : NULL;

		if (n && !groups)
			return -ENOMEM;
		spin_lock(&parent->lock);
		if (parent->cred.ngroups == n) {
			np->cred = parent->cred;
			np->cred.groups = groups;
			if (n)
				memcpy(groups, parent->cred.groups, n * sizeof(uint32_t));
			memcpy(np->rlim, parent->rlim, sizeof(np->rlim));
			memcpy(np->sigactions, parent->sigactions, sizeof(np->sigactions));
			spin_unlock(&parent->lock);
			return 0;
		}
		n = parent->cred.ngroups;
		spin_unlock(&parent->lock);
		kfree(groups);
	}
}

static int clone_process(const struct clone_req *req, struct thread *t, struct process **out)
{
	struct process *parent = current_proc(), *np = proc_alloc();

	if (!np)
		return -ENOMEM;
	if (copy_cred(parent, np)) {
		kfree(np);
		return -ENOMEM;
	}
	np->pid = t->tid;
	t->keeps_tid = true;
	np->exit_signal = req->exit_signal;
	if (req->share_files) {
		files_get(parent->files);
		np->files = parent->files;
	} else {
		np->files = files_dup(parent->files);
	}
	if (req->share_fs) {
		fs_struct_get(parent->fs);
		np->fs = parent->fs;
	} else {
		np->fs = fs_struct_dup(parent->fs);
	}
	if (req->share_vm) {
		t->mm = current->mm;
		mmget(t->mm);
	} else {
		t->mm = mm_dup(current->mm);
	}
	if (!np->files || !np->fs || !t->mm) {
		if (np->files)
			files_put(np->files);
		if (np->fs)
			fs_struct_put(np->fs);
		if (t->mm)
			mmput(t->mm);
		t->mm = NULL;
		kfree(np->cred.groups);
		kfree(np);
		return -ENOMEM;
	}
	memcpy(np->comm, parent->comm, sizeof(np->comm));
	if (parent->exe_file)
		np->exe_file = get_file(parent->exe_file);
	np->nr_threads = 1;
	t->proc = np;
	list_add_tail(&t->proc_node, &np->threads);
	spin_lock(&proctree_lock);
	/* CLONE_PARENT: a sibling of the caller, not its child */
	np->parent = req->parent ? parent->parent : parent;
	if (req->parent && np->parent == parent)
		np->parent = init_proc;	/* init's "siblings" are its children */
	np->pgid = parent->pgid;
	np->sid = parent->sid;
	np->tty = parent->tty;
	list_add_tail(&np->sibling, &np->parent->children);
	list_add_tail(&np->all_node, &all_procs);
	spin_unlock(&proctree_lock);
	*out = np;
	return 0;
}

static int clone_thread(struct thread *t)
{
	struct process *p = current_proc();

	spin_lock(&proctree_lock);
	spin_lock(&p->lock);
	if (p->group_exiting) {
		spin_unlock(&p->lock);
		spin_unlock(&proctree_lock);
		return -EINTR;
	}
	if (p->exec_running || READ_ONCE(current->killed)) {
		spin_unlock(&p->lock);
		spin_unlock(&proctree_lock);
		return -EINTR;
	}
	t->proc = p;
	list_add_tail(&t->proc_node, &p->threads);
	p->nr_threads++;
	spin_unlock(&p->lock);
	spin_unlock(&proctree_lock);
	t->mm = current->mm;
	mmget(t->mm);
	return 0;
}

long proc_clone(const struct clone_req *req)
{
	struct thread *t = thread_alloc(current->name, user_thread_start, NULL);
	struct process *np = NULL;
	struct trap_frame *tf;
	int err, tid;

	if (!t)
		return -EAGAIN;
	tid = t->tid;
	/* the child starts with our registers, a0 = 0, and our FP state */
	tf = user_frame(t);
	*tf = *user_frame(current);
	tf->a0 = 0;
	if (req->stack)
		tf->sp = req->stack;
	if (req->set_tls)
		arch_set_tls(tf, req->tls);
	arch_save_user_state(current);
	t->arch.fp = current->arch.fp;
	t->sigmask = current->sigmask;
	if (!req->share_vm || req->vfork) {	/* as Linux: a new stack keeps no altstack */
		t->sas_sp = current->sas_sp;
		t->sas_size = current->sas_size;
		t->sas_flags = current->sas_flags;
	}
	t->cpus_allowed = current->cpus_allowed;
	t->nice = current->nice;
	if (req->child_cleartid)
		t->clear_child_tid = req->child_tid;

	err = req->thread ? clone_thread(t) : clone_process(req, t, &np);
	if (err) {
		t->state = THREAD_DEAD;
		t->keeps_tid = false;
		thread_free(t);
		return err;
	}
	if (req->parent_settid)
		put_user(tid, req->parent_tid);
	if (req->child_settid) {
		if (t->mm == current->mm)
			put_user(tid, req->child_tid);
		else
			vm_write_kernel(t->mm, (uintptr_t)req->child_tid, &tid, sizeof(tid));
	}
	if (req->vfork && np) {
		struct vfork_done vd = { .done = false };

		wait_queue_init(&vd.wq);
		np->vfork_done = &vd;
		thread_start_on(t, -1);
		/* vd lives here: the child sets done and wakes under vd.wq.lock */
		wait_event(&vd.wq, vd.done);
		return tid;
	}
	thread_start_on(t, -1);
	return tid;
}

/* The vfork parent may go on: the child has its own memory or is gone. */
static void vfork_release(struct process *p)
{
	struct vfork_done *vd = __atomic_exchange_n(&p->vfork_done, NULL, __ATOMIC_ACQ_REL);

	if (!vd)
		return;
	spin_lock(&vd->wq.lock);
	vd->done = true;
	while (!list_empty(&vd->wq.waiters)) {
		struct waiter *w = list_first_entry(&vd->wq.waiters, struct waiter, node);

		list_del(&w->node);
		thread_wake(w->thread);
	}
	spin_unlock(&vd->wq.lock);	/* the last touch: the parent may return now */
}

void proc_set_mm(struct mm *mm)
{
	struct mm *old = current->mm;

	/* under p->lock: /proc reads another process's mm from its threads */
	spin_lock(&current_proc()->lock);
	current->mm = mm;
	if (mm)
		mm_switch(mm);
	spin_unlock(&current_proc()->lock);
	if (old)
		mmput(old);
	vfork_release(current_proc());
}

void proc_set_exe_file(struct file *f)
{
	struct process *p = current_proc();
	struct file *old;

	spin_lock(&p->lock);
	old = p->exe_file;
	p->exe_file = f;
	spin_unlock(&p->lock);
	if (old)
		fput(old);
}

void proc_signal_pgrp_locked(int pgid, const struct ksiginfo *info)
{
	struct process *q;

	list_for_each_entry(q, &all_procs, all_node)
		if (q->pgid == pgid && q->state == PROC_ALIVE)
			signal_send(q, NULL, info);
}

/*
 * Linux's will_become_orphaned_pgrp: no member of group pgid other than
 * ignored has a parent in another group of the same session (init's
 * children do not count). Tree locked.
 */
static bool pgrp_will_be_orphaned(int pgid, struct process *ignored)
{
	struct process *q;

	list_for_each_entry(q, &all_procs, all_node) {
		if (q->pgid != pgid || q == ignored || q->state != PROC_ALIVE ||
		    q->parent == init_proc)
			continue;
		if (q->parent->pgid != pgid && q->parent->sid == q->sid)
			return false;
	}
	return true;
}

static bool pgrp_has_stopped(int pgid)
{
	struct process *q;

	list_for_each_entry(q, &all_procs, all_node)
		if (q->pgid == pgid && q->state == PROC_ALIVE && READ_ONCE(q->stopped))
			return true;
	return false;
}

/*
 * Linux's kill_orphaned_pgrp: a group that an exit orphans (POSIX: none of
 * its members has a parent in another group of the session any more) and
 * that has stopped members gets SIGHUP and SIGCONT, since no one is left
 * to continue them. c exits (father NULL: c's group loses c's link to its
 * parent's group) or is a child of the exiting father, reparented already.
 * Tree locked.
 */
static void kill_orphaned_pgrp(struct process *c, struct process *father)
{
	struct ksiginfo info = { .code = SI_KERNEL_K };
	struct process *ignored = father ? NULL : c;

	if (!father)
		father = c->parent;
	if (father->pgid == c->pgid || father->sid != c->sid ||
	    !pgrp_will_be_orphaned(c->pgid, ignored) || !pgrp_has_stopped(c->pgid))
		return;
	info.signo = SIGHUP;
	proc_signal_pgrp_locked(c->pgid, &info);
	info.signo = SIGCONT;
	proc_signal_pgrp_locked(c->pgid, &info);
}

/*
 * Children of p go to the nearest living ancestor that is a child
 * subreaper (prctl), else to init; zombies among them are its to reap.
 * A group orphaned by the move with stopped members gets SIGHUP and
 * SIGCONT. Tree locked.
 */
static void reparent_children(struct process *p)
{
	struct process *c, *n, *reaper = init_proc;
	bool zombies = false;

	for (struct process *a = p->parent; a != a->parent; a = a->parent) {
		if (a->child_subreaper && a->state == PROC_ALIVE) {
			reaper = a;
			break;
		}
	}
	list_for_each_entry_safe(c, n, &p->children, sibling) {
		list_del(&c->sibling);
		c->parent = reaper;
		c->exit_signal = SIGCHLD;	/* as Linux: the new parent sees SIGCHLD */
		list_add_tail(&c->sibling, &reaper->children);
		zombies |= c->state == PROC_ZOMBIE;
		if (c->state == PROC_ALIVE)
			kill_orphaned_pgrp(c, p);
	}
	if (zombies) {
		__atomic_fetch_add(&reaper->child_events, 1, __ATOMIC_RELEASE);
		wake_up_all(&reaper->child_wait);
	}
}

static void proc_exit_last(struct process *p, int status)
{
	struct files_struct *files = p->files;
	struct fs_struct *fs = p->fs;
	struct file *exe = p->exe_file;
	bool autoreap;

	/* under p->lock: /proc takes references to them */
	spin_lock(&p->lock);
	p->files = NULL;
	p->fs = NULL;
	p->exe_file = NULL;
	spin_unlock(&p->lock);
	files_put(files);
	fs_struct_put(fs);
	if (exe)
		fput(exe);
	vfork_release(p);
	if (p == init_proc) {
		if ((status & 0x7f) == 0)
			pr_info("init exited with status %d: powering off\n", (status >> 8) & 0xff);
		else
			pr_info("init killed by signal %d: powering off\n", status & 0x7f);
		machine_power_off(false);
	}
	spin_lock(&proctree_lock);
	tty_session_leader_exit_locked(p);	/* a leader's terminal hangs up */
	reparent_children(p);
	if (p != p->parent)
		kill_orphaned_pgrp(p, NULL);
	p->exit_status = status;
	p->state = PROC_ZOMBIE;
	if (status & 0x7f)
		signal_notify_parent(p, CLD_KILLED_K, status & 0x7f);
	else
		signal_notify_parent(p, CLD_EXITED_K, (status >> 8) & 0xff);
	autoreap = proc_autoreap_locked(p);
	spin_unlock(&proctree_lock);
	if (autoreap)
		proc_free_zombie(p);
}

void proc_exit_thread(int status)
{
	struct thread *t = current;
	struct process *p = t->proc;
	struct mm *mm = t->mm;
	bool last;

	/* as Linux's mm_release: robust futexes first, then the tid word a joiner waits on */
	futex_exit_robust(t);
	if (t->clear_child_tid && __atomic_load_n(&mm->users, __ATOMIC_ACQUIRE) > 1) {
		int zero = 0;

		if (copy_to_user(t->clear_child_tid, &zero, sizeof(zero)) == 0)
			futex_wake_addr((uintptr_t)t->clear_child_tid, 1);
	}
	acct_enter_kernel();
	spin_lock(&proctree_lock);
	spin_lock(&p->lock);
	list_del(&t->proc_node);
	last = --p->nr_threads == 0;
	p->dead_utime += t->utime_ns;
	p->dead_stime += t->stime_ns;
	if (p->group_exiting)
		status = p->group_exit_status;
	spin_unlock(&p->lock);
	spin_unlock(&proctree_lock);

	irq_push_off();
	t->mm = NULL;
	irq_pop_off();
	mmput(mm);
	if (last)
		proc_exit_last(p, status);
	thread_exit();
}

/* Mark every thread of p killed and wake it. p->lock held. */
static void kill_threads_locked(struct process *p)
{
	struct thread *t;

	list_for_each_entry(t, &p->threads, proc_node) {
		WRITE_ONCE(t->killed, true);
		if (t != current)
			thread_wake(t);
	}
}

void proc_exit_group(int status)
{
	struct process *p = current_proc();

	spin_lock(&p->lock);
	if (!p->group_exiting) {
		p->group_exiting = true;
		p->group_exit_status = status;
	}
	kill_threads_locked(p);
	spin_unlock(&p->lock);
	proc_exit_thread(status);
}

void proc_kill_group(struct process *p, int sig)
{
	spin_lock(&p->lock);
	if (!p->group_exiting) {
		p->group_exiting = true;
		p->group_exit_status = WSTATUS_SIGNALED(sig);
	}
	kill_threads_locked(p);
	spin_unlock(&p->lock);
}

void proc_check_killed(void)
{
	if (READ_ONCE(current->killed))
		proc_exit_thread(0);
}

int proc_exec_single(void)
{
	struct process *p = current_proc();

	spin_lock(&p->lock);
	if (p->group_exiting) {
		spin_unlock(&p->lock);
		return -EINTR;
	}
	if (p->nr_threads == 1) {
		spin_unlock(&p->lock);
		return 0;
	}
	/* the others die as in exit_group, but the group lives on */
	p->exec_running = true;
	{
		struct thread *t;

		list_for_each_entry(t, &p->threads, proc_node) {
			if (t == current)
				continue;
			WRITE_ONCE(t->killed, true);
			thread_wake(t);
		}
	}
	spin_unlock(&p->lock);
	while (READ_ONCE(p->nr_threads) > 1 && !READ_ONCE(current->killed))
		sched_yield_cpu();
	spin_lock(&p->lock);
	p->exec_running = false;
	spin_unlock(&p->lock);
	return READ_ONCE(current->killed) ? -EINTR : 0;
}

void proc_cputime(struct process *p, uint64_t *utime, uint64_t *stime)
{
	struct thread *t;

	spin_lock(&p->lock);
	*utime = p->dead_utime;
	*stime = p->dead_stime;
	list_for_each_entry(t, &p->threads, proc_node) {
		*utime += READ_ONCE(t->utime_ns);
		*stime += READ_ONCE(t->stime_ns);
	}
	spin_unlock(&p->lock);
}

void acct_enter_kernel(void)
{
	struct thread *t = current;
	uint64_t now = time_ns();

	if (t->in_user_period)
		t->utime_ns += now - t->acct_stamp;
	else
		t->stime_ns += now - t->acct_stamp;
	t->acct_stamp = now;
	t->in_user_period = false;
}

void acct_leave_kernel(void)
{
	struct thread *t = current;
	uint64_t now = time_ns();

	t->stime_ns += now - t->acct_stamp;
	t->acct_stamp = now;
	t->in_user_period = true;
}

struct thread *proc_find_thread_locked(int tid)
{
	struct process *p;
	struct thread *t;

	list_for_each_entry(p, &all_procs, all_node) {
		if (p->state != PROC_ALIVE)
			continue;
		list_for_each_entry(t, &p->threads, proc_node)
			if (t->tid == tid)
				return t;
	}
	return NULL;
}
