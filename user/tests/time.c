/*
 * Time: clock_gettime and clock_getres on every clock, gettimeofday,
 * nanosleep and clock_nanosleep (relative and absolute), times and
 * getrusage after some busy work. Only relations are printed, never
 * times themselves.
 *
 * System calls go through syscall() so that the kernel is what is
 * tested, never a vDSO.
 */
#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define NSEC_PER_SEC 1000000000LL
#define MSEC 1000000LL
#define BAD_CLOCK 100
#define YEAR_2020 1577836800LL

static long gettime(clockid_t clk, struct timespec *ts)
{
	return syscall(SYS_clock_gettime, clk, ts);
}

static long long now_ns(clockid_t clk)
{
	struct timespec ts;

	if (gettime(clk, &ts) != 0)
		return -1;
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static long long tv_ns(const struct timeval *tv)
{
	return tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * 1000LL;
}

static long long cpu_ns(const struct rusage *ru)
{
	return tv_ns(&ru->ru_utime) + tv_ns(&ru->ru_stime);
}

/*
 * Spin until this thread has used ms milliseconds of CPU time, or ten
 * times that in wall time has passed (on a busy machine, or a kernel
 * that does not count CPU time).
 */
static void busy(long ms)
{
	long long cpu_end = now_ns(CLOCK_THREAD_CPUTIME_ID) + ms * MSEC;
	long long wall_end = now_ns(CLOCK_MONOTONIC) + 10 * ms * MSEC;
	volatile unsigned long x = 0;

	while (now_ns(CLOCK_THREAD_CPUTIME_ID) < cpu_end && now_ns(CLOCK_MONOTONIC) < wall_end)
		for (int i = 0; i < 10000; i++)
			x += i;
}

static void test_clocks(void)
{
	static const struct { clockid_t id; const char *name; } clocks[] = {
		{ CLOCK_REALTIME, "REALTIME" },
		{ CLOCK_MONOTONIC, "MONOTONIC" },
		{ CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID" },
		{ CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID" },
		{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
		{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE" },
		{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" },
		{ CLOCK_BOOTTIME, "BOOTTIME" },
	};
	struct timespec ts, res;

	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		SAY("clock %s\n", clocks[i].name);
		ts.tv_nsec = -1;
		CHECK(gettime(clocks[i].id, &ts) == 0);
		CHECK(ts.tv_sec >= 0 && ts.tv_nsec >= 0 && ts.tv_nsec < NSEC_PER_SEC);
		CHECK(syscall(SYS_clock_getres, clocks[i].id, &res) == 0);
		/* 1 ns for high-resolution clocks, a tick for coarse ones. */
		CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10 * MSEC);
	}
	CHECK_ERR(gettime(BAD_CLOCK, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_getres, BAD_CLOCK, &res), EINVAL);

	CHECK(gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > YEAR_2020);
	CHECK_ERR(syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_settime, BAD_CLOCK, &ts), EINVAL);

	/* MONOTONIC never goes back; BOOTTIME is never behind it. */
	long long prev = now_ns(CLOCK_MONOTONIC), back = 0;
	for (int i = 0; i < 20000; i++) {
		long long t = now_ns(CLOCK_MONOTONIC);
		if (t < prev)
			back++;
		prev = t;
	}
	CHECK(back == 0);
	long long mono = now_ns(CLOCK_MONOTONIC);
	CHECK(now_ns(CLOCK_BOOTTIME) >= mono);
	mono = now_ns(CLOCK_MONOTONIC_COARSE);
	CHECK(now_ns(CLOCK_MONOTONIC) >= mono);

	/* gettimeofday reads the REALTIME clock, in microseconds. */
	struct timeval tv;
	long long before = now_ns(CLOCK_REALTIME);
	CHECK(syscall(SYS_gettimeofday, &tv, NULL) == 0);
	long long after = now_ns(CLOCK_REALTIME);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	CHECK(tv_ns(&tv) >= before / 1000 * 1000 && tv_ns(&tv) <= after);
	CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > YEAR_2020);

	/* The thread's CPU time is part of the process's. */
	long long thread = now_ns(CLOCK_THREAD_CPUTIME_ID);
	CHECK(now_ns(CLOCK_PROCESS_CPUTIME_ID) >= thread);
}

static void test_sleep(void)
{
	struct timespec req, rem;
	long long t0, t1;

	SAY("sleeps\n");
	req = (struct timespec){ 0, 50 * MSEC };
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(syscall(SYS_nanosleep, &req, &rem) == 0);
	t1 = now_ns(CLOCK_MONOTONIC);
	CHECK(t1 - t0 >= 50 * MSEC);

	req = (struct timespec){ 0, 0 };
	CHECK(syscall(SYS_nanosleep, &req, NULL) == 0);

	req = (struct timespec){ 0, 30 * MSEC };
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, NULL) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 30 * MSEC);

	req = (struct timespec){ 0, 20 * MSEC };
	t0 = now_ns(CLOCK_REALTIME);
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_REALTIME, 0, &req, NULL) == 0);
	CHECK(now_ns(CLOCK_REALTIME) - t0 >= 20 * MSEC);

	/* Absolute: wake at or after the deadline, at once if it is past. */
	long long deadline = now_ns(CLOCK_MONOTONIC) + 40 * MSEC;
	req = (struct timespec){ deadline / NSEC_PER_SEC, deadline % NSEC_PER_SEC };
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) >= deadline);
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 < 1000 * MSEC);
	deadline = now_ns(CLOCK_REALTIME) + 20 * MSEC;
	req = (struct timespec){ deadline / NSEC_PER_SEC, deadline % NSEC_PER_SEC };
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &req, NULL) == 0);
	CHECK(now_ns(CLOCK_REALTIME) >= deadline);
	deadline = now_ns(CLOCK_BOOTTIME) + 20 * MSEC;
	req = (struct timespec){ deadline / NSEC_PER_SEC, deadline % NSEC_PER_SEC };
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_BOOTTIME, TIMER_ABSTIME, &req, NULL) == 0);
	CHECK(now_ns(CLOCK_BOOTTIME) >= deadline);

	/* Bad requests. */
	req = (struct timespec){ 0, NSEC_PER_SEC };
	CHECK_ERR(syscall(SYS_nanosleep, &req, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, NULL), EINVAL);
	req = (struct timespec){ 0, -1 };
	CHECK_ERR(syscall(SYS_nanosleep, &req, NULL), EINVAL);
	req = (struct timespec){ -1, 0 };
	CHECK_ERR(syscall(SYS_nanosleep, &req, NULL), EINVAL);
	req = (struct timespec){ 0, 1 };
	CHECK_ERR(syscall(SYS_clock_nanosleep, BAD_CLOCK, 0, &req, NULL), EINVAL);
	/* Clocks that cannot be slept on. */
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL), EOPNOTSUPP);
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC_RAW, 0, &req, NULL), EOPNOTSUPP);
}

static void test_cpu_time(void)
{
	struct rusage ru;
	struct tms tms;

	SAY("cpu time\n");
	/* No child has been waited for yet. */
	CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0 && cpu_ns(&ru) == 0);
	CHECK(syscall(SYS_times, &tms) != -1 && tms.tms_cutime == 0 && tms.tms_cstime == 0);

	long long cpu0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	long long thr0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	busy(100);
	CHECK(now_ns(CLOCK_PROCESS_CPUTIME_ID) > cpu0);
	CHECK(now_ns(CLOCK_THREAD_CPUTIME_ID) > thr0);
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0 && cpu_ns(&ru) > 0);
	CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
	CHECK(getrusage(RUSAGE_THREAD, &ru) == 0 && cpu_ns(&ru) > 0);
	CHECK(syscall(SYS_times, &tms) != -1 && tms.tms_utime + tms.tms_stime > 0);
	CHECK_ERR(getrusage(42, &ru), EINVAL);

	/* A child's CPU time reaches the parent once it is waited for. */
	pid_t pid = fork();
	if (pid == 0) {
		busy(100);
		_exit(0);
	}
	int status;
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0 && cpu_ns(&ru) > 0);
	CHECK(syscall(SYS_times, &tms) != -1 && tms.tms_cutime + tms.tms_cstime > 0);

	/* times() returns clock ticks (100 a second) from a fixed point. */
	long t0 = syscall(SYS_times, NULL);
	struct timespec req = { 0, 100 * MSEC };
	CHECK(syscall(SYS_nanosleep, &req, NULL) == 0);
	long t1 = syscall(SYS_times, NULL);
	CHECK(t1 - t0 >= 9 && t1 - t0 < 1000);
}

int main(void)
{
	utest_start("time");
	test_clocks();
	test_sleep();
	test_cpu_time();
	return utest_done();
}
