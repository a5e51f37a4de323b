/*
 * The kernel-side types of the system-call prototypes (<generated/syscalls.h>),
 * with the sizes and signedness riscv64 Linux gives them
 * (include/linux/types.h, include/uapi/asm-generic/posix_types.h,
 * asm-generic/int-ll64.h: 64-bit integers are long long, as in Linux).
 *
 * Every structure a prototype names is declared here as an incomplete
 * type, so the prototypes compile on their own; the Linux ABI layouts are
 * defined once, by whoever needs them, in include/uapi/linux/. The few
 * typedefs of anonymous structures (sigset_t, fd_set) and the one enum a
 * prototype passes by value are complete here, because C cannot declare
 * them ahead: a uapi header must use these rather than define its own.
 */
#ifndef SYSCALL_TYPES_H
#define SYSCALL_TYPES_H

#include <lib/compiler.h>

#ifndef __user
#define __user
#endif

typedef signed char		__s8;
typedef unsigned char		__u8;
typedef short			__s16;
typedef unsigned short		__u16;
typedef int			__s32;
typedef unsigned int		__u32;
typedef long long		__s64;
typedef unsigned long long	__u64;

typedef __s8			s8;
typedef __u8			u8;
typedef __s16			s16;
typedef __u16			u16;
typedef __s32			s32;
typedef __u32			u32;
typedef __s64			s64;
typedef __u64			u64;

typedef long			ssize_t;
typedef unsigned short		umode_t;
typedef long			off_t;		/* __kernel_off_t */
typedef long long		loff_t;		/* __kernel_loff_t */
typedef int			pid_t;
typedef unsigned int		uid_t;		/* __kernel_uid32_t */
typedef unsigned int		gid_t;
typedef uid_t			qid_t;		/* quota id: a uid, gid or project */
typedef int			clockid_t;
typedef int			timer_t;	/* __kernel_timer_t */
typedef int			key_t;		/* System V IPC key */
typedef int			mqd_t;
typedef __s32			key_serial_t;	/* keyrings */
typedef unsigned long		aio_context_t;
typedef int			rwf_t;		/* RWF_* flags of preadv2 */
typedef unsigned long		old_sigset_t;

/* 64 signals in one word (_NSIG 64, _NSIG_BPW 64 on riscv64). */
typedef struct {
	unsigned long sig[1];
} sigset_t;

/* select(): __FD_SETSIZE (1024) bits. */
typedef struct {
	unsigned long fds_bits[1024 / (8 * sizeof(long))];
} __kernel_fd_set;
typedef __kernel_fd_set		fd_set;

typedef struct siginfo		siginfo_t;
typedef struct __user_cap_header_struct __user *cap_user_header_t;
typedef struct __user_cap_data_struct __user *cap_user_data_t;

/* uapi/linux/landlock.h: landlock_add_rule takes it by value. */
enum landlock_rule_type {
	LANDLOCK_RULE_PATH_BENEATH = 1,
};

struct __aio_sigset;
struct __kernel_itimerspec;
struct __kernel_old_itimerval;
struct __kernel_old_timeval;
struct __kernel_timespec;
struct __kernel_timex;
struct __user_cap_data_struct;
struct __user_cap_header_struct;
struct clone_args;
struct epoll_event;
struct file_handle;
struct futex_waitv;
struct getcpu_cache;
struct io_event;
struct io_uring_params;
struct iocb;
struct iovec;
struct kexec_segment;
struct landlock_ruleset_attr;
struct linux_dirent64;
struct mmsghdr;
struct mount_attr;
struct mq_attr;
struct msgbuf;
struct msqid_ds;
struct new_utsname;
struct open_how;
struct perf_event_attr;
struct pollfd;
struct rlimit;
struct rlimit64;
struct robust_list_head;
struct rseq;
struct rusage;
struct sched_attr;
struct sched_param;
struct sembuf;
struct shmid_ds;
struct sigaction;
struct sigaltstack;
struct sigevent;
struct siginfo;
struct sockaddr;
struct stat;
struct statfs;
struct statx;
struct sysinfo;
struct timezone;
struct tms;
struct user_msghdr;
union bpf_attr;

#endif
