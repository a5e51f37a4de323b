/*
 * The trap frame: every register of the interrupted context, pushed on the
 * kernel stack by entry.S. The layout is Linux's struct pt_regs for riscv,
 * so a user register dump reads the same; offsets for assembly come from
 * asm-offsets.c.
 */
#ifndef ASM_TRAP_H
#define ASM_TRAP_H

#ifndef __ASSEMBLER__
#include <lib/compiler.h>

struct trap_frame {
	unsigned long epc;
	unsigned long ra, sp, gp, tp;
	unsigned long t0, t1, t2;
	unsigned long s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	unsigned long t3, t4, t5, t6;
	unsigned long status;
	unsigned long badaddr;
	unsigned long cause;
	unsigned long orig_a0;
};

static inline bool trap_from_user(const struct trap_frame *tf)
{
	return !(tf->status & (1UL << 8));	/* sstatus.SPP */
}

#define USER_FRAME_SIZE	ALIGN_UP(sizeof(struct trap_frame), 16)

/* A thread's user registers: the frame at the top of its kernel stack. */
#define user_frame(t)	((struct trap_frame *)((t)->kstack_top - USER_FRAME_SIZE))

struct thread;
/* Context switch hooks for threads with a user part (FP registers). */
void arch_save_user_state(struct thread *t);
void arch_load_user_state(struct thread *t);
/* Start running user code with the registers in tf (never returns). */
void arch_enter_user(struct trap_frame *tf) __noreturn;
/* A fresh user context: all registers zero, pc and sp set, FP clean. */
void arch_init_user_frame(struct trap_frame *tf, uintptr_t pc, uintptr_t sp);
void arch_set_tls(struct trap_frame *tf, uintptr_t tls);
/* Load t's FP registers from t->arch.fp now (sigreturn); interrupts off. */
void arch_reload_user_fp(struct thread *t, struct trap_frame *tf);

/* At the return to user: signals to deliver or a system call to restart? */
bool arch_signal_work(struct trap_frame *tf);
/* Deliver a pending signal (build its frame) or restart the call (signal.c). */
void arch_do_signal(struct trap_frame *tf);

void trap_handler(struct trap_frame *tf);
void kernel_stack_overflow(struct trap_frame *tf);
void trap_init_cpu(void);
void show_regs(const struct trap_frame *tf);
#endif

#endif
