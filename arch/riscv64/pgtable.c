/*
 * User page tables (Sv39). Each address space has its own root table; its
 * upper half (entries for the kernel's regions) is copied from the kernel
 * root once, at creation, and never changes (see <asm/memlayout.h>). The
 * lower half maps user pages, 4 KiB each, through two levels of tables
 * that are allocated on demand and freed when the address space goes.
 */
#include <asm/pgtable.h>
#include <asm/csr.h>
#include <asm/sbi.h>
#include <kernel/cpu.h>
#include <kernel/panic.h>
#include <kernel/spinlock.h>
#include <mm/page.h>
#include <lib/string.h>

#define USER_ROOT_ENTRIES	(PT_ENTRIES / 2)

pte_t *pt_create(void)
{
	pte_t *root = alloc_page_va(GFP_ZERO);

	if (!root)
		return NULL;
	memcpy(root + USER_ROOT_ENTRIES, kernel_root + USER_ROOT_ENTRIES,
	       USER_ROOT_ENTRIES * sizeof(pte_t));
	return root;
}

static void free_table(pte_t *table, int level)
{
	for (int i = 0; i < PT_ENTRIES; i++) {
		pte_t pte = table[i];

		if (!(pte & PTE_V))
			continue;
		if (pte & PTE_LEAF)
			panic("pgtable: leaf %lx left at level %d", (unsigned long)pte, level);
		if (level > 1)
			free_table(phys_to_virt(pte_to_phys(pte)), level - 1);
		else
			free_page_va(phys_to_virt(pte_to_phys(pte)));
	}
	free_page_va(table);
}

void pt_free_user_tables(pte_t *root)
{
	for (int i = 0; i < USER_ROOT_ENTRIES; i++) {
		if (root[i] & PTE_V)
			free_table(phys_to_virt(pte_to_phys(root[i])), 1);
		root[i] = 0;
	}
}

void pt_destroy(pte_t *root)
{
	pt_free_user_tables(root);
	free_page_va(root);
}

pte_t *pt_lookup(pte_t *root, uintptr_t va, bool alloc)
{
	pte_t *table = root;

	if (va >= USER_TOP)
		return NULL;
	for (int level = PT_LEVELS - 1; level > 0; level--) {
		pte_t *pte = &table[PT_INDEX(va, level)];

		if (!(*pte & PTE_V)) {
			pte_t *next;

			if (!alloc)
				return NULL;
			next = alloc_page_va(GFP_ZERO);
			if (!next)
				return NULL;
			/* zeroed before another hart's walker can see it */
			__atomic_thread_fence(__ATOMIC_RELEASE);
			*pte = phys_to_pte(virt_to_phys(next), PTE_V);
		}
		table = phys_to_virt(pte_to_phys(*pte));
	}
	return &table[PT_INDEX(va, 0)];
}

void pt_activate(pte_t *root)
{
	csr_write(satp, SATP_MODE_SV39 | (virt_to_phys(root) >> PAGE_SHIFT));
	local_flush_tlb_all();
}

/*
 * Beyond this many pages one full flush is cheaper than page by page.
 * One, as Linux 6.1's riscv: QEMU drops its whole TLB for every
 * sfence.vma anyway, so a range costs as many full flushes as pages.
 */
#define FLUSH_ALL_PAGES	1

void flush_tlb_user_range(unsigned long cpumask, uintptr_t start, uintptr_t end)
{
	size_t npages = (end - start) >> PAGE_SHIFT;
	unsigned long others;

	irq_push_off();
	others = cpumask & ~(1UL << cpu_id());

	if (npages > FLUSH_ALL_PAGES) {
		local_flush_tlb_all();
	} else {
		for (uintptr_t va = start; va < end; va += PAGE_SIZE)
			local_flush_tlb_page(va);
	}
	for (int i = 0; i < nr_cpus; i++) {
		if (!(others & (1UL << i)))
			continue;
		/* one hart at a time: hart ids need not be dense */
		if (sbi_remote_sfence_vma_mask(1, cpus[i].hartid,
					       npages > FLUSH_ALL_PAGES ? 0 : start,
					       npages > FLUSH_ALL_PAGES ? (unsigned long)-1 :
					       end - start) != 0)
			panic("pgtable: remote TLB flush failed");
	}
	irq_pop_off();
}
