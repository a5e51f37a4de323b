/*
 * Trap entry and exit. All decisions are made in C (trap.c); this file
 * only saves and restores registers.
 *
 * sscratch is 0 while the hart runs kernel code and holds the current
 * thread while it runs user code, so after swapping it with tp:
 *   tp != 0  trap from user: tp is the thread, take its kernel stack;
 *   tp == 0  trap from the kernel: the thread is in sscratch, stay on sp.
 * A trap from the kernel first checks that sp - frame is still in the
 * upper (stack) half of its slot: below is the guard page, so the frame
 * goes on the cpu's overflow stack and kernel_stack_overflow() reports it.
 * Register xN is saved at N * 8 in the frame (epc in slot 0).
 */
#include <asm/memlayout.h>
#include <asm/csr.h>
#include <generated/asm-offsets.h>

	.macro SAVE_GPRS
	sd	x1, 1 * 8(sp)
	sd	x3, 3 * 8(sp)
	.irp n, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, \n * 8(sp)
	.endr
	.endm

	.macro SAVE_CSRS
	ld	t0, THREAD_TRAP_SP(tp)
	sd	t0, TF_SP(sp)
	csrr	t0, sscratch			/* interrupted tp */
	sd	t0, TF_TP(sp)
	csrw	sscratch, zero
	csrr	t0, sepc
	sd	t0, TF_EPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_STATUS(sp)
	csrr	t0, stval
	sd	t0, TF_BADADDR(sp)
	csrr	t0, scause
	sd	t0, TF_CAUSE(sp)
	sd	a0, TF_ORIG_A0(sp)
	/* no user memory access outside the copy routines */
	li	t0, SSTATUS_SUM
	csrc	sstatus, t0
	.endm

	.section .text
	.align 2
	.globl trap_vector
trap_vector:
	csrrw	tp, sscratch, tp
	bnez	tp, .Lfrom_user
	csrr	tp, sscratch
	sd	sp, THREAD_TRAP_SP(tp)
	sd	t0, THREAD_TRAP_SCRATCH(tp)
	addi	t0, sp, -TRAP_FRAME_SIZE
	srli	t0, t0, KSTACK_SHIFT
	andi	t0, t0, 1
	beqz	t0, .Loverflow
	ld	t0, THREAD_TRAP_SCRATCH(tp)
	addi	sp, sp, -TRAP_FRAME_SIZE
	j	.Lsave

.Lfrom_user:
	sd	sp, THREAD_TRAP_SP(tp)
	ld	sp, THREAD_KSTACK_TOP(tp)
	addi	sp, sp, -TRAP_FRAME_SIZE

.Lsave:
	SAVE_GPRS
	SAVE_CSRS
	mv	a0, sp
	call	trap_handler

	.globl trap_return
trap_return:
	/* sp = the frame; interrupts are off */
	ld	t0, TF_STATUS(sp)
	andi	t1, t0, SSTATUS_SPP
	bnez	t1, 1f
	csrw	sscratch, tp			/* back to user: remember the thread */
1:	csrw	sstatus, t0
	ld	t0, TF_EPC(sp)
	csrw	sepc, t0
	ld	x1, 1 * 8(sp)
	ld	x3, 3 * 8(sp)
	ld	x4, 4 * 8(sp)
	.irp n, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	x\n, \n * 8(sp)
	.endr
	ld	sp, 2 * 8(sp)
	sret

.Loverflow:
	ld	t0, THREAD_CPU(tp)
	ld	t0, CPU_OVERFLOW_SP(t0)
	beqz	t0, .Lno_overflow_stack
	addi	sp, t0, -TRAP_FRAME_SIZE
	ld	t0, THREAD_TRAP_SCRATCH(tp)
	SAVE_GPRS
	SAVE_CSRS
	mv	a0, sp
	call	kernel_stack_overflow
.Lno_overflow_stack:
	wfi
	j	.Lno_overflow_stack
