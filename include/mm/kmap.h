/*
 * Kernel address space: the kernel page table, device mappings, and the
 * arch-neutral page protection bits the arch turns into PTE bits.
 */
#ifndef MM_KMAP_H
#define MM_KMAP_H

#include <lib/compiler.h>
#include <asm/memlayout.h>

#define KMAP_READ	(1U << 0)
#define KMAP_WRITE	(1U << 1)
#define KMAP_EXEC	(1U << 2)
#define KMAP_LARGE	(1U << 3)	/* 2 MiB pages where aligned */

/* Map/unmap pages in the kernel half; 0 or -ENOMEM / -EEXIST. */
int kmap_pages(uintptr_t va, phys_addr_t pa, size_t size, unsigned int prot);
void kmap_unmap(uintptr_t va, size_t size);
/* Unmap without the TLB shootdown: the caller flushes before reusing va. */
void kmap_unmap_noflush(uintptr_t va, size_t size);
/* Pages used by kernel page tables (they grow with use, never shrink). */
unsigned long kmap_table_pages(void);
/* Physical address behind a kernel virtual address, or 0 if unmapped. */
phys_addr_t kmap_lookup(uintptr_t va);

/* Map device registers; returns a kernel virtual address or NULL. */
void *ioremap(phys_addr_t pa, size_t size);

#endif
