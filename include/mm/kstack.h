/*
 * Kernel stacks: KSTACK_SIZE bytes at the top of a KSTACK_SLOT-aligned
 * slot in the kernel stack area, the rest of the slot left unmapped so
 * an overflow faults instead of corrupting memory (see <asm/memlayout.h>).
 */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H

#include <lib/compiler.h>

/* Returns the top of a new stack, or 0 when out of memory or slots. */
uintptr_t kstack_alloc(void);
/* A small stack (one page) with the same guard rule, for overflow traps. */
uintptr_t kstack_alloc_small(void);
void kstack_free(uintptr_t top);
/* Give cached free stacks back to the page allocator (exact counts for tests). */
void kstack_drain_cache(void);

#endif
