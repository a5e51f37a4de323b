/* Linux's time structures and clock ids as riscv64 user space sees them. */
#ifndef UAPI_LINUX_TIME_H
#define UAPI_LINUX_TIME_H

#include <stdint.h>

struct __kernel_timespec {
	int64_t tv_sec;
	long long tv_nsec;
};

struct __kernel_old_timeval {
	long tv_sec;
	long tv_usec;
};

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

struct tms {
	long tms_utime, tms_stime, tms_cutime, tms_cstime;
};

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7
#define TIMER_ABSTIME			1

#endif
