/* epoll, eventfd, timerfd and signalfd structures and flags of the Linux ABI (riscv64). */
#ifndef UAPI_LINUX_EVENTPOLL_H
#define UAPI_LINUX_EVENTPOLL_H

#include <stdint.h>

/* not packed: only x86-64 packs it */
struct epoll_event {
	uint32_t events;
	uint64_t data;
};
_Static_assert(sizeof(struct epoll_event) == 16, "riscv64 epoll_event");

#define EPOLL_CLOEXEC		0x80000	/* O_CLOEXEC */
#define EPOLL_CTL_ADD		1
#define EPOLL_CTL_DEL		2
#define EPOLL_CTL_MOD		3

#define EFD_SEMAPHORE		1
#define EFD_CLOEXEC		0x80000	/* O_CLOEXEC */
#define EFD_NONBLOCK		0x800	/* O_NONBLOCK */

#define TFD_TIMER_ABSTIME	1
#define TFD_TIMER_CANCEL_ON_SET	2
#define TFD_CLOEXEC		0x80000
#define TFD_NONBLOCK		0x800

#define SFD_CLOEXEC		0x80000
#define SFD_NONBLOCK		0x800

struct signalfd_siginfo {
	uint32_t ssi_signo;
	int32_t ssi_errno;
	int32_t ssi_code;
	uint32_t ssi_pid;
	uint32_t ssi_uid;
	int32_t ssi_fd;
	uint32_t ssi_tid;
	uint32_t ssi_band;
	uint32_t ssi_overrun;
	uint32_t ssi_trapno;
	int32_t ssi_status;
	int32_t ssi_int;
	uint64_t ssi_ptr;
	uint64_t ssi_utime;
	uint64_t ssi_stime;
	uint64_t ssi_addr;
	uint16_t ssi_addr_lsb;
	uint16_t __pad2;
	int32_t ssi_syscall;
	uint64_t ssi_call_addr;
	uint32_t ssi_arch;
	uint8_t __pad[28];
};
_Static_assert(sizeof(struct signalfd_siginfo) == 128, "signalfd_siginfo");

#endif
