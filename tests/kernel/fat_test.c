/*
 * FAT32 self-tests.
 *
 *   "fat"      (in selftest=all) a 4 MiB FAT32 volume made here in a RAM
 *              disk, mounted through the real block cache: files written,
 *              read, renamed, linked, removed, the volume unmounted and
 *              mounted again, and everything checked.
 *   "fat_vda"  (by name) mounts /dev/vda as vfat on /mnt and reads
 *              /hello.txt, which must say "hello, fat\n": a disk made by
 *              tools/mkfat.sh from a directory holding that file (see
 *              docs/fat.md).
 */
#include "test_util.h"
#include <fs/fat.h>
#include <fs/blkdev.h>
#include <fs/fs.h>
#include <fs/vfs.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <mm/kmalloc.h>

#define RAM_SECTORS	8192		/* 4 MiB */
#define RAM_MAJOR	1		/* Linux's RAM disks */
#define FAT_RESERVED	32
#define FAT_LEN		64		/* sectors per FAT: 8192 entries */

static uint8_t *ram;

static int ram_submit(struct block_device *disk, struct bio *bio)
{
	uint8_t *p = ram + bio->sector * SECTOR_SIZE;

	(void)disk;
	if (bio->op == BIO_READ)
		memcpy(bio->buf, p, bio->len);
	else if (bio->op == BIO_WRITE)
		memcpy(p, bio->buf, bio->len);
	bio->status = 0;
	bio->end_io(bio);
	return 0;
}

static const struct block_device_ops ram_ops = { .submit = ram_submit };
static struct block_device ram_disk = {
	.name = "fatram",
	.dev = MKDEV(RAM_MAJOR, 0),
	.nr_sectors = RAM_SECTORS,
	.disk = &ram_disk,
	.ops = &ram_ops,
	.logical_block_size = SECTOR_SIZE,
};

static void put16(uint8_t *b, unsigned int off, uint32_t v)
{
	b[off] = (uint8_t)v;
	b[off + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *b, unsigned int off, uint32_t v)
{
	put16(b, off, v);
	put16(b, off + 2, v >> 16);
}

/* What mkfs.vfat -F 32 -s 1 would write, in short: BPB, FSInfo, FATs, empty root. */
static void format(void)
{
	uint8_t *b = ram;
	uint32_t clusters = RAM_SECTORS - FAT_RESERVED - 2 * FAT_LEN;

	memset(ram, 0, (size_t)RAM_SECTORS * SECTOR_SIZE);
	b[0] = 0xEB;
	b[1] = 0x58;
	b[2] = 0x90;
	memcpy(b + 3, "mkfs.fat", 8);
	put16(b, 11, SECTOR_SIZE);
	b[13] = 1;				/* sectors per cluster */
	put16(b, 14, FAT_RESERVED);
	b[16] = 2;				/* FATs */
	b[21] = 0xF8;				/* media */
	put32(b, 32, RAM_SECTORS);
	put32(b, 36, FAT_LEN);
	put32(b, 44, 2);			/* root cluster */
	put16(b, 48, 1);			/* FSInfo */
	put16(b, 50, 6);			/* backup boot sector */
	b[66] = 0x29;
	memcpy(b + 71, "SELFTEST   FAT32   ", 19);
	b[510] = 0x55;
	b[511] = 0xAA;
	b = ram + SECTOR_SIZE;			/* FSInfo */
	put32(b, 0, 0x41615252);
	put32(b, 484, 0x61417272);
	put32(b, 488, clusters - 1);		/* the root has one */
	put32(b, 492, 3);
	put32(b, 508, 0xAA550000);
	for (int f = 0; f < 2; f++) {
		b = ram + (FAT_RESERVED + f * FAT_LEN) * SECTOR_SIZE;
		put32(b, 0, 0x0FFFFFF8);
		put32(b, 4, 0x0FFFFFFF);
		put32(b, 8, 0x0FFFFFFF);	/* the root directory */
	}
}

static int write_file(const char *path, const void *data, size_t len)
{
	struct file *f = kernel_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = kernel_write(f, data, len, 0);
	fput(f);
	return n == (ssize_t)len ? 0 : -EIO;
}

/* 0 if path holds exactly len bytes equal to want. */
static int check_file(const char *path, const void *want, size_t len, void *buf)
{
	struct file *f = kernel_open(path, O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = kernel_read(f, buf, len + 1, 0);
	fput(f);
	return n == (ssize_t)len && memcmp(buf, want, len) == 0 ? 0 : -EIO;
}

/* A block node at path (mounts name devices by path, as on Linux). */
static int dev_node(const char *path, dev_t dev)
{
	int err;

	vfs_mkdirat(AT_FDCWD, "/dev", 0755);
	err = vfs_mknodat(AT_FDCWD, path, S_IFBLK | 0600, dev);
	return err == -EEXIST ? 0 : err;
}

static int umount_path(const char *path)
{
	struct path p;
	int err = vfs_path_lookup(AT_FDCWD, path, LOOKUP_FOLLOW, &p);

	return err ? err : vfs_umount(&p);
}

static int fat_ram_test(void)
{
	size_t big = 300000;
	char *data = kmalloc(big, 0), *buf = kmalloc(big + 1, 0);
	struct kstat st, st2;
	char target[16];

	CHECK(data && buf);
	vfs_init();	/* self-tests run before init: the root may not be there yet */
	ram = kmalloc((size_t)RAM_SECTORS * SECTOR_SIZE, 0);
	CHECK(ram);
	format();
	CHECK(blkdev_add(&ram_disk) == 0);
	CHECK(dev_node("/dev/fatram", ram_disk.dev) == 0);
	CHECK(fat_probe(&ram_disk) == 0);
	fat_init();	/* boot may have registered it already: then -EBUSY, ignored */
	CHECK(vfs_mkdirat(AT_FDCWD, "/fattest", 0755) == 0);
	CHECK(vfs_mount("vfat", "/dev/fatram", "/fattest", 0, NULL) == 0);

	for (size_t i = 0; i < big; i++)
		data[i] = (char)(i * 13 + i / 4093);
	CHECK(write_file("/fattest/A file with a long name.bin", data, big) == 0);
	CHECK(vfs_mkdirat(AT_FDCWD, "/fattest/dir", 0755) == 0);
	CHECK(write_file("/fattest/dir/small.txt", "small\n", 6) == 0);
	CHECK(vfs_renameat2(AT_FDCWD, "/fattest/dir/small.txt", AT_FDCWD, "/fattest/moved.txt", 0) == 0);
	CHECK(vfs_linkat(AT_FDCWD, "/fattest/moved.txt", AT_FDCWD, "/fattest/dir/link", 0) == 0);
	CHECK(vfs_symlinkat("moved.txt", AT_FDCWD, "/fattest/sym") == 0);
	CHECK(write_file("/fattest/gone", "x", 1) == 0);
	CHECK(vfs_unlinkat(AT_FDCWD, "/fattest/gone", 0) == 0);
	CHECK(vfs_unlinkat(AT_FDCWD, "/fattest/dir", AT_REMOVEDIR) == -ENOTEMPTY);
	CHECK(check_file("/fattest/A file with a long name.bin", data, big, buf) == 0);

	/* everything again after an unmount and a mount */
	CHECK(umount_path("/fattest") == 0);
	CHECK(vfs_mount("vfat", "/dev/fatram", "/fattest", 0, NULL) == 0);
	CHECK(check_file("/fattest/A file with a long name.bin", data, big, buf) == 0);
	CHECK(check_file("/fattest/moved.txt", "small\n", 6, buf) == 0);
	CHECK(check_file("/fattest/dir/link", "small\n", 6, buf) == 0);
	CHECK(check_file("/fattest/sym", "small\n", 6, buf) == 0);
	CHECK(vfs_readlinkat(AT_FDCWD, "/fattest/sym", target, sizeof(target)) == 9);
	CHECK(vfs_statat(AT_FDCWD, "/fattest/moved.txt", 0, &st) == 0);
	CHECK(vfs_statat(AT_FDCWD, "/fattest/dir/link", 0, &st2) == 0);
	CHECK(st.ino == st2.ino && st.nlink == 2 && st.mode == (S_IFREG | 0755));
	CHECK(vfs_statat(AT_FDCWD, "/fattest/gone", 0, &st) == -ENOENT);
	CHECK(umount_path("/fattest") == 0);
	CHECK(vfs_unlinkat(AT_FDCWD, "/fattest", AT_REMOVEDIR) == 0);
	/* leave no cached blocks behind for later tests to find in their memory counts */
	CHECK(blkdev_sync(&ram_disk) == 0);
	bcache_invalidate(&ram_disk);
	kfree(data);
	kfree(buf);
	kmalloc_shrink();
	return 0;
}
SELFTEST("fat", fat_ram_test);

static int fat_vda_test(void)
{
	char buf[32];
	struct block_device *b = blkdev_lookup_name("vda");

	CHECK(b);
	CHECK(fat_probe(b) == 0);
	vfs_init();
	fat_init();
	vfs_mkdirat(AT_FDCWD, "/mnt", 0755);
	CHECK(dev_node("/dev/vda", b->dev) == 0);
	CHECK(vfs_mount("vfat", "/dev/vda", "/mnt", 0, NULL) == 0);
	CHECK(check_file("/mnt/hello.txt", "hello, fat\n", 11, buf) == 0);
	CHECK(umount_path("/mnt") == 0);
	return 0;
}
SELFTEST_BY_NAME("fat_vda", fat_vda_test);
