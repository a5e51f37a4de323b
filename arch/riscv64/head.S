/*
 * Kernel entry. OpenSBI jumps to the first byte of the image at its
 * physical load address with the MMU off, a0 = hart id, a1 = device tree.
 *
 * The boot hart clears .bss, builds boot_pgtable (an identity gigapage
 * for the image so the next instruction after enabling paging still runs,
 * the image's gigapage at KERNEL_IMAGE_BASE, and the whole direct map in
 * gigapages), turns on Sv39 and jumps to its linked high address. The
 * image must sit 2 MiB into a gigapage, as it does under OpenSBI.
 * Secondary harts enter at secondary_entry with a1 = their idle thread.
 */
#include <asm/memlayout.h>
#include <asm/csr.h>
#include <generated/asm-offsets.h>

#define PTE_V	0x01
#define PTE_R	0x02
#define PTE_W	0x04
#define PTE_X	0x08
#define PTE_G	0x20
#define PTE_A	0x40
#define PTE_D	0x80
#define GIGA_SHIFT	30
#define PTE_PPN_SHIFT	10
#define BOOT_RWX	(PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G)
#define BOOT_RW		(PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)

	.section .text.head, "ax"
	.globl _start
_start:
	rdtime	s2				/* entry time, for the boot log */
	/*
	 * The boot lottery: OpenSBI 1.1's hart_start can mark a hart started
	 * before it stores the start address, and the hart then comes here,
	 * to the image's entry, instead of to secondary_entry. Only the first
	 * hart to arrive boots; a later one is the secondary being started
	 * (the boot hart starts one at a time) and takes its idle thread from
	 * secondary_pending_idle. Both words live in .data: .bss is cleared.
	 */
	lla	t0, boot_lottery
	li	t1, 1
	amoadd.w t0, t1, (t0)
	bnez	t0, .Llate_secondary
	csrw	sie, zero
	csrw	sscratch, zero
	mv	s0, a0				/* hart id */
	mv	s1, a1				/* device tree (physical) */

	/* clear .bss (not only on QEMU: a raw image has none loaded) */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, (t0)
	addi	t0, t0, 8
	j	1b
2:
	la	a0, boot_pgtable
	/* identity gigapage holding the image */
	la	t0, _start
	srli	t1, t0, GIGA_SHIFT
	slli	t2, t1, 3
	add	t2, a0, t2
	slli	t3, t1, (GIGA_SHIFT - 12 + PTE_PPN_SHIFT)
	ori	t3, t3, BOOT_RWX
	sd	t3, (t2)
	/* the same gigapage at KERNEL_IMAGE_BASE */
	li	t2, ((KERNEL_IMAGE_BASE >> GIGA_SHIFT) & 511) * 8
	add	t2, a0, t2
	sd	t3, (t2)
	/* direct map: DIRECT_MAP_SIZE in gigapages from physical 0 */
	li	t2, ((PAGE_OFFSET >> GIGA_SHIFT) & 511) * 8
	add	t2, a0, t2
	li	t4, (DIRECT_MAP_SIZE >> GIGA_SHIFT)
	li	t3, BOOT_RW
	li	t5, (1 << (GIGA_SHIFT - 12 + PTE_PPN_SHIFT))
3:	sd	t3, (t2)
	add	t3, t3, t5
	addi	t2, t2, 8
	addi	t4, t4, -1
	bnez	t4, 3b

	la	s3, _start			/* physical load address */
	call	enable_boot_mmu
	/* now running high: boot stack, and into C */
	la	sp, boot_stack_top
	mv	tp, zero
	mv	a0, s0
	mv	a1, s1
	mv	a2, s2
	mv	a3, s3
	call	arch_boot
4:	wfi
	j	4b

/*
 * Turn on boot_pgtable and return to the caller's high (linked) address.
 * Called with the MMU off, running at the physical address.
 */
enable_boot_mmu:
	la	t0, boot_pgtable
	srli	t0, t0, 12
	li	t1, SATP_MODE_SV39
	or	t0, t0, t1
	/* offset from physical to linked address */
	la	t1, _start
	ld	t2, .Lstart_va
	sub	t2, t2, t1
	add	ra, ra, t2
	sfence.vma
	csrw	satp, t0
	sfence.vma
	ret

	.align 3
.Lstart_va:
	.dword	_start

/*
 * Secondary harts, started by SBI HSM: a0 = hart id, a1 = the idle
 * thread (a kernel virtual address). Switch to the boot table, then to
 * the kernel's page table, take the thread's stack and run C.
 */
.Llate_secondary:
	ld	a1, secondary_pending_idle
	/* fall through, as if started at secondary_entry */
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	csrw	sscratch, zero
	mv	s0, a0
	mv	s1, a1
	call	enable_boot_mmu
	ld	t0, kernel_satp
	sfence.vma
	csrw	satp, t0
	sfence.vma
	mv	tp, s1
	ld	sp, THREAD_KSTACK_TOP(tp)
	mv	a0, s0
	call	secondary_boot
5:	wfi
	j	5b

	.section .data
	.align 3
boot_lottery:
	.word	0
	.align 3
	.globl secondary_pending_idle
secondary_pending_idle:
	.dword	0

	.section .bss.pgtable, "aw", @nobits
	.align 12
	.globl boot_pgtable
boot_pgtable:
	.space 4096

	/* The boot stack follows the kernel stack rule: the upper half of
	   an aligned slot (see the overflow check in entry.S). */
	.section .bss.stack, "aw", @nobits
	.align KSTACK_SHIFT + 1
boot_stack_guard:
	.space KSTACK_SIZE
	.globl boot_stack_top
boot_stack:
	.space KSTACK_SIZE
boot_stack_top:
