/*
 * sysfs: the kernel's objects as directories of one-value files, in
 * Linux 6.1's layout and formats (drivers/base/cpu.c, block/genhd.c):
 *
 *   /sys/devices/system/cpu/{online,possible,present,offline,kernel_max}
 *   /sys/devices/system/cpu/cpuN/online
 *   /sys/devices/virtual/block/DISK/{dev,size,ro,...}, DISK/PART/...
 *   /sys/block/DISK, /sys/class/block/NAME, /sys/dev/block/MAJ:MIN
 *                    symlinks into /sys/devices (fs/sysfs/block.c)
 *   /sys/fs, /sys/kernel  empty
 *
 * Nothing is stored: what a file says is read from the kernel at open.
 */
#include "internal.h"
#include <kernel/cpu.h>
#include <lib/errno.h>
#include <lib/printf.h>

/* ---- /sys/devices/system/cpu ------------------------------------------------ */

static bool cpu_online(int i)
{
	return __atomic_load_n(&cpus[i].online, __ATOMIC_RELAXED);
}

static bool cpu_offline(int i)
{
	return !cpu_online(i);
}

static bool cpu_any(int i)
{
	(void)i;
	return true;
}

/* The cpus (of nr_cpus) in the set as Linux's "%*pbl": "0-3", "0,2-3"; then a newline. */
static void show_cpu_list(struct pbuf *pb, bool (*in)(int cpu))
{
	bool first = true;

	for (int i = 0; i < nr_cpus; i++) {
		int j = i;

		if (!in(i))
			continue;
		while (j + 1 < nr_cpus && in(j + 1))
			j++;
		pb_printf(pb, first ? "%d" : ",%d", i);
		if (j > i)
			pb_printf(pb, "-%d", j);
		first = false;
		i = j;
	}
	pb_write(pb, "\n", 1);
}

static int show_online(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	show_cpu_list(pb, cpu_online);
	return 0;
}

static int show_offline(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	show_cpu_list(pb, cpu_offline);
	return 0;
}

/* every cpu the kernel found is possible and present (no hotplug) */
static int show_possible(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	show_cpu_list(pb, cpu_any);
	return 0;
}

static int show_kernel_max(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	pb_printf(pb, "%d\n", NR_CPUS - 1);
	return 0;
}

/* cpuN/online */
static int show_cpu_online(struct pbuf *pb, struct pseudo_inode *pi)
{
	pb_printf(pb, "%d\n", cpu_online((int)pi->id) ? 1 : 0);
	return 0;
}

static const struct pseudo_entry cpu_entries[] = {
	SYSFS_ATTR("online", show_cpu_online),
	{ .name = NULL },
};

static const struct pseudo_entry cpu_dir = SYSFS_DIR("cpu", .children = cpu_entries);

static bool cpus_child(struct pseudo_inode *dir, long index, struct pseudo_child *out)
{
	(void)dir;
	if (index >= nr_cpus)
		return false;
	snprintf(out->name, sizeof(out->name), "cpu%ld", index);
	out->entry = &cpu_dir;
	out->id = index;
	return true;
}

static const struct pseudo_entry system_cpu_entries[] = {
	SYSFS_ATTR("kernel_max", show_kernel_max),
	SYSFS_ATTR("offline", show_offline),
	SYSFS_ATTR("online", show_online),
	SYSFS_ATTR("possible", show_possible),
	SYSFS_ATTR("present", show_possible),
	{ .name = NULL },
};

/* ---- the tree ----------------------------------------------------------------------- */

static const struct pseudo_entry devices_system_entries[] = {
	SYSFS_DIR("cpu", .children = system_cpu_entries, .child = cpus_child),
	{ .name = NULL },
};

static const struct pseudo_entry devices_virtual_entries[] = {
	SYSFS_DIR("block", .child = sysfs_disks_child),
	{ .name = NULL },
};

static const struct pseudo_entry devices_entries[] = {
	SYSFS_DIR("system", .children = devices_system_entries),
	SYSFS_DIR("virtual", .children = devices_virtual_entries),
	{ .name = NULL },
};

static const struct pseudo_entry class_entries[] = {
	SYSFS_DIR("block", .child = sysfs_class_block_child),
	{ .name = NULL },
};

static const struct pseudo_entry dev_entries[] = {
	SYSFS_DIR("block", .child = sysfs_dev_block_child),
	{ .name = NULL },
};

static const struct pseudo_entry root_entries[] = {
	SYSFS_DIR("block", .child = sysfs_block_child),
	SYSFS_DIR("class", .children = class_entries),
	SYSFS_DIR("dev", .children = dev_entries),
	SYSFS_DIR("devices", .children = devices_entries),
	SYSFS_DIR("fs"),
	SYSFS_DIR("kernel"),
	{ .name = NULL },
};

/* as Linux's: the root is read-only even for its owner */
static const struct pseudo_entry sysfs_root = {
	.name = "/", .mode = S_IFDIR | 0555, .children = root_entries,
};

static int sysfs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	(void)source;
	(void)data;
	return pseudo_fill_super(sb, SYSFS_MAGIC, &sysfs_root);
}

static struct file_system_type sysfs_type = {
	.name = "sysfs",
	.fill_super = sysfs_fill_super,
};

void sysfs_init(void)
{
	register_filesystem(&sysfs_type);
}
