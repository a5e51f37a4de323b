/*
 * The kernel page table (Sv39). Built once at boot from the device tree's
 * memory ranges and the image's sections, then shared by every hart:
 *   direct map  every RAM range, read/write, never executable, in the
 *               largest pages alignment allows;
 *   image       text RX, rodata R, data and bss RW, in 4 KiB pages;
 *   kstacks, ioremap  second-level tables allocated now, so the root
 *               entries of the kernel half never change afterwards.
 * The boot table of head.S (RWX gigapages) is dropped for good.
 */
#include <asm/pgtable.h>
#include <asm/csr.h>
#include <asm/sbi.h>
#include <mm/kmap.h>
#include <mm/page.h>
#include <kernel/platform.h>
#include <kernel/spinlock.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <lib/errno.h>

pte_t *kernel_root;
unsigned long kernel_satp;
phys_addr_t kernel_phys_base;

extern char _text[], _etext[], _rodata[], _erodata[], _data[], __bss_end[];

static struct spinlock kmap_lock = SPINLOCK_INIT("kmap", LOCK_KMAP);

static unsigned long nr_tables;		/* [a] page-table pages, never freed */

static pte_t *alloc_table(void)
{
	pte_t *t = alloc_page_va(GFP_ZERO);

	if (t)
		__atomic_fetch_add(&nr_tables, 1, __ATOMIC_RELAXED);
	return t;
}

unsigned long kmap_table_pages(void)
{
	return __atomic_load_n(&nr_tables, __ATOMIC_RELAXED);
}

/* The level-0 entry for va, creating tables on the way if 'create'. */
static pte_t *walk(pte_t *root, uintptr_t va, bool create)
{
	pte_t *table = root;

	for (int level = PT_LEVELS - 1; level > 0; level--) {
		pte_t *pte = &table[PT_INDEX(va, level)];

		if (*pte & PTE_V) {
			if (*pte & PTE_LEAF)
				return NULL;	/* inside a large page */
			table = phys_to_virt(pte_to_phys(*pte));
			continue;
		}
		if (!create)
			return NULL;
		table = alloc_table();
		if (!table)
			return NULL;
		*pte = phys_to_pte(virt_to_phys(table), PTE_V);
	}
	return &table[PT_INDEX(va, 0)];
}

/* Map [va, va+size) with leaves of at most LEVEL_SIZE(max_level). */
static int map_range(pte_t *root, uintptr_t va, phys_addr_t pa, size_t size,
		     unsigned long flags, int max_level)
{
	while (size) {
		int level = max_level;
		pte_t *table = root;

		while (level > 0 && (!IS_ALIGNED(va | pa, LEVEL_SIZE(level)) ||
				     size < LEVEL_SIZE(level)))
			level--;
		for (int l = PT_LEVELS - 1; l > level; l--) {
			pte_t *pte = &table[PT_INDEX(va, l)];

			if (!(*pte & PTE_V)) {
				pte_t *next = alloc_table();

				if (!next)
					return -ENOMEM;
				*pte = phys_to_pte(virt_to_phys(next), PTE_V);
			}
			if (*pte & PTE_LEAF)
				return -EEXIST;
			table = phys_to_virt(pte_to_phys(*pte));
		}
		if (table[PT_INDEX(va, level)] & PTE_V)
			return -EEXIST;
		table[PT_INDEX(va, level)] = phys_to_pte(pa, flags | PTE_V);
		va += LEVEL_SIZE(level);
		pa += LEVEL_SIZE(level);
		size -= LEVEL_SIZE(level);
	}
	return 0;
}

static unsigned long prot_to_pte(unsigned int prot)
{
	unsigned long f = PTE_G | PTE_A | PTE_D;

	if (prot & KMAP_READ)
		f |= PTE_R;
	if (prot & KMAP_WRITE)
		f |= PTE_W | PTE_R;
	if (prot & KMAP_EXEC)
		f |= PTE_X;
	return f;
}

static void map_image(pte_t *root, char *start, char *end, unsigned int prot)
{
	uintptr_t va = (uintptr_t)start;
	size_t size = ALIGN_UP((uintptr_t)end, PAGE_SIZE) - va;

	if (map_range(root, va, kernel_virt_to_phys(start), size, prot_to_pte(prot), 0))
		panic("mmu: cannot map the kernel image");
}

/* Point the root entry covering va at an empty table, for good. */
static void prealloc_root_entry(pte_t *root, uintptr_t va)
{
	pte_t *table = alloc_table();

	if (!table)
		panic("mmu: no memory for kernel tables");
	root[PT_INDEX(va, PT_LEVELS - 1)] = phys_to_pte(virt_to_phys(table), PTE_V);
}

void mmu_init(const struct platform *p)
{
	pte_t *root = alloc_table();

	if (!root)
		panic("mmu: no memory for the kernel page table");
	for (unsigned int i = 0; i < p->nr_mem; i++) {
		const struct platform_range *m = &p->mem[i];

		if (m->base + m->size > DIRECT_MAP_SIZE)
			panic("mmu: RAM above the direct map");
		if (map_range(root, PAGE_OFFSET + m->base, m->base, m->size,
			      prot_to_pte(KMAP_READ | KMAP_WRITE), 2))
			panic("mmu: cannot build the direct map");
	}
	map_image(root, _text, _etext, KMAP_READ | KMAP_EXEC);
	map_image(root, _rodata, _erodata, KMAP_READ);
	map_image(root, _data, __bss_end, KMAP_READ | KMAP_WRITE);
	/* fix the root entries of the dynamic regions */
	prealloc_root_entry(root, KSTACK_BASE);
	prealloc_root_entry(root, IOREMAP_BASE);

	kernel_root = root;
	kernel_satp = SATP_MODE_SV39 | (virt_to_phys(root) >> PAGE_SHIFT);
	mmu_init_cpu();
}

void mmu_init_cpu(void)
{
	local_flush_tlb_all();
	csr_write(satp, kernel_satp);
	local_flush_tlb_all();
}

int kmap_pages(uintptr_t va, phys_addr_t pa, size_t size, unsigned int prot)
{
	int err;

	spin_lock(&kmap_lock);
	err = map_range(kernel_root, va, pa, size, prot_to_pte(prot),
			(prot & KMAP_LARGE) ? 1 : 0);
	spin_unlock(&kmap_lock);
	/* a hart may cache invalid entries: this one will use the range now */
	if (size > 16 * PAGE_SIZE)
		local_flush_tlb_all();
	else
		for (uintptr_t a = va; a < va + size; a += PAGE_SIZE)
			local_flush_tlb_page(a);
	return err;
}

void kmap_unmap_noflush(uintptr_t va, size_t size)
{
	spin_lock(&kmap_lock);
	for (uintptr_t a = va; a < va + size; a += PAGE_SIZE) {
		pte_t *pte = walk(kernel_root, a, false);

		if (pte)
			*pte = 0;
	}
	spin_unlock(&kmap_lock);
	for (uintptr_t a = va; a < va + size; a += PAGE_SIZE)
		local_flush_tlb_page(a);
}

void kmap_unmap(uintptr_t va, size_t size)
{
	kmap_unmap_noflush(va, size);
	flush_tlb_kernel_range(va, size);
}

phys_addr_t kmap_lookup(uintptr_t va)
{
	pte_t *table = kernel_root;

	for (int level = PT_LEVELS - 1; level >= 0; level--) {
		pte_t pte = table[PT_INDEX(va, level)];

		if (!(pte & PTE_V))
			return 0;
		if (pte & PTE_LEAF)
			return pte_to_phys(pte) + (va & (LEVEL_SIZE(level) - 1));
		table = phys_to_virt(pte_to_phys(pte));
	}
	return 0;
}

void flush_tlb_kernel_range(uintptr_t va, size_t size)
{
	if (sbi_remote_sfence_vma(va, size) == 0)
		return;
	panic("mmu: remote TLB flush failed");
}
