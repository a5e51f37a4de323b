/* Signal structures and flags of the Linux ABI (riscv64: asm-generic). */
#ifndef UAPI_LINUX_SIGNAL_H
#define UAPI_LINUX_SIGNAL_H

#include <stdint.h>
#include <stddef.h>

/* siginfo: 128 bytes; which union member holds depends on signal and si_code */
struct siginfo {
	int si_signo, si_errno, si_code, _pad0;
	union {
		struct {			/* kill, rt, SIGCHLD */
			int si_pid;
			unsigned int si_uid;
			union {
				uint64_t si_value;	/* rt: the sigval */
				struct {
					int si_status;	/* SIGCHLD */
					int _pad1;
				};
			};
			long si_utime, si_stime;	/* SIGCHLD */
		};
		struct {			/* POSIX timers */
			int si_tid, si_overrun;
			uint64_t si_timer_value;
		};
		uint64_t si_addr;		/* faults */
		char _fields[128 - 16];
	};
};
_Static_assert(sizeof(struct siginfo) == 128, "Linux's siginfo is 128 bytes");

#define SI_USER		0
#define SI_KERNEL	0x80
#define SI_QUEUE	(-1)
#define SI_TIMER	(-2)
#define SI_TKILL	(-6)

#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define BUS_ADRALN	1
#define BUS_ADRERR	2
#define ILL_ILLOPC	1
#define TRAP_BRKPT	1

/* riscv has no sa_restorer (no SA_RESTORER in its Linux headers) */
struct sigaction {
	uintptr_t sa_handler;
	unsigned long sa_flags;
	uint64_t sa_mask;
};
#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_UNSUPPORTED	0x00000400
#define SA_EXPOSE_TAGBITS 0x00000800
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000
/* The flags rt_sigaction keeps; others are cleared (Linux's UAPI_SA_FLAGS). */
#define UAPI_SA_FLAGS	(SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | \
			 SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS)

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

/* stack_t */
struct sigaltstack {
	uintptr_t ss_sp;
	int ss_flags;
	size_t ss_size;
};
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1U << 31)
#define MINSIGSTKSZ	2048

#endif
