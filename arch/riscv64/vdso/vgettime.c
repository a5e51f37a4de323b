/*
 * The vDSO's clocks: clock_gettime, gettimeofday and clock_getres without
 * entering the kernel, from the counter (rdtime, which the kernel lets
 * user mode read) and the kernel's data page. Clocks the page cannot
 * answer (cpu time, unknown ids) make the system call, as does a kernel
 * that left the page empty.
 *
 * This is user-mode code linked into its own small shared object: no
 * kernel headers but the data page's, no globals, no relocations.
 */
#include <kernel/vdso_data.h>

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7

#define NR_gettimeofday		169
#define NR_clock_gettime	113
#define NR_clock_getres		114

#define NSEC_PER_SEC		1000000000ULL

struct vdso_timespec {
	long tv_sec;
	long tv_nsec;
};

struct vdso_timeval {
	long tv_sec;
	long tv_usec;
};

struct vdso_timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

/* One page below the code: the linker script places it. */
extern const struct vdso_data vdso_data __attribute__((visibility("hidden")));

int __vdso_clock_gettime(int clock, struct vdso_timespec *ts);
int __vdso_gettimeofday(struct vdso_timeval *tv, struct vdso_timezone *tz);
int __vdso_clock_getres(int clock, struct vdso_timespec *res);

static long syscall2(long nr, long arg0, long arg1)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;

	__asm__ volatile ("ecall" : "+r"(a0) : "r"(a7), "r"(a1) : "memory");
	return a0;
}

static uint64_t read_counter(void)
{
	uint64_t t;

	__asm__ volatile ("rdtime %0" : "=r"(t));
	return t;
}

/* Does the page answer this clock? */
static int known_clock(int clock)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return __atomic_load_n(&vdso_data.timebase_hz, __ATOMIC_RELAXED) != 0;
	default:
		return 0;
	}
}

/* Now on a known clock, in nanoseconds. */
static uint64_t clock_now(int clock)
{
	uint64_t ns = vdso_ticks_to_ns(read_counter(), vdso_data.timebase_hz,
				       vdso_data.ns_per_tick);

	if (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)
		ns += __atomic_load_n(&vdso_data.realtime_offset, __ATOMIC_RELAXED);
	return ns;
}

int __vdso_clock_gettime(int clock, struct vdso_timespec *ts)
{
	uint64_t ns;

	if (!known_clock(clock))
		return (int)syscall2(NR_clock_gettime, clock, (long)ts);
	ns = clock_now(clock);
	ts->tv_sec = (long)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
	return 0;
}

int __vdso_gettimeofday(struct vdso_timeval *tv, struct vdso_timezone *tz)
{
	uint64_t ns;

	if (!known_clock(CLOCK_REALTIME))
		return (int)syscall2(NR_gettimeofday, (long)tv, (long)tz);
	if (tv) {
		ns = clock_now(CLOCK_REALTIME);
		tv->tv_sec = (long)(ns / NSEC_PER_SEC);
		tv->tv_usec = (long)(ns % NSEC_PER_SEC / 1000);
	}
	if (tz) {
		tz->tz_minuteswest = 0;
		tz->tz_dsttime = 0;
	}
	return 0;
}

/* The kernel's clocks all tick in nanoseconds (syscall/time.c). */
int __vdso_clock_getres(int clock, struct vdso_timespec *res)
{
	if (!known_clock(clock))
		return (int)syscall2(NR_clock_getres, clock, (long)res);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}
