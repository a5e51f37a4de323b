/* Clocks, sleeps and cpu-time system calls. */
#include <syscall/syscall.h>
#include <kernel/proc.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <mm/uaccess.h>
#include <uapi/linux/time.h>
#include <uapi/linux/resource.h>
#include <lib/errno.h>
#include <lib/string.h>

#define CLOCK_RES_NS	1	/* the counter is read directly */

static uint64_t thread_cputime(void)
{
	struct thread *t = current;

	return t->utime_ns + t->stime_ns + (time_ns() - t->acct_stamp);
}

/* Now on clock id, in nanoseconds; -EINVAL for an unknown clock. */
static int clock_now(clockid_t id, uint64_t *ns)
{
	uint64_t u, s;

	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = time_ns() + time_realtime_offset();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:	/* no suspend: boot time is monotonic time */
		*ns = time_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		proc_cputime(current_proc(), &u, &s);
		*ns = u + s + (time_ns() - current->acct_stamp);
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = thread_cputime();
		return 0;
	default:
		return -EINVAL;
	}
}

static int put_timespec(struct __kernel_timespec __user *u, uint64_t ns)
{
	struct __kernel_timespec ts = {
		.tv_sec = (int64_t)(ns / NSEC_PER_SEC),
		.tv_nsec = (long long)(ns % NSEC_PER_SEC),
	};

	return copy_to_user(u, &ts, sizeof(ts));
}

static int get_timespec(const struct __kernel_timespec __user *u, uint64_t *ns)
{
	struct __kernel_timespec ts;

	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long long)NSEC_PER_SEC)
		return -EINVAL;
	*ns = ts_to_ns_clamped(ts.tv_sec, ts.tv_nsec);
	return 0;
}

long sys_clock_gettime(clockid_t which_clock, struct __kernel_timespec __user *tp)
{
	uint64_t ns;
	int err = clock_now(which_clock, &ns);

	if (err)
		return err;
	return put_timespec(tp, ns) ? -EFAULT : 0;
}

long sys_clock_getres(clockid_t which_clock, struct __kernel_timespec __user *tp)
{
	uint64_t ns;
	int err = clock_now(which_clock, &ns);

	if (err)
		return err;
	if (tp && put_timespec(tp, CLOCK_RES_NS))
		return -EFAULT;
	return 0;
}

long sys_gettimeofday(struct __kernel_old_timeval __user *tv, struct timezone __user *tz)
{
	if (tv) {
		uint64_t ns = time_ns() + time_realtime_offset();
		struct __kernel_old_timeval k = {
			.tv_sec = (long)(ns / NSEC_PER_SEC),
			.tv_usec = (long)(ns % NSEC_PER_SEC / NSEC_PER_USEC),
		};

		if (copy_to_user(tv, &k, sizeof(k)))
			return -EFAULT;
	}
	if (tz) {
		struct timezone z = { 0, 0 };

		if (copy_to_user(tz, &z, sizeof(z)))
			return -EFAULT;
	}
	return 0;
}

static long sleep_to(uint64_t deadline, struct __kernel_timespec __user *rmtp);

/* restart_syscall after a stop (no handler ran): sleep the rest. */
static long sleep_restart(void)
{
	return sleep_to(current->restart_deadline, current->restart_addr);
}

/*
 * Sleep to deadline (monotonic ns); on interruption store what is left
 * and, as Linux, leave the rest to restart_syscall unless a handler runs.
 */
static long sleep_to(uint64_t deadline, struct __kernel_timespec __user *rmtp)
{
	int err = sleep_until(deadline);

	if (err != -EINTR)
		return err;
	if (rmtp) {
		uint64_t now = time_ns();

		if (put_timespec(rmtp, deadline > now ? deadline - now : 0))
			return -EFAULT;
	}
	current->restart_fn = sleep_restart;
	current->restart_deadline = deadline;
	current->restart_addr = rmtp;
	return -ERESTART_RESTARTBLOCK;
}

long sys_restart_syscall(void)
{
	long (*fn)(void) = current->restart_fn;

	current->restart_fn = NULL;
	return fn ? fn() : -EINTR;
}

long sys_nanosleep(struct __kernel_timespec __user *rqtp, struct __kernel_timespec __user *rmtp)
{
	uint64_t ns;
	int err = get_timespec(rqtp, &ns);

	if (err)
		return err;
	return sleep_to(ns_add_clamped(time_ns(), ns), rmtp);
}

long sys_clock_nanosleep(clockid_t which_clock, int flags, const struct __kernel_timespec __user *rqtp,
			 struct __kernel_timespec __user *rmtp)
{
	uint64_t ns, now;
	int err;

	switch (which_clock) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		break;
	case CLOCK_THREAD_CPUTIME_ID:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP;	/* Linux has no sleep on these */
	case CLOCK_PROCESS_CPUTIME_ID:
		return -EOPNOTSUPP;	/* Linux sleeps on cpu time; not here yet */
	default:
		return -EINVAL;
	}
	err = get_timespec(rqtp, &ns);
	if (err)
		return err;
	if (!(flags & TIMER_ABSTIME))
		return sleep_to(ns_add_clamped(time_ns(), ns), rmtp);
	if (which_clock == CLOCK_REALTIME)
		ns = ns > time_realtime_offset() ? ns - time_realtime_offset() : 0;
	now = time_ns();
	if (ns <= now)
		return 0;
	/* an absolute sleep restarts as it was (Linux: -ERESTARTNOHAND) */
	return sleep_until(ns) == -EINTR ? -ERESTARTNOHAND : 0;
}

static long ns_to_clock_t(uint64_t ns)
{
	return (long)(ns / (NSEC_PER_SEC / 100));
}

long sys_times(struct tms __user *tbuf)
{
	struct process *p = current_proc();
	uint64_t u, s;

	if (tbuf) {
		struct tms k;

		proc_cputime(p, &u, &s);
		k.tms_utime = ns_to_clock_t(u);
		k.tms_stime = ns_to_clock_t(s);
		spin_lock(&p->lock);
		k.tms_cutime = ns_to_clock_t(p->child_utime);
		k.tms_cstime = ns_to_clock_t(p->child_stime);
		spin_unlock(&p->lock);
		if (copy_to_user(tbuf, &k, sizeof(k)))
			return -EFAULT;
	}
	return ns_to_clock_t(time_ns());
}

long sys_getrusage(int who, struct rusage __user *ru)
{
	struct process *p = current_proc();
	struct rusage k;
	uint64_t u, s;

	switch (who) {
	case RUSAGE_SELF:
		proc_cputime(p, &u, &s);
		break;
	case RUSAGE_CHILDREN:
		spin_lock(&p->lock);
		u = p->child_utime;
		s = p->child_stime;
		spin_unlock(&p->lock);
		break;
	case RUSAGE_THREAD:
		u = current->utime_ns;
		s = current->stime_ns;
		break;
	default:
		return -EINVAL;
	}
	memset(&k, 0, sizeof(k));
	k.ru_utime.tv_sec = (long)(u / NSEC_PER_SEC);
	k.ru_utime.tv_usec = (long)(u % NSEC_PER_SEC / NSEC_PER_USEC);
	k.ru_stime.tv_sec = (long)(s / NSEC_PER_SEC);
	k.ru_stime.tv_usec = (long)(s % NSEC_PER_SEC / NSEC_PER_USEC);
	return copy_to_user(ru, &k, sizeof(k)) ? -EFAULT : 0;
}

long sys_clock_settime(clockid_t which_clock, const struct __kernel_timespec __user *tp)
{
	uint64_t ns;
	int err;

	if (which_clock != CLOCK_REALTIME)
		return -EINVAL;	/* the other clocks cannot be set */
	err = get_timespec(tp, &ns);
	if (err)
		return err;
	if (current_proc()->cred.euid != 0)
		return -EPERM;
	time_set_realtime(ns);
	return 0;
}
