/*
 * FAT32 ("vfat"): the interface to the rest of the kernel.
 *
 * fat_init() registers the type "vfat"; mounting it takes a block device
 * node as the source ("/dev/vda1"). fat_probe() tells whether a device
 * holds a FAT32 file system. See docs/fat.md.
 */
#ifndef FS_FAT_H
#define FS_FAT_H

struct block_device;

#define MSDOS_SUPER_MAGIC	0x4d44	/* statfs f_type, as Linux's */

/* Register the file system type "vfat" with the VFS. */
void fat_init(void);
/* 0 if b holds a FAT32 file system; -EINVAL if not, -EIO if unreadable. */
int fat_probe(struct block_device *b);

#endif
