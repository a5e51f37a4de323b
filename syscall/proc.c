/*
 * Process and thread system calls: the Linux ABI over kernel/proc.c,
 * kernel/exec.c and kernel/futex.c.
 */
#include <syscall/syscall.h>
#include <kernel/proc.h>
#include <kernel/exec.h>
#include <kernel/futex.h>
#include <kernel/time.h>
#include <mm/uaccess.h>
#include <uapi/linux/misc.h>
#include <uapi/linux/resource.h>
#include <uapi/linux/time.h>
#include <fs/fdtable.h>
#include <lib/errno.h>
#include <lib/string.h>

long sys_exit(int error_code)
{
	proc_exit_thread(WSTATUS_EXITED(error_code));
}

long sys_exit_group(int error_code)
{
	proc_exit_group(WSTATUS_EXITED(error_code));
}

long sys_set_tid_address(int __user *tidptr)
{
	current->clear_child_tid = tidptr;
	return current->tid;
}

long sys_clone(unsigned long flags, unsigned long newsp, int __user *parent_tidptr,
	       unsigned long tls, int __user *child_tidptr)
{
	struct clone_req req = {
		.share_vm = flags & CLONE_VM,
		.share_files = flags & CLONE_FILES,
		.share_fs = flags & CLONE_FS,
		.thread = flags & CLONE_THREAD,
		.vfork = flags & CLONE_VFORK,
		.parent = flags & CLONE_PARENT,
		.set_tls = flags & CLONE_SETTLS,
		.parent_settid = flags & CLONE_PARENT_SETTID,
		.child_settid = flags & CLONE_CHILD_SETTID,
		.child_cleartid = flags & CLONE_CHILD_CLEARTID,
		.stack = newsp,
		.tls = tls,
		.parent_tid = parent_tidptr,
		.child_tid = child_tidptr,
		.exit_signal = (int)(flags & CSIGNAL),
	};

	/* Linux's consistency rules (kernel/fork.c copy_process) */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_FS) && (flags & CLONE_NEWNS))
		return -EINVAL;
	if (flags & (CLONE_NS_MASK | CLONE_PIDFD | CLONE_PTRACE | CLONE_UNTRACED))
		return -EINVAL;	/* namespaces, pidfds, tracing: not supported */
	if (req.exit_signal >= NSIG)
		return -EINVAL;
	if (req.thread)
		req.exit_signal = 0;
	return proc_clone(&req);
}

long sys_execve(const char __user *filename, const char __user *const __user *argv,
		const char __user *const __user *envp)
{
	return do_execve(filename, argv, envp);
}

static void fill_rusage(struct rusage *ru, uint64_t utime, uint64_t stime)
{
	memset(ru, 0, sizeof(*ru));
	ru->ru_utime.tv_sec = (long)(utime / NSEC_PER_SEC);
	ru->ru_utime.tv_usec = (long)(utime % NSEC_PER_SEC / NSEC_PER_USEC);
	ru->ru_stime.tv_sec = (long)(stime / NSEC_PER_SEC);
	ru->ru_stime.tv_usec = (long)(stime % NSEC_PER_SEC / NSEC_PER_USEC);
}

long sys_wait4(pid_t pid, int __user *stat_addr, int options, struct rusage __user *ru)
{
	struct wait_result res;
	unsigned int flags = 0;
	int r;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	flags = WAIT_EXITED;
	if (options & WNOHANG)
		flags |= WAIT_NOHANG;
	if (options & WUNTRACED)
		flags |= WAIT_STOPPED;
	if (options & WCONTINUED)
		flags |= WAIT_CONTINUED;
	if (options & __WALL)
		flags |= WAIT_ALL;
	if (options & __WCLONE)
		flags |= WAIT_CLONE;
	r = proc_wait(pid, flags, &res);
	if (r <= 0)
		return r;
	if (stat_addr && put_user(res.status, stat_addr))
		return -EFAULT;
	if (ru) {
		struct rusage k;

		fill_rusage(&k, res.utime_ns, res.stime_ns);
		if (copy_to_user(ru, &k, sizeof(k)))
			return -EFAULT;
	}
	return res.pid;
}

long sys_waitid(int which, pid_t upid, struct siginfo __user *infop, int options,
		struct rusage __user *ru)
{
	struct wait_result res;
	unsigned int flags = 0;
	struct siginfo si;
	int r, pid;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			__WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		pid = -1;
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		pid = upid;
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		pid = upid ? -upid : 0;
		break;
	default:
		return -EINVAL;
	}
	if (options & WEXITED)
		flags |= WAIT_EXITED;
	if (options & WSTOPPED)
		flags |= WAIT_STOPPED;
	if (options & WCONTINUED)
		flags |= WAIT_CONTINUED;
	if (options & WNOHANG)
		flags |= WAIT_NOHANG;
	if (options & WNOWAIT)
		flags |= WAIT_NOREAP;
	if (options & __WALL)
		flags |= WAIT_ALL;
	if (options & __WCLONE)
		flags |= WAIT_CLONE;
	r = proc_wait(pid, flags, &res);
	if (r < 0)
		return r;
	memset(&si, 0, sizeof(si));
	if (r > 0) {
		si.si_signo = SIGCHLD;
		si.si_pid = res.pid;
		si.si_code = res.code;
		if (res.code == CLD_KILLED)
			si.si_status = res.status & 0x7f;
		else if (res.code == CLD_CONTINUED)
			si.si_status = SIGCONT;
		else
			si.si_status = (res.status >> 8) & 0xff;
		si.si_utime = (long)(res.utime_ns / (NSEC_PER_SEC / 100));
		si.si_stime = (long)(res.stime_ns / (NSEC_PER_SEC / 100));
	}
	if (infop && copy_to_user(infop, &si, sizeof(si)))
		return -EFAULT;
	if (ru) {
		struct rusage k;

		fill_rusage(&k, r > 0 ? res.utime_ns : 0, r > 0 ? res.stime_ns : 0);
		if (copy_to_user(ru, &k, sizeof(k)))
			return -EFAULT;
	}
	return 0;
}

long sys_getpid(void)
{
	return current_proc()->pid;
}

long sys_gettid(void)
{
	return current->tid;
}

long sys_getppid(void)
{
	return proc_getppid();
}

long sys_setpgid(pid_t pid, pid_t pgid)
{
	return proc_setpgid(pid, pgid);
}

long sys_getpgid(pid_t pid)
{
	return proc_getpgid(pid);
}

long sys_getsid(pid_t pid)
{
	return proc_getsid(pid);
}

long sys_setsid(void)
{
	return proc_setsid();
}

long sys_set_robust_list(struct robust_list_head __user *head, size_t len)
{
	if (len != 3 * sizeof(long))
		return -EINVAL;
	current->robust_list = (uintptr_t)head;
	current->robust_len = len;
	return 0;
}

long sys_get_robust_list(int pid, struct robust_list_head __user * __user *head_ptr,
			 size_t __user *len_ptr)
{
	uintptr_t head;

	if (pid != 0 && pid != current->tid)
		return -ESRCH;	/* other threads' lists: not yet */
	head = current->robust_list;
	if (put_user(current->robust_len ? current->robust_len : 3 * sizeof(long), len_ptr))
		return -EFAULT;
	if (copy_to_user(head_ptr, &head, sizeof(head)))
		return -EFAULT;
	return 0;
}

long sys_futex(u32 __user *uaddr, int op, u32 val, const struct __kernel_timespec __user *utime,
	       u32 __user *uaddr2, u32 val3)
{
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	uint64_t deadline = FUTEX_NO_TIMEOUT;
	bool priv = op & FUTEX_PRIVATE_FLAG;

	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && utime) {
		struct __kernel_timespec ts;

		if (copy_from_user(&ts, utime, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long long)NSEC_PER_SEC)
			return -EINVAL;
		deadline = ts_to_ns_clamped(ts.tv_sec, ts.tv_nsec);
		if (cmd == FUTEX_WAIT)
			deadline = ns_add_clamped(deadline, time_ns());	/* relative */
		else if (op & FUTEX_CLOCK_REALTIME)
			deadline -= MIN(deadline, time_realtime_offset());
	}
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait((uintptr_t)uaddr, priv, val, deadline, FUTEX_BITSET_ANY);
	case FUTEX_WAIT_BITSET:
		return futex_wait((uintptr_t)uaddr, priv, val, deadline, val3);
	case FUTEX_WAKE:
		/* Linux wakes one waiter even when asked for none */
		return futex_wake((uintptr_t)uaddr, priv, (int)MAX(1U, MIN(val, (u32)INT32_MAX)),
				  FUTEX_BITSET_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake((uintptr_t)uaddr, priv, (int)MIN(val, (u32)INT32_MAX), val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op((uintptr_t)uaddr, (uintptr_t)uaddr2, priv, (int)MIN(val, (u32)INT32_MAX),
				     (int)MIN((u32)(uintptr_t)utime, (u32)INT32_MAX), val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* the fourth argument is a count here, not a time */
		return futex_requeue((uintptr_t)uaddr, (uintptr_t)uaddr2, priv, (int)val,
				     (int)(uintptr_t)utime, cmd == FUTEX_CMP_REQUEUE, val3);
	default:
		return -ENOSYS;
	}
}

long sys_sched_yield(void)
{
	sched_yield_cpu();
	return 0;
}

static int do_prlimit(int pid, unsigned int resource, const struct rlimit64 *new,
		      struct rlimit64 *old)
{
	struct process *p = current_proc();

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid != 0 && pid != p->pid)
		return -ESRCH;	/* other processes' limits: not yet */
	if (new && new->rlim_cur > new->rlim_max)
		return -EINVAL;
	spin_lock(&p->lock);
	if (new && new->rlim_max > p->rlim[resource].max && p->cred.euid != 0) {
		spin_unlock(&p->lock);
		return -EPERM;	/* only root raises a hard limit */
	}
	if (new && resource == RLIMIT_NOFILE && new->rlim_max > (1U << 20)) {
		spin_unlock(&p->lock);
		return -EPERM;	/* Linux's nr_open */
	}
	if (old) {
		old->rlim_cur = p->rlim[resource].cur;
		old->rlim_max = p->rlim[resource].max;
	}
	if (new) {
		p->rlim[resource].cur = new->rlim_cur;
		p->rlim[resource].max = new->rlim_max;
	}
	spin_unlock(&p->lock);
	if (new && resource == RLIMIT_NOFILE)
		files_set_limit(p->files, (unsigned int)MIN(new->rlim_cur, (uint64_t)(1U << 20)));
	return 0;
}

long sys_prlimit64(pid_t pid, unsigned int resource, const struct rlimit64 __user *new_rlim,
		   struct rlimit64 __user *old_rlim)
{
	struct rlimit64 new, old;
	int err;

	if (new_rlim && copy_from_user(&new, new_rlim, sizeof(new)))
		return -EFAULT;
	err = do_prlimit(pid, resource, new_rlim ? &new : NULL, old_rlim ? &old : NULL);
	if (!err && old_rlim && copy_to_user(old_rlim, &old, sizeof(old)))
		return -EFAULT;
	return err;
}

long sys_getrlimit(unsigned int resource, struct rlimit __user *rlim)
{
	struct rlimit64 old;
	struct rlimit k;
	int err = do_prlimit(0, resource, NULL, &old);

	if (err)
		return err;
	k.rlim_cur = old.rlim_cur;
	k.rlim_max = old.rlim_max;
	return copy_to_user(rlim, &k, sizeof(k)) ? -EFAULT : 0;
}

long sys_setrlimit(unsigned int resource, struct rlimit __user *rlim)
{
	struct rlimit k;
	struct rlimit64 new;

	if (copy_from_user(&k, rlim, sizeof(k)))
		return -EFAULT;
	new.rlim_cur = k.rlim_cur;
	new.rlim_max = k.rlim_max;
	return do_prlimit(0, resource, &new, NULL);
}
