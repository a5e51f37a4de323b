/* The RISC-V part of a thread: trap-entry scratch words and saved context. */
#ifndef ASM_THREAD_H
#define ASM_THREAD_H

#include <stdint.h>

/* Callee-saved registers, saved by switch_to(). */
struct context {
	unsigned long ra;
	unsigned long sp;
	unsigned long s[12];
};

/* A user thread's floating-point registers (F and D extensions). */
struct fp_state {
	uint64_t f[32];
	uint32_t fcsr;
};

struct thread_arch {
	unsigned long trap_sp;		/* sp at trap entry (entry.S) */
	unsigned long trap_scratch;	/* one free register for entry.S */
	struct context ctx;
	struct fp_state fp;		/* [r] saved when switched out dirty */
	int fp_cpu;			/* [r] cpu whose registers hold fp, or -1 */
};

void fp_save(struct fp_state *fp);
void fp_restore(const struct fp_state *fp);

#endif
