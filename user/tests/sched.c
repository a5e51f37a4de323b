/*
 * Scheduling calls: sched_yield, CPU affinity, getcpu, the scheduling
 * policy and its priority range, nice values.
 *
 * The number of CPUs differs between machines: only that the affinity
 * mask is not empty and holds the CPU we run on is printed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

static int current_cpu(void)
{
	unsigned cpu = ~0u;

	if (syscall(SYS_getcpu, &cpu, NULL, NULL) != 0)
		return -1;
	return (int)cpu;
}

static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static void test_yield(void)
{
	int i, ok = 1;

	SAY("sched_yield\n");
	for (i = 0; i < 100; i++)
		ok &= sched_yield() == 0;
	CHECK(ok);
	CHECK(syscall(SYS_sched_yield) == 0);
}

static void test_affinity(void)
{
	cpu_set_t set, one, back;
	unsigned long small;
	long n;
	int cpu, first = -1, i;

	SAY("affinity\n");
	CPU_ZERO(&set);
	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0);
	CHECK(CPU_COUNT(&set) > 0);
	cpu = current_cpu();
	CHECK(cpu >= 0);
	CHECK(CPU_ISSET(cpu, &set));
	/* The raw call returns how many bytes it wrote: a whole number of longs. */
	n = syscall(SYS_sched_getaffinity, 0, sizeof(set), &set);
	CHECK(n > 0 && n <= (long)sizeof(set) && n % sizeof(long) == 0);
	CHECK(sched_getaffinity(getpid(), sizeof(set), &set) == 0);

	/* Pin to one allowed CPU: we then run there. */
	for (i = 0; i < CPU_SETSIZE && first < 0; i++)
		if (CPU_ISSET(i, &set))
			first = i;
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	CHECK(sched_setaffinity(0, sizeof(one), &one) == 0);
	CHECK(sched_yield() == 0);
	CHECK(current_cpu() == first);
	CPU_ZERO(&back);
	CHECK(sched_getaffinity(0, sizeof(back), &back) == 0);
	CHECK(CPU_EQUAL(&back, &one));
	/* A child inherits the mask. */
	if (fork() == 0) {
		CPU_ZERO(&back);
		_exit(sched_getaffinity(0, sizeof(back), &back) == 0 && CPU_EQUAL(&back, &one) ?
		      0 : 1);
	}
	{
		int status = -1;

		wait(&status);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0);

	SAY("affinity errors\n");
	CPU_ZERO(&one);
	CHECK_ERR(sched_setaffinity(0, sizeof(one), &one), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 3, &small), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, sizeof(set), NULL), EFAULT);
	CHECK_ERR(sched_getaffinity(dead_pid(), sizeof(set), &set), ESRCH);
	CHECK_ERR(sched_setaffinity(dead_pid(), sizeof(set), &set), ESRCH);
}

static void test_policy(void)
{
	struct sched_param sp = { 0 };

	/* Raw calls: musl's wrappers of these are ENOSYS by design. */
	SAY("policy and priorities\n");
	CHECK(syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER);
	CHECK(syscall(SYS_sched_getparam, 0, &sp) == 0);
	CHECK(sp.sched_priority == 0);
	SAY("SCHED_OTHER %d..%d, SCHED_FIFO %d..%d, SCHED_RR %d..%d\n",
	    sched_get_priority_min(SCHED_OTHER), sched_get_priority_max(SCHED_OTHER),
	    sched_get_priority_min(SCHED_FIFO), sched_get_priority_max(SCHED_FIFO),
	    sched_get_priority_min(SCHED_RR), sched_get_priority_max(SCHED_RR));
	CHECK_ERR(sched_get_priority_max(42), EINVAL);
	CHECK_ERR(sched_get_priority_min(-1), EINVAL);
	/* SCHED_OTHER takes priority 0 only; unknown policies are refused. */
	sp.sched_priority = 0;
	CHECK(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp) == 0);
	sp.sched_priority = 5;
	CHECK_ERR(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp), EINVAL);
	sp.sched_priority = 0;
	CHECK_ERR(syscall(SYS_sched_setscheduler, 0, 42, &sp), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getscheduler, dead_pid()), ESRCH);
	CHECK_ERR(syscall(SYS_sched_getscheduler, -1), EINVAL);
}

static void test_nice(void)
{
	int status = -1;
	pid_t pid;

	SAY("nice\n");
	/* In a child: without privilege the niceness cannot come back down. */
	pid = fork();
	if (pid == 0) {
		int before, after;

		errno = 0;
		before = getpriority(PRIO_PROCESS, 0);
		if (errno || before >= 19)
			_exit(2);
		if (setpriority(PRIO_PROCESS, 0, before + 1) != 0)
			_exit(3);
		errno = 0;
		after = getpriority(PRIO_PROCESS, 0);
		if (errno || after != before + 1)
			_exit(4);
		/* Values past the ends are clamped. */
		if (setpriority(PRIO_PROCESS, 0, 100) != 0 || getpriority(PRIO_PROCESS, 0) != 19)
			_exit(5);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_ERR(getpriority(42, 0), EINVAL);
	CHECK_ERR(setpriority(PRIO_PROCESS, dead_pid(), 0), ESRCH);
}

int main(void)
{
	utest_start("sched");
	test_yield();
	test_affinity();
	test_policy();
	test_nice();
	return utest_done();
}
