/* Shared between the files of mm/ that implement address spaces. */
#ifndef MM_VM_INTERNAL_H
#define MM_VM_INTERNAL_H

#include <mm/vm.h>
#include <mm/page.h>

/* Where things go in a fresh address space (no randomization yet). */
#define STACK_TOP		USER_TOP
#define STACK_GUARD_GAP		(256 * PAGE_SIZE)	/* Linux's stack_guard_gap */
#define MMAP_GAP		(128UL << 20)	/* Linux's minimum stack gap */
#define MMAP_BASE		(STACK_TOP - MMAP_GAP - STACK_GUARD_GAP)
#define MMAP_MIN_ADDR		PAGE_SIZE	/* nothing maps page 0 */

void get_page(struct page *p);
void put_page(struct page *p);

int vm_shared_grow(struct vm_shared *s, size_t npages);

struct vm_area *vm_find_area(struct mm *mm, uintptr_t addr);
/* Unmap [start, end) (page aligned): areas split or dropped, pages put. */
void vm_remove_range(struct mm *mm, uintptr_t start, uintptr_t end);

#endif
