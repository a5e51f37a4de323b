/*
 * Area list operations: mmap, munmap, mprotect, madvise(DONTNEED),
 * mremap and brk. Every function here is called with mm->lock held by its
 * public wrapper, works on page-aligned ranges, and flushes the TLB of
 * every cpu that may cache the changed translations before returning.
 */
#include <mm/vm.h>
#include <mm/vm_internal.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <fs/vfs.h>
#include <fs/fs.h>

#define PMD_SIZE	LEVEL_SIZE(1)	/* span of one last-level table */

static struct vm_area *area_new(uintptr_t start, uintptr_t end, unsigned int flags)
{
	struct vm_area *a = kmalloc(sizeof(*a), GFP_ZERO);


	if (a) {
		a->start = start;
		a->end = end;
		a->flags = flags;
		list_init(&a->node);
	}
	return a;
}

static void area_free(struct mm *mm, struct vm_area *a)
{
	list_del(&a->node);
	mm->nr_areas--;
	if (a->shared)
		vm_shared_put(a->shared);
	if (a->file)
		list_add_tail(&a->node, &mm->dead);	/* mm_unlock puts the file */
	else
		kfree(a);
}

static bool can_merge(const struct vm_area *a, const struct vm_area *b)
{
	return a->end == b->start && a->flags == b->flags && !a->shared && !b->shared &&
	       !a->file && !b->file;
}

/* Put a into the sorted list, merging it with private neighbours. */
static void area_insert(struct mm *mm, struct vm_area *a)
{
	struct vm_area *pos, *prev = NULL, *next = NULL;

	list_for_each_entry(pos, &mm->areas, node) {
		if (pos->start >= a->end) {
			next = pos;
			break;
		}
		prev = pos;
	}
	if (next)
		list_add_tail(&a->node, &next->node);
	else
		list_add_tail(&a->node, &mm->areas);
	mm->nr_areas++;
	if (prev && can_merge(prev, a)) {
		prev->end = a->end;
		area_free(mm, a);
		a = prev;
	}
	if (next && can_merge(a, next)) {
		a->end = next->end;
		area_free(mm, next);
	}
}

/* Split a at addr (inside it): a keeps [start, addr), returns [addr, end). */
static struct vm_area *area_split(struct mm *mm, struct vm_area *a, uintptr_t addr)
{
	struct vm_area *b;

	if (mm->nr_areas >= MAX_MAP_COUNT)
		return NULL;	/* as Linux's vm.max_map_count: -ENOMEM */
	b = area_new(addr, a->end, a->flags);
	if (!b)
		return NULL;
	mm->nr_areas++;
	if (a->shared) {
		b->shared = a->shared;
		vm_shared_get(b->shared);
	}
	if (a->file)
		b->file = get_file(a->file);
	b->name = a->name;
	b->pgoff = a->pgoff + ((addr - a->start) >> PAGE_SHIFT);
	a->end = addr;
	list_add(&b->node, &a->node);
	return b;
}

#define UNMAP_BATCH	64

/*
 * Drop the pages mapped in [start, end). A page is given back only after
 * every cpu that may cache its translation has flushed it, so no other
 * thread of the process can still write to a page the kernel reuses.
 */
static void unmap_pages(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct page *batch[UNMAP_BATCH];
	uintptr_t va = start, from = start;
	unsigned int n = 0;

	while (va < end) {
		pte_t *pte = pt_lookup(mm->root, va, false);

		if (!pte) {
			va = ALIGN_DOWN(va, PMD_SIZE) + PMD_SIZE;
			continue;
		}
		if (pte_present(*pte)) {
			batch[n++] = pfn_to_page(pte_to_phys(*pte) >> PAGE_SHIFT);
			*pte = 0;
			mm->rss--;
		}
		va += PAGE_SIZE;
		if (n == UNMAP_BATCH || (va >= end && n)) {
			flush_tlb_user_range(READ_ONCE(mm->cpumask), from, MIN(va, end));
			while (n)
				put_page(batch[--n]);
			from = va;
		}
	}
}

/*
 * Make [start, end) begin and end at area boundaries; returns 0 or
 * -ENOMEM. Parts of the range with no area are left alone.
 */
static int split_at(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vm_area *a = vm_find_area(mm, start);

	if (a && a->start < start && !area_split(mm, a, start))
		return -ENOMEM;
	a = vm_find_area(mm, end - 1);
	if (a && a->end > end && !area_split(mm, a, end))
		return -ENOMEM;
	return 0;
}

static int remove_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vm_area *a, *n;
	int err = split_at(mm, start, end);

	if (err)
		return err;
	/* unmap_pages flushes what it unmapped; nothing mapped, nothing to flush */
	list_for_each_entry_safe(a, n, &mm->areas, node) {
		if (a->end <= start)
			continue;
		if (a->start >= end)
			break;
		unmap_pages(mm, a->start, a->end);
		area_free(mm, a);
	}
	return 0;
}

void vm_remove_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
	remove_range(mm, start, end);
}

static bool range_free(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vm_area *a;

	list_for_each_entry(a, &mm->areas, node)
		if (a->start < end && a->end > start)
			return false;
	return true;
}

/* Highest free gap of len below mmap_base; 0 if none. */
static uintptr_t find_free(struct mm *mm, size_t len)
{
	uintptr_t hi = mm->mmap_base;
	struct vm_area *a;

	if (len > hi)
		return 0;
	list_for_each_entry_reverse(a, &mm->areas, node) {
		if (a->start >= hi)
			continue;
		if (a->end <= hi && hi - a->end >= len)
			return hi - len;
		hi = a->start;
	}
	if (hi >= MMAP_MIN_ADDR + len)
		return hi - len;
	return 0;
}

static int populate(struct mm *mm, uintptr_t start, uintptr_t end, unsigned int prot)
{
	unsigned int access = (prot & VM_WRITE) ? FAULT_WRITE : 0;

	for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
		int err = vm_fault_locked(mm, va, access);

		if (err)
			return err;
	}
	return 0;
}

static long mmap_locked(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
			unsigned int flags, unsigned int vmflags, struct file *f,
			unsigned long pgoff)
{
	struct vm_area *a;
	uintptr_t start;
	int err;

	vmflags |= prot & VM_PROT_MASK;
	if (len == 0)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (len == 0 || len > USER_TOP)
		return -ENOMEM;
	if (flags & (VM_MAP_FIXED | VM_MAP_NOREPLACE)) {
		if (!IS_ALIGNED(addr, PAGE_SIZE))
			return -EINVAL;
		if (addr > USER_TOP - len)
			return -ENOMEM;
		if (addr < MMAP_MIN_ADDR)
			return -EPERM;
		if ((flags & VM_MAP_NOREPLACE) && !range_free(mm, addr, addr + len))
			return -EEXIST;
		err = remove_range(mm, addr, addr + len);
		if (err)
			return err;
		start = addr;
	} else {
		addr = ALIGN_DOWN(addr, PAGE_SIZE);
		if (addr >= MMAP_MIN_ADDR && addr <= USER_TOP - len &&
		    range_free(mm, addr, addr + len))
			start = addr;
		else
			start = find_free(mm, len);
		if (!start)
			return -ENOMEM;
	}
	if (mm->nr_areas >= MAX_MAP_COUNT)
		return -ENOMEM;
	if (flags & VM_MAP_SHARED)
		vmflags |= VM_SHARED;
	if (flags & VM_MAP_GROWSDOWN)
		vmflags |= VM_GROWSDOWN;
	a = area_new(start, start + len, vmflags);
	if (!a)
		return -ENOMEM;
	if (f) {
		a->file = get_file(f);
		a->pgoff = pgoff;
	} else if (vmflags & VM_SHARED) {
		a->shared = vm_shared_create(len >> PAGE_SHIFT);
		if (!a->shared) {
			kfree(a);
			return -ENOMEM;
		}
	}
	area_insert(mm, a);
	if (flags & VM_MAP_POPULATE)
		populate(mm, start, start + len, prot);	/* best effort, as Linux */
	return (long)start;
}

long vm_mmap(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
	     unsigned int flags)
{
	long ret;

	mutex_lock(&mm->lock);
	ret = mmap_locked(mm, addr, len, prot, flags, 0, NULL, 0);
	mm_unlock(mm);
	return ret;
}

long vm_mmap_file(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
		  unsigned int flags, unsigned int vmflags, struct file *f, unsigned long pgoff)
{
	long ret;

	mutex_lock(&mm->lock);
	ret = mmap_locked(mm, addr, len, prot, flags,
			  vmflags & (VM_NOMAYWRITE | VM_NOMAYEXEC), f, pgoff);
	mm_unlock(mm);
	return ret;
}

long vm_map_shared(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
		   struct vm_shared *s, unsigned long pgoff, const char *name)
{
	struct vm_area *a;
	long ret;

	len = ALIGN_UP(len, PAGE_SIZE);
	if (len == 0 || len > USER_TOP || (addr && addr > USER_TOP - len))
		return -EINVAL;
	mutex_lock(&mm->lock);
	ret = addr ? remove_range(mm, addr, addr + len) : 0;
	if (!addr)
		addr = find_free(mm, len);
	if (!ret && (!addr || mm->nr_areas >= MAX_MAP_COUNT))
		ret = -ENOMEM;
	a = ret ? NULL : area_new(addr, addr + len, (prot & VM_PROT_MASK) | VM_SHARED |
						    VM_NOMAYWRITE);
	if (a) {
		a->shared = s;
		vm_shared_get(s);
		a->pgoff = pgoff;
		a->name = name;
		area_insert(mm, a);
		ret = (long)addr;
	} else if (!ret) {
		ret = -ENOMEM;
	}
	mm_unlock(mm);
	return ret;
}

int vm_map_fixed(struct mm *mm, uintptr_t start, uintptr_t end, unsigned int flags)
{
	long ret;

	mutex_lock(&mm->lock);
	ret = mmap_locked(mm, start, end - start, flags & VM_PROT_MASK,
			  VM_MAP_FIXED | ((flags & VM_GROWSDOWN) ? VM_MAP_GROWSDOWN : 0), 0, NULL, 0);
	mm_unlock(mm);
	return ret < 0 ? (int)ret : 0;
}

int vm_munmap(struct mm *mm, uintptr_t addr, size_t len)
{
	int err;

	if (!IS_ALIGNED(addr, PAGE_SIZE) || len == 0)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (len == 0 || addr >= USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	mutex_lock(&mm->lock);
	err = remove_range(mm, addr, addr + len);
	mm_unlock(mm);
	return err;
}

/* Is [start, end) covered by areas with no hole? */
static bool range_mapped(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vm_area *a;
	uintptr_t at = start;

	list_for_each_entry(a, &mm->areas, node) {
		if (a->end <= at)
			continue;
		if (a->start > at)
			return false;
		at = a->end;
		if (at >= end)
			return true;
	}
	return false;
}

static void reprotect_pages(struct mm *mm, struct vm_area *a)
{
	for (uintptr_t va = a->start; va < a->end; va += PAGE_SIZE) {
		pte_t *pte = pt_lookup(mm->root, va, false);
		unsigned int prot = a->flags & VM_PROT_MASK;
		struct page *p;

		if (!pte || !pte_present(*pte))
			continue;
		p = pfn_to_page(pte_to_phys(*pte) >> PAGE_SHIFT);
		/* a page still shared copy-on-write stays read-only */
		if (!(a->flags & VM_SHARED) && __atomic_load_n(&p->refcount, __ATOMIC_ACQUIRE) > 1)
			prot &= ~VM_WRITE;
		*pte = pte_mk_user(pte_to_phys(*pte), prot);
	}
}

int vm_mprotect(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot)
{
	struct vm_area *a, *n;
	uintptr_t end;
	int err;

	if (!IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	if (len > USER_TOP)
		return -ENOMEM;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (len == 0)
		return 0;
	end = addr + len;
	if (end < addr || end > USER_TOP)
		return -ENOMEM;
	mutex_lock(&mm->lock);
	if (prot & (VM_PROT_GROWSDOWN | VM_PROT_GROWSUP)) {
		/* as Linux: the area holding addr must grow that way */
		err = -ENOMEM;
		list_for_each_entry(a, &mm->areas, node)
			if (a->end > addr)
				break;
		if (&a->node == &mm->areas || a->start >= end ||
		    ((prot & VM_PROT_GROWSUP) && a->start > addr))
			goto out;
		err = -EINVAL;
		if (!(a->flags & VM_GROWSDOWN) || (prot & VM_PROT_GROWSUP))
			goto out;	/* no area grows up here */
		addr = a->start;	/* from the start of the stack */
	}
	err = -ENOMEM;
	if (!range_mapped(mm, addr, end))
		goto out;
	/* as Linux's VM_MAYWRITE and VM_MAYEXEC of file mappings */
	err = -EACCES;
	list_for_each_entry(a, &mm->areas, node) {
		if (a->end <= addr)
			continue;
		if (a->start >= end)
			break;
		if (((prot & VM_WRITE) && (a->flags & VM_NOMAYWRITE)) ||
		    ((prot & VM_EXEC) && (a->flags & VM_NOMAYEXEC)))
			goto out;
	}
	err = split_at(mm, addr, end);
	if (err)
		goto out;
	list_for_each_entry_safe(a, n, &mm->areas, node) {
		if (a->end <= addr)
			continue;
		if (a->start >= end)
			break;
		a->flags = (a->flags & ~VM_PROT_MASK) | (prot & VM_PROT_MASK);
		reprotect_pages(mm, a);
	}
	flush_tlb_user_range(READ_ONCE(mm->cpumask), addr, end);
out:
	mutex_unlock(&mm->lock);
	return err;
}

int vm_discard(struct mm *mm, uintptr_t addr, size_t len)
{
	struct vm_area *a;
	uintptr_t end;
	int err = 0;

	if (!IS_ALIGNED(addr, PAGE_SIZE) || len > USER_TOP)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	end = addr + len;
	if (end < addr || end > USER_TOP)
		return -EINVAL;
	if (len == 0)
		return 0;
	mutex_lock(&mm->lock);
	if (!range_mapped(mm, addr, end))
		err = -ENOMEM;
	list_for_each_entry(a, &mm->areas, node) {
		if (a->end <= addr)
			continue;
		if (a->start >= end)
			break;
		unmap_pages(mm, MAX(a->start, addr), MIN(a->end, end));
	}
	flush_tlb_user_range(READ_ONCE(mm->cpumask), addr, end);
	mutex_unlock(&mm->lock);
	return err;
}

/* The first area ending above addr (Linux's find_vma), or NULL. */
static struct vm_area *area_from(struct mm *mm, uintptr_t addr)
{
	struct vm_area *a;

	list_for_each_entry(a, &mm->areas, node)
		if (a->end > addr)
			return a;
	return NULL;
}

/*
 * msync, as Linux's: MS_SYNC writes back the files of the shared file
 * mappings in the range (with the mm lock dropped); holes in the range
 * are -ENOMEM after the rest is done (at once for a plain MS_ASYNC).
 */
int vm_msync(struct mm *mm, uintptr_t start, size_t len, unsigned int flags)
{
	int err, unmapped = 0;
	struct vm_area *a;
	struct file *f;
	uintptr_t end;

	len = (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);	/* may wrap to 0, as Linux */
	end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	mutex_lock(&mm->lock);
	a = area_from(mm, start);
	for (;;) {
		err = -ENOMEM;
		if (!a)
			break;
		if (start < a->start) {
			if (flags == VM_MSYNC_ASYNC)
				break;
			start = a->start;
			if (start >= end)
				break;
			unmapped = -ENOMEM;
		}
		f = a->file;
		start = a->end;
		if ((flags & VM_MSYNC_SYNC) && f && (a->flags & VM_SHARED) &&
		    !(a->flags & VM_NOMAYWRITE)) {
			get_file(f);
			mm_unlock(mm);
			err = vfs_fsync(f, true);
			fput(f);
			if (err || start >= end)
				return err ? err : unmapped;
			mutex_lock(&mm->lock);
			a = area_from(mm, start);
		} else {
			if (start >= end) {
				err = 0;
				break;
			}
			a = area_from(mm, start);
		}
	}
	mm_unlock(mm);
	return err ? err : unmapped;
}

/* Move the pages of area a (exactly [old, old_end)) to dest. */
static long move_area(struct mm *mm, struct vm_area *a, uintptr_t dest, size_t new_len)
{
	size_t old_len = a->end - a->start;
	struct vm_area *b = area_new(dest, dest + new_len, a->flags);

	if (!b)
		return -ENOMEM;
	if (a->shared) {
		if (vm_shared_grow(a->shared, a->pgoff + (new_len >> PAGE_SHIFT))) {
			kfree(b);
			return -ENOMEM;
		}
		b->shared = a->shared;
		vm_shared_get(b->shared);
	}
	if (a->file)
		b->file = get_file(a->file);
	b->pgoff = a->pgoff;
	/* every table the move needs first, so it cannot fail half way */
	for (size_t off = 0; off < MIN(old_len, new_len); off += PAGE_SIZE) {
		pte_t *src = pt_lookup(mm->root, a->start + off, false);

		if (src && pte_present(*src) && !pt_lookup(mm->root, dest + off, true)) {
			if (b->shared)
				vm_shared_put(b->shared);
			if (b->file)
				list_add_tail(&b->node, &mm->dead);
			else
				kfree(b);
			return -ENOMEM;
		}
	}
	for (size_t off = 0; off < MIN(old_len, new_len); off += PAGE_SIZE) {
		pte_t *src = pt_lookup(mm->root, a->start + off, false);

		if (!src || !pte_present(*src))
			continue;
		*pt_lookup(mm->root, dest + off, false) = *src;
		*src = 0;
	}
	unmap_pages(mm, a->start, a->end);
	flush_tlb_user_range(READ_ONCE(mm->cpumask), a->start, a->end);
	area_free(mm, a);
	area_insert(mm, b);
	return (long)dest;
}

static long mremap_locked(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len,
			  unsigned int flags, uintptr_t new_addr)
{
	uintptr_t old_end = old + old_len;
	struct vm_area *a = vm_find_area(mm, old);
	int err;

	if (!a || a->end < old_end)
		return -EFAULT;
	if (old_len == 0) {
		/* Linux: a second mapping of the same shared memory */
		struct vm_area *b;

		if (!(a->flags & VM_SHARED) || !(flags & VM_REMAP_MAYMOVE))
			return -EINVAL;
		new_addr = find_free(mm, new_len);
		if (!new_addr)
			return -ENOMEM;
		b = area_new(new_addr, new_addr + new_len, a->flags);
		if (!b)
			return -ENOMEM;
		b->pgoff = a->pgoff + ((old - a->start) >> PAGE_SHIFT);
		if (a->shared && vm_shared_grow(a->shared, b->pgoff + (new_len >> PAGE_SHIFT))) {
			kfree(b);
			return -ENOMEM;
		}
		b->shared = a->shared;
		if (b->shared)
			vm_shared_get(b->shared);
		if (a->file)
			b->file = get_file(a->file);
		area_insert(mm, b);
		return (long)new_addr;
	}
	if (flags & VM_REMAP_FIXED) {
		if (!IS_ALIGNED(new_addr, PAGE_SIZE) || new_addr > USER_TOP - new_len ||
		    new_addr < MMAP_MIN_ADDR)
			return -EINVAL;
		if (new_addr < old_end && old < new_addr + new_len)
			return -EINVAL;
		err = remove_range(mm, new_addr, new_addr + new_len);
		if (!err)
			err = split_at(mm, old, old_end);
		if (err)
			return err;
		return move_area(mm, vm_find_area(mm, old), new_addr, new_len);
	}
	if (new_len <= old_len) {
		err = remove_range(mm, old + new_len, old_end);
		return err ? err : (long)old;
	}
	if (a->end == old_end && old <= USER_TOP - new_len &&
	    range_free(mm, old_end, old + new_len)) {
		if (a->shared && vm_shared_grow(a->shared, a->pgoff +
						((old + new_len - a->start) >> PAGE_SHIFT)))
			return -ENOMEM;
		a->end = old + new_len;
		return (long)old;
	}
	if (!(flags & VM_REMAP_MAYMOVE))
		return -ENOMEM;
	new_addr = find_free(mm, new_len);
	if (!new_addr)
		return -ENOMEM;
	err = split_at(mm, old, old_end);
	if (err)
		return err;
	return move_area(mm, vm_find_area(mm, old), new_addr, new_len);
}

long vm_mremap(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len,
	       unsigned int flags, uintptr_t new_addr)
{
	long ret;

	if (!IS_ALIGNED(old, PAGE_SIZE) || new_len == 0 || new_len > USER_TOP)
		return -EINVAL;
	if ((flags & VM_REMAP_FIXED) && !(flags & VM_REMAP_MAYMOVE))
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	if (new_len == 0 || old >= USER_TOP || old_len > USER_TOP - old)
		return -EINVAL;
	mutex_lock(&mm->lock);
	ret = mremap_locked(mm, old, old_len, new_len, flags, new_addr);
	mm_unlock(mm);
	return ret;
}

uintptr_t vm_brk(struct mm *mm, uintptr_t brk)
{
	uintptr_t old_end, new_end;
	struct vm_area *a;

	mutex_lock(&mm->lock);
	if (brk < mm->brk_start || brk >= MMAP_BASE)
		goto out;
	old_end = ALIGN_UP(mm->brk, PAGE_SIZE);
	new_end = ALIGN_UP(brk, PAGE_SIZE);
	if (new_end < old_end) {
		if (remove_range(mm, new_end, old_end))
			goto out;
	} else if (new_end > old_end) {
		if (!range_free(mm, old_end, new_end + PAGE_SIZE))
			goto out;
		a = area_new(old_end, new_end, VM_READ | VM_WRITE | VM_LOCKED_BRK);
		if (!a)
			goto out;
		area_insert(mm, a);
	}
	mm->brk = brk;
out:
	brk = mm->brk;
	mm_unlock(mm);
	return brk;
}
