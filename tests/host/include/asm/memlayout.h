/*
 * Host stand-in for the kernel's address map. The constants match the
 * real <asm/memlayout.h>; "physical memory" is a buffer the test sets up,
 * and host_phys_offset (virtual minus physical address) maps physical
 * addresses into it. host_ram_map() creates such a buffer.
 */
#ifndef ASM_MEMLAYOUT_H
#define ASM_MEMLAYOUT_H

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#define PAGE_OFFSET		0xffffffc000000000UL
#define DIRECT_MAP_SIZE		0x0000002000000000UL	/* 128 GiB */

#define KSTACK_BASE		0xffffffe000000000UL
#define KSTACK_AREA_SIZE	0x0000000040000000UL	/* 1 GiB */
#define KSTACK_SHIFT		14
#define KSTACK_SIZE		(1UL << KSTACK_SHIFT)	/* 16 KiB usable */
#define KSTACK_SLOT		(2 * KSTACK_SIZE)	/* guard + stack */

#define IOREMAP_BASE		0xffffffe040000000UL
#define IOREMAP_SIZE		0x0000000040000000UL	/* 1 GiB */

#define KERNEL_IMAGE_BASE	0xffffffff80000000UL
#define KERNEL_LINK_ADDR	0xffffffff80200000UL

#define USER_TOP		0x0000004000000000UL

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

typedef uint64_t phys_addr_t;

extern uintptr_t host_phys_offset;

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + host_phys_offset);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)((uintptr_t)va - host_phys_offset);
}

static inline int is_direct_map(const void *va)
{
	return virt_to_phys(va) < DIRECT_MAP_SIZE;
}

/*
 * Map 'bytes' of zeroed, page-aligned host memory to play physical
 * memory from 'phys_base' on (sets host_phys_offset); host_ram_unmap()
 * gives it back. Aborts if the host is out of memory.
 */
void *host_ram_map(phys_addr_t phys_base, size_t bytes);
void host_ram_unmap(void *ram, size_t bytes);
#endif

#endif
