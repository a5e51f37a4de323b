/*
 * /proc/PID and /proc/self: what a process is, in Linux 6.1's formats
 * (fs/proc/array.c, task_mmu.c, base.c). A process is found by pid
 * under proctree_lock each time; what is read of it is copied out under
 * its locks (its memory, files and fs_struct are referenced under
 * p->lock, which exit and exec take to change them).
 */
#include "internal.h"
#include <drivers/tty.h>
#include <fs/fdtable.h>
#include <kernel/thread.h>
#include <kernel/time.h>
#include <mm/vm.h>
#include <mm/uaccess.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <asm/memlayout.h>

#define USER_HZ		100
#define NSEC_PER_TICK	(NSEC_PER_SEC / USER_HZ)

bool proc_pid_exists(int pid)
{
	bool found;

	spin_lock(&proctree_lock);
	found = proc_find(pid) != NULL;
	spin_unlock(&proctree_lock);
	return found;
}

int proc_next_pids(int from, int *out, int n)
{
	struct process *p;
	int got = 0;

	/* the n smallest pids >= from, by insertion */
	spin_lock(&proctree_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		int i;

		if (p->pid < from || (got == n && p->pid >= out[n - 1]))
			continue;
		i = got < n ? got++ : n - 1;
		while (i > 0 && out[i - 1] > p->pid) {
			out[i] = out[i - 1];
			i--;
		}
		out[i] = p->pid;
	}
	spin_unlock(&proctree_lock);
	return got;
}

/* What is read of a process, copied under its locks. */
struct proc_snap {
	int pid, ppid, pgid, sid, nr_threads, exit_signal;
	unsigned int tty_nr;
	int tpgid;
	char state;
	char comm[16];
	struct cred_ids {
		uint32_t uid, euid, suid, fsuid, gid, egid, sgid, fsgid;
	} ids;
	uint64_t utime, stime, cutime, cstime;
	struct mm *mm;			/* grabbed, or NULL */
	struct files_struct *files;	/* referenced, or NULL */
	struct fs_struct *fs;		/* referenced, or NULL */
	struct file *exe;		/* referenced, or NULL */
};

static int snap_take(int pid, struct proc_snap *s, bool want_files)
{
	struct process *p;
	struct thread *t;

	memset(s, 0, sizeof(*s));
	spin_lock(&proctree_lock);
	p = proc_find(pid);
	if (!p) {
		spin_unlock(&proctree_lock);
		return -ESRCH;
	}
	s->pid = p->pid;
	s->ppid = p->parent && p->parent != p ? p->parent->pid : 0;
	s->pgid = p->pgid;
	s->sid = p->sid;
	tty_proc_stat_locked(p, &s->tty_nr, &s->tpgid);
	s->exit_signal = p->exit_signal;
	s->state = p->state == PROC_ZOMBIE ? 'Z' : 'S';
	spin_lock(&p->lock);
	memcpy(s->comm, p->comm, sizeof(s->comm));
	s->comm[sizeof(s->comm) - 1] = '\0';
	s->ids = (struct cred_ids){ p->cred.uid, p->cred.euid, p->cred.suid, p->cred.fsuid,
				    p->cred.gid, p->cred.egid, p->cred.sgid, p->cred.fsgid };
	s->nr_threads = p->nr_threads;
	s->cutime = p->child_utime;
	s->cstime = p->child_stime;
	list_for_each_entry(t, &p->threads, proc_node) {
		if (t->state == THREAD_RUNNABLE)
			s->state = 'R';
		if (!s->mm && t->mm) {
			s->mm = t->mm;
			mmgrab(s->mm);
		}
	}
	if (p->stopped && s->state != 'Z')
		s->state = 'T';
	if (want_files && p->files) {
		s->files = p->files;
		files_get(s->files);
	}
	if (want_files && p->fs) {
		s->fs = p->fs;
		fs_struct_get(s->fs);
	}
	if (want_files && p->exe_file)
		s->exe = get_file(p->exe_file);
	spin_unlock(&p->lock);
	spin_unlock(&proctree_lock);
	/* cpu times take the locks themselves */
	spin_lock(&proctree_lock);
	p = proc_find(pid);
	if (p)
		proc_cputime(p, &s->utime, &s->stime);
	spin_unlock(&proctree_lock);
	return 0;
}

static void snap_drop(struct proc_snap *s)
{
	if (s->mm)
		mmdrop(s->mm);
	if (s->files)
		files_put(s->files);
	if (s->fs)
		fs_struct_put(s->fs);
	if (s->exe)
		fput(s->exe);
}

/* Sizes of an address space, in pages, under its lock. */
struct mm_sizes {
	unsigned long total, rss, data, stack, exec;
	uintptr_t start_brk, brk, stack_top, arg_start, arg_end;
};

static void mm_sizes(struct mm *mm, struct mm_sizes *z)
{
	struct vm_area *a;

	memset(z, 0, sizeof(*z));
	if (!mm)
		return;
	mutex_lock(&mm->lock);
	list_for_each_entry(a, &mm->areas, node) {
		unsigned long pages = (a->end - a->start) / PAGE_SIZE;

		z->total += pages;
		if (a->flags & VM_GROWSDOWN)
			z->stack += pages;
		else if ((a->flags & VM_EXEC) && !(a->flags & VM_WRITE))
			z->exec += pages;
		else if ((a->flags & VM_WRITE) && !(a->flags & VM_SHARED))
			z->data += pages;
	}
	z->rss = mm->rss;
	z->start_brk = mm->brk_start;
	z->brk = mm->brk;
	z->stack_top = mm->stack_top;
	z->arg_start = mm->arg_start;
	z->arg_end = mm->arg_end;
	mutex_unlock(&mm->lock);
}

static unsigned long ticks(uint64_t ns)
{
	return (unsigned long)(ns / NSEC_PER_TICK);
}

/* /proc/PID/stat: Linux's do_task_stat, 52 fields */
static int show_stat(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct proc_snap s;
	struct mm_sizes z;
	int err = snap_take(pi->id, &s, false);

	if (err)
		return err;
	mm_sizes(s.mm, &z);
	pb_printf(pb, "%d (%s) %c %d %d %d %u %d %u 0 0 0 0 %lu %lu %lu %lu 20 0 %d 0 0 %lu %lu "
		  "%llu 0 0 %lu 0 0 0 0 0 0 0 0 0 %d 0 0 0 0 0 0 0 %lu 0 %lu %lu 0 0 %d\n",
		  s.pid, s.comm, s.state, s.ppid, s.pgid, s.sid, s.tty_nr, s.tpgid,
		  0x400000u /* PF_RANDOMIZE */,
		  ticks(s.utime), ticks(s.stime), ticks(s.cutime), ticks(s.cstime),
		  s.nr_threads, z.total * PAGE_SIZE, z.rss,
		  0xffffffffffffffffULL /* rsslim */, s.mm ? z.stack_top : 0, s.exit_signal,
		  s.mm ? z.start_brk : 0, s.mm ? z.arg_start : 0, s.mm ? z.arg_end : 0, 0);
	snap_drop(&s);
	return 0;
}

static const char *state_name(char state)
{
	switch (state) {
	case 'R': return "R (running)";
	case 'Z': return "Z (zombie)";
	case 'T': return "T (stopped)";
	default: return "S (sleeping)";
	}
}

/* /proc/PID/status: the leading part of Linux's proc_pid_status */
static int show_status(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct proc_snap s;
	struct mm_sizes z;
	int err = snap_take(pi->id, &s, true);

	if (err)
		return err;
	mm_sizes(s.mm, &z);
	pb_printf(pb, "Name:\t%s\n", s.comm);
	if (s.fs)
		pb_printf(pb, "Umask:\t%04o\n", s.fs->umask);
	pb_printf(pb, "State:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		  state_name(s.state), s.pid, s.pid, s.ppid);
	pb_printf(pb, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n",
		  s.ids.uid, s.ids.euid, s.ids.suid, s.ids.fsuid,
		  s.ids.gid, s.ids.egid, s.ids.sgid, s.ids.fsgid);
	pb_printf(pb, "FDSize:\t%u\nGroups:\t\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		  s.files ? files_limit(s.files) : 0, s.pid, s.pid, s.pgid, s.sid);
	if (s.mm) {
		unsigned long kb = PAGE_SIZE / 1024;

		pb_printf(pb, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmPin:\t%8lu kB\n"
			  "VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n", z.total * kb, z.total * kb, 0UL, 0UL,
			  z.rss * kb, z.rss * kb);
		pb_printf(pb, "VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\nVmLib:\t%8lu kB\n"
			  "VmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\n", z.data * kb, z.stack * kb,
			  z.exec * kb, 0UL, 0UL, 0UL);
	}
	pb_printf(pb, "Threads:\t%d\n", s.nr_threads);
	snap_drop(&s);
	return 0;
}

/* /proc/PID/statm: size resident shared text lib data dt, in pages */
static int show_statm(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct proc_snap s;
	struct mm_sizes z;
	int err = snap_take(pi->id, &s, false);

	if (err)
		return err;
	mm_sizes(s.mm, &z);
	pb_printf(pb, "%lu %lu %lu %lu 0 %lu 0\n", z.total, z.rss, 0UL, z.exec,
		  z.data + z.stack);
	snap_drop(&s);
	return 0;
}

static int show_comm(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct proc_snap s;
	int err = snap_take(pi->id, &s, false);

	if (err)
		return err;
	pb_printf(pb, "%s\n", s.comm);
	snap_drop(&s);
	return 0;
}

/*
 * /proc/PID/cmdline: the argv strings, each with its NUL, read from the
 * process's memory between arg_start and arg_end (Linux's
 * get_mm_cmdline, without its setproctitle case: strings rewritten past
 * arg_end are not followed). A zombie has no memory and shows none.
 */
static int show_cmdline(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct proc_snap s;
	struct mm_sizes z;
	int err = snap_take(pi->id, &s, false);

	if (err)
		return err;
	mm_sizes(s.mm, &z);
	if (s.mm && z.arg_end > z.arg_start) {
		size_t n = MIN(z.arg_end - z.arg_start, (uintptr_t)PAGE_SIZE * 32);

		if (pb->len + n > pb->cap)
			pb->overflow = true;
		else if (copy_from_mm(s.mm, pb->buf + pb->len, z.arg_start, n) == 0)
			pb->len += n;
	}
	snap_drop(&s);
	return 0;
}

/* The path of p as the caller sees it, into buf; its length or -Exxx. */
static int path_link(const struct path *p, char *buf, size_t size)
{
	struct dentry *d = p->dentry;
	char *page = kmalloc(PATH_MAX, 0), *s;
	struct path root;
	int n;

	if (!page)
		return -ENOMEM;
	if (is_anon_inode(d_inode(d))) {
		n = snprintf(page, PATH_MAX, "%s", d->d_name);	/* "anon_inode:[eventfd]" */
		s = page;
	} else if (d->d_parent == d && d != p->mnt->mnt_root) {
		/* an anonymous file (a pipe): "pipe:[ino]" */
		n = snprintf(page, PATH_MAX, "%s[%lu]", d->d_name,
			     (unsigned long)d_inode(d)->i_ino);
		s = page;
	} else {
		current_root(&root);
		s = d_path(p, &root, page, PATH_MAX);
		path_put(&root);
		if (IS_ERR(s)) {
			kfree(page);
			return (int)PTR_ERR(s);
		}
		n = (int)strlen(s);
	}
	n = MIN(n, (int)size);
	memcpy(buf, s, (size_t)n);
	kfree(page);
	return n;
}

/* /proc/PID/maps: Linux's show_map_vma (files by path; anonymous memory: heap, stack, shared) */
static int show_maps(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct proc_snap s;
	struct vm_area *a;
	int err = snap_take(pi->id, &s, false);

	if (err)
		return err;
	if (s.mm) {
		mutex_lock(&s.mm->lock);
		list_for_each_entry(a, &s.mm->areas, node) {
			size_t start = pb->len;
			const char *name = NULL;
			struct inode *ino = a->file ? a->file->f_inode : NULL;
			dev_t dev = ino ? ino->i_sb->s_dev : 0;

			pb_printf(pb, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
				  (unsigned long)a->start,
				  (unsigned long)a->end, (a->flags & VM_READ) ? 'r' : '-',
				  (a->flags & VM_WRITE) ? 'w' : '-', (a->flags & VM_EXEC) ? 'x' : '-',
				  (a->flags & VM_SHARED) && !a->name ? 's' : 'p',
				  (a->file || a->shared) ? a->pgoff * PAGE_SIZE : 0UL,
				  MAJOR(dev), MINOR(dev), ino ? (unsigned long)ino->i_ino : 0UL);
			if (a->file) {
				char *buf = kmalloc(PATH_MAX, 0);
				int n = buf ? path_link(&a->file->f_path, buf, PATH_MAX) : -ENOMEM;

				while (pb->len - start < 72 && !pb->overflow)
					pb_write(pb, " ", 1);
				if (n > 0)
					pb_write(pb, buf, (size_t)n);
				kfree(buf);
			} else if (a->name)
				name = a->name;
			else if (a->start <= s.mm->brk && a->end >= s.mm->brk_start &&
			    !(a->flags & VM_GROWSDOWN) && s.mm->brk > s.mm->brk_start)
				name = "[heap]";
			else if (a->flags & VM_GROWSDOWN)
				name = "[stack]";
			else if (a->flags & VM_SHARED)
				name = "/dev/zero (deleted)";
			if (name) {
				/* pad to Linux's column: 25 + 6 * sizeof(void *) - 1 */
				while (pb->len - start < 72 && !pb->overflow)
					pb_write(pb, " ", 1);
				pb_printf(pb, "%s", name);
			}
			pb_write(pb, "\n", 1);
		}
		mutex_unlock(&s.mm->lock);
	}
	snap_drop(&s);
	return 0;
}


static int link_cwd(struct pseudo_inode *pi, char *buf, size_t size)
{
	struct proc_snap s;
	struct path p;
	int err = snap_take(pi->id, &s, true);

	if (err)
		return err;
	err = -ENOENT;
	if (s.fs) {
		fs_get_pwd(s.fs, &p);
		err = path_link(&p, buf, size);
		path_put(&p);
	}
	snap_drop(&s);
	return err;
}

static int link_root(struct pseudo_inode *pi, char *buf, size_t size)
{
	struct proc_snap s;
	struct path p;
	int err = snap_take(pi->id, &s, true);

	if (err)
		return err;
	err = -ENOENT;
	if (s.fs) {
		fs_get_root(s.fs, &p);
		err = path_link(&p, buf, size);
		path_put(&p);
	}
	snap_drop(&s);
	return err;
}

/* /proc/PID/exe: the program its last exec loaded (a script's interpreter) */
static int link_exe(struct pseudo_inode *pi, char *buf, size_t size)
{
	struct proc_snap s;
	int err = snap_take(pi->id, &s, true);

	if (err)
		return err;
	err = s.exe ? path_link(&s.exe->f_path, buf, size) : -ENOENT;
	snap_drop(&s);
	return err;
}

static int link_fd(struct pseudo_inode *pi, char *buf, size_t size)
{
	struct proc_snap s;
	struct file *f;
	int err = snap_take(pi->id, &s, true);

	if (err)
		return err;
	err = -ENOENT;
	f = s.files ? files_fd_get(s.files, (unsigned int)pi->sub) : NULL;
	if (f) {
		err = path_link(&f->f_path, buf, size);
		fput(f);
	}
	snap_drop(&s);
	return err;
}

/* The open file of /proc/PID/fd/N itself: where a walk through the link goes. */
static int path_fd(struct pseudo_inode *pi, struct path *out)
{
	struct proc_snap s;
	struct file *f;
	int err = snap_take(pi->id, &s, true);

	if (err)
		return err;
	err = -ENOENT;
	f = s.files ? files_fd_get(s.files, (unsigned int)pi->sub) : NULL;
	if (f) {
		*out = f->f_path;
		path_get(out);
		fput(f);
		err = 0;
	}
	snap_drop(&s);
	return err;
}

/* ---- /proc/PID/fd ------------------------------------------------------------- */

static const struct pseudo_entry fd_link_entry = {
	.name = "fd", .mode = S_IFLNK | 0700, .link = link_fd, .path = path_fd,
};

static int fd_lookup(struct inode *dir, struct dentry *d)
{
	struct pseudo_inode *pi = PSEUDO_I(dir);
	struct proc_snap s;
	struct file *f = NULL;
	unsigned int fd = 0;
	int err;

	if (d->d_len == 0 || d->d_len > 9 || (d->d_name[0] == '0' && d->d_len > 1))
		return 0;
	for (size_t i = 0; i < d->d_len; i++) {
		if (d->d_name[i] < '0' || d->d_name[i] > '9')
			return 0;
		fd = fd * 10 + (unsigned int)(d->d_name[i] - '0');
	}
	err = snap_take(pi->id, &s, true);
	if (err)
		return 0;
	if (s.files)
		f = files_fd_get(s.files, fd);
	snap_drop(&s);
	if (!f)
		return 0;
	fput(f);
	return pseudo_instantiate(d, &fd_link_entry, pi->id, (int)fd);
}

static int fd_iterate(struct file *file, struct dir_context *ctx)
{
	struct proc_snap s;
	unsigned int limit;

	if (!dir_emit_dots(file, ctx))
		return 0;
	if (snap_take(PSEUDO_I(file->f_inode)->id, &s, true))
		return 0;
	limit = s.files ? files_limit(s.files) : 0;
	for (unsigned int fd = (unsigned int)(ctx->pos - 2); ctx->pos >= 2 && fd < limit; fd++) {
		struct file *f = files_fd_get(s.files, fd);
		char name[12];
		int len;

		if (!f)
			continue;
		fput(f);
		len = snprintf(name, sizeof(name), "%u", fd);
		ctx->pos = fd + 2;
		if (!dir_emit(ctx, name, (size_t)len, fd + 1024, DT_LNK))
			break;
		ctx->pos = fd + 3;
	}
	snap_drop(&s);
	return 0;
}

static const struct inode_operations fd_dir_iops = {
	.lookup = fd_lookup,
};

static const struct file_operations fd_dir_fops = {
	.read = generic_read_dir,
	.llseek = dir_llseek,
	.iterate = fd_iterate,
};

/* ---- the directory ------------------------------------------------------------------ */

static const struct pseudo_entry pid_entries[] = {
	{ .name = "cmdline", .mode = S_IFREG | 0444, .show = show_cmdline },
	{ .name = "comm", .mode = S_IFREG | 0644, .show = show_comm },
	{ .name = "cwd", .mode = S_IFLNK | 0777, .link = link_cwd },
	{ .name = "exe", .mode = S_IFLNK | 0777, .link = link_exe },
	{ .name = "fd", .mode = S_IFDIR | 0500, .iops = &fd_dir_iops, .fops = &fd_dir_fops },
	{ .name = "maps", .mode = S_IFREG | 0444, .show = show_maps },
	{ .name = "mounts", .mode = S_IFREG | 0444, .show = proc_show_mounts },
	{ .name = "root", .mode = S_IFLNK | 0777, .link = link_root },
	{ .name = "stat", .mode = S_IFREG | 0444, .show = show_stat },
	{ .name = "statm", .mode = S_IFREG | 0444, .show = show_statm },
	{ .name = "status", .mode = S_IFREG | 0444, .show = show_status },
	{ .name = NULL },
};

const struct pseudo_entry proc_pid_entry = {
	.name = "pid", .mode = S_IFDIR | 0555, .children = pid_entries,
};

int proc_self_link(struct pseudo_inode *pi, char *buf, size_t size)
{
	char s[12];
	int n = snprintf(s, sizeof(s), "%d", fs_cred_pid());

	(void)pi;
	if (fs_cred_pid() == 0)
		return -ENOENT;
	n = MIN(n, (int)size);
	memcpy(buf, s, (size_t)n);
	return n;
}

