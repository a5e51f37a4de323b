/*
 * The vDSO's entries that are system calls: the signal return every
 * handler returns to (the kernel points ra here), and getcpu and
 * flush_icache, which Linux's riscv vDSO also offers as plain calls.
 *
 * The signal return is exactly "li a7, 139; ecall", uncompressed: that is
 * the sequence unwinders (libgcc's riscv linux-unwind.h) recognise as a
 * signal frame, and .cfi_signal_frame says so to the others.
 */
	.option	norvc
	.text

	.globl	__vdso_rt_sigreturn
	.type	__vdso_rt_sigreturn, @function
__vdso_rt_sigreturn:
	.cfi_startproc
	.cfi_signal_frame
	li	a7, 139		/* rt_sigreturn */
	ecall
	.cfi_endproc
	.size	__vdso_rt_sigreturn, . - __vdso_rt_sigreturn

	.globl	__vdso_getcpu
	.type	__vdso_getcpu, @function
__vdso_getcpu:
	.cfi_startproc
	li	a7, 168		/* getcpu */
	ecall
	ret
	.cfi_endproc
	.size	__vdso_getcpu, . - __vdso_getcpu

	.globl	__vdso_flush_icache
	.type	__vdso_flush_icache, @function
__vdso_flush_icache:
	.cfi_startproc
	li	a7, 259		/* riscv_flush_icache */
	ecall
	ret
	.cfi_endproc
	.size	__vdso_flush_icache, . - __vdso_flush_icache

	.section .note.GNU-stack, "", @progbits
