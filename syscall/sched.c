/*
 * Scheduling calls: affinity, getcpu, policies, niceness and prctl's
 * thread name. There is one policy (time sharing, Linux's SCHED_OTHER;
 * SCHED_BATCH and SCHED_IDLE are taken as hints); real-time policies are
 * refused with EPERM, as for a process without the capability.
 */
#include <syscall/syscall.h>
#include <kernel/proc.h>
#include <mm/uaccess.h>
#include <lib/errno.h>
#include <lib/string.h>

#define SCHED_OTHER	0
#define SCHED_FIFO	1
#define SCHED_RR	2
#define SCHED_BATCH	3
#define SCHED_IDLE	5
#define SCHED_DEADLINE	6
#define SCHED_RESET_ON_FORK 0x40000000
#define PRIO_PROCESS	0
#define PRIO_PGRP	1
#define PRIO_USER	2
#define PR_SET_NAME	15
#define PR_GET_NAME	16
#define PR_SET_CHILD_SUBREAPER	36
#define PR_GET_CHILD_SUBREAPER	37

/* Run fn on thread pid (0: the caller) with the tree locked; -ESRCH if none. */
static long with_thread(pid_t pid, long (*fn)(struct thread *t, void *arg), void *arg)
{
	struct thread *t;
	long ret;

	if (pid < 0)
		return -EINVAL;
	if (pid == 0)
		return fn(current, arg);
	spin_lock(&proctree_lock);
	t = proc_find_thread_locked(pid);
	ret = t ? fn(t, arg) : -ESRCH;
	spin_unlock(&proctree_lock);
	return ret;
}

static long get_mask(struct thread *t, void *arg)
{
	*(unsigned long *)arg = READ_ONCE(t->cpus_allowed);
	return 0;
}

long sys_sched_getaffinity(pid_t pid, unsigned int len, unsigned long __user *user_mask_ptr)
{
	unsigned long mask = 0, online = 0;
	long err;

	if (len * 8 < (unsigned int)nr_cpus || (len & (sizeof(long) - 1)))
		return -EINVAL;
	err = with_thread(pid, get_mask, &mask);
	if (err)
		return err;
	for (int i = 0; i < nr_cpus; i++)
		if (cpus[i].online)
			online |= 1UL << i;
	mask &= online;
	if (put_user(mask, user_mask_ptr))
		return -EFAULT;
	if (len > sizeof(long) && clear_user(user_mask_ptr + 1, len - sizeof(long)))
		return -EFAULT;
	return sizeof(long);
}

static long set_mask(struct thread *t, void *arg)
{
	return t == current ? 0 : thread_set_affinity(t, *(unsigned long *)arg);
}

long sys_sched_setaffinity(pid_t pid, unsigned int len, unsigned long __user *user_mask_ptr)
{
	unsigned long mask = 0;
	long err;

	if (copy_from_user(&mask, user_mask_ptr, MIN(len, (unsigned int)sizeof(mask))))
		return -EFAULT;
	err = with_thread(pid, set_mask, &mask);
	if (err || (pid != 0 && pid != current->tid))
		return err;
	return thread_set_affinity(current, mask);
}

long sys_getcpu(unsigned __user *cpu, unsigned __user *node, struct getcpu_cache __user *cache)
{
	unsigned int id, zero = 0;

	(void)cache;
	irq_push_off();
	id = (unsigned int)cpu_id();
	irq_pop_off();
	if (cpu && put_user(id, cpu))
		return -EFAULT;
	if (node && put_user(zero, node))
		return -EFAULT;
	return 0;
}

static long prio_max(int policy)
{
	switch (policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		return 99;
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
	case SCHED_DEADLINE:
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_sched_get_priority_max(int policy)
{
	return prio_max(policy);
}

long sys_sched_get_priority_min(int policy)
{
	long max = prio_max(policy);

	return max <= 0 ? max : 1;
}

static long exists(struct thread *t __unused, void *arg __unused)
{
	return 0;
}

long sys_sched_getscheduler(pid_t pid)
{
	long err = with_thread(pid, exists, NULL);

	return err ? err : SCHED_OTHER;
}

long sys_sched_getparam(pid_t pid, struct sched_param __user *param)
{
	long err = with_thread(pid, exists, NULL);
	int zero = 0;

	if (err)
		return err;
	return put_user(zero, (int __user *)param) ? -EFAULT : 0;
}

static long set_policy(pid_t pid, int policy, struct sched_param __user *param)
{
	int prio;
	long err;

	if (!param || pid < 0)
		return -EINVAL;
	if (get_user(prio, (int __user *)param))
		return -EFAULT;
	err = with_thread(pid, exists, NULL);
	if (err)
		return err;
	policy &= ~SCHED_RESET_ON_FORK;
	switch (policy) {
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		return prio == 0 ? 0 : -EINVAL;
	case SCHED_FIFO:
	case SCHED_RR:
		if (prio < 1 || prio > 99)
			return -EINVAL;
		return -EPERM;	/* no real-time scheduling */
	default:
		return -EINVAL;
	}
}

long sys_sched_setscheduler(pid_t pid, int policy, struct sched_param __user *param)
{
	return set_policy(pid, policy, param);
}

long sys_sched_setparam(pid_t pid, struct sched_param __user *param)
{
	return set_policy(pid, SCHED_OTHER, param);
}

/* Niceness is per thread in Linux; PRIO_PROCESS names a thread id. */
static long get_nice(struct thread *t, void *arg)
{
	*(int *)arg = READ_ONCE(t->nice);
	return 0;
}

static long put_nice(struct thread *t, void *arg)
{
	int nice = *(int *)arg;

	if (nice < READ_ONCE(t->nice) && current_proc()->cred.euid != 0)
		return -EACCES;
	WRITE_ONCE(t->nice, nice);
	return 0;
}

long sys_getpriority(int which, int who)
{
	int nice = 0;
	long err;

	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER)
		return -EINVAL;
	if (which != PRIO_PROCESS)
		return -ENOSYS;	/* groups and users: not yet */
	err = with_thread(who, get_nice, &nice);
	return err ? err : 20 - nice;	/* the raw call returns 40..1 */
}

long sys_setpriority(int which, int who, int niceval)
{
	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER)
		return -EINVAL;
	if (which != PRIO_PROCESS)
		return -ENOSYS;
	niceval = MAX(-20, MIN(19, niceval));
	return with_thread(who, put_nice, &niceval);
}

long sys_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
	       unsigned long arg5)
{
	char name[THREAD_NAME_LEN];
	long n;

	(void)arg3, (void)arg4, (void)arg5;
	switch (option) {
	case PR_SET_NAME:
		n = strncpy_from_user(name, (const char __user *)arg2, sizeof(name));
		if (n == -EFAULT)
			return -EFAULT;
		name[sizeof(name) - 1] = '\0';
		if (n == -ENAMETOOLONG) {
			/* Linux keeps the first 15 bytes of a longer name */
			if (copy_from_user(name, (const char __user *)arg2, sizeof(name) - 1))
				return -EFAULT;
		}
		strlcpy(current->name, name, sizeof(current->name));
		return 0;
	case PR_GET_NAME:
		strlcpy(name, current->name, sizeof(name));
		return copy_to_user((char __user *)arg2, name, sizeof(name)) ? -EFAULT : 0;
	case PR_SET_CHILD_SUBREAPER:
		spin_lock(&proctree_lock);
		current_proc()->child_subreaper = arg2 != 0;
		spin_unlock(&proctree_lock);
		return 0;
	case PR_GET_CHILD_SUBREAPER: {
		int flag = current_proc()->child_subreaper;

		return put_user(flag, (int __user *)arg2) ? -EFAULT : 0;
	}
	default:
		return -EINVAL;	/* options not implemented are refused */
	}
}
