/*
 * The root file system from a disk, as Linux's init/do_mounts.c sets it
 * up when the initramfs has no init of its own:
 *
 *	root=/dev/vda2		the device, by name (or root=254:2)
 *	rootfstype=vfat,...	the types to try (default: every type that
 *				mounts a block device, found by its super block)
 *	rootflags=...		the file system's options
 *	ro / rw			read-only (the default, as Linux) or read-write
 *
 * The device is made as /dev/root in the initramfs root and mounted on
 * /root; devtmpfs is mounted on its /dev when it has one; then the mount
 * moves over / and the calling process chroots into it, so /proc/mounts
 * shows "/dev/root / vfat ..." as on Linux.
 */
#include "internal.h"
#include <fs/blkdev.h>
#include <kernel/cmdline.h>
#include <kernel/proc.h>
#include <kernel/printk.h>
#include <lib/errno.h>
#include <lib/string.h>

#define ROOT_TYPES	8

struct type_list {
	const char *names[ROOT_TYPES];
	int n;
};

static void add_dev_type(struct file_system_type *t, void *arg)
{
	struct type_list *l = arg;

	if ((t->fs_flags & FS_REQUIRES_DEV) && l->n < ROOT_TYPES)
		l->names[l->n++] = t->name;
}

/* "/dev/NAME" or "MAJOR:MINOR" */
static struct block_device *root_device(const char *spec)
{
	unsigned long major = 0, minor = 0;
	const char *p = spec;

	if (strncmp(spec, "/dev/", 5) == 0)
		return blkdev_lookup_name(spec + 5);
	while (*p >= '0' && *p <= '9')
		major = major * 10 + (unsigned long)(*p++ - '0');
	if (p == spec || *p++ != ':' || *p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		minor = minor * 10 + (unsigned long)(*p++ - '0');
	if (*p)
		return NULL;
	return blkdev_lookup(MKDEV(major, minor));
}

static void print_blkdev(struct block_device *b, void *arg)
{
	(void)arg;
	pr_err("  %u:%u %llu KiB %s\n", MAJOR(b->dev), MINOR(b->dev),
	       (unsigned long long)(b->nr_sectors / 2), b->name);
}

/* Try each type, read-write first unless ro; Linux's mount_block_root(). */
static int mount_block_root(struct block_device *b, char *types, unsigned long flags,
			    const char *data)
{
	struct type_list all = { .n = 0 };
	char *list[ROOT_TYPES];
	int n = 0, err = -EINVAL;

	if (types[0]) {
		for (char *t = types, *comma; t && n < ROOT_TYPES; t = comma) {
			comma = strchr(t, ',');
			if (comma)
				*comma++ = '\0';
			if (*t)
				list[n++] = t;
		}
	} else {
		vfs_for_each_fstype(add_dev_type, &all);
		for (int i = 0; i < all.n; i++)
			list[n++] = (char *)all.names[i];
	}
	for (;;) {
		for (int i = 0; i < n; i++) {
			err = vfs_mount(list[i], "/dev/root", "/root", flags, data);
			if (!err) {
				pr_info("VFS: Mounted root (%s filesystem)%s on device %u:%u.\n",
					list[i], (flags & SB_RDONLY) ? " readonly" : "",
					MAJOR(b->dev), MINOR(b->dev));
				return 0;
			}
			/* not this type (or not writable): the next one */
			if (err != -EINVAL && err != -EACCES && err != -ENODEV)
				return err;
		}
		if (flags & SB_RDONLY)
			return err;
		flags |= SB_RDONLY;
	}
}

int fs_mount_root(void)
{
	char spec[64], types[64] = "", data[256];
	unsigned long flags = cmdline_has("rw") ? 0 : SB_RDONLY;
	struct block_device *b;
	struct path newroot, rootfs;
	int err;

	if (!cmdline_value("root", spec, sizeof(spec)))
		return -ENOENT;
	b = root_device(spec);
	if (!b) {
		pr_err("VFS: Cannot open root device \"%s\"\n", spec);
		pr_err("Please append a correct \"root=\" boot option; here are the available partitions:\n");
		blkdev_for_each(print_blkdev, NULL);
		return -ENXIO;
	}
	cmdline_value("rootfstype", types, sizeof(types));
	if (!cmdline_value("rootflags", data, sizeof(data)))
		data[0] = '\0';
	err = vfs_mkdirat(AT_FDCWD, "/dev", 0755);
	if (!err || err == -EEXIST) {
		vfs_unlinkat(AT_FDCWD, "/dev/root", 0);
		err = vfs_mknodat(AT_FDCWD, "/dev/root", S_IFBLK | 0600, b->dev);
	}
	if (!err || err == -EEXIST)
		err = vfs_mkdirat(AT_FDCWD, "/root", 0700);
	if (err && err != -EEXIST)
		return err;
	err = mount_block_root(b, types, flags, data[0] ? data : NULL);
	if (err) {
		pr_err("VFS: Unable to mount root fs on %s (%d)\n", spec, err);
		return err;
	}
	/* as Linux with CONFIG_DEVTMPFS_MOUNT */
	if (vfs_mount("devtmpfs", "devtmpfs", "/root/dev", 0, NULL) == 0)
		pr_info("devtmpfs: mounted\n");
	err = vfs_chdir("/root");
	if (err)
		return err;
	fs_get_pwd(current_fs(), &newroot);
	fs_get_root(current_fs(), &rootfs);
	err = vfs_move_mount(&newroot, &rootfs);
	path_put(&rootfs);
	path_put(&newroot);
	return err ? err : vfs_chroot(".");
}
