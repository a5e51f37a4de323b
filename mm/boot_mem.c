/*
 * From the device tree's view of memory to a running page allocator:
 * subtract reservations from RAM, place the struct page array in the
 * first free range that holds it, and free the rest page by page range.
 */
#include <mm/boot_mem.h>
#include <mm/page.h>
#include <kernel/platform.h>
#include <kernel/panic.h>
#include <kernel/printk.h>

static void sort_ranges(struct phys_range *r, int n)
{
	for (int i = 1; i < n; i++) {
		struct phys_range key = r[i];
		int j = i - 1;

		while (j >= 0 && r[j].start > key.start) {
			r[j + 1] = r[j];
			j--;
		}
		r[j + 1] = key;
	}
}

/* Remove [rs, re) from the ranges in r[0..n); returns the new count. */
static int cut(struct phys_range *r, int n, int max, uint64_t rs, uint64_t re)
{
	for (int i = 0; i < n; i++) {
		uint64_t s = r[i].start, e = r[i].end;

		if (re <= s || rs >= e)
			continue;
		if (rs > s && re < e) {		/* split in two */
			if (n < max)		/* no room: lose the upper part */
				r[n++] = (struct phys_range){ re, e };
			r[i].end = rs;
		} else if (rs <= s && re >= e) {	/* swallowed */
			r[i] = r[--n];
			i--;
		} else if (rs <= s) {
			r[i].start = re;
		} else {
			r[i].end = rs;
		}
	}
	return n;
}

int boot_mem_subtract(const struct phys_range *ram, int nr_ram,
		      const struct phys_range *resv, int nr_resv,
		      struct phys_range *out, int max)
{
	int n = 0;

	for (int i = 0; i < nr_ram && n < max; i++) {
		uint64_t s = ALIGN_UP(ram[i].start, PAGE_SIZE);
		uint64_t e = ALIGN_DOWN(ram[i].end, PAGE_SIZE);

		if (s < e)
			out[n++] = (struct phys_range){ s, e };
	}
	for (int i = 0; i < nr_resv; i++)
		n = cut(out, n, max, ALIGN_DOWN(resv[i].start, PAGE_SIZE),
			ALIGN_UP(resv[i].end, PAGE_SIZE));
	sort_ranges(out, n);
	return n;
}

void boot_mem_init(const struct platform *p, const struct phys_range *extra, int nr_extra)
{
	struct phys_range ram[PLATFORM_MAX_MEM], resv[PLATFORM_MAX_RESV + 8];
	struct phys_range free[BOOT_MEM_MAX_RANGES];
	int nr_ram = 0, nr_resv = 0, nr_free;
	unsigned long base_pfn = ~0UL, end_pfn = 0;
	size_t map_bytes;
	int placed = -1;

	for (unsigned int i = 0; i < p->nr_mem; i++) {
		ram[nr_ram].start = p->mem[i].base;
		ram[nr_ram].end = p->mem[i].base + p->mem[i].size;
		base_pfn = MIN(base_pfn, (unsigned long)(ram[nr_ram].start >> PAGE_SHIFT));
		end_pfn = MAX(end_pfn, (unsigned long)(ram[nr_ram].end >> PAGE_SHIFT));
		nr_ram++;
	}
	for (unsigned int i = 0; i < p->nr_resv; i++)
		resv[nr_resv++] = (struct phys_range){ p->resv[i].base,
						       p->resv[i].base + p->resv[i].size };
	for (int i = 0; i < nr_extra && nr_resv < (int)ARRAY_SIZE(resv); i++)
		resv[nr_resv++] = extra[i];
	nr_free = boot_mem_subtract(ram, nr_ram, resv, nr_resv, free, BOOT_MEM_MAX_RANGES);

	map_bytes = ALIGN_UP(pmm_map_bytes(base_pfn, end_pfn), PAGE_SIZE);
	for (int i = 0; i < nr_free; i++) {
		if (free[i].end - free[i].start >= map_bytes) {
			placed = i;
			break;
		}
	}
	if (placed < 0)
		panic("boot_mem: no room for the page array (%zu bytes)", map_bytes);
	pmm_init(base_pfn, end_pfn, phys_to_virt(free[placed].start));
	free[placed].start += map_bytes;
	for (int i = 0; i < nr_free; i++)
		if (free[i].start < free[i].end)
			pmm_add_free(free[i].start >> PAGE_SHIFT, free[i].end >> PAGE_SHIFT);
}
