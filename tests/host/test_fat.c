/*
 * Host tests for FAT32 (fs/fat/) through the VFS: reading an image that
 * mkfs.vfat and mcopy made, writing, unlink of open files, mounting
 * twice, times, modes, statfs, remounting, bad images, I/O errors, links,
 * and a seeded stress run checked against a model and then by fsck.fat
 * -n (names, directories and rename are test_fat_names.c's). Every test
 * works on its own copy of the image (fat.mk builds base.img) mounted on
 * a new directory.
 */
/* POSIX, not the C library's defaults: its dev_t and loff_t differ from ours */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs_test_util.h"
#include <uapi/linux/dirent.h>
#include "fat_stubs.h"
#include "../../fs/fat/fat_internal.h"

#include "fat_test_util.h"

static void test_read_image(void **state)
{
	struct disk d;
	char mp[32], buf[64], *numbers;
	struct kstat st;
	struct listing *l;
	size_t len = 0;

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	assert_content(at(mp, "hello.txt"), "hello, fat\n", 11);
	assert_content(at(mp, "README.TXT"), "upper\n", 6);
	assert_content(at(mp, "dir/sub/A long file name.text"), "deep\n", 5);
	assert_content(at(mp, ".hidden"), "dot\n", 4);
	assert_content(at(mp, "caf\303\251.txt"), "caf\303\251\n", 6);
	assert_content(at(mp, "empty"), "", 0);
	/* names match ignoring ASCII case, as on Linux's vfat */
	assert_content(at(mp, "HELLO.TXT"), "hello, fat\n", 11);
	assert_content(at(mp, "Dir/SUB/a LONG file name.TEXT"), "deep\n", 5);
	assert_content(at(mp, "readme.txt"), "upper\n", 6);
	assert_int_equal(read_path(at(mp, "CAF\303\211.txt"), buf, sizeof(buf), 0), -ENOENT);

	numbers = malloc(200000);
	for (int i = 1; i <= 30000; i++)
		len += (size_t)sprintf(numbers + len, "%d\n", i);
	assert_content(at(mp, "dir/numbers.txt"), numbers, len);
	free(numbers);

	assert_int_equal(stat_path(at(mp, "hello.txt"), &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0755);
	assert_int_equal(st.nlink, 1);
	assert_int_equal(st.size, 11);
	assert_int_equal(st.mtime.sec % 2, 0);
	assert_true(st.mtime.sec > 1234567890 - 14 * 3600 && st.mtime.sec < 1234567890 + 14 * 3600);
	assert_int_equal(stat_path(at(mp, "dir"), &st), 0);
	assert_int_equal(st.mode, S_IFDIR | 0755);
	assert_int_equal(st.nlink, 3);		/* ., its entry, sub/.. */
	assert_int_equal(stat_path(mp, &st), 0);
	assert_int_equal(st.ino, FAT_ROOT_INO);
	assert_int_equal(st.nlink, 4);		/* dir and empty_dir */

	l = list_dir(mp);
	assert_int_equal(l->n, 9);
	assert_int_equal(listed(l, "."), 1);
	assert_int_equal(listed(l, ".."), 1);
	assert_int_equal(listed(l, "hello.txt"), 1);
	assert_int_equal(listed(l, "README.TXT"), 1);
	assert_int_equal(listed(l, "dir"), 1);
	assert_int_equal(listed(l, "empty_dir"), 1);
	assert_int_equal(listed(l, "empty"), 1);
	assert_int_equal(listed(l, ".hidden"), 1);
	assert_int_equal(listed(l, "caf\303\251.txt"), 1);
	for (int i = 0; i < l->n; i++) {
		if (strcmp(l->names[i], "dir") == 0) {
			assert_int_equal(l->types[i], DT_DIR);
			assert_int_equal(stat_path(at(mp, "dir"), &st), 0);
			assert_int_equal(l->inos[i], st.ino);
		}
	}
	free(l);
	l = list_dir(at(mp, "dir/sub"));
	assert_int_equal(l->n, 3);
	assert_int_equal(listed(l, "A long file name.text"), 1);
	free(l);
	umount_path(mp);
	disk_done(&d, true);
}

static void test_write_read(void **state)
{
	struct disk d;
	char mp[32], *buf = malloc(300000), *want = malloc(300000);
	uint64_t free0, free1;
	struct kstat st;

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	free0 = free_clusters(mp);
	for (int i = 0; i < 300000; i++)
		want[i] = (char)(i * 7 + i / 511);
	assert_int_equal(write_at(at(mp, "f"), want, 10000, 0), 0);
	assert_content(at(mp, "f"), want, 10000);
	free1 = free_clusters(mp);
	assert_int_equal(free0 - free1, 20);		/* 10000 bytes in 512-byte clusters */
	assert_int_equal(stat_path(at(mp, "f"), &st), 0);
	assert_int_equal(st.blocks, 20);

	/* a write past the end: the hole reads as zeros */
	assert_int_equal(write_at(at(mp, "f"), want + 100000, 1000, 100000), 0);
	memcpy(buf, want, 10000);
	memset(buf + 10000, 0, 90000);
	memcpy(buf + 100000, want + 100000, 1000);
	assert_content(at(mp, "f"), buf, 101000);

	/* truncation down, then up: the tail is zeros again */
	assert_int_equal(vfs_truncate(at(mp, "f"), 5000), 0);
	assert_content(at(mp, "f"), want, 5000);
	assert_int_equal(free0 - free_clusters(mp), 10);
	assert_int_equal(vfs_truncate(at(mp, "f"), 20000), 0);
	memset(buf + 5000, 0, 15000);
	assert_content(at(mp, "f"), buf, 20000);
	/* rewrite the middle, append */
	assert_int_equal(write_at(at(mp, "f"), want, 3000, 7001), 0);
	memcpy(buf + 7001, want, 3000);
	assert_content(at(mp, "f"), buf, 20000);
	{
		struct file *f = vfs_openat(AT_FDCWD, at(mp, "f"), O_WRONLY | O_APPEND, 0);

		assert_false(IS_ERR(f));
		assert_int_equal(kernel_write(f, "tail", 4, 0), 4);
		fput(f);
	}
	memcpy(buf + 20000, "tail", 4);
	assert_content(at(mp, "f"), buf, 20004);
	assert_int_equal(vfs_truncate(at(mp, "f"), 0), 0);
	assert_int_equal(free_clusters(mp), free0);

	/* a large file, remounted */
	assert_int_equal(write_at(at(mp, "dir/big"), want, 300000, 0), 0);
	assert_int_equal(blkdev_sync(d.b), 0);
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	assert_content(at(mp, "dir/big"), want, 300000);
	assert_content(at(mp, "f"), "", 0);
	free(buf);
	free(want);
	disk_done(&d, true);
}

static void test_unlink_open(void **state)
{
	struct disk d;
	char mp[32], buf[5000], data[5000];
	struct file *f;
	uint64_t free0;

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	free0 = free_clusters(mp);
	memset(data, 'z', sizeof(data));
	assert_int_equal(write_path(at(mp, "gone"), data, sizeof(data)), 0);
	f = vfs_openat(AT_FDCWD, at(mp, "gone"), O_RDWR, 0);
	assert_false(IS_ERR(f));
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "gone"), 0), 0);
	assert_int_equal(open_err(at(mp, "gone"), O_RDONLY), -ENOENT);
	/* the name can be used again at once */
	assert_int_equal(write_path(at(mp, "gone"), "new", 3), 0);
	assert_int_equal(kernel_write(f, "abc", 3, 5000), 3);
	assert_int_equal(kernel_read(f, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	assert_memory_equal(buf, data, sizeof(data));
	assert_true(free_clusters(mp) < free0 - 10);
	fput(f);
	assert_content(at(mp, "gone"), "new", 3);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "gone"), 0), 0);
	assert_int_equal(free_clusters(mp), free0);
	disk_done(&d, true);
}

/* A device mounted twice is one file system, as on Linux; never two. */
static void test_mount_twice(void **state)
{
	char mp1[32], mp2[32], dev[32];
	struct disk d;

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp1, sizeof(mp1)), 0);
	assert_int_equal(mount_disk(&d, mp2, sizeof(mp2)), 0);
	assert_int_equal(write_path(at(mp1, "both"), "seen", 4), 0);
	assert_content(at(mp2, "both"), "seen", 4);
	/* read-only while it is mounted read-write: busy */
	snprintf(dev, sizeof(dev), "/dev/%s", d.name);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/ro", 0755), 0);
	assert_int_equal(vfs_mount("vfat", dev, "/ro", SB_RDONLY, NULL), -EBUSY);
	umount_path(mp1);
	assert_content(at(mp2, "both"), "seen", 4);
	umount_path(mp2);
	/* the last unmount let the device go: it mounts again */
	assert_int_equal(vfs_mount("vfat", dev, "/ro", SB_RDONLY, NULL), 0);
	assert_content("/ro/both", "seen", 4);
	assert_int_equal(open_err("/ro/new", O_CREAT | O_WRONLY), -EROFS);
	umount_path("/ro");
	disk_done(&d, true);
}

static void test_times_modes(void **state)
{
	struct disk d;
	char mp[32];
	struct kstat st;
	struct fs_time t[2] = { { 1600000000, 5 }, { 1600000001, 999999999 } };

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	assert_int_equal(touch(at(mp, "t")), 0);
	assert_int_equal(vfs_utimensat(AT_FDCWD, at(mp, "t"), t, 0), 0);
	assert_int_equal(stat_path(at(mp, "t"), &st), 0);
	assert_int_equal(st.mtime.sec, 1600000000);	/* 2-second units */
	assert_int_equal(st.mtime.nsec, 0);
	assert_int_equal(st.atime.sec, 1600000000 - 1600000000 % 86400);	/* a date */
	/* before 1980 is 1980 */
	t[1].sec = 100;
	assert_int_equal(vfs_utimensat(AT_FDCWD, at(mp, "t"), t, 0), 0);
	assert_int_equal(stat_path(at(mp, "t"), &st), 0);
	assert_int_equal(st.mtime.sec, 315532800);

	/* a file without write bits is read-only; other mode changes are ignored */
	assert_int_equal(vfs_chmodat(AT_FDCWD, at(mp, "t"), 0555), 0);
	assert_int_equal(stat_path(at(mp, "t"), &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0555);
	assert_int_equal(vfs_chmodat(AT_FDCWD, at(mp, "hello.txt"), 0644), 0);
	assert_int_equal(stat_path(at(mp, "hello.txt"), &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0755);
	assert_int_equal(vfs_chmodat(AT_FDCWD, at(mp, "hello.txt"), 04755), -EPERM);
	assert_int_equal(vfs_chownat(AT_FDCWD, at(mp, "hello.txt"), 1000, (uint32_t)-1, 0), -EPERM);
	assert_int_equal(vfs_chownat(AT_FDCWD, at(mp, "hello.txt"), 0, 0, 0), 0);

	assert_int_equal(blkdev_sync(d.b), 0);
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	assert_int_equal(stat_path(at(mp, "t"), &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0555);
	assert_int_equal(st.mtime.sec, 315532800);
	assert_int_equal(st.atime.sec, 1600000000 - 1600000000 % 86400);
	assert_int_equal(vfs_chmodat(AT_FDCWD, at(mp, "t"), 0777), 0);
	assert_int_equal(stat_path(at(mp, "t"), &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0755);
	disk_done(&d, true);
}

static void test_bad_images(void **state)
{
	struct disk d;
	char mp[32];
	static uint8_t zeros[1 << 20];
	struct block_device *b;

	(void)state;
	b = host_disk_mem("zeros", zeros, sizeof(zeros));
	assert_int_equal(fat_probe(b), -EINVAL);
	assert_int_equal(mount_disk(&(struct disk){ .name = "zeros" }, mp, sizeof(mp)), -EINVAL);
	host_disk_close(b);
	/* as Linux: a node of a device that is gone, no node, not a block device */
	assert_int_equal(mount_disk(&(struct disk){ .name = "zeros" }, mp, sizeof(mp)), -ENXIO);
	assert_int_equal(mount_disk(&(struct disk){ .name = "nodisk" }, mp, sizeof(mp)), -ENOENT);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/chr", S_IFCHR | 0600, MKDEV(1, 3)), 0);
	assert_int_equal(mount_disk(&(struct disk){ .name = "chr" }, mp, sizeof(mp)), -ENOTBLK);

	/* a truncated image: the boot sector says more than the disk holds */
	disk_copy(&d, "base.img");
	assert_int_equal(fat_probe(d.b), 0);
	assert_int_equal(truncate(d.path, 20 << 20), 0);
	host_disk_close(d.b);
	d.b = host_disk_file(d.name, d.path);
	assert_int_equal(fat_probe(d.b), -EINVAL);
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), -EINVAL);
	disk_done(&d, false);
}

static void test_io_errors(void **state)
{
	struct disk d;
	char mp[32], buf[64];
	int failures = 0;

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	/* every operation, with the disk failing after n more I/Os */
	for (long n = 0; n < 40; n++) {
		char name[32];
		int err;

		snprintf(name, sizeof(name), "err%ld", n);
		host_disk_fail_after = n;
		err = write_path(at(mp, name), "data", 4);
		if (!err)
			err = (int)read_path(at(mp, "dir/numbers.txt"), buf, sizeof(buf), 0);
		failures += err < 0;
		if (err < 0)
			assert_true(err == -EIO || err == -ENOENT);
		host_disk_fail_after = -1;
	}
	assert_true(failures > 0);
	assert_int_equal(host_buf_busy(), 0);
	disk_done(&d, false);
}

static void test_links(void **state)
{
	struct disk d;
	char mp[32], buf[64];
	struct kstat st, st2;
	struct listing *l;
	uint64_t free0;
	loff_t dirs0;

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	free0 = free_clusters(mp);
	assert_int_equal(stat_path(mp, &st), 0);
	assert_int_equal(stat_path(at(mp, "dir"), &st2), 0);
	dirs0 = st.size + st2.size;
	assert_int_equal(write_path(at(mp, "a"), "shared data", 11), 0);
	assert_int_equal(vfs_linkat(AT_FDCWD, at(mp, "a"), AT_FDCWD, at(mp, "b"), 0), 0);
	assert_int_equal(vfs_linkat(AT_FDCWD, at(mp, "a"), AT_FDCWD, at(mp, "dir/c"), 0), 0);
	assert_int_equal(vfs_linkat(AT_FDCWD, at(mp, "a"), AT_FDCWD, at(mp, "b"), 0), -EEXIST);
	assert_int_equal(vfs_linkat(AT_FDCWD, at(mp, "dir"), AT_FDCWD, at(mp, "dl"), 0), -EPERM);
	assert_int_equal(stat_path(at(mp, "b"), &st), 0);
	assert_int_equal(stat_path(at(mp, "a"), &st2), 0);
	assert_int_equal(st.nlink, 3);
	assert_int_equal(st.ino, st2.ino);
	assert_int_equal(write_at(at(mp, "b"), "SHARED", 6, 0), 0);
	assert_content(at(mp, "dir/c"), "SHARED data", 11);
	/* the file's own name goes: the others keep it */
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "a"), 0), 0);
	assert_int_equal(stat_path(at(mp, "b"), &st), 0);
	assert_int_equal(st.nlink, 2);
	assert_content(at(mp, "b"), "SHARED data", 11);

	/* symlinks */
	assert_int_equal(vfs_symlinkat("hello.txt", AT_FDCWD, at(mp, "sym")), 0);
	assert_int_equal(vfs_symlinkat("../b", AT_FDCWD, at(mp, "dir/up")), 0);
	assert_int_equal(vfs_readlinkat(AT_FDCWD, at(mp, "sym"), buf, sizeof(buf)), 9);
	assert_memory_equal(buf, "hello.txt", 9);
	assert_int_equal(lstat_path(at(mp, "sym"), &st), 0);
	assert_int_equal(st.mode, S_IFLNK | 0777);
	assert_int_equal(st.size, 9);
	assert_content(at(mp, "sym"), "hello, fat\n", 11);
	assert_content(at(mp, "dir/up"), "SHARED data", 11);
	assert_int_equal(vfs_linkat(AT_FDCWD, at(mp, "sym"), AT_FDCWD, at(mp, "sym2"), 0), 0);

	/* all of it survives a remount; the table stays hidden */
	assert_int_equal(blkdev_sync(d.b), 0);
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	assert_int_equal(stat_path(at(mp, "b"), &st), 0);
	assert_int_equal(stat_path(at(mp, "dir/c"), &st2), 0);
	assert_int_equal(st.nlink, 2);
	assert_int_equal(st.ino, st2.ino);
	assert_content(at(mp, "dir/c"), "SHARED data", 11);
	assert_int_equal(lstat_path(at(mp, "sym2"), &st), 0);
	assert_int_equal(st.mode, S_IFLNK | 0777);
	assert_int_equal(st.nlink, 2);
	assert_content(at(mp, "sym2"), "hello, fat\n", 11);
	assert_content(at(mp, "dir/up"), "SHARED data", 11);
	l = list_dir(mp);
	assert_int_equal(listed(l, "FATLINKS.TAB"), 0);
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->names[i], "sym") == 0)
			assert_int_equal(l->types[i], DT_LNK);
	free(l);
	/* renaming names of linked files */
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "b"), AT_FDCWD, at(mp, "dir/b2"), 0), 0);
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "dir/c"), AT_FDCWD, at(mp, "c3"), 0), 0);
	assert_int_equal(write_path(at(mp, "victim"), "v", 1), 0);
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "c3"), AT_FDCWD, at(mp, "victim"), 0), 0);
	assert_content(at(mp, "victim"), "SHARED data", 11);
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "sym"), AT_FDCWD, at(mp, "dir/sym"), 0), 0);
	assert_int_equal(blkdev_sync(d.b), 0);
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	assert_int_equal(stat_path(at(mp, "dir/b2"), &st), 0);
	assert_int_equal(stat_path(at(mp, "victim"), &st2), 0);
	assert_int_equal(st.nlink, 2);
	assert_int_equal(st.ino, st2.ino);
	assert_int_equal(vfs_readlinkat(AT_FDCWD, at(mp, "dir/sym"), buf, sizeof(buf)), 9);
	assert_int_equal(lstat_path(at(mp, "sym2"), &st), 0);
	assert_int_equal(st.nlink, 2);
	/* removing every name frees the data */
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "dir/b2"), 0), 0);
	assert_int_equal(stat_path(at(mp, "victim"), &st), 0);
	assert_int_equal(st.nlink, 1);
	assert_content(at(mp, "victim"), "SHARED data", 11);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "victim"), 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "dir/sym"), 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "sym2"), 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "dir/up"), 0), 0);
	/* what stays: the table file (empty: one cluster) and the directories' growth */
	assert_int_equal(stat_path(mp, &st), 0);
	assert_int_equal(stat_path(at(mp, "dir"), &st2), 0);
	assert_int_equal(free0 - free_clusters(mp), 1 + (st.size + st2.size - dirs0) / 512);
	umount_path(mp);
	disk_done(&d, true);
}

/* A seeded run of random operations, checked against a model, then by fsck. */
#define NFILES	120
static void test_stress_fsck(void **state)
{
	struct disk d;
	char mp[32], name[160], name2[160];
	static char data[NFILES][20000];
	static size_t size[NFILES];
	static bool exists[NFILES];
	static int where[NFILES];
	char *buf = malloc(40000);
	unsigned int seed = 12345;
	const char *dirs[] = { "", "s1/", "s1/s2/", "s3/" };

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "s1"), 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "s1/s2"), 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "s3"), 0755), 0);
	for (int step = 0; step < 3000; step++) {
		int i = rand_r(&seed) % NFILES, op = rand_r(&seed) % 10;
		char rel[64];

		snprintf(rel, sizeof(rel), "%sStress file number %d.dat", dirs[where[i]], i);
		snprintf(name, sizeof(name), "%s/%s", mp, rel);
		if (!exists[i] || op < 4) {
			size_t pos = exists[i] ? (size_t)rand_r(&seed) % (size[i] + 1) : 0;
			size_t len = (size_t)rand_r(&seed) % 3000;

			if (pos + len > sizeof(data[i]))
				len = sizeof(data[i]) - pos;
			for (size_t k = 0; k < len; k++)
				data[i][pos + k] = (char)rand_r(&seed);
			assert_int_equal(write_at(name, data[i] + pos, len, (loff_t)pos), 0);
			if (pos + len > size[i])
				size[i] = pos + len;
			exists[i] = true;
		} else if (op < 5) {
			size_t len = (size_t)rand_r(&seed) % sizeof(data[i]);

			assert_int_equal(vfs_truncate(name, (loff_t)len), 0);
			if (len > size[i])
				memset(data[i] + size[i], 0, len - size[i]);
			size[i] = len;
		} else if (op < 7) {
			int to = rand_r(&seed) % 4;

			snprintf(name2, sizeof(name2), "%s/%sStress file number %d.dat", mp, dirs[to], i);
			assert_int_equal(vfs_renameat2(AT_FDCWD, name, AT_FDCWD, name2, 0), 0);
			where[i] = to;
		} else if (op < 8) {
			assert_int_equal(vfs_unlinkat(AT_FDCWD, name, 0), 0);
			exists[i] = false;
			size[i] = 0;
		} else {
			assert_int_equal(read_path(name, buf, 40000, 0), (ssize_t)size[i]);
			assert_memory_equal(buf, data[i], size[i]);
		}
		if (step % 500 == 0)
			assert_int_equal(blkdev_sync(d.b), 0);
	}
	assert_int_equal(blkdev_sync(d.b), 0);
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	for (int i = 0; i < NFILES; i++) {
		snprintf(name, sizeof(name), "%s/%sStress file number %d.dat", mp, dirs[where[i]], i);
		if (!exists[i]) {
			assert_int_equal(read_path(name, buf, 40000, 0), -ENOENT);
			continue;
		}
		assert_int_equal(read_path(name, buf, 40000, 0), (ssize_t)size[i]);
		assert_memory_equal(buf, data[i], size[i]);
	}
	free(buf);
	umount_path(mp);
	disk_done(&d, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_image),
		cmocka_unit_test(test_write_read),
		cmocka_unit_test(test_unlink_open),
		cmocka_unit_test(test_mount_twice),
		cmocka_unit_test(test_times_modes),
		cmocka_unit_test(test_bad_images),
		cmocka_unit_test(test_io_errors),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_stress_fsck),
	};

	return cmocka_run_group_tests(tests, setup, fs_test_teardown);
}
