/*
 * sysfs internals. The tree is Linux 6.1's as far as this kernel has the
 * objects: cpus and block devices. Like proc it is made of tables of
 * entries (fs/pseudo.h) made into inodes at lookup; an inode's id is the
 * cpu or device number its directory is about. Attribute files hold one
 * value, are 0444 with st_size PAGE_SIZE, and refuse to open for writing
 * (-EACCES, as kernfs does for an attribute without a store method).
 */
#ifndef FS_SYSFS_INTERNAL_H
#define FS_SYSFS_INTERNAL_H

#include "../pseudo.h"
#include <fs/pseudofs.h>
#include <asm/memlayout.h>

#define SYSFS_ATTR(n, fn)						\
	{ .name = (n), .mode = S_IFREG | 0444, .show = (fn),		\
	  .no_write_open = true, .size = PAGE_SIZE }
#define SYSFS_DIR(n, ...)	{ .name = (n), .mode = S_IFDIR | 0755, __VA_ARGS__ }
#define SYSFS_LINK(n, fn)	{ .name = (n), .mode = S_IFLNK | 0777, .link = (fn) }

/* fs/sysfs/block.c: the generated entries (struct pseudo_entry's child) of */
bool sysfs_block_child(struct pseudo_inode *dir, long index, struct pseudo_child *out);
							/* /sys/block */
bool sysfs_class_block_child(struct pseudo_inode *dir, long index, struct pseudo_child *out);
							/* /sys/class/block */
bool sysfs_dev_block_child(struct pseudo_inode *dir, long index, struct pseudo_child *out);
							/* /sys/dev/block */
bool sysfs_disks_child(struct pseudo_inode *dir, long index, struct pseudo_child *out);
							/* /sys/devices/virtual/block */

#endif
