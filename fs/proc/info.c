/*
 * The files of /proc itself, in Linux 6.1's formats: memory, cpus,
 * times, mounts, file system types, the version, and /proc/sys/kernel.
 */
#include "internal.h"
#include <kernel/cpu.h>
#include <kernel/exec.h>
#include <kernel/pid.h>
#include <kernel/time.h>
#include <kernel/utsname.h>
#include <mm/page.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <asm/memlayout.h>

#define KERNEL_VERSION	"#1 SMP"

static void show_kb(struct pbuf *pb, const char *name, unsigned long pages)
{
	pb_printf(pb, "%-16s%8lu kB\n", name, pages * (PAGE_SIZE / 1024));
}

/* /proc/meminfo: Linux's first lines; what is not kept here is 0 */
static int show_meminfo(struct pbuf *pb, struct pseudo_inode *pi)
{
	unsigned long total = pmm_total_count(), free = pmm_free_count();
	static const char *const zero[] = {
		"Buffers:", "Cached:", "SwapCached:", "Active:", "Inactive:",
		"Active(anon):", "Inactive(anon):", "Active(file):", "Inactive(file):",
		"Unevictable:", "Mlocked:", "SwapTotal:", "SwapFree:", "Dirty:", "Writeback:",
		"AnonPages:", "Mapped:", "Shmem:",
	};

	(void)pi;
	show_kb(pb, "MemTotal:", total);
	show_kb(pb, "MemFree:", free);
	show_kb(pb, "MemAvailable:", free);
	for (size_t i = 0; i < ARRAY_SIZE(zero); i++)
		show_kb(pb, zero[i], 0);
	return 0;
}

/* /proc/cpuinfo: arch/riscv/kernel/cpu.c's c_show, the isa from the hwcap letters */
static int show_cpuinfo(struct pbuf *pb, struct pseudo_inode *pi)
{
	char isa[32] = "rv64";
	size_t n = 4;

	(void)pi;
	/* canonical order of the single-letter extensions Linux prints */
	for (const char *l = "imafdqcv"; *l && n < sizeof(isa) - 1; l++)
		if (elf_hwcap & (1UL << (*l - 'a')))
			isa[n++] = *l;
	isa[n] = '\0';
	for (int i = 0; i < nr_cpus; i++) {
		if (!__atomic_load_n(&cpus[i].online, __ATOMIC_RELAXED))
			continue;
		pb_printf(pb, "processor\t: %d\nhart\t\t: %lu\nisa\t\t: %s\nmmu\t\t: sv39\n"
			  "mvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n",
			  i, cpus[i].hartid, isa);
	}
	return 0;
}

/* /proc/uptime: seconds up, and idle seconds summed over cpus (not kept: 0) */
static int show_uptime(struct pbuf *pb, struct pseudo_inode *pi)
{
	uint64_t ns = time_ns();

	(void)pi;
	pb_printf(pb, "%lu.%02lu 0.00\n", (unsigned long)(ns / NSEC_PER_SEC),
		  (unsigned long)(ns % NSEC_PER_SEC / (NSEC_PER_SEC / 100)));
	return 0;
}

static int count_procs(int *last)
{
	struct process *p;
	int n = 0;

	*last = 0;
	spin_lock(&proctree_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		n += p->nr_threads;
		if (p->pid > *last)
			*last = p->pid;
	}
	spin_unlock(&proctree_lock);
	return n;
}

/* /proc/loadavg: no load averages are kept (0.00); runnable/threads, last pid */
static int show_loadavg(struct pbuf *pb, struct pseudo_inode *pi)
{
	int last, threads = count_procs(&last);

	(void)pi;
	pb_printf(pb, "0.00 0.00 0.00 1/%d %d\n", threads, last);
	return 0;
}

/* /proc/stat: per-cpu times (not kept per cpu: 0), interrupts, processes */
static int show_stat(struct pbuf *pb, struct pseudo_inode *pi)
{
	uint64_t irqs = 0, ctxt = 0;
	int last, threads = count_procs(&last);

	(void)pi;
	pb_printf(pb, "cpu  0 0 0 0 0 0 0 0 0 0\n");
	for (int i = 0; i < nr_cpus; i++) {
		irqs += cpus[i].ticks + cpus[i].irqs;
		pb_printf(pb, "cpu%d 0 0 0 0 0 0 0 0 0 0\n", i);
	}
	pb_printf(pb, "intr %llu\nctxt %llu\nbtime %llu\nprocesses %d\nprocs_running 1\n"
		  "procs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n", (unsigned long long)irqs,
		  (unsigned long long)ctxt,
		  (unsigned long long)((time_realtime_offset() + 0) / NSEC_PER_SEC), last);
	(void)threads;
	return 0;
}

static int show_version(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	pb_printf(pb, "Linux version %s (riscv64) %s\n", UTS_RELEASE, KERNEL_VERSION);
	return 0;
}

/* ---- /proc/mounts (a link to self/mounts) and /proc/filesystems ---------------------- */

struct mounts_ctx {
	struct pbuf *pb;
	struct path root;
	char *page;
};

static int show_one_mount(struct vfsmount *mnt, void *arg)
{
	struct mounts_ctx *c = arg;
	struct path p = { mnt, mnt->mnt_root };
	char opts[256];
	char *s = d_path(&p, &c->root, c->page, PATH_MAX);

	if (IS_ERR(s))
		return 0;
	/* mounts outside the caller's root are not shown */
	if (!path_equal(&p, &c->root)) {
		struct vfsmount *m = mnt;
		bool under = false;

		while (!under) {
			if (m == c->root.mnt) {
				under = true;
				break;
			}
			if (m->mnt_parent == m)
				break;
			m = m->mnt_parent;
		}
		if (!under)
			return 0;
	}
	vfs_show_mount_options(mnt, opts, sizeof(opts));
	pb_printf(c->pb, "%s %s %s %s 0 0\n", mnt->mnt_devname, s, mnt->mnt_sb->s_type->name, opts);
	return 0;
}

int proc_show_mounts(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct mounts_ctx c = { .pb = pb };

	(void)pi;
	c.page = kmalloc(PATH_MAX, 0);
	if (!c.page)
		return -ENOMEM;
	current_root(&c.root);
	vfs_for_each_mount(show_one_mount, &c);
	path_put(&c.root);
	kfree(c.page);
	return 0;
}

static void show_one_fstype(struct file_system_type *t, void *arg)
{
	pb_printf(arg, "%s\t%s\n", (t->fs_flags & FS_REQUIRES_DEV) ? "" : "nodev", t->name);
}

static int show_filesystems(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	vfs_for_each_fstype(show_one_fstype, pb);
	return 0;
}

static int link_mounts(struct pseudo_inode *pi, char *buf, size_t size)
{
	(void)pi;
	return pseudo_link_string("self/mounts", buf, size);
}

/* ---- /proc/sys/kernel ------------------------------------------------------------------ */

static int show_ostype(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	pb_printf(pb, "Linux\n");
	return 0;
}

static int show_osrelease(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	pb_printf(pb, "%s\n", UTS_RELEASE);
	return 0;
}

static int show_hostname(struct pbuf *pb, struct pseudo_inode *pi)
{
	char name[UTS_NAME_LEN + 1];

	(void)pi;
	uts_hostname(name);
	pb_printf(pb, "%s\n", name);
	return 0;
}

static int show_domainname(struct pbuf *pb, struct pseudo_inode *pi)
{
	char name[UTS_NAME_LEN + 1];

	(void)pi;
	uts_domainname(name);
	pb_printf(pb, "%s\n", name);
	return 0;
}

static int show_pid_max(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	pb_printf(pb, "%d\n", PID_MAX);
	return 0;
}

static const struct pseudo_entry sys_kernel_entries[] = {
	{ .name = "domainname", .mode = S_IFREG | 0444, .show = show_domainname },
	{ .name = "hostname", .mode = S_IFREG | 0444, .show = show_hostname },
	{ .name = "osrelease", .mode = S_IFREG | 0444, .show = show_osrelease },
	{ .name = "ostype", .mode = S_IFREG | 0444, .show = show_ostype },
	{ .name = "pid_max", .mode = S_IFREG | 0444, .show = show_pid_max },
	{ .name = NULL },
};

static const struct pseudo_entry sys_entries[] = {
	{ .name = "kernel", .mode = S_IFDIR | 0555, .children = sys_kernel_entries },
	{ .name = NULL },
};

const struct pseudo_entry proc_root_entries[] = {
	{ .name = "cpuinfo", .mode = S_IFREG | 0444, .show = show_cpuinfo },
	{ .name = "filesystems", .mode = S_IFREG | 0444, .show = show_filesystems },
	{ .name = "loadavg", .mode = S_IFREG | 0444, .show = show_loadavg },
	{ .name = "meminfo", .mode = S_IFREG | 0444, .show = show_meminfo },
	{ .name = "mounts", .mode = S_IFLNK | 0777, .link = link_mounts },
	{ .name = "self", .mode = S_IFLNK | 0777, .link = proc_self_link },
	{ .name = "stat", .mode = S_IFREG | 0444, .show = show_stat },
	{ .name = "sys", .mode = S_IFDIR | 0555, .children = sys_entries },
	{ .name = "uptime", .mode = S_IFREG | 0444, .show = show_uptime },
	{ .name = "version", .mode = S_IFREG | 0444, .show = show_version },
	{ .name = NULL },
};
