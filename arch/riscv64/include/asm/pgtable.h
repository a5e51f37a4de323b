/* Sv39 page table entries. */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <lib/compiler.h>
#include <asm/memlayout.h>

typedef uint64_t pte_t;

#define PTE_V		(1UL << 0)
#define PTE_R		(1UL << 1)
#define PTE_W		(1UL << 2)
#define PTE_X		(1UL << 3)
#define PTE_U		(1UL << 4)
#define PTE_G		(1UL << 5)
#define PTE_A		(1UL << 6)
#define PTE_D		(1UL << 7)
#define PTE_LEAF	(PTE_R | PTE_W | PTE_X)
#define PTE_PPN_SHIFT	10

#define PT_LEVELS	3
#define PT_ENTRIES	512
#define PT_INDEX(va, level) \
	(((uintptr_t)(va) >> (PAGE_SHIFT + 9 * (level))) & (PT_ENTRIES - 1))
#define LEVEL_SIZE(level)	(PAGE_SIZE << (9 * (level)))

static inline phys_addr_t pte_to_phys(pte_t pte)
{
	return (pte >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

static inline pte_t phys_to_pte(phys_addr_t pa, unsigned long flags)
{
	return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | flags;
}

static inline void local_flush_tlb_all(void)
{
	__asm__ __volatile__("sfence.vma" ::: "memory");
}

static inline void local_flush_tlb_page(uintptr_t va)
{
	__asm__ __volatile__("sfence.vma %0" :: "r"(va) : "memory");
}

/*
 * User page tables. The mm layer speaks of access rights with these bits
 * (shared with <mm/vm.h>'s VM_READ/WRITE/EXEC); the PTE format stays here.
 */
#define PROT_BIT_READ	1U
#define PROT_BIT_WRITE	2U
#define PROT_BIT_EXEC	4U

static inline bool pte_present(pte_t pte)
{
	return pte & PTE_V;
}

static inline bool pte_writable(pte_t pte)
{
	return pte & PTE_W;
}

/* A user leaf entry; accessed and dirty are preset so no A/D faults occur. */
static inline pte_t pte_mk_user(phys_addr_t pa, unsigned int prot)
{
	pte_t pte = phys_to_pte(pa, PTE_V | PTE_U | PTE_A);

	if (prot & PROT_BIT_READ)
		pte |= PTE_R;
	if (prot & PROT_BIT_WRITE)
		pte |= PTE_R | PTE_W | PTE_D;
	if (prot & PROT_BIT_EXEC)
		pte |= PTE_X;
	return pte;
}

/* Does the entry allow a user access of kind prot (one PROT_BIT_*)? */
static inline bool pte_allows(pte_t pte, unsigned int prot)
{
	if ((pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
		return false;
	if ((prot & PROT_BIT_READ) && !(pte & PTE_R))
		return false;
	if ((prot & PROT_BIT_WRITE) && !(pte & PTE_W))
		return false;
	if ((prot & PROT_BIT_EXEC) && !(pte & PTE_X))
		return false;
	return true;
}

/* A new root table sharing the kernel half; NULL when out of memory. */
pte_t *pt_create(void);
/* Free the user-half tables (leaf pages are the caller's), then the root. */
void pt_free_user_tables(pte_t *root);
void pt_destroy(pte_t *root);
/* The last-level entry for va; with alloc, create missing tables (NULL if OOM). */
pte_t *pt_lookup(pte_t *root, uintptr_t va, bool alloc);
/* Load root into satp on this hart (flushes the TLB). */
void pt_activate(pte_t *root);
/* Flush user addresses [start, end) on this hart and on the harts in cpumask. */
void flush_tlb_user_range(unsigned long cpumask, uintptr_t start, uintptr_t end);

extern pte_t *kernel_root;		/* the kernel page table */
extern unsigned long kernel_satp;
extern phys_addr_t kernel_phys_base;	/* where the image was loaded */

static inline phys_addr_t kernel_virt_to_phys(const void *va)
{
	return (uintptr_t)va - KERNEL_LINK_ADDR + kernel_phys_base;
}

/* Flush a range of kernel addresses on every hart. */
void flush_tlb_kernel_range(uintptr_t va, size_t size);

struct platform;
void mmu_init(const struct platform *p);
void mmu_init_cpu(void);

#endif
