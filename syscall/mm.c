/* Memory system calls: Linux's flags translated to the kernel's (mm/vm.h). */
#include <syscall/syscall.h>
#include <mm/vm.h>
#include <uapi/linux/misc.h>
#include <fs/fdtable.h>
#include <fs/vfs.h>
#include <lib/errno.h>

/* The flags MAP_SHARED honours and MAP_SHARED_VALIDATE accepts (Linux's LEGACY_MAP_MASK). */
#define MAP_LEGACY	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | \
			 MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | \
			 MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB)

static unsigned int map_flags(unsigned long flags)
{
	unsigned int vmflags = 0;

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
	return vmflags;
}

/* Linux's do_mmap checks for a file, in its order; the extra VM_NOMAY* flags or -errno. */
static long mmap_file_check(struct file *f, unsigned long len, unsigned long prot,
			    unsigned long flags, unsigned long pgoff)
{
	loff_t max = f->f_inode->i_sb->s_maxbytes;
	unsigned long pages;
	long extra = 0;

	if (flags & MAP_HUGETLB)
		return -EINVAL;
	if (len == 0)
		return -EINVAL;
	pages = (len + PAGE_SIZE - 1) >> PAGE_SHIFT;
	if (pages == 0 || pages > (USER_TOP >> PAGE_SHIFT))
		return -ENOMEM;
	if (pgoff + pages < pgoff)
		return -EOVERFLOW;
	if (max > 0 && (pages > ((unsigned long)max >> PAGE_SHIFT) ||
			pgoff > ((unsigned long)max - (pages << PAGE_SHIFT)) >> PAGE_SHIFT))
		return -EOVERFLOW;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		flags &= MAP_LEGACY;
		/* fall through */
	case MAP_SHARED_VALIDATE:
		if (flags & ~MAP_LEGACY)
			return -EOPNOTSUPP;	/* no file system here knows MAP_SYNC */
		if ((prot & PROT_WRITE) && !(f->f_mode & FMODE_WRITE))
			return -EACCES;
		if (!(f->f_mode & FMODE_WRITE))
			extra |= VM_NOMAYWRITE;
		/* fall through */
	case MAP_PRIVATE:
		if (!(f->f_mode & FMODE_READ))
			return -EACCES;
		if (f->f_path.mnt->mnt_flags & MNT_NOEXEC) {
			if (prot & PROT_EXEC)
				return -EPERM;
			extra |= VM_NOMAYEXEC;
		}
		if (!f->f_op || !f->f_op->get_page)
			return -ENODEV;
		if (flags & MAP_GROWSDOWN)
			return -EINVAL;
		return extra;
	default:
		return -EINVAL;
	}
}

static long mmap_file(unsigned long addr, unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned int fd, off_t offset)
{
	unsigned long pgoff = (unsigned long)(offset >> PAGE_SHIFT);
	struct file *f = fd_get(fd);
	long ret;

	if (!f)
		return -EBADF;
	if (f->f_mode & FMODE_PATH) {
		fput(f);
		return -EBADF;
	}
	ret = mmap_file_check(f, len, prot, flags, pgoff);
	if (ret >= 0)
		ret = vm_mmap_file(current_mm(), addr, len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC),
				   map_flags(flags), (unsigned int)ret, f, pgoff);
	fput(f);
	return ret;
}

long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	      unsigned long fd, off_t offset)
{
	if (offset & (PAGE_SIZE - 1))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return mmap_file(addr, len, prot, flags, (unsigned int)fd, offset);
	/* anonymous memory is MAP_SHARED or MAP_PRIVATE, nothing else (Linux) */
	if ((flags & MAP_TYPE) != MAP_SHARED && (flags & MAP_TYPE) != MAP_PRIVATE)
		return -EINVAL;
	if ((flags & MAP_TYPE) == MAP_SHARED && (flags & MAP_GROWSDOWN))
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return -EINVAL;
	return vm_mmap(current_mm(), addr, len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC),
		       map_flags(flags));
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
	return vm_mprotect(current_mm(), start, len, (prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) |
			   ((prot & PROT_GROWSDOWN) ? VM_PROT_GROWSDOWN : 0) |
			   ((prot & PROT_GROWSUP) ? VM_PROT_GROWSUP : 0));
}

long sys_msync(unsigned long start, size_t len, int flags)
{
	unsigned int f = 0;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	if (flags & MS_ASYNC)
		f |= VM_MSYNC_ASYNC;
	if (flags & MS_SYNC)
		f |= VM_MSYNC_SYNC;
	if (flags & MS_INVALIDATE)
		f |= VM_MSYNC_INVAL;
	return vm_msync(current_mm(), start, len, f);
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
