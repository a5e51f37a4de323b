/*
 * Signals: numbers and the per-process action table. Delivery to user
 * handlers is not there yet: the kernel keeps masks and actions as set,
 * and a signal it raises itself (a fault) ends the process with it.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <lib/compiler.h>

#define NSIG		64
#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19

#define sig_bit(sig)	(1ULL << ((sig) - 1))
/* Signals that can be neither blocked nor caught. */
#define SIG_UNBLOCKABLE	(sig_bit(SIGKILL) | sig_bit(SIGSTOP))

struct k_sigaction {
	uintptr_t handler;		/* user address, or SIG_DFL 0 / SIG_IGN 1 */
	unsigned long flags;
	uintptr_t restorer;
	uint64_t mask;
};

/* Wait status words, as wait4() reports them. */
#define WSTATUS_EXITED(code)	(((code) & 0xff) << 8)
#define WSTATUS_SIGNALED(sig)	((sig) & 0x7f)

#endif
