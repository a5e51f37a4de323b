/* Memory system calls: Linux's flags translated to the kernel's (mm/vm.h). */
#include <syscall/syscall.h>
#include <mm/vm.h>
#include <uapi/linux/misc.h>
#include <fs/fdtable.h>
#include <fs/vfs.h>
#include <lib/errno.h>

#define MAP_KNOWN	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_DENYWRITE | \
			 MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | \
			 MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_SYNC | MAP_FIXED_NOREPLACE)

long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, off_t offset)
{
	unsigned int vmflags = 0;

	if (offset & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		struct file *f = fd_get((unsigned int)fd);

		if (!f)
			return -EBADF;
		fput(f);
		if ((flags & MAP_TYPE) == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
			return -EOPNOTSUPP;
		return -ENODEV;	/* file mappings come with the page cache */
	}
	/* anonymous memory is MAP_SHARED or MAP_PRIVATE, nothing else (Linux) */
	if ((flags & MAP_TYPE) != MAP_SHARED && (flags & MAP_TYPE) != MAP_PRIVATE)
		return -EINVAL;
	if ((flags & MAP_TYPE) == MAP_SHARED && (flags & MAP_GROWSDOWN))
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return -EINVAL;
	if ((flags & MAP_TYPE) != MAP_PRIVATE)
		vmflags |= VM_MAP_SHARED;
	if (flags & MAP_FIXED_NOREPLACE)
		vmflags |= VM_MAP_NOREPLACE;	/* wins over MAP_FIXED, as Linux */
	else if (flags & MAP_FIXED)
		vmflags |= VM_MAP_FIXED;
	if (flags & MAP_POPULATE)
		vmflags |= VM_MAP_POPULATE;
	if (flags & MAP_GROWSDOWN)
		vmflags |= VM_MAP_GROWSDOWN;
	return vm_mmap(current_mm(), addr, len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC),
		       vmflags);
}

long sys_munmap(unsigned long addr, size_t len)
{
	return vm_munmap(current_mm(), addr, len);
}

long sys_mprotect(unsigned long start, size_t len, unsigned long prot)
{
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
		return -EINVAL;
	return vm_mprotect(current_mm(), start, len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
}

long sys_madvise(unsigned long start, size_t len, int behavior)
{
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	switch (behavior) {
	case MADV_DONTNEED:
		return vm_discard(current_mm(), start, len);
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
		return 0;	/* hints about paging: nothing to change here */
	default:
		return -EINVAL;
	}
}

long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr)
{
	unsigned int f = 0;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL;	/* not supported yet */
	if (flags & MREMAP_MAYMOVE)
		f |= VM_REMAP_MAYMOVE;
	if (flags & MREMAP_FIXED)
		f |= VM_REMAP_FIXED;
	return vm_mremap(current_mm(), addr, old_len, new_len, f, new_addr);
}

long sys_brk(unsigned long brk)
{
	return (long)vm_brk(current_mm(), brk);
}
