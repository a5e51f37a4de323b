/*
 * Structure offsets for assembly. Compiled to assembly only; the build
 * turns each "->NAME value" marker into a #define in asm-offsets.h.
 */
#include <kernel/thread.h>
#include <kernel/cpu.h>
#include <asm/trap.h>

#define DEFINE(sym, val) \
	__asm__ __volatile__("\n.ascii \"->" #sym " %0\"" :: "i"(val))
#define OFFSET(sym, type, member) DEFINE(sym, offsetof(type, member))

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(THREAD_CPU, struct thread, cpu);
	OFFSET(THREAD_TRAP_SP, struct thread, arch.trap_sp);
	OFFSET(THREAD_TRAP_SCRATCH, struct thread, arch.trap_scratch);
	OFFSET(THREAD_KSTACK_TOP, struct thread, kstack_top);
	OFFSET(THREAD_CTX, struct thread, arch.ctx);
	OFFSET(CPU_OVERFLOW_SP, struct cpu, overflow_stack_top);

	OFFSET(FP_FCSR, struct fp_state, fcsr);
	OFFSET(CTX_RA, struct context, ra);
	OFFSET(CTX_SP, struct context, sp);
	OFFSET(CTX_S0, struct context, s);

	DEFINE(TRAP_FRAME_SIZE, ALIGN_UP(sizeof(struct trap_frame), 16));
	OFFSET(TF_EPC, struct trap_frame, epc);
	OFFSET(TF_RA, struct trap_frame, ra);
	OFFSET(TF_SP, struct trap_frame, sp);
	OFFSET(TF_GP, struct trap_frame, gp);
	OFFSET(TF_TP, struct trap_frame, tp);
	OFFSET(TF_STATUS, struct trap_frame, status);
	OFFSET(TF_BADADDR, struct trap_frame, badaddr);
	OFFSET(TF_CAUSE, struct trap_frame, cause);
	OFFSET(TF_ORIG_A0, struct trap_frame, orig_a0);
}
