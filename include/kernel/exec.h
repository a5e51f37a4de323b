/* Running a program in the calling process (see kernel/exec.c). */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include <lib/compiler.h>

#ifndef __user
#define __user
#endif

#define PATH_MAX_EXEC	4096
#define RLIMIT_STACK_K	3		/* index of the stack limit */
#define SIG_IGN_K	1		/* handler value of an ignored signal */

/* Bits of AT_HWCAP: one per single-letter ISA extension ('a' = bit 0). */
extern uint64_t elf_hwcap;

/* execve(2): on success the caller returns to the new program. */
int do_execve(const char __user *path, const char *const __user *argv,
	      const char *const __user *envp);
/* The same with kernel strings: how the kernel starts init. */
int kernel_execve(const char *path, const char *const argv[], const char *const envp[]);

#endif
