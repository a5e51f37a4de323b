/*
 * Address spaces and their areas (see <mm/vm.h> for the design): creation,
 * fork's copy, the fault handler, and the area list operations under
 * mmap, munmap, mprotect, mremap and brk (mm/vm_map.c).
 */
#include <mm/vm.h>
#include <mm/vm_internal.h>
#include <mm/kmalloc.h>
#include <mm/page.h>
#include <kernel/cpu.h>
#include <kernel/panic.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <asm/current.h>
#include <fs/vfs.h>

void get_page(struct page *p)
{
	__atomic_fetch_add(&p->refcount, 1, __ATOMIC_RELAXED);
}

void put_page(struct page *p)
{
	if (__atomic_sub_fetch(&p->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		free_pages(p, 0);
}

static int page_refs(struct page *p)
{
	return __atomic_load_n(&p->refcount, __ATOMIC_ACQUIRE);
}

struct mm *mm_create(void)
{
	struct mm *mm = kmalloc(sizeof(*mm), GFP_ZERO);

	if (!mm)
		return NULL;
	mm->root = pt_create();
	if (!mm->root) {
		kfree(mm);
		return NULL;
	}
	mutex_init(&mm->lock, "mm");
	list_init(&mm->areas);
	list_init(&mm->dead);
	mm->users = 1;
	mm->count = 1;
	mm->mmap_base = MMAP_BASE;
	return mm;
}

void mmget(struct mm *mm)
{
	__atomic_fetch_add(&mm->users, 1, __ATOMIC_RELAXED);
}

void mmgrab(struct mm *mm)
{
	__atomic_fetch_add(&mm->count, 1, __ATOMIC_RELAXED);
}

void mmdrop(struct mm *mm)
{
	if (__atomic_sub_fetch(&mm->count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	pt_destroy(mm->root);
	kfree(mm);
}

void mmput(struct mm *mm)
{
	if (__atomic_sub_fetch(&mm->users, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	mutex_lock(&mm->lock);
	vm_remove_range(mm, 0, USER_TOP);
	pt_free_user_tables(mm->root);
	mm_unlock(mm);
	mmdrop(mm);
}

void mm_unlock(struct mm *mm)
{
	struct list_head dead;
	struct vm_area *a;

	list_init(&dead);
	while (!list_empty(&mm->dead)) {
		a = list_first_entry(&mm->dead, struct vm_area, node);
		list_del(&a->node);
		list_add_tail(&a->node, &dead);
	}
	mutex_unlock(&mm->lock);
	while (!list_empty(&dead)) {
		a = list_first_entry(&dead, struct vm_area, node);
		list_del(&a->node);
		fput(a->file);
		kfree(a);
	}
}

struct vm_shared *vm_shared_create(size_t npages)
{
	struct vm_shared *s = kmalloc(sizeof(*s), GFP_ZERO);

	if (!s)
		return NULL;
	s->pages = kmalloc(MAX(npages, 1) * sizeof(struct page *), GFP_ZERO);
	if (!s->pages) {
		kfree(s);
		return NULL;
	}
	s->refcount = 1;
	s->npages = npages;
	mutex_init(&s->lock, "vm_shared");
	return s;
}

void vm_shared_get(struct vm_shared *s)
{
	__atomic_fetch_add(&s->refcount, 1, __ATOMIC_RELAXED);
}

void vm_shared_put(struct vm_shared *s)
{
	if (__atomic_sub_fetch(&s->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (size_t i = 0; i < s->npages; i++)
		if (s->pages[i])
			put_page(s->pages[i]);
	kfree(s->pages);
	kfree(s);
}

/* Make room for npages in s (mremap growing a shared area). */
int vm_shared_grow(struct vm_shared *s, size_t npages)
{
	struct page **pages;

	mutex_lock(&s->lock);
	if (npages <= s->npages) {
		mutex_unlock(&s->lock);
		return 0;
	}
	pages = kmalloc(npages * sizeof(*pages), GFP_ZERO);
	if (!pages) {
		mutex_unlock(&s->lock);
		return -ENOMEM;
	}
	memcpy(pages, s->pages, s->npages * sizeof(*pages));
	kfree(s->pages);
	s->pages = pages;
	s->npages = npages;
	mutex_unlock(&s->lock);
	return 0;
}

/* The page at index i of s, allocated on first use; with a reference. */
static struct page *shared_page(struct vm_shared *s, unsigned long i)
{
	struct page *p = NULL;

	mutex_lock(&s->lock);
	if (i < s->npages) {
		p = s->pages[i];
		if (!p) {
			p = alloc_pages(0, GFP_ZERO);
			s->pages[i] = p;
		}
		if (p)
			get_page(p);
	}
	mutex_unlock(&s->lock);
	return p;
}

struct vm_area *vm_find_area(struct mm *mm, uintptr_t addr)
{
	struct vm_area *a;

	list_for_each_entry(a, &mm->areas, node) {
		if (addr < a->start)
			return NULL;
		if (addr < a->end)
			return a;
	}
	return NULL;
}

/* The stack area just above addr, if it may grow down to cover it. */
static struct vm_area *stack_to_grow(struct mm *mm, uintptr_t addr)
{
	struct vm_area *a, *prev = NULL;
	uintptr_t low;

	list_for_each_entry(a, &mm->areas, node) {
		if (a->start > addr)
			break;
		prev = a;
	}
	if (&a->node == &mm->areas || !(a->flags & VM_GROWSDOWN))
		return NULL;
	low = mm->stack_top > mm->stack_limit ? mm->stack_top - mm->stack_limit : 0;
	if (addr < low)
		return NULL;
	/* keep a guard gap above the next area down, as Linux does */
	if (prev && ALIGN_DOWN(addr, PAGE_SIZE) < prev->end + STACK_GUARD_GAP)
		return NULL;
	return a;
}

/*
 * The page of a file mapping for va, referenced, and the rights to map it
 * with: a private mapping gets the file's page read-only, or a copy if
 * this is a write. NULL past the end of the file (-EIO: SIGBUS).
 */
static struct page *file_page(struct vm_area *a, uintptr_t va, unsigned int access,
			      unsigned int *prot)
{
	struct page *p = a->file->f_op->get_page(a->file,
						 a->pgoff + ((va - a->start) >> PAGE_SHIFT)), *copy;

	if (!p)
		return ERR_PTR(-EIO);
	if (IS_ERR(p) || (a->flags & VM_SHARED))
		return p;
	if (!(access & FAULT_WRITE)) {
		*prot &= ~VM_WRITE;
		return p;
	}
	copy = alloc_pages(0, GFP_KERNEL);
	if (copy)
		memcpy(page_address(copy), page_address(p), PAGE_SIZE);
	put_page(p);
	return copy ? copy : ERR_PTR(-ENOMEM);
}

#define FAULT_AROUND_PAGES	16	/* Linux's fault_around_bytes: 64 KiB */

/*
 * As Linux's fault-around: after a fault in a private file mapping, map
 * the pages around va (in the same aligned 64 KiB, within the area) that
 * the file already has in memory, read-only, as the fault itself would
 * have. A program's text and data then fault once per 64 KiB instead of
 * once per page. Nothing is read or allocated for it.
 */
static void fault_around(struct mm *mm, struct vm_area *a, uintptr_t va)
{
	uintptr_t window = ALIGN_DOWN(va, FAULT_AROUND_PAGES * PAGE_SIZE);
	uintptr_t start = MAX(a->start, window);
	uintptr_t end = MIN(a->end, window + FAULT_AROUND_PAGES * PAGE_SIZE);
	unsigned int prot = a->flags & (VM_READ | VM_EXEC);

	if (!prot || !a->file->f_op->peek_page)
		return;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	for (uintptr_t at = start; at < end; at += PAGE_SIZE) {
		pte_t *pte = at == va ? NULL : pt_lookup(mm->root, at, false);
		struct page *p;

		if (!pte || pte_present(*pte))
			continue;
		p = a->file->f_op->peek_page(a->file, a->pgoff + ((at - a->start) >> PAGE_SHIFT));
		if (!p)
			continue;
		*pte = pte_mk_user(page_to_phys(p), prot);
		mm->rss++;
	}
}

/* Map a fresh page at va; the pte slot is *pte. */
static int map_new_page(struct mm *mm, struct vm_area *a, pte_t *pte, uintptr_t va,
			unsigned int access)
{
	unsigned int prot = a->flags & VM_PROT_MASK;
	struct page *p;

	if (a->file) {
		p = file_page(a, va, access, &prot);
		if (IS_ERR(p))
			return (int)PTR_ERR(p);
	} else if (a->flags & VM_SHARED) {
		p = shared_page(a->shared, a->pgoff + ((va - a->start) >> PAGE_SHIFT));
	} else {
		p = alloc_pages(0, GFP_ZERO);
	}
	if (!p)
		return -ENOMEM;
	/* the page's contents must be visible before the entry that maps it */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*pte = pte_mk_user(page_to_phys(p), prot);
	mm->rss++;
	if (a->file && !(a->flags & VM_SHARED))
		fault_around(mm, a, va);
	return 0;
}

/* A write to a present, read-only page of a writable private area. */
static int break_cow(struct mm *mm, struct vm_area *a, pte_t *pte, uintptr_t va)
{
	struct page *old = pfn_to_page(pte_to_phys(*pte) >> PAGE_SHIFT), *copy;

	if (page_refs(old) == 1) {
		*pte = pte_mk_user(page_to_phys(old), a->flags & VM_PROT_MASK);
	} else {
		copy = alloc_pages(0, GFP_KERNEL);
		if (!copy)
			return -ENOMEM;
		memcpy(page_address(copy), page_address(old), PAGE_SIZE);
		*pte = pte_mk_user(page_to_phys(copy), a->flags & VM_PROT_MASK);
		put_page(old);
	}
	flush_tlb_user_range(READ_ONCE(mm->cpumask), va, va + PAGE_SIZE);
	return 0;
}

int vm_fault_locked(struct mm *mm, uintptr_t addr, unsigned int access)
{
	uintptr_t va = ALIGN_DOWN(addr, PAGE_SIZE);
	struct vm_area *a;
	pte_t *pte;

	if (addr >= USER_TOP)
		return -EFAULT;
	a = vm_find_area(mm, addr);
	if (!a) {
		a = stack_to_grow(mm, addr);
		if (!a)
			return -EFAULT;
		a->start = va;
	}
	/* as Linux on riscv, a writable area is readable too */
	if ((access & ~(a->flags | ((a->flags & VM_WRITE) ? VM_READ : 0)) & VM_PROT_MASK) != 0)
		return -EACCES;	/* SEGV_ACCERR, where no area is SEGV_MAPERR */
	pte = pt_lookup(mm->root, va, true);
	if (!pte)
		return -ENOMEM;
	if (!pte_present(*pte))
		return map_new_page(mm, a, pte, va, access);
	if ((access & FAULT_WRITE) && !pte_writable(*pte))
		return break_cow(mm, a, pte, va);
	return 0;	/* another thread resolved it first */
}

int vm_fault(struct mm *mm, uintptr_t addr, unsigned int access)
{
	int err;

	mutex_lock(&mm->lock);
	err = vm_fault_locked(mm, addr, access);
	mutex_unlock(&mm->lock);
	return err;
}

/* fork: share or copy-on-write every present page of area a. */
static int dup_area(struct mm *old, struct mm *new, struct vm_area *a)
{
	for (uintptr_t va = a->start; va < a->end; va += PAGE_SIZE) {
		pte_t *src = pt_lookup(old->root, va, false), *dst;
		struct page *p;

		if (!src || !pte_present(*src))
			continue;
		dst = pt_lookup(new->root, va, true);
		if (!dst)
			return -ENOMEM;
		p = pfn_to_page(pte_to_phys(*src) >> PAGE_SHIFT);
		get_page(p);
		if (!(a->flags & VM_SHARED) && pte_writable(*src))
			*src = pte_mk_user(pte_to_phys(*src), a->flags & VM_PROT_MASK & ~VM_WRITE);
		*dst = *src;
		new->rss++;
	}
	return 0;
}

struct mm *mm_dup(struct mm *old)
{
	struct mm *new = mm_create();
	struct vm_area *a, *copy;
	int err = 0;

	if (!new)
		return NULL;
	mutex_lock(&old->lock);
	list_for_each_entry(a, &old->areas, node) {
		copy = kmalloc(sizeof(*copy), GFP_KERNEL);
		if (!copy) {
			err = -ENOMEM;
			break;
		}
		*copy = *a;
		if (copy->shared)
			vm_shared_get(copy->shared);
		if (copy->file)
			get_file(copy->file);
		list_add_tail(&copy->node, &new->areas);
		new->nr_areas++;
		err = dup_area(old, new, a);
		if (err)
			break;
	}
	new->brk_start = old->brk_start;
	new->brk = old->brk;
	new->mmap_base = old->mmap_base;
	new->stack_top = old->stack_top;
	new->sigtramp = old->sigtramp;
	new->vdso = old->vdso;
	new->arg_start = old->arg_start;
	new->arg_end = old->arg_end;
	new->stack_limit = old->stack_limit;
	/* the parent's writable pages just became read-only */
	flush_tlb_user_range(READ_ONCE(old->cpumask), 0, USER_TOP);
	mutex_unlock(&old->lock);
	if (err) {
		mmput(new);
		return NULL;
	}
	return new;
}

int vm_write_kernel(struct mm *mm, uintptr_t addr, const void *src, size_t n)
{
	const char *s = src;
	int err = 0;

	mutex_lock(&mm->lock);
	while (n > 0) {
		uintptr_t va = ALIGN_DOWN(addr, PAGE_SIZE);
		size_t off = addr - va, chunk = MIN(n, PAGE_SIZE - off);
		pte_t *pte = pt_lookup(mm->root, va, false);

		if (!pte || !pte_present(*pte)) {
			err = vm_fault_locked(mm, va, 0);
			if (err)
				break;
			continue;
		}
		if (!pte_writable(*pte) && !(vm_find_area(mm, va)->flags & VM_SHARED) &&
		    page_refs(pfn_to_page(pte_to_phys(*pte) >> PAGE_SHIFT)) > 1) {
			/* shared copy-on-write (fork): this write is for mm alone */
			err = break_cow(mm, vm_find_area(mm, va), pte, va);
			if (err)
				break;
		}
		memcpy((char *)phys_to_virt(pte_to_phys(*pte)) + off, s, chunk);
		s += chunk;
		addr += chunk;
		n -= chunk;
	}
	mutex_unlock(&mm->lock);
	return err;
}

struct mm *current_mm(void)
{
	return current->mm;
}

void mm_switch(struct mm *next)
{
	struct cpu *c = this_cpu();
	struct mm *prev = c->active_mm;

	if (next == prev)
		return;
	mmgrab(next);
	__atomic_fetch_or(&next->cpumask, 1UL << c->id, __ATOMIC_SEQ_CST);
	pt_activate(next->root);
	c->active_mm = next;
	if (prev) {
		__atomic_fetch_and(&prev->cpumask, ~(1UL << c->id), __ATOMIC_SEQ_CST);
		mmdrop(prev);
	}
}
