/* The Linux layout of a kernel signal's info (syscall/signal.c). */
#ifndef SYSCALL_SIGNAL_H
#define SYSCALL_SIGNAL_H

#include <kernel/signal.h>
#include <uapi/linux/signal.h>

/* Fill all 128 bytes of u from k, as Linux's copy_siginfo_to_user. */
void siginfo_to_linux(struct siginfo *u, const struct ksiginfo *k);

#endif
