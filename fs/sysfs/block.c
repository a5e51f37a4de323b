/*
 * Block devices in sysfs, as Linux 6.1 shows them (block/genhd.c,
 * block/partitions/core.c, drivers/base/core.c's dev and uevent).
 *
 * Each disk is a directory of its attributes with one subdirectory per
 * partition. Linux puts a disk under the device it hangs off (virtio:
 * /sys/devices/platform/ADDR.virtio_mmio/virtioN/block/vda); the block
 * layer here does not know the transport a disk came from, so every
 * disk sits where Linux puts disks without a parent device (loop, ram,
 * zram): /sys/devices/virtual/block/DISK. /sys/block, /sys/class/block
 * and /sys/dev/block are symlinks into it, as on Linux.
 *
 * An inode's id is its device number; block devices are never
 * unregistered, so a struct block_device found once stays valid.
 */
#include "internal.h"
#include <fs/blkdev.h>
#include <lib/errno.h>
#include <lib/printf.h>
#include <lib/string.h>

#define DISK_MAX_PARTS	256	/* Linux's: what ext_range says of a disk with partitions */

/* ---- finding devices ------------------------------------------------------ */

enum bdev_set { BDEV_DISKS, BDEV_ALL, BDEV_PARTS_OF };

struct bdev_nth {
	enum bdev_set set;
	dev_t disk;			/* BDEV_PARTS_OF: of this disk */
	long want, seen;
	struct block_device *found;
};

static void bdev_nth_one(struct block_device *b, void *arg)
{
	struct bdev_nth *n = arg;
	bool in;

	switch (n->set) {
	case BDEV_DISKS:
		in = b->disk == b;
		break;
	case BDEV_PARTS_OF:
		in = b->disk != b && b->disk->dev == n->disk;
		break;
	default:
		in = true;
		break;
	}
	if (in && !n->found && n->seen++ == n->want)
		n->found = b;
}

/* The index'th (from 0) registered device of the set, in registry order; NULL past the last. */
static struct block_device *bdev_nth(enum bdev_set set, dev_t disk, long index)
{
	struct bdev_nth n = { .set = set, .disk = disk, .want = index };

	blkdev_for_each(bdev_nth_one, &n);
	return n.found;
}

static struct block_device *pi_bdev(struct pseudo_inode *pi)
{
	return blkdev_lookup((dev_t)pi->id);
}

/* ---- attributes ---------------------------------------------------------------- */

static int show_dev(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct block_device *b = pi_bdev(pi);

	if (!b)
		return -ENODEV;
	pb_printf(pb, "%u:%u\n", MAJOR(b->dev), MINOR(b->dev));
	return 0;
}

static int show_size(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct block_device *b = pi_bdev(pi);

	if (!b)
		return -ENODEV;
	pb_printf(pb, "%llu\n", (unsigned long long)b->nr_sectors);
	return 0;
}

/* a partition is read-only when it or its disk is (bdev_read_only) */
static int show_ro(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct block_device *b = pi_bdev(pi);

	if (!b)
		return -ENODEV;
	pb_printf(pb, "%d\n", b->read_only || b->disk->read_only ? 1 : 0);
	return 0;
}

static int show_zero(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	pb_printf(pb, "0\n");
	return 0;
}

static int show_range(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	pb_printf(pb, "%d\n", DISK_MINORS);
	return 0;
}

static int show_ext_range(struct pbuf *pb, struct pseudo_inode *pi)
{
	(void)pi;
	pb_printf(pb, "%d\n", DISK_MAX_PARTS);
	return 0;
}

static int show_partition(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct block_device *b = pi_bdev(pi);

	if (!b)
		return -ENODEV;
	pb_printf(pb, "%u\n", b->partno);
	return 0;
}

static int show_start(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct block_device *b = pi_bdev(pi);

	if (!b)
		return -ENODEV;
	pb_printf(pb, "%llu\n", (unsigned long long)b->start);
	return 0;
}

/* dev_uevent's variables, then part_uevent's */
static int show_uevent(struct pbuf *pb, struct pseudo_inode *pi)
{
	struct block_device *b = pi_bdev(pi);

	if (!b)
		return -ENODEV;
	pb_printf(pb, "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\nDEVTYPE=%s\n", MAJOR(b->dev),
		  MINOR(b->dev), b->name, b->disk == b ? "disk" : "partition");
	if (b->disk != b)
		pb_printf(pb, "PARTN=%u\n", b->partno);
	return 0;
}

/* ---- directories ------------------------------------------------------------------ */

static const struct pseudo_entry part_entries[] = {
	SYSFS_ATTR("dev", show_dev),
	SYSFS_ATTR("partition", show_partition),
	SYSFS_ATTR("ro", show_ro),
	SYSFS_ATTR("size", show_size),
	SYSFS_ATTR("start", show_start),
	SYSFS_ATTR("uevent", show_uevent),
	{ .name = NULL },
};

static const struct pseudo_entry part_dir = SYSFS_DIR("part", .children = part_entries);

/* a disk's partitions */
static bool parts_child(struct pseudo_inode *dir, long index, struct pseudo_child *out)
{
	struct block_device *b = bdev_nth(BDEV_PARTS_OF, (dev_t)dir->id, index);

	if (!b)
		return false;
	strlcpy(out->name, b->name, sizeof(out->name));
	out->entry = &part_dir;
	out->id = b->dev;
	return true;
}

static const struct pseudo_entry disk_entries[] = {
	SYSFS_ATTR("dev", show_dev),
	SYSFS_ATTR("ext_range", show_ext_range),
	SYSFS_ATTR("hidden", show_zero),
	SYSFS_ATTR("range", show_range),
	SYSFS_ATTR("removable", show_zero),
	SYSFS_ATTR("ro", show_ro),
	SYSFS_ATTR("size", show_size),
	SYSFS_ATTR("uevent", show_uevent),
	{ .name = NULL },
};

static const struct pseudo_entry disk_dir = SYSFS_DIR("disk", .children = disk_entries,
						      .child = parts_child);

bool sysfs_disks_child(struct pseudo_inode *dir, long index, struct pseudo_child *out)
{
	struct block_device *b = bdev_nth(BDEV_DISKS, 0, index);

	(void)dir;
	if (!b)
		return false;
	strlcpy(out->name, b->name, sizeof(out->name));
	out->entry = &disk_dir;
	out->id = b->dev;
	return true;
}

/* ---- links into /sys/devices ----------------------------------------------------------- */

/* The device's directory from a directory up levels below /sys. */
static int bdev_link(struct pseudo_inode *pi, const char *up, char *buf, size_t size)
{
	struct block_device *b = pi_bdev(pi);
	char target[96];

	if (!b)
		return -ENOENT;
	if (b->disk == b)
		snprintf(target, sizeof(target), "%sdevices/virtual/block/%s", up, b->name);
	else
		snprintf(target, sizeof(target), "%sdevices/virtual/block/%s/%s", up,
			 b->disk->name, b->name);
	return pseudo_link_string(target, buf, size);
}

static int link_up1(struct pseudo_inode *pi, char *buf, size_t size)
{
	return bdev_link(pi, "../", buf, size);
}

static int link_up2(struct pseudo_inode *pi, char *buf, size_t size)
{
	return bdev_link(pi, "../../", buf, size);
}

static const struct pseudo_entry link1 = SYSFS_LINK("link", link_up1);
static const struct pseudo_entry link2 = SYSFS_LINK("link", link_up2);

/* One link per device of set, named by name ("%s" the name, else "maj:min"). */
static bool links_child(enum bdev_set set, bool by_number, const struct pseudo_entry *link,
			long index, struct pseudo_child *out)
{
	struct block_device *b = bdev_nth(set, 0, index);

	if (!b)
		return false;
	if (by_number)
		snprintf(out->name, sizeof(out->name), "%u:%u", MAJOR(b->dev), MINOR(b->dev));
	else
		strlcpy(out->name, b->name, sizeof(out->name));
	out->entry = link;
	out->id = b->dev;
	return true;
}

bool sysfs_block_child(struct pseudo_inode *dir, long index, struct pseudo_child *out)
{
	(void)dir;
	return links_child(BDEV_DISKS, false, &link1, index, out);
}

bool sysfs_class_block_child(struct pseudo_inode *dir, long index, struct pseudo_child *out)
{
	(void)dir;
	return links_child(BDEV_ALL, false, &link2, index, out);
}

bool sysfs_dev_block_child(struct pseudo_inode *dir, long index, struct pseudo_child *out)
{
	(void)dir;
	return links_child(BDEV_ALL, true, &link2, index, out);
}
