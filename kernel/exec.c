/*
 * execve: replace the calling process's program.
 *
 *  1. copy argv and envp into a kernel buffer (the old memory goes away);
 *  2. open the file; a "#!" line restarts with its interpreter in front;
 *  3. build a new address space off to the side: each PT_LOAD maps the
 *     file's pages privately, as mmap does (copied in only where the file
 *     system cannot map files), the interpreter (PT_INTERP) is loaded at
 *     its own base, and the stack gets the strings, AT_RANDOM bytes,
 *     argc, argv, envp and the auxiliary vector as Linux 6.1 lays them;
 *     the program's file cannot be opened for writing while it runs
 *     (deny_write_access: -ETXTBSY), the interpreter's only during exec;
 *  4. only then, with nothing left to fail, end the other threads, swap
 *     the address space in, close O_CLOEXEC files and set the registers.
 * A failure before step 4 returns to the old program with the error.
 */
#include <kernel/exec.h>
#include <kernel/proc.h>
#include <kernel/time.h>
#include <kernel/random.h>
#include <kernel/vdso.h>
#include <fs/fs.h>
#include <fs/fdtable.h>
#include <mm/vm.h>
#include <mm/vm_internal.h>
#include <mm/page.h>
#include <mm/kmalloc.h>
#include <mm/uaccess.h>
#include <lib/elf.h>
#include <lib/binfmt_script.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <asm/trap.h>

#define ARG_BUF_ORDER	6			/* 256 KiB of argument strings */
#define MAX_ARG_STRLEN	(32 * PAGE_SIZE)		/* one string, as Linux */
#define ARG_BUF_SIZE	(PAGE_SIZE << ARG_BUF_ORDER)
#define MAX_ARGS	(ARG_BUF_SIZE / 2)
#define STACK_INITIAL	(128UL << 10)		/* mapped at exec, grows later */
#define ELF_ET_DYN_BASE	ALIGN_DOWN(USER_TOP / 3 * 2, PAGE_SIZE)
#define MAX_SCRIPT_DEPTH 4
#define AUXV_MAX	24

uint64_t elf_hwcap;				/* [I] set from the device tree */

/* Strings for the new program: argv then envp, NUL-separated. */
struct exec_args {
	char *buf;
	size_t used;
	int argc, envc;
	char path[PATH_MAX_EXEC];		/* the file name being run */
};

static int add_string(struct exec_args *a, const char *s, size_t len)
{
	if (len + 1 > ARG_BUF_SIZE - a->used)
		return -E2BIG;
	memcpy(a->buf + a->used, s, len);
	a->buf[a->used + len] = '\0';
	a->used += len + 1;
	return 0;
}

static int copy_user_strings(struct exec_args *a, const char *const __user *uv, int *count)
{
	*count = 0;
	if (!uv)
		return 0;
	for (;;) {
		const char *up;
		long n;

		if (get_user(up, uv + *count))
			return -EFAULT;
		if (!up)
			return 0;
		if (*count >= (int)MAX_ARGS)
			return -E2BIG;
		n = strncpy_from_user(a->buf + a->used, up,
				      MIN(ARG_BUF_SIZE - a->used, MAX_ARG_STRLEN));
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return (int)n;
		a->used += (size_t)n + 1;
		(*count)++;
	}
}

/* Skip past the first n strings of the buffer. */
static size_t skip_strings(const struct exec_args *a, size_t off, int n)
{
	while (n-- > 0)
		off += strlen(a->buf + off) + 1;
	return off;
}

/* "#!interp [arg]": argv becomes interp [arg] path argv[1..]. */
static int apply_script(struct exec_args *a, const struct script_line *sl)
{
	char *old = a->buf;
	size_t rest = skip_strings(a, 0, a->argc > 0 ? 1 : 0);
	struct exec_args n = { .used = 0 };
	struct page *pg = alloc_pages(ARG_BUF_ORDER, GFP_KERNEL);
	int err;

	if (!pg)
		return -ENOMEM;
	n.buf = page_address(pg);
	err = add_string(&n, sl->interp, strlen(sl->interp));
	if (!err && sl->arg)
		err = add_string(&n, sl->arg, strlen(sl->arg));
	if (!err)
		err = add_string(&n, a->path, strlen(a->path));
	if (!err && a->used - rest > ARG_BUF_SIZE - n.used)
		err = -E2BIG;
	if (err) {
		free_pages(virt_to_page(n.buf), ARG_BUF_ORDER);
		return err;
	}
	memcpy(n.buf + n.used, old + rest, a->used - rest);
	n.used += a->used - rest;
	a->argc = a->argc - (a->argc > 0 ? 1 : 0) + 2 + (sl->arg ? 1 : 0);
	a->buf = n.buf;
	a->used = n.used;
	free_pages(virt_to_page(old), ARG_BUF_ORDER);
	strlcpy(a->path, sl->interp, sizeof(a->path));
	return 0;
}

static uint64_t file_size(struct file *f)
{
	struct kstat st;

	return vfs_fstat(f, &st) ? 0 : (uint64_t)st.size;
}

/* Read exactly n bytes at pos, or fail with -EIO/-ENOEXEC. */
static int read_exact(struct file *f, void *buf, size_t n, loff_t pos)
{
	ssize_t r = kernel_read(f, buf, n, pos);

	if (r < 0)
		return (int)r;
	return (size_t)r == n ? 0 : -ENOEXEC;
}

struct loaded {
	uintptr_t bias;		/* added to every p_vaddr */
	uintptr_t entry;
	uintptr_t phdr;		/* where the program headers are mapped */
	unsigned int phnum;
	uintptr_t end;		/* highest mapped byte of the image */
	char interp[PATH_MAX_EXEC];
	bool has_interp;
	bool exec_stack;	/* PT_GNU_STACK asks for an executable stack */
};

static unsigned int pf_to_prot(uint32_t pf)
{
	return ((pf & PF_R) ? VM_READ : 0) | ((pf & PF_W) ? VM_WRITE : 0) |
	       ((pf & PF_X) ? VM_EXEC : 0);
}

/* Copy file bytes [off, off + len) to vaddr in mm, through a bounce page. */
static int load_bytes(struct mm *mm, struct file *f, uintptr_t vaddr, loff_t off, size_t len)
{
	void *bounce = alloc_page_va(GFP_KERNEL);
	int err = 0;

	if (!bounce)
		return -ENOMEM;
	while (len > 0 && !err) {
		size_t chunk = MIN(len, PAGE_SIZE);

		err = read_exact(f, bounce, chunk, off);
		if (!err)
			err = vm_write_kernel(mm, vaddr, bounce, chunk);
		vaddr += chunk;
		off += chunk;
		len -= chunk;
	}
	free_page_va(bounce);
	return err;
}

/*
 * A segment whose pages are its own: the file's part maps the file's pages
 * privately, as mmap(MAP_PRIVATE) does (nothing is read now, and every
 * process running the program shares the pages until one writes), the
 * rest of its last file page is zeroed if the segment has .bss (a private
 * copy), and the .bss pages past it are anonymous.
 */
static int map_segment(struct mm *mm, struct file *f, const Elf64_Phdr *p, uintptr_t bias)
{
	static const char zeros[256];
	uintptr_t start = ALIGN_DOWN(p->p_vaddr + bias, PAGE_SIZE);
	uintptr_t file_end = p->p_vaddr + bias + p->p_filesz;
	uintptr_t mem_end = p->p_vaddr + bias + p->p_memsz;
	uintptr_t mid = p->p_filesz ? ALIGN_UP(file_end, PAGE_SIZE) : start;
	unsigned int prot = pf_to_prot(p->p_flags);
	int err = 0;

	if (mid > start) {
		long r = vm_mmap_file(mm, start, mid - start, prot, VM_MAP_FIXED, 0, f,
				      ALIGN_DOWN(p->p_offset, PAGE_SIZE) >> PAGE_SHIFT);

		if (r < 0)
			return (int)r;
		for (uintptr_t a = file_end; mem_end > file_end && a < mid && !err;
		     a += MIN(mid - a, sizeof(zeros)))
			err = vm_write_kernel(mm, a, zeros, MIN(mid - a, sizeof(zeros)));
	}
	if (!err && ALIGN_UP(mem_end, PAGE_SIZE) > mid)
		err = vm_map_fixed(mm, mid, ALIGN_UP(mem_end, PAGE_SIZE), prot);
	return err;
}

static int load_elf(struct mm *mm, struct file *f, bool is_interp, struct loaded *out)
{
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;
	struct elf_image img;
	size_t phsize;
	uintptr_t lo, hi;
	int err;

	/*
	 * An interpreter that is not a whole ELF file of ours is -EIO (too
	 * short) or -ELIBBAD, as Linux says it; for the program itself,
	 * -ENOEXEC: not a format exec knows.
	 */
	err = read_exact(f, &eh, sizeof(eh), 0);
	if (err)
		return is_interp ? (err == -ENOEXEC ? -EIO : err) : -ENOEXEC;
	err = elf_check_header(&eh, sizeof(eh), &img);
	if (err)
		return is_interp && err == -ENOEXEC ? -ELIBBAD : err;
	phsize = (size_t)eh.e_phnum * sizeof(Elf64_Phdr);
	ph = kmalloc(phsize, GFP_KERNEL);
	if (!ph)
		return -ENOMEM;
	err = read_exact(f, ph, phsize, (loff_t)eh.e_phoff);
	if (!err)
		err = elf_check_phdrs(ph, eh.e_phnum, file_size(f), USER_TOP, &img);
	if (err == -ENOEXEC && is_interp)
		err = -ELIBBAD;
	if (err)
		goto out;
	lo = img.load_lo;
	hi = img.load_hi;
	out->bias = 0;
	if (eh.e_type == ET_DYN) {
		/*
		 * Reserve the whole span at the segments' largest alignment
		 * (as Linux does), then fill it in at fixed places.
		 */
		size_t align = MAX((size_t)img.max_align, (size_t)PAGE_SIZE);
		long base = vm_mmap(mm, is_interp ? 0 : ELF_ET_DYN_BASE, hi - lo + align - PAGE_SIZE,
				    0, 0);
		uintptr_t start;

		if (base < 0) {
			err = (int)base;
			goto out;
		}
		start = ALIGN_UP((uintptr_t)base, align);
		if (start > (uintptr_t)base)
			vm_munmap(mm, (uintptr_t)base, start - (uintptr_t)base);
		if ((uintptr_t)base + (hi - lo + align - PAGE_SIZE) > start + (hi - lo))
			vm_munmap(mm, start + (hi - lo),
				  (uintptr_t)base + (hi - lo + align - PAGE_SIZE) - (start + (hi - lo)));
		out->bias = start - lo;
	}
	out->end = 0;
	out->phdr = 0;
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr *p = &ph[i];
		uintptr_t start, end;

		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		start = ALIGN_DOWN(p->p_vaddr + out->bias, PAGE_SIZE);
		end = ALIGN_UP(p->p_vaddr + p->p_memsz + out->bias, PAGE_SIZE);
		if (start >= ALIGN_UP(out->end, PAGE_SIZE) && f->f_op->get_page) {
			err = map_segment(mm, f, p, out->bias);
			if (err)
				goto out;
			out->end = MAX(out->end, p->p_vaddr + p->p_memsz + out->bias);
			continue;
		}
		/*
		 * Otherwise its bytes are copied: a file system that cannot
		 * map files, or a page shared with the previous segment,
		 * which keeps both rights.
		 */
		if (start < ALIGN_UP(out->end, PAGE_SIZE)) {
			struct vm_area *prev = vm_find_area(mm, start);
			unsigned int both = pf_to_prot(p->p_flags) |
					    (prev ? prev->flags & VM_PROT_MASK : 0);

			err = vm_mprotect(mm, start, PAGE_SIZE, both);
			if (!err && end > start + PAGE_SIZE)
				err = vm_map_fixed(mm, start + PAGE_SIZE, end, pf_to_prot(p->p_flags));
		} else {
			err = vm_map_fixed(mm, start, end, pf_to_prot(p->p_flags));
		}
		if (!err)
			err = load_bytes(mm, f, p->p_vaddr + out->bias, (loff_t)p->p_offset,
					 p->p_filesz);
		if (err)
			goto out;
		out->end = MAX(out->end, p->p_vaddr + p->p_memsz + out->bias);
	}
	out->phdr = img.phdr_vaddr ? img.phdr_vaddr + out->bias : 0;
	out->entry = eh.e_entry + out->bias;
	/* as Linux on riscv: executable only if PT_GNU_STACK asks for it */
	out->exec_stack = img.has_gnu_stack && img.exec_stack;
	out->phnum = eh.e_phnum;
	out->has_interp = false;
	if (img.has_interp && !is_interp) {
		if (img.interp_size > sizeof(out->interp)) {
			err = -ENOEXEC;
			goto out;
		}
		err = read_exact(f, out->interp, img.interp_size, (loff_t)img.interp_offset);
		if (!err && out->interp[img.interp_size - 1] != '\0')
			err = -ENOEXEC;
		out->has_interp = !err;
	}
out:
	kfree(ph);
	return err;
}

/* Build the initial stack at the top of mm; returns the user sp or -errno. */
static long build_stack(struct mm *mm, const struct exec_args *a, const struct loaded *prog,
			uintptr_t interp_base, uintptr_t entry)
{
	size_t strings = a->used + strlen(a->path) + 1;
	uintptr_t top = STACK_TOP - sizeof(void *), p, execfn, random, sp;
	unsigned long auxv[AUXV_MAX * 2], *v = auxv;
	size_t items, off = 0, nptr;
	unsigned long *vec;
	uint8_t rnd[16];
	int err;

	size_t vectors = ((size_t)(a->argc + a->envc + 3) + AUXV_MAX * 2) * sizeof(long);

	/* the arguments plus room to grow, as Linux's first stack area */
	err = vm_map_fixed(mm, STACK_TOP - ALIGN_UP(strings + vectors, PAGE_SIZE) - STACK_INITIAL,
			   STACK_TOP, VM_READ | VM_WRITE | VM_GROWSDOWN |
			   (prog->exec_stack ? VM_EXEC : 0));
	if (err)
		return err;
	/* strings: argv, envp, then the file name, just below the top word */
	execfn = top - (strlen(a->path) + 1);
	p = execfn - a->used;
	err = vm_write_kernel(mm, p, a->buf, a->used);
	mm->arg_start = p;
	mm->arg_end = p + skip_strings(a, 0, a->argc);
	if (!err)
		err = vm_write_kernel(mm, execfn, a->path, strlen(a->path) + 1);
	if (err)
		return err;
	random = ALIGN_DOWN(p, 16) - sizeof(rnd);
	get_random_bytes(rnd, sizeof(rnd));
	err = vm_write_kernel(mm, random, rnd, sizeof(rnd));
	if (err)
		return err;

#define AUX(k, val) do { *v++ = (k); *v++ = (unsigned long)(val); } while (0)
	AUX(AT_SYSINFO_EHDR, mm->vdso);
	AUX(AT_HWCAP, elf_hwcap);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, prog->phdr);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, prog->phnum);
	AUX(AT_BASE, interp_base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, entry);
	AUX(AT_UID, current_proc()->cred.uid);
	AUX(AT_EUID, current_proc()->cred.euid);
	AUX(AT_GID, current_proc()->cred.gid);
	AUX(AT_EGID, current_proc()->cred.egid);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_EXECFN, execfn);
	AUX(AT_NULL, 0);
#undef AUX

	items = (size_t)(a->argc + 1) + (size_t)(a->envc + 1) + 1;
	nptr = items + (size_t)(v - auxv);
	sp = ALIGN_DOWN(random - (v - auxv) * sizeof(long) - items * sizeof(long), 16);
	vec = kmalloc(nptr * sizeof(long), GFP_KERNEL);
	if (!vec)
		return -ENOMEM;
	vec[0] = (unsigned long)a->argc;
	for (int i = 0; i < a->argc; i++) {
		vec[1 + i] = p + off;
		off = skip_strings(a, off, 1);
	}
	vec[1 + a->argc] = 0;
	for (int i = 0; i < a->envc; i++) {
		vec[2 + a->argc + i] = p + off;
		off = skip_strings(a, off, 1);
	}
	vec[2 + a->argc + a->envc] = 0;
	memcpy(&vec[items], auxv, (size_t)(v - auxv) * sizeof(long));
	err = vm_write_kernel(mm, sp, vec, nptr * sizeof(long));
	kfree(vec);
	return err ? err : (long)sp;
}

/* Open path, following "#!" lines; leaves the ELF file open in *out. */
static int open_program(struct exec_args *a, struct file **out)
{
	char head[BINPRM_BUF_SIZE];

	for (int depth = 0; depth <= MAX_SCRIPT_DEPTH; depth++) {
		struct script_line sl;
		struct file *f;
		ssize_t n;
		int err = kernel_open_exec(a->path, &f);

		if (err)
			return err;
		err = deny_write_access(f);	/* -ETXTBSY while open for writing */
		if (err) {
			fput(f);
			return err;
		}
		n = kernel_read(f, head, sizeof(head), 0);
		if (n < 0) {
			fput(f);
			return (int)n;
		}
		if (n < 2 || head[0] != '#' || head[1] != '!') {
			*out = f;
			return 0;
		}
		fput(f);
		err = script_parse(head, (size_t)n, &sl);
		if (!err)
			err = apply_script(a, &sl);
		if (err)
			return err;
	}
	return -ELOOP;
}

/* Caught signals go back to their default action; ignored stay ignored. */
static void exec_reset_signals(struct process *p)
{
	spin_lock(&p->lock);
	for (int i = 0; i < NSIG; i++)
		if (p->sigactions[i].handler > SIG_IGN_K)
			memset(&p->sigactions[i], 0, sizeof(p->sigactions[i]));
	spin_unlock(&p->lock);
}

static const char *kbasename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int exec_program(struct exec_args *a)
{
	/* two of these hold 8 KiB of paths: not for the kernel stack */
	struct loaded *lp = kmalloc(2 * sizeof(*lp), GFP_ZERO);
	struct file *f = NULL;
	struct mm *mm;
	long sp;
	int err;

	struct loaded *prog = &lp[0], *interp = &lp[1];

	if (!lp)
		return -ENOMEM;
	err = open_program(a, &f);
	if (err) {
		kfree(lp);
		return err;
	}
	mm = mm_create();
	if (!mm) {
		fput(f);
		kfree(lp);
		return -ENOMEM;
	}
	mm->stack_limit = current_proc()->rlim[RLIMIT_STACK_K].cur;
	mm->stack_top = STACK_TOP;
	err = load_elf(mm, f, false, prog);
	if (!err && prog->has_interp) {
		struct file *fi;

		err = kernel_open_exec(prog->interp, &fi);
		if (!err) {
			/* not written while loaded; writable again after, as Linux */
			err = deny_write_access(fi);
			if (!err)
				err = load_elf(mm, fi, true, interp);
			allow_write_access(fi);	/* its mappings keep the file */
			fput(fi);
		}
	}
	if (!err)
		err = vdso_map(mm);
	if (err)
		goto fail;
	mm->brk_start = mm->brk = ALIGN_UP(prog->end, PAGE_SIZE);
	sp = build_stack(mm, a, prog, prog->has_interp ? interp->bias : 0, prog->entry);
	if (sp < 0) {
		err = (int)sp;
		goto fail;
	}
	err = proc_exec_single();
	if (err)
		goto fail;

	/* the point of no return */
	proc_set_mm(mm);
	proc_set_exe_file(f);
	files_close_on_exec(current_files());
	exec_reset_signals(current_proc());
	strlcpy(current_proc()->comm, kbasename(a->path), sizeof(current_proc()->comm));
	strlcpy(current->name, kbasename(a->path), sizeof(current->name));
	spin_lock(&proctree_lock);
	current_proc()->did_exec = true;
	spin_unlock(&proctree_lock);
	current->clear_child_tid = NULL;
	current->robust_list = 0;
	current->sas_sp = 0;		/* no alternate signal stack in the new program */
	current->sas_size = 0;
	current->sas_flags = 0;
	memset(&current->arch.fp, 0, sizeof(current->arch.fp));
	current->arch.fp_cpu = -1;
	irq_push_off();
	arch_load_user_state(current);	/* the new program starts with zeroed FP */
	irq_pop_off();
	arch_init_user_frame(user_frame(current),
			     prog->has_interp ? interp->entry : prog->entry, (uintptr_t)sp);
	kfree(lp);
	return 0;
fail:
	fput(f);
	mmput(mm);
	kfree(lp);
	return err;
}

static struct exec_args *args_alloc(void)
{
	struct exec_args *a = kmalloc(sizeof(*a), GFP_ZERO);
	struct page *pg;

	if (!a)
		return NULL;
	pg = alloc_pages(ARG_BUF_ORDER, GFP_KERNEL);
	if (!pg) {
		kfree(a);
		return NULL;
	}
	a->buf = page_address(pg);
	return a;
}

static void args_free(struct exec_args *a)
{
	free_pages(virt_to_page(a->buf), ARG_BUF_ORDER);
	kfree(a);
}

int do_execve(const char __user *path, const char *const __user *argv,
	      const char *const __user *envp)
{
	struct exec_args *a = args_alloc();
	long n;
	int err;

	if (!a)
		return -ENOMEM;
	n = strncpy_from_user(a->path, path, sizeof(a->path));
	err = n < 0 ? (int)n : 0;
	if (!err && n == 0)
		err = -ENOENT;
	if (!err)
		err = copy_user_strings(a, argv, &a->argc);
	if (!err)
		err = copy_user_strings(a, envp, &a->envc);
	if (!err)
		err = exec_program(a);
	args_free(a);
	return err;
}

int kernel_execve(const char *path, const char *const argv[], const char *const envp[])
{
	struct exec_args *a = args_alloc();
	int err = 0;

	if (!a)
		return -ENOMEM;
	strlcpy(a->path, path, sizeof(a->path));
	for (; argv && argv[a->argc] && !err; a->argc++)
		err = add_string(a, argv[a->argc], strlen(argv[a->argc]));
	for (; envp && envp[a->envc] && !err; a->envc++)
		err = add_string(a, envp[a->envc], strlen(envp[a->envc]));
	if (!err)
		err = exec_program(a);
	args_free(a);
	return err;
}
