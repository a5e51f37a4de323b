/*
 * Device register mappings: a bump allocator over the ioremap area.
 * Mappings are made at boot by drivers and kept, so nothing is freed.
 */
#include <mm/kmap.h>
#include <kernel/spinlock.h>

static struct spinlock ioremap_lock = SPINLOCK_INIT("ioremap", LOCK_KSTACK);
static uintptr_t ioremap_next = IOREMAP_BASE;	/* [ioremap_lock] */

void *ioremap(phys_addr_t pa, size_t size)
{
	phys_addr_t start = ALIGN_DOWN(pa, PAGE_SIZE);
	size_t len = ALIGN_UP(pa + size, PAGE_SIZE) - start;
	uintptr_t va;

	spin_lock(&ioremap_lock);
	va = ioremap_next;
	if (len > IOREMAP_BASE + IOREMAP_SIZE - va) {
		spin_unlock(&ioremap_lock);
		return NULL;
	}
	ioremap_next += len;
	spin_unlock(&ioremap_lock);
	if (kmap_pages(va, start, len, KMAP_READ | KMAP_WRITE))
		return NULL;
	return (void *)(va + (pa - start));
}
