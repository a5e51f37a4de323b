/*
 * Host tests for FAT32 names through the VFS: long names, short-name
 * tails, replaced characters, case, UTF-8, directories (mkdir, rmdir,
 * listings, "..", link counts) and rename, each on its own copy of
 * base.img, checked by fsck.fat -n.
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

static void test_names(void **state)
{
	struct disk d;
	char mp[32], name[64];
	struct fat_slot_info si;
	struct kstat st;
	struct listing *l;

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "n"), 0755), 0);

	/* an upper-case 8.3 name needs no long name */
	assert_int_equal(touch(at(mp, "n/UPPER.TXT")), 0);
	short_entry(at(mp, "n"), "UPPER.TXT", &si);
	assert_int_equal(si.nr_slots, 1);
	assert_memory_equal(si.de.name, "UPPER   TXT", 11);
	/* lower or mixed case keeps its case in a long name */
	assert_int_equal(touch(at(mp, "n/lower.txt")), 0);
	short_entry(at(mp, "n"), "lower.txt", &si);
	assert_int_equal(si.nr_slots, 2);
	assert_memory_equal(si.de.name, "LOWER   TXT", 11);
	/* long names get ~N tails, then hexadecimal ones */
	for (int i = 1; i <= 12; i++) {
		snprintf(name, sizeof(name), "n/Long File Name %d.html", i);
		assert_int_equal(touch(at(mp, name)), 0);
		short_entry(at(mp, "n"), name + 2, &si);
		assert_int_equal(si.nr_slots, 1 + DIV_ROUND_UP(strlen(name + 2), 13));
		if (i <= 9) {
			char want[24];

			snprintf(want, sizeof(want), "LONGFI~%dHTM", i);
			assert_memory_equal(si.de.name, want, 11);
		} else {
			assert_memory_equal(si.de.name, "LO", 2);
			assert_int_equal(si.de.name[6], '~');
			assert_memory_equal(si.de.name + 8, "HTM", 3);
		}
	}
	/* replaced characters and dot files */
	assert_int_equal(touch(at(mp, "n/a+b[1].txt")), 0);
	short_entry(at(mp, "n"), "a+b[1].txt", &si);
	assert_memory_equal(si.de.name, "A_B_1_~1TXT", 11);
	assert_int_equal(touch(at(mp, "n/.profile")), 0);
	short_entry(at(mp, "n"), ".profile", &si);
	assert_memory_equal(si.de.name, "PROFIL~1   ", 11);
	/* a name differing only in case from an existing one is that one */
	assert_int_equal(touch(at(mp, "n/Lower.txt")), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "n/UPPER.txt"), 0755), -EEXIST);
	/* a miss cached under one case does not name what is made under another */
	assert_int_equal(stat_path(at(mp, "n/newname"), &st), -ENOENT);
	assert_int_equal(touch(at(mp, "n/NewName")), 0);
	assert_int_equal(stat_path(at(mp, "n/NEWNAME"), &st), 0);
	/* names Windows cannot hold */
	assert_int_equal(touch(at(mp, "n/a:b")), -EINVAL);
	assert_int_equal(touch(at(mp, "n/a*")), -EINVAL);
	assert_int_equal(touch(at(mp, "n/trailing ")), -EINVAL);
	/* trailing dots go */
	assert_int_equal(touch(at(mp, "n/dots...")), 0);
	assert_int_equal(stat_path(at(mp, "n/dots"), &st), 0);
	/* 255-byte names, and UTF-8 */
	memset(name, 'x', sizeof(name));
	{
		char longname[300];

		strcpy(longname, "n/");
		memset(longname + 2, 'q', 255);
		longname[257] = 0;
		assert_int_equal(write_path(at(mp, longname), "L", 1), 0);
		assert_content(at(mp, longname), "L", 1);
	}
	assert_int_equal(write_path(at(mp, "n/\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80"), "u", 1), 0);
	assert_int_equal(touch(at(mp, "n/bad\xff")), -EINVAL);

	assert_int_equal(blkdev_sync(d.b), 0);
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	l = list_dir(at(mp, "n"));
	assert_int_equal(l->n, 2 + 2 + 12 + 2 + 1 + 1 + 1 + 1);
	assert_int_equal(listed(l, "NewName"), 1);
	assert_int_equal(listed(l, "UPPER.TXT"), 1);
	assert_int_equal(listed(l, "lower.txt"), 1);
	assert_int_equal(listed(l, "Long File Name 12.html"), 1);
	assert_int_equal(listed(l, ".profile"), 1);
	assert_int_equal(listed(l, "dots"), 1);
	assert_int_equal(listed(l, "\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80"), 1);
	free(l);
	assert_content(at(mp, "n/\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80"), "u", 1);
	disk_done(&d, true);
}

static void test_dirs(void **state)
{
	struct disk d;
	char mp[32], name[64];
	struct kstat st;
	struct listing *l;
	uint64_t free0;

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	free0 = free_clusters(mp);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "a"), 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "a/b"), 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "a/b/c"), 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "a"), 0755), -EEXIST);
	assert_int_equal(stat_path(at(mp, "a"), &st), 0);
	assert_int_equal(st.nlink, 3);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "a"), AT_REMOVEDIR), -ENOTEMPTY);
	assert_int_equal(touch(at(mp, "a/b/c/file")), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "a/b/c"), AT_REMOVEDIR), -ENOTEMPTY);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "a/b/c/file"), 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "a/b/c"), AT_REMOVEDIR), 0);
	assert_int_equal(stat_path(at(mp, "a/b"), &st), 0);
	assert_int_equal(st.nlink, 2);

	/* a directory that grows past one cluster (16 slots of 32 bytes) */
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "a/b/entry with a long name %03d", i);
		assert_int_equal(write_path(at(mp, name), name, strlen(name)), 0);
	}
	for (int i = 0; i < 100; i += 2) {
		snprintf(name, sizeof(name), "a/b/entry with a long name %03d", i);
		assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, name), 0), 0);
	}
	l = list_dir(at(mp, "a/b"));
	assert_int_equal(l->n, 52);
	free(l);
	/* getdents in small steps resumes where it stopped */
	{
		struct file *f = vfs_openat(AT_FDCWD, at(mp, "a/b"), O_RDONLY | O_DIRECTORY, 0);
		int total = 0;

		assert_false(IS_ERR(f));
		for (;;) {
			struct listing *part = calloc(1, sizeof(*part));
			int n;

			part->ctx.actor = collect;
			part->n = 512 - 3;	/* room for 3 */
			assert_int_equal(vfs_iterate_dir(f, &part->ctx), 0);
			n = part->n - (512 - 3);
			free(part);
			if (n == 0)
				break;
			total += n;
		}
		fput(f);
		assert_int_equal(total, 52);
	}
	/* move a directory across: its ".." follows (fsck checks) */
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "dir/moved"), 0755), 0);
	assert_int_equal(touch(at(mp, "dir/moved/inside")), 0);
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "dir/moved"), AT_FDCWD, at(mp, "a/b/moved"), 0), 0);
	assert_int_equal(stat_path(at(mp, "a/b/moved/inside"), &st), 0);
	assert_int_equal(stat_path(at(mp, "dir"), &st), 0);
	assert_int_equal(st.nlink, 3);
	assert_int_equal(stat_path(at(mp, "a/b"), &st), 0);
	assert_int_equal(st.nlink, 3);
	/* and to the root, whose clusters ".." names as 0 */
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "a/b/moved"), AT_FDCWD, at(mp, "top"), 0), 0);

	assert_int_equal(blkdev_sync(d.b), 0);
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	assert_int_equal(stat_path(at(mp, "top/inside"), &st), 0);
	assert_int_equal(stat_path(at(mp, "a/b"), &st), 0);
	assert_int_equal(st.nlink, 2);
	for (int i = 1; i < 100; i += 2) {
		snprintf(name, sizeof(name), "a/b/entry with a long name %03d", i);
		assert_content(at(mp, name), name, strlen(name));
		assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, name), 0), 0);
	}
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "top/inside"), 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "top"), AT_REMOVEDIR), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "a/b"), AT_REMOVEDIR), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "a"), AT_REMOVEDIR), 0);
	assert_int_equal(free_clusters(mp), free0);
	disk_done(&d, true);
}

static void test_rename(void **state)
{
	struct disk d;
	char mp[32], buf[16];
	struct kstat st;
	struct file *f;
	uint64_t free0;

	(void)state;
	disk_copy(&d, "base.img");
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	free0 = free_clusters(mp);
	assert_int_equal(write_path(at(mp, "one"), "first", 5), 0);
	assert_int_equal(write_path(at(mp, "two"), "second", 6), 0);
	/* same directory, new name */
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "one"), AT_FDCWD, at(mp, "Uno.txt"), 0), 0);
	assert_int_equal(stat_path(at(mp, "one"), &st), -ENOENT);
	assert_content(at(mp, "Uno.txt"), "first", 5);
	/* a change of case only: the same file, nothing to do (as Linux 6.1) */
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "Uno.txt"), AT_FDCWD, at(mp, "uno.txt"), 0), 0);
	assert_content(at(mp, "uno.txt"), "first", 5);
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "Uno.txt"), AT_FDCWD, at(mp, "UNO.TXT"),
				       RENAME_NOREPLACE), -EEXIST);
	/* across directories */
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "uno.txt"), AT_FDCWD, at(mp, "dir/sub/one"), 0), 0);
	assert_content(at(mp, "dir/sub/one"), "first", 5);
	/* over an existing file, which stays readable through an open file */
	f = vfs_openat(AT_FDCWD, at(mp, "two"), O_RDONLY, 0);
	assert_false(IS_ERR(f));
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "dir/sub/one"), AT_FDCWD, at(mp, "two"), 0), 0);
	assert_content(at(mp, "two"), "first", 5);
	assert_int_equal(kernel_read(f, buf, sizeof(buf), 0), 6);
	assert_memory_equal(buf, "second", 6);
	fput(f);
	/* directories: over an empty one, not over a full one */
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "d1"), 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, at(mp, "d2"), 0755), 0);
	assert_int_equal(touch(at(mp, "d1/x")), 0);
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "d2"), AT_FDCWD, at(mp, "d1"), 0), -ENOTEMPTY);
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "d1"), AT_FDCWD, at(mp, "d2"), 0), 0);
	assert_int_equal(stat_path(at(mp, "d2/x"), &st), 0);
	assert_int_equal(vfs_renameat2(AT_FDCWD, at(mp, "two"), AT_FDCWD, at(mp, "d2/x"), 0), 0);
	assert_int_equal(blkdev_sync(d.b), 0);
	assert_int_equal(mount_disk(&d, mp, sizeof(mp)), 0);
	assert_content(at(mp, "d2/x"), "first", 5);
	assert_int_equal(stat_path(at(mp, "d1"), &st), -ENOENT);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "d2/x"), 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, at(mp, "d2"), AT_REMOVEDIR), 0);
	assert_int_equal(free_clusters(mp), free0);
	disk_done(&d, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_dirs),
		cmocka_unit_test(test_rename),
	};

	return cmocka_run_group_tests(tests, setup, fs_test_teardown);
}
