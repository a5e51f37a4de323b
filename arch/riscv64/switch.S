/*
 * struct thread *switch_to(struct thread *prev, struct thread *next)
 *
 * Save prev's callee-saved registers, make next current (tp), load its
 * registers and return on its stack. Returns prev, as seen by next.
 */
#include <generated/asm-offsets.h>

	.section .text
	.globl switch_to
switch_to:
	addi	t0, a0, THREAD_CTX
	sd	ra, CTX_RA(t0)
	sd	sp, CTX_SP(t0)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd	s\n, CTX_S0 + \n * 8(t0)
	.endr
	addi	t0, a1, THREAD_CTX
	ld	ra, CTX_RA(t0)
	ld	sp, CTX_SP(t0)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	ld	s\n, CTX_S0 + \n * 8(t0)
	.endr
	mv	tp, a1
	ret

/*
 * First code of a new kernel thread: switch_to "returned" here with
 * a0 = prev; s0 = entry, s1 = argument.
 */
	.globl thread_start
thread_start:
	mv	a1, s0
	mv	a2, s1
	call	thread_first_run	/* (prev, entry, arg), does not return */
1:	wfi
	j	1b

/*
 * void call_on_stack(void *arg, void (*fn)(void *), unsigned long sp)
 * Run fn(arg) on a new stack, never to return; the frame chain ends here.
 */
	.globl call_on_stack
call_on_stack:
	mv	sp, a2
	mv	s0, zero
	mv	ra, zero
	jr	a1

/*
 * void arch_enter_user(struct trap_frame *tf)
 * Leave for user mode with the registers in tf (on top of this stack).
 */
	.globl arch_enter_user
arch_enter_user:
	csrci	sstatus, 2		/* SIE off: trap_return expects it */
	mv	sp, a0
	j	trap_return
