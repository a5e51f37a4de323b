/*
 * The kernel's virtual address map (Sv39, 39-bit virtual addresses).
 *
 *  0x0000_0000_0000_0000 - 0x0000_003f_ffff_ffff  user space (256 GiB)
 *  ---------------------- non-canonical hole ---------------------------
 *  0xffff_ffc0_0000_0000 - 0xffff_ffdf_ffff_ffff  direct map of physical
 *                          addresses 0 - 128 GiB: va = pa + PAGE_OFFSET
 *  0xffff_ffe0_0000_0000 - 0xffff_ffe0_3fff_ffff  kernel stacks: slots of
 *                          KSTACK_SLOT bytes, the lower half of each an
 *                          unmapped guard, the upper half the stack
 *  0xffff_ffe0_4000_0000 - 0xffff_ffe0_7fff_ffff  device registers (ioremap)
 *  0xffff_ffff_8000_0000 - 0xffff_ffff_ffff_ffff  the kernel image, linked
 *                          at KERNEL_LINK_ADDR, text RX, rodata R, data RW
 *
 * Each kernel region above owns whole root page-table entries that are
 * filled at boot and never change, so address spaces created later can
 * share the kernel half of the root table by copying it once.
 */
#ifndef ASM_MEMLAYOUT_H
#define ASM_MEMLAYOUT_H

#ifdef __ASSEMBLER__
#define _UL(x)		x
#else
#define _UL(x)		x##UL
#endif

#define PAGE_SHIFT		12
#define PAGE_SIZE		(_UL(1) << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#define PAGE_OFFSET		_UL(0xffffffc000000000)
#define DIRECT_MAP_SIZE		_UL(0x0000002000000000)	/* 128 GiB */

#define KSTACK_BASE		_UL(0xffffffe000000000)
#define KSTACK_AREA_SIZE	_UL(0x0000000040000000)	/* 1 GiB */
#define KSTACK_SHIFT		14
#define KSTACK_SIZE		(_UL(1) << KSTACK_SHIFT)	/* 16 KiB usable */
#define KSTACK_SLOT		(2 * KSTACK_SIZE)	/* guard + stack */

#define IOREMAP_BASE		_UL(0xffffffe040000000)
#define IOREMAP_SIZE		_UL(0x0000000040000000)	/* 1 GiB */

#define KERNEL_IMAGE_BASE	_UL(0xffffffff80000000)
#define KERNEL_LINK_ADDR	_UL(0xffffffff80200000)

#define USER_TOP		_UL(0x0000004000000000)

#ifndef __ASSEMBLER__
#include <stdint.h>

typedef uint64_t phys_addr_t;

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + PAGE_OFFSET);
}

/* Only for direct-map addresses; see kernel_virt_to_phys() for the image. */
static inline phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)(uintptr_t)va - PAGE_OFFSET;
}

static inline int is_direct_map(const void *va)
{
	uintptr_t a = (uintptr_t)va;
	return a >= PAGE_OFFSET && a < PAGE_OFFSET + DIRECT_MAP_SIZE;
}
#endif

#endif
