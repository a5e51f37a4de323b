/* The RISC-V part of a thread: trap-entry scratch words and saved context. */
#ifndef ASM_THREAD_H
#define ASM_THREAD_H

/* Callee-saved registers, saved by switch_to(). */
struct context {
	unsigned long ra;
	unsigned long sp;
	unsigned long s[12];
};

struct thread_arch {
	unsigned long trap_sp;		/* sp at trap entry (entry.S) */
	unsigned long trap_scratch;	/* one free register for entry.S */
	struct context ctx;
};

#endif
