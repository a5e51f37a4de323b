/*
 * Kernel stack slots. The stack area is cut into KSTACK_SLOT-sized slots;
 * a stack is mapped at the top of its slot and the pages below stay
 * unmapped as a guard. A bitmap records used slots.
 *
 * Unmapping needs every hart's TLB flushed, which costs a round of
 * inter-processor interrupts, so it is avoided twice over: freed stacks
 * are kept mapped in a small cache for the next thread, and a slot
 * unmapped beyond that is only marked dirty. Its pages are free at once
 * (nothing uses a dead thread's stack address), and dirty slots are
 * flushed all together before any of them is handed out again.
 */
#include <mm/kstack.h>
#include <mm/kmap.h>
#include <mm/page.h>
#include <kernel/spinlock.h>
#include <kernel/panic.h>
#include <asm/pgtable.h>

#define NR_SLOTS		(KSTACK_AREA_SIZE / KSTACK_SLOT)
#define NR_WORDS		(NR_SLOTS / 64)
#define KSTACK_CACHE_MAX	32
#define DIRTY_FLUSH_BATCH	64

static struct spinlock kstack_lock = SPINLOCK_INIT("kstack", LOCK_KSTACK);
static uint64_t used[NR_WORDS];			/* [kstack_lock] */
static uint64_t dirty[NR_WORDS];		/* [kstack_lock] unmapped, not flushed */
static unsigned int nr_dirty;			/* [kstack_lock] */
static unsigned long hint;			/* [kstack_lock] */
static uintptr_t cache[KSTACK_CACHE_MAX];	/* [kstack_lock] mapped, free stacks */
static unsigned int nr_cached;			/* [kstack_lock] */

static uintptr_t slot_top(unsigned long slot)
{
	return KSTACK_BASE + (slot + 1) * KSTACK_SLOT;
}

static unsigned long top_slot(uintptr_t top)
{
	if (top <= KSTACK_BASE || top > KSTACK_BASE + KSTACK_AREA_SIZE ||
	    (top - KSTACK_BASE) % KSTACK_SLOT)
		panic("kstack: bad stack top %lx", (unsigned long)top);
	return (top - KSTACK_BASE) / KSTACK_SLOT - 1;
}

/* Caller holds kstack_lock. */
static void flush_dirty(void)
{
	flush_tlb_kernel_range(KSTACK_BASE, KSTACK_AREA_SIZE);
	for (unsigned long w = 0; w < NR_WORDS; w++) {
		used[w] &= ~dirty[w];
		dirty[w] = 0;
	}
	nr_dirty = 0;
	hint = 0;	/* reuse low slots: their page tables exist */
}

static long slot_get(void)
{
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned long n = 0; n < NR_WORDS; n++) {
			unsigned long w = (hint + n) % NR_WORDS;

			if (used[w] != ~0ULL) {
				int bit = __builtin_ctzll(~used[w]);

				used[w] |= 1ULL << bit;
				hint = w;
				return (long)(w * 64 + (unsigned long)bit);
			}
		}
		if (!nr_dirty)
			break;
		flush_dirty();
	}
	return -1;
}

static void unmap_stack(uintptr_t top)
{
	uintptr_t base = top - KSTACK_SIZE;

	for (uintptr_t va = base; va < top; va += PAGE_SIZE) {
		phys_addr_t pa = kmap_lookup(va);

		if (pa)
			free_page_va(phys_to_virt(pa));
	}
	kmap_unmap_noflush(base, KSTACK_SIZE);
}

static uintptr_t alloc_with(size_t size)
{
	uintptr_t top;
	long slot;

	spin_lock(&kstack_lock);
	if (size == KSTACK_SIZE && nr_cached) {
		top = cache[--nr_cached];
		spin_unlock(&kstack_lock);
		return top;
	}
	slot = slot_get();
	spin_unlock(&kstack_lock);
	if (slot < 0)
		return 0;
	top = slot_top((unsigned long)slot);
	for (size_t done = 0; done < size; done += PAGE_SIZE) {
		void *page = alloc_page_va(GFP_KERNEL);

		if (!page || kmap_pages(top - done - PAGE_SIZE, virt_to_phys(page),
					PAGE_SIZE, KMAP_READ | KMAP_WRITE)) {
			if (page)
				free_page_va(page);
			kstack_free(top);
			return 0;
		}
	}
	return top;
}

uintptr_t kstack_alloc(void)
{
	return alloc_with(KSTACK_SIZE);
}

uintptr_t kstack_alloc_small(void)
{
	return alloc_with(PAGE_SIZE);
}

/* Unmap and free the pages; the slot waits dirty for the next flush. */
static void release(uintptr_t top)
{
	unsigned long slot = top_slot(top);

	unmap_stack(top);
	spin_lock(&kstack_lock);
	dirty[slot / 64] |= 1ULL << (slot % 64);
	if (++nr_dirty >= DIRTY_FLUSH_BATCH)
		flush_dirty();
	spin_unlock(&kstack_lock);
}

void kstack_free(uintptr_t top)
{
	unsigned long slot = top_slot(top);
	uint64_t bit = 1ULL << (slot % 64);
	bool full = kmap_lookup(top - KSTACK_SIZE) != 0;

	spin_lock(&kstack_lock);
	if (!(used[slot / 64] & bit) || (dirty[slot / 64] & bit))
		panic("kstack: stack %lx freed twice", (unsigned long)top);
	if (full && nr_cached < KSTACK_CACHE_MAX) {
		cache[nr_cached++] = top;
		spin_unlock(&kstack_lock);
		return;
	}
	spin_unlock(&kstack_lock);
	release(top);
}

void kstack_drain_cache(void)
{
	for (;;) {
		uintptr_t top;

		spin_lock(&kstack_lock);
		if (!nr_cached) {
			spin_unlock(&kstack_lock);
			return;
		}
		top = cache[--nr_cached];
		spin_unlock(&kstack_lock);
		release(top);
	}
}
