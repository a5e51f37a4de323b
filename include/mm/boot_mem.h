/*
 * Boot memory: which physical ranges are free RAM, computed from the
 * device tree's memory and reserved ranges plus what the kernel itself
 * occupies, and handing them to the page allocator.
 */
#ifndef MM_BOOT_MEM_H
#define MM_BOOT_MEM_H

#include <lib/compiler.h>

struct phys_range {
	uint64_t start, end;	/* [start, end) */
};

#define BOOT_MEM_MAX_RANGES	64

/*
 * free = ram minus every reserved range, page-aligned inwards, sorted.
 * Returns the number of ranges written to out (at most max).
 */
int boot_mem_subtract(const struct phys_range *ram, int nr_ram,
		      const struct phys_range *resv, int nr_resv,
		      struct phys_range *out, int max);

struct platform;
/* Set up the page allocator; extra[] are ranges the kernel already uses. */
void boot_mem_init(const struct platform *p, const struct phys_range *extra, int nr_extra);

#endif
