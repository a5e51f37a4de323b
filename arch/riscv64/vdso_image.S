/* The vDSO image (arch/riscv64/vdso/), built before the kernel. */
	.section .rodata
	.balign	4096
	.globl	vdso_image_start, vdso_image_end
vdso_image_start:
	.incbin	VDSO_IMAGE
vdso_image_end:
	.previous
	.section .note.GNU-stack, "", @progbits
