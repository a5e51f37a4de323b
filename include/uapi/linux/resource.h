/* Resource limits and usage, Linux's riscv64 layout. */
#ifndef UAPI_LINUX_RESOURCE_H
#define UAPI_LINUX_RESOURCE_H

#include <uapi/linux/time.h>

struct rlimit {
	unsigned long rlim_cur, rlim_max;
};

struct rlimit64 {
	uint64_t rlim_cur, rlim_max;
};

struct rusage {
	struct __kernel_old_timeval ru_utime, ru_stime;
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
	     ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)
#define RUSAGE_THREAD	1

#define RLIMIT_STACK	3
#define RLIMIT_NOFILE	7
#define RLIM_NLIMITS_UAPI 16

#endif
