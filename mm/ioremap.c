/*
 * Device register mappings: a bump allocator over the ioremap area.
 * Mappings are made at boot by drivers and kept, so nothing is freed.
 * Devices of 2 MiB or more are mapped with 2 MiB pages.
 */
#include <mm/kmap.h>
#include <kernel/spinlock.h>

#define LARGE_SIZE	(PAGE_SIZE << 9)	/* large mappings for large devices */

static struct spinlock ioremap_lock = SPINLOCK_INIT("ioremap", LOCK_KSTACK);
static uintptr_t ioremap_next = IOREMAP_BASE;	/* [ioremap_lock] */

void *ioremap(phys_addr_t pa, size_t size)
{
	size_t align = size >= LARGE_SIZE ? LARGE_SIZE : PAGE_SIZE;
	phys_addr_t start = ALIGN_DOWN(pa, align);
	size_t len = ALIGN_UP(pa + size, align) - start;
	uintptr_t va;

	spin_lock(&ioremap_lock);
	va = ALIGN_UP(ioremap_next, align);
	if (len > IOREMAP_BASE + IOREMAP_SIZE - va) {
		spin_unlock(&ioremap_lock);
		return NULL;
	}
	ioremap_next = va + len;
	spin_unlock(&ioremap_lock);
	if (kmap_pages(va, start, len, KMAP_READ | KMAP_WRITE | KMAP_LARGE))
		return NULL;
	return (void *)(va + (pa - start));
}
