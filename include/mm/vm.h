/*
 * Address spaces: a page table and a sorted list of areas (struct
 * vm_area), each a page-aligned range with one set of rights and one kind
 * of memory. Nothing is allocated when an area is created: pages come on
 * the first touch (vm_fault), from the user's fault or from the kernel's
 * copy routines, which fault exactly as the user would.
 *
 * Private memory is copied on write after fork: both sides map the same
 * page read-only and the page's reference count says how many maps share
 * it; the first write of a side with a count above one copies, the last
 * one takes the page over. Shared anonymous memory lives in a refcounted
 * object (struct vm_shared) that every mapping of it, in every process,
 * finds its pages in, so all of them see one page per offset.
 *
 * A file mapping (vm_area.file) maps the file's own pages, which the
 * file system gives out referenced (f_op->get_page): MAP_SHARED maps them
 * with the area's rights, so stores reach the file; MAP_PRIVATE maps them
 * read-only and copies on the first write, like a page after fork. An
 * access wholly past the page holding the end of the file is -EIO
 * (SIGBUS). Files are put only after the mm lock is dropped (mm_unlock),
 * as their last close may take file-system locks, which come first.
 *
 * Locking: mm->lock (a mutex) protects the area list, the page table and
 * the brk fields; users/count are atomic; cpumask is atomic. The mm lock
 * is taken after any file-system lock (a read() copies to user memory
 * with its file locked) and never before one.
 */
#ifndef MM_VM_H
#define MM_VM_H

#include <lib/compiler.h>
#include <lib/list.h>
#include <kernel/mutex.h>
#include <asm/pgtable.h>

/* vm_area.flags: the low bits are the access rights, as PROT_BIT_* */
#define VM_READ		PROT_BIT_READ
#define VM_WRITE	PROT_BIT_WRITE
#define VM_EXEC		PROT_BIT_EXEC
#define VM_PROT_MASK	(VM_READ | VM_WRITE | VM_EXEC)
#define VM_SHARED	(1U << 3)	/* writes are seen by every mapping */
#define VM_GROWSDOWN	(1U << 4)	/* a stack: grows down on faults below */
#define VM_LOCKED_BRK	(1U << 5)	/* the brk heap */
#define VM_NOMAYWRITE	(1U << 6)	/* file opened read-only, MAP_SHARED: never writable */
#define VM_NOMAYEXEC	(1U << 7)	/* file on a noexec mount: never executable */

struct vm_shared {
	int refcount;			/* [a] areas using it */
	struct mutex lock;
	size_t npages;			/* [lock] size of pages[] */
	struct page **pages;		/* [lock] NULL until touched */
};

struct file;

struct vm_area {
	uintptr_t start, end;		/* [mm->lock] page aligned */
	unsigned int flags;		/* [mm->lock] */
	struct vm_shared *shared;	/* [mm->lock] VM_SHARED anonymous memory */
	struct file *file;		/* [mm->lock] a file mapping: referenced */
	unsigned long pgoff;		/* [mm->lock] first page's index in shared or file */
	const char *name;		/* [mm->lock] of kernel-provided memory ("[vdso]"), or NULL */
	struct list_head node;		/* [mm->lock] in mm->areas, by address */
};

struct mm {
	struct mutex lock;
	pte_t *root;			/* [I] page table */
	struct list_head areas;		/* [lock] sorted, non-overlapping */
	struct list_head dead;		/* [lock] removed file areas, for mm_unlock to put */
	unsigned int nr_areas;		/* [lock] at most MAX_MAP_COUNT */
	uintptr_t brk_start, brk;	/* [lock] heap: [brk_start, brk) */
	uintptr_t mmap_base;		/* [lock] top of the free-area search */
	uintptr_t stack_top;		/* [I] after exec */
	uintptr_t sigtramp;		/* [I] after exec: the sigreturn trampoline */
	uintptr_t vdso;			/* [I] after exec: the vDSO image, 0 if none */
	uintptr_t arg_start, arg_end;	/* [I] after exec: the argv strings (/proc/PID/cmdline) */
	size_t stack_limit;		/* [lock] RLIMIT_STACK at exec */
	unsigned long rss;		/* [lock] pages mapped */
	int users;			/* [a] threads and processes using it */
	int count;			/* [a] references to the struct (users count 1) */
	unsigned long cpumask;		/* [a] cpus that may cache its translations */
};

#define MAX_MAP_COUNT	65530		/* Linux's default vm.max_map_count */

/* mmap flags, the kernel's own (syscall/ translates Linux's). */
#define VM_MAP_FIXED		(1U << 0)	/* exactly at addr, replacing */
#define VM_MAP_NOREPLACE	(1U << 1)	/* exactly at addr, EEXIST if used */
#define VM_MAP_SHARED		(1U << 2)
#define VM_MAP_POPULATE		(1U << 3)	/* fault every page in now */
#define VM_MAP_GROWSDOWN	(1U << 4)

/* vm_fault access kinds */
#define FAULT_READ	PROT_BIT_READ
#define FAULT_WRITE	PROT_BIT_WRITE
#define FAULT_EXEC	PROT_BIT_EXEC

struct mm *mm_create(void);
/* A copy for fork: private memory copy-on-write, shared memory shared. */
struct mm *mm_dup(struct mm *old);
void mmget(struct mm *mm);
/* Drop a user; the last one unmaps everything. */
void mmput(struct mm *mm);
void mmgrab(struct mm *mm);
/* Drop a struct reference; the last one frees the root table and mm. */
void mmdrop(struct mm *mm);

/*
 * Resolve a fault at addr; 0, -EFAULT (no such mapping), -EACCES (not
 * that right), -ENOMEM,
 * -EIO (past the end of a mapped file: SIGBUS).
 */
int vm_fault(struct mm *mm, uintptr_t addr, unsigned int access);
int vm_fault_locked(struct mm *mm, uintptr_t addr, unsigned int access);

/* Returns the address, or -errno. prot is VM_READ|VM_WRITE|VM_EXEC. */
long vm_mmap(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
	     unsigned int flags);
/*
 * A mapping of file f (referenced by the area on success) from page pgoff;
 * the caller has checked the file's mode against prot and flags. vmflags
 * may add VM_NOMAYWRITE and VM_NOMAYEXEC.
 */
long vm_mmap_file(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
		  unsigned int flags, unsigned int vmflags, struct file *f, unsigned long pgoff);
/*
 * Shared memory objects, made by mmap(MAP_SHARED | MAP_ANONYMOUS) or by the
 * kernel for memory it shares with every process (the vDSO). Pages are
 * allocated when first touched, unless the maker fills pages[] itself.
 */
struct vm_shared *vm_shared_create(size_t npages);
void vm_shared_get(struct vm_shared *s);
void vm_shared_put(struct vm_shared *s);
/*
 * Map pages [pgoff, pgoff + len / PAGE_SIZE) of shared memory s (referenced
 * by the area) with rights prot, which can never add write; at addr
 * (replacing what is there), or where there is room when addr is 0.
 * name shows in /proc/PID/maps. Returns the address or -errno.
 */
long vm_map_shared(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
		   struct vm_shared *s, unsigned long pgoff, const char *name);
int vm_munmap(struct mm *mm, uintptr_t addr, size_t len);
/* msync(2) on the kernel's flags (checked by the caller); 0 or -errno. */
#define VM_MSYNC_SYNC	(1U << 0)
#define VM_MSYNC_ASYNC	(1U << 1)
#define VM_MSYNC_INVAL	(1U << 2)
int vm_msync(struct mm *mm, uintptr_t addr, size_t len, unsigned int flags);
/* Drop mm->lock, then put the files of areas removed under it. */
void mm_unlock(struct mm *mm);
/*
 * prot: VM_READ|VM_WRITE|VM_EXEC; with VM_PROT_GROWSDOWN, from the start of
 * the stack area holding addr (-EINVAL if it is no stack); VM_PROT_GROWSUP
 * is -EINVAL (no area grows up).
 */
#define VM_PROT_GROWSDOWN	(1U << 8)
#define VM_PROT_GROWSUP		(1U << 9)
int vm_mprotect(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot);
/* Drop private pages of [addr, addr+len): the next touch sees zeros. */
int vm_discard(struct mm *mm, uintptr_t addr, size_t len);
#define VM_REMAP_MAYMOVE	(1U << 0)
#define VM_REMAP_FIXED		(1U << 1)
long vm_mremap(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len,
	       unsigned int flags, uintptr_t new_addr);
/* Set the break; returns the new (or, on failure, the old) break. */
uintptr_t vm_brk(struct mm *mm, uintptr_t brk);

/*
 * For the program loader: a fixed area with rights prot, its pages
 * allocated now; returns 0 or -errno. vm_write_kernel() copies kernel
 * data into an address space that need not be the running one.
 */
int vm_map_fixed(struct mm *mm, uintptr_t start, uintptr_t end, unsigned int flags);
int vm_write_kernel(struct mm *mm, uintptr_t addr, const void *src, size_t n);

/* The running thread's address space (NULL for kernel threads). */
struct mm *current_mm(void);
/* Make this cpu use mm's page table (called at context switch). */
void mm_switch(struct mm *next);

#endif
