/*
 * Saving and restoring a user thread's floating-point registers. The
 * kernel itself is built without floating point, so these are the only
 * FP instructions it runs; sstatus.FS must not be Off around them.
 *
 * void fp_save(struct fp_state *fp)
 * void fp_restore(const struct fp_state *fp)
 */
#include <generated/asm-offsets.h>

	.option push
	.option arch, +d
	.section .text

	.globl fp_save
fp_save:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fsd	f\n, \n * 8(a0)
	.endr
	frcsr	t0
	sw	t0, FP_FCSR(a0)
	ret

	.globl fp_restore
fp_restore:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fld	f\n, \n * 8(a0)
	.endr
	lw	t0, FP_FCSR(a0)
	fscsr	t0
	ret

	.option pop
