/*
 * Host tests for names in the VFS and ramfs (fs/): create, lookup,
 * unlink, rename, links, and path walks (symlinks, "..", mounts,
 * trailing slashes, limits, dirfds). Each test works in its own
 * directory under /, and the dentry cache must be back to its size when
 * everything is removed. (I/O is in test_vfs_io.c.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fs_test_util.h"
#include <fs/chrdev.h>
#include <mm/page.h>
#include <fs/pipe.h>
#include <uapi/linux/dirent.h>

static long dcache_at_start;

static int setup(void **state)
{
	int err = fs_test_setup(state);

	dcache_at_start = dcache_count();
	return err;
}

static void assert_cwd(const char *want)
{
	char buf[PATH_MAX];

	assert_int_equal(vfs_getcwd(buf, sizeof(buf)), (int)strlen(want) + 1);
	assert_string_equal(buf, want);
}

/* ---- names ---- */

static void test_create_lookup_unlink(void **state)
{
	char name[64];
	struct kstat st;

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/loop", 0755), 0);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 300; i++) {
			snprintf(name, sizeof(name), "/loop/f%d", i);
			assert_int_equal(touch(name), 0);
		}
		for (int i = 1; i < 300; i += 2) {
			snprintf(name, sizeof(name), "/loop/f%d", i);
			assert_int_equal(vfs_unlinkat(AT_FDCWD, name, 0), 0);
			assert_int_equal(vfs_unlinkat(AT_FDCWD, name, 0), -ENOENT);
		}
		for (int i = 0; i < 300; i++) {
			snprintf(name, sizeof(name), "/loop/f%d", i);
			assert_int_equal(lstat_path(name, &st), i % 2 ? -ENOENT : 0);
			if (i % 2 == 0)
				assert_true(S_ISREG(st.mode) && st.nlink == 1);
		}
		for (int i = 0; i < 300; i += 2) {
			snprintf(name, sizeof(name), "/loop/f%d", i);
			assert_int_equal(vfs_unlinkat(AT_FDCWD, name, 0), 0);
		}
	}
	/* cached dentries nobody uses can go; lookups find the files again */
	for (int i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "/loop/s%d", i);
		assert_int_equal(touch(name), 0);
	}
	long cached = dcache_count();
	assert_true(dcache_shrink(NULL) >= 50);
	assert_true(dcache_count() <= cached - 50);
	for (int i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "/loop/s%d", i);
		assert_int_equal(lstat_path(name, &st), 0);
		assert_int_equal(vfs_unlinkat(AT_FDCWD, name, 0), 0);
	}
	assert_int_equal(lstat_path("/loop", &st), 0);
	assert_int_equal(st.nlink, 2);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/loop", AT_REMOVEDIR), 0);
	/* the shrink took cached dentries of the start too: count afresh */
	dcache_at_start = dcache_count();
}

static void test_mkdir_rmdir(void **state)
{
	struct kstat st;

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/md", 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/md", 0755), -EEXIST);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/md/a", 0700), 0);
	assert_int_equal(lstat_path("/md", &st), 0);
	assert_int_equal(st.nlink, 3);
	assert_int_equal(lstat_path("/md/a", &st), 0);
	assert_int_equal(st.mode, S_IFDIR | 0700);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/md/missing/x", 0755), -ENOENT);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/", 0755), -EEXIST);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/md/.", 0755), -EEXIST);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "", 0755), -ENOENT);
	assert_int_equal(touch("/md/a/f"), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md/a", AT_REMOVEDIR), -ENOTEMPTY);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md/a", 0), -EISDIR);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md/a/f", AT_REMOVEDIR), -ENOTDIR);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md/.", AT_REMOVEDIR), -EINVAL);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md/a/..", AT_REMOVEDIR), -ENOTEMPTY);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/", AT_REMOVEDIR), -EBUSY);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md/.", 0), -EISDIR);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md/a/f", 0x4000), -EINVAL);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md/a/f", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md/a", AT_REMOVEDIR), 0);
	assert_int_equal(lstat_path("/md", &st), 0);
	assert_int_equal(st.nlink, 2);

	/* a removed directory that is still open, or the cwd */
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/md/doomed", 0755), 0);
	assert_int_equal(vfs_chdir("/md/doomed"), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md/doomed", AT_REMOVEDIR), 0);
	assert_int_equal(touch("new"), -ENOENT);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "new", 0755), -ENOENT);
	assert_int_equal(lstat_path(".", &st), 0);
	assert_int_equal(st.nlink, 0);
	char buf[64];
	assert_int_equal(vfs_getcwd(buf, sizeof(buf)), -ENOENT);
	assert_int_equal(vfs_chdir(".."), 0);
	assert_cwd("/md");
	assert_int_equal(vfs_chdir("/"), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/md", AT_REMOVEDIR), 0);
	assert_int_equal(dcache_count(), dcache_at_start);
}

static void test_rename(void **state)
{
	struct kstat st, st2;
	char buf[16];

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/rn", 0755), 0);
	assert_int_equal(vfs_chdir("/rn"), 0);
	assert_int_equal(write_path("a", "AAA", 3), 0);
	assert_int_equal(write_path("b", "BB", 2), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "d", 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "e", 0755), 0);

	assert_int_equal(vfs_renameat2(AT_FDCWD, "a", AT_FDCWD, "a2", 0), 0);
	assert_int_equal(lstat_path("a", &st), -ENOENT);
	assert_int_equal(read_path("a2", buf, sizeof(buf), 0), 3);
	/* over an existing file: its data goes */
	assert_int_equal(vfs_renameat2(AT_FDCWD, "a2", AT_FDCWD, "b", 0), 0);
	assert_int_equal(read_path("b", buf, sizeof(buf), 0), 3);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "b", AT_FDCWD, "d/b", 0), 0);
	assert_int_equal(read_path("d/b", buf, sizeof(buf), 0), 3);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "missing", AT_FDCWD, "x", 0), -ENOENT);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "d/b", AT_FDCWD, "e", 0), -EISDIR);
	assert_int_equal(touch("f"), 0);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "d", AT_FDCWD, "f", 0), -ENOTDIR);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "d", AT_FDCWD, "d/inside", 0), -EINVAL);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "d", AT_FDCWD, "d", 0), 0);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "d/b", AT_FDCWD, "d", 0), -ENOTEMPTY);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "f", AT_FDCWD, "d/b", RENAME_NOREPLACE), -EEXIST);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "f", AT_FDCWD, "g", RENAME_EXCHANGE), -EINVAL);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "f", AT_FDCWD, "g", 0x100), -EINVAL);
	assert_int_equal(vfs_renameat2(AT_FDCWD, ".", AT_FDCWD, "g", 0), -EBUSY);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "f/", AT_FDCWD, "g", 0), -ENOTDIR);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "f", AT_FDCWD, "g/", 0), -ENOTDIR);
	assert_int_equal(touch("e/x"), 0);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "d", AT_FDCWD, "e", 0), -ENOTEMPTY);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "e/x", 0), 0);
	/* a directory over an empty one, and nlink follows */
	assert_int_equal(vfs_renameat2(AT_FDCWD, "d", AT_FDCWD, "e/", 0), 0);
	assert_int_equal(read_path("e/b", buf, sizeof(buf), 0), 3);
	assert_int_equal(lstat_path(".", &st), 0);
	assert_int_equal(st.nlink, 3);
	/* moving a directory elsewhere moves what is under it and the cwd */
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "e/deep", 0755), 0);
	assert_int_equal(vfs_chdir("e/deep"), 0);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "/rn/e", AT_FDCWD, "/rn/moved", 0), 0);
	assert_cwd("/rn/moved/deep");
	assert_int_equal(vfs_chdir("../.."), 0);
	assert_cwd("/rn");
	/* the target is an ancestor of the source */
	assert_int_equal(vfs_renameat2(AT_FDCWD, "moved/deep", AT_FDCWD, "moved", 0), -ENOTEMPTY);
	/* two links of one file: nothing happens */
	assert_int_equal(vfs_linkat(AT_FDCWD, "f", AT_FDCWD, "f2", 0), 0);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "f", AT_FDCWD, "f2", 0), 0);
	assert_int_equal(lstat_path("f", &st), 0);
	assert_int_equal(lstat_path("f2", &st2), 0);
	assert_int_equal(st.ino, st2.ino);
	assert_int_equal(st.nlink, 2);
	/* a long name, and renaming in a loop */
	char longname[NAME_MAX + 1];
	memset(longname, 'L', NAME_MAX);
	longname[NAME_MAX] = '\0';
	assert_int_equal(vfs_renameat2(AT_FDCWD, "f", AT_FDCWD, longname, 0), 0);
	for (int i = 0; i < 100; i++) {
		char from[16], to[16];

		snprintf(from, sizeof(from), i ? "r%d" : "f2", i - 1);
		snprintf(to, sizeof(to), "r%d", i);
		assert_int_equal(vfs_renameat2(AT_FDCWD, from, AT_FDCWD, to, 0), 0);
	}
	assert_int_equal(lstat_path("r99", &st), 0);
	assert_int_equal(st.nlink, 2);

	assert_int_equal(vfs_unlinkat(AT_FDCWD, "r99", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, longname, 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "moved/b", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "moved/deep", AT_REMOVEDIR), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "moved", AT_REMOVEDIR), 0);
	assert_int_equal(vfs_chdir("/"), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/rn", AT_REMOVEDIR), 0);
	assert_int_equal(dcache_count(), dcache_at_start);
}

static void test_hard_links(void **state)
{
	struct kstat st;
	char buf[8];

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/hl", 0755), 0);
	assert_int_equal(write_path("/hl/a", "data", 4), 0);
	assert_int_equal(vfs_linkat(AT_FDCWD, "/hl/a", AT_FDCWD, "/hl/b", 0), 0);
	assert_int_equal(vfs_linkat(AT_FDCWD, "/hl/a", AT_FDCWD, "/hl/b", 0), -EEXIST);
	assert_int_equal(vfs_linkat(AT_FDCWD, "/hl", AT_FDCWD, "/hl/dirlink", 0), -EPERM);
	assert_int_equal(vfs_linkat(AT_FDCWD, "/hl/missing", AT_FDCWD, "/hl/c", 0), -ENOENT);
	assert_int_equal(vfs_linkat(AT_FDCWD, "/hl/a", AT_FDCWD, "/hl/c/", 0), -ENOENT);
	assert_int_equal(vfs_linkat(AT_FDCWD, "/hl/a", AT_FDCWD, "/hl/c", 0x1), -EINVAL);
	assert_int_equal(lstat_path("/hl/b", &st), 0);
	assert_int_equal(st.nlink, 2);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/hl/a", 0), 0);
	assert_int_equal(read_path("/hl/b", buf, sizeof(buf), 0), 4);
	assert_memory_equal(buf, "data", 4);
	assert_int_equal(lstat_path("/hl/b", &st), 0);
	assert_int_equal(st.nlink, 1);
	/* links to symlinks: the link itself unless AT_SYMLINK_FOLLOW */
	assert_int_equal(vfs_symlinkat("b", AT_FDCWD, "/hl/s"), 0);
	assert_int_equal(vfs_linkat(AT_FDCWD, "/hl/s", AT_FDCWD, "/hl/s2", 0), 0);
	assert_int_equal(lstat_path("/hl/s2", &st), 0);
	assert_true(S_ISLNK(st.mode));
	assert_int_equal(vfs_linkat(AT_FDCWD, "/hl/s", AT_FDCWD, "/hl/s3", AT_SYMLINK_FOLLOW), 0);
	assert_int_equal(lstat_path("/hl/s3", &st), 0);
	assert_true(S_ISREG(st.mode));
	assert_int_equal(st.nlink, 2);
	for (const char *n = "b\0s\0s2\0s3\0"; *n; n += strlen(n) + 1) {
		char path[16];

		snprintf(path, sizeof(path), "/hl/%s", n);
		assert_int_equal(vfs_unlinkat(AT_FDCWD, path, 0), 0);
	}
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/hl", AT_REMOVEDIR), 0);
	assert_int_equal(dcache_count(), dcache_at_start);
}

/* ---- path walks ---- */

static void test_symlinks(void **state)
{
	char buf[PATH_MAX], name[32], target[32];
	struct kstat st;
	struct file *f;

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/sl", 0755), 0);
	assert_int_equal(vfs_chdir("/sl"), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "dir", 0755), 0);
	assert_int_equal(write_path("dir/file", "content", 7), 0);
	assert_int_equal(vfs_symlinkat("dir/file", AT_FDCWD, "rel"), 0);
	assert_int_equal(vfs_symlinkat("/sl/dir", AT_FDCWD, "abs"), 0);
	assert_int_equal(vfs_symlinkat("abs/../rel", AT_FDCWD, "chain"), 0);
	assert_int_equal(vfs_symlinkat("nowhere", AT_FDCWD, "dangling"), 0);
	assert_int_equal(vfs_symlinkat("/", AT_FDCWD, "root"), 0);
	assert_int_equal(vfs_symlinkat("", AT_FDCWD, "empty"), -ENOENT);
	assert_int_equal(vfs_symlinkat("x", AT_FDCWD, "rel"), -EEXIST);

	assert_int_equal(read_path("rel", buf, sizeof(buf), 0), 7);
	assert_int_equal(read_path("chain", buf, sizeof(buf), 0), 7);
	assert_int_equal(read_path("abs/file", buf, sizeof(buf), 0), 7);
	assert_int_equal(read_path("root/sl/abs/file", buf, sizeof(buf), 0), 7);
	assert_int_equal(stat_path("root", &st), 0);
	assert_true(S_ISDIR(st.mode));
	assert_int_equal(lstat_path("abs/", &st), 0);		/* the slash follows */
	assert_true(S_ISDIR(st.mode));
	assert_int_equal(lstat_path("rel/", &st), -ENOTDIR);
	assert_int_equal(lstat_path("rel", &st), 0);
	assert_true(S_ISLNK(st.mode));
	assert_int_equal(st.size, 8);
	assert_int_equal(stat_path("dangling", &st), -ENOENT);
	assert_int_equal(open_err("rel", O_RDONLY | O_NOFOLLOW), -ELOOP);
	assert_int_equal(open_err("abs/file", O_RDONLY | O_NOFOLLOW), 0);
	f = vfs_openat(AT_FDCWD, "rel", O_PATH | O_NOFOLLOW, 0);
	assert_false(IS_ERR(f));
	assert_true(S_ISLNK(f->f_inode->i_mode));
	assert_int_equal(kernel_read(f, buf, 1, 0), -EBADF);
	fput(f);

	/* readlink: no NUL, truncated to the buffer; not a link: EINVAL */
	memset(buf, 'x', 16);
	assert_int_equal(vfs_readlinkat(AT_FDCWD, "rel", buf, 16), 8);
	assert_memory_equal(buf, "dir/file", 8);
	assert_int_equal(buf[8], 'x');
	assert_int_equal(vfs_readlinkat(AT_FDCWD, "rel", buf, 3), 3);
	assert_int_equal(vfs_readlinkat(AT_FDCWD, "dir", buf, 16), -EINVAL);
	assert_int_equal(vfs_readlinkat(AT_FDCWD, "missing", buf, 16), -ENOENT);

	/* O_CREAT through a dangling link creates its target */
	assert_int_equal(open_err("dangling", O_CREAT | O_WRONLY), 0);
	assert_int_equal(stat_path("nowhere", &st), 0);
	assert_int_equal(open_err("dangling", O_CREAT | O_EXCL | O_WRONLY), -EEXIST);

	/* loops, and the limit of 40 links per walk */
	assert_int_equal(vfs_symlinkat("loop2", AT_FDCWD, "loop1"), 0);
	assert_int_equal(vfs_symlinkat("loop1", AT_FDCWD, "loop2"), 0);
	assert_int_equal(stat_path("loop1", &st), -ELOOP);
	assert_int_equal(open_err("loop1", O_RDONLY), -ELOOP);
	assert_int_equal(open_err("loop1/x", O_RDONLY), -ELOOP);
	assert_int_equal(lstat_path("loop1", &st), 0);
	assert_int_equal(vfs_symlinkat("dir/file", AT_FDCWD, "l0"), 0);
	for (int i = 1; i <= 40; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		snprintf(target, sizeof(target), "l%d", i - 1);
		assert_int_equal(vfs_symlinkat(target, AT_FDCWD, name), 0);
	}
	assert_int_equal(read_path("l39", buf, sizeof(buf), 0), 7);	/* 40 links */
	assert_int_equal(read_path("l40", buf, sizeof(buf), 0), -ELOOP);	/* 41 */
	/* links inside links, in the middle of a path */
	assert_int_equal(vfs_symlinkat(".", AT_FDCWD, "self"), 0);
	assert_int_equal(read_path("self/self/self/dir/file", buf, sizeof(buf), 0), 7);
	assert_int_equal(vfs_symlinkat("abs/", AT_FDCWD, "absdir"), 0);
	assert_int_equal(read_path("absdir/file", buf, sizeof(buf), 0), 7);
	assert_int_equal(read_path("rel/x", buf, sizeof(buf), 0), -ENOTDIR);

	/* name and path limits */
	char longname[NAME_MAX + 2];
	memset(longname, 'n', NAME_MAX + 1);
	longname[NAME_MAX + 1] = '\0';
	assert_int_equal(touch(longname), -ENAMETOOLONG);
	assert_int_equal(stat_path(longname, &st), -ENAMETOOLONG);
	longname[NAME_MAX] = '\0';
	assert_int_equal(touch(longname), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, longname, 0), 0);
	for (size_t i = 0; i + 2 < PATH_MAX; i += 2)
		memcpy(buf + i, "./", 2);
	buf[PATH_MAX - 2] = '.';
	buf[PATH_MAX - 1] = '\0';
	assert_int_equal(stat_path(buf, &st), 0);
	assert_true(S_ISDIR(st.mode));

	for (int i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		assert_int_equal(vfs_unlinkat(AT_FDCWD, name, 0), 0);
	}
	for (const char *n = "rel\0abs\0chain\0dangling\0root\0nowhere\0loop1\0loop2\0self\0absdir\0dir/file\0";
	     *n; n += strlen(n) + 1)
		assert_int_equal(vfs_unlinkat(AT_FDCWD, n, 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "dir", AT_REMOVEDIR), 0);
	assert_int_equal(vfs_chdir("/"), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/sl", AT_REMOVEDIR), 0);
	assert_int_equal(dcache_count(), dcache_at_start);
}

static void test_dotdot_and_mounts(void **state)
{
	struct kstat root, st, st2;
	struct vfsmount *mnt;
	struct path mp;
	char buf[16];

	(void)state;
	assert_int_equal(stat_path("/", &root), 0);
	assert_int_equal(stat_path("/..", &st), 0);
	assert_int_equal(st.ino, root.ino);
	assert_int_equal(stat_path("/../../..", &st), 0);
	assert_int_equal(st.ino, root.ino);
	assert_int_equal(vfs_chdir("/.."), 0);
	assert_cwd("/");
	assert_int_equal(stat_path("..", &st), 0);
	assert_int_equal(st.ino, root.ino);

	/* a second ramfs on /mnt */
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/mnt", 0755), 0);
	assert_int_equal(write_path("/mnt/under", "hidden", 6), 0);
	mnt = vfs_kern_mount("ramfs", 0, "second", NULL);
	assert_false(IS_ERR(mnt));
	assert_int_equal(vfs_path_lookup(AT_FDCWD, "/mnt", LOOKUP_FOLLOW, &mp), 0);
	assert_int_equal(vfs_mount_at(mnt, &mp), 0);
	path_put(&mp);
	mntput(mnt);
	assert_int_equal(stat_path("/mnt/under", &st), -ENOENT);
	assert_int_equal(stat_path("/mnt", &st), 0);
	assert_int_not_equal(st.dev, root.dev);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/mnt/x", 0755), 0);
	assert_int_equal(write_path("/mnt/x/f", "in B", 4), 0);
	assert_int_equal(vfs_chdir("/mnt/x"), 0);
	assert_cwd("/mnt/x");
	assert_int_equal(stat_path("..", &st2), 0);
	assert_int_equal(st2.ino, st.ino);			/* B's root */
	assert_int_equal(st2.dev, st.dev);
	assert_int_equal(stat_path("../..", &st2), 0);
	assert_int_equal(st2.ino, root.ino);			/* across, to A's root */
	assert_int_equal(st2.dev, root.dev);
	assert_int_equal(read_path("../../mnt/x/f", buf, sizeof(buf), 0), 4);
	assert_int_equal(vfs_chdir(".."), 0);
	assert_cwd("/mnt");
	assert_int_equal(vfs_chdir(".."), 0);
	assert_cwd("/");

	/* what cannot cross or remove a mount */
	assert_int_equal(vfs_renameat2(AT_FDCWD, "/mnt/x/f", AT_FDCWD, "/f", 0), -EXDEV);
	assert_int_equal(vfs_linkat(AT_FDCWD, "/mnt/x/f", AT_FDCWD, "/f", 0), -EXDEV);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/mnt", AT_REMOVEDIR), -EBUSY);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "/mnt", AT_FDCWD, "/mnt2", 0), -EBUSY);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/mnt/x/f", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/mnt/x", AT_REMOVEDIR), 0);
	/* (the mount stays: there is no umount yet) */
}

static void test_trailing_slashes(void **state)
{
	struct kstat st;

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/ts", 0755), 0);
	assert_int_equal(vfs_chdir("/ts"), 0);
	assert_int_equal(touch("file"), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "dir/", 0755), 0);
	assert_int_equal(stat_path("dir/", &st), 0);
	assert_int_equal(stat_path("dir//.//", &st), 0);
	assert_int_equal(stat_path("file/", &st), -ENOTDIR);
	assert_int_equal(stat_path("file/.", &st), -ENOTDIR);
	assert_int_equal(stat_path("missing/", &st), -ENOENT);
	assert_int_equal(open_err("file/", O_RDONLY), -ENOTDIR);
	assert_int_equal(open_err("new/", O_CREAT | O_WRONLY), -EISDIR);
	assert_int_equal(open_err("dir", O_CREAT | O_WRONLY), -EISDIR);
	assert_int_equal(open_err(".", O_CREAT | O_RDONLY), -EISDIR);
	assert_int_equal(open_err("/", O_CREAT | O_EXCL | O_RDONLY), -EEXIST);
	assert_int_equal(vfs_symlinkat("x", AT_FDCWD, "new/"), -ENOENT);
	assert_int_equal(vfs_symlinkat("x", AT_FDCWD, "file/"), -EEXIST);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "new/", S_IFREG | 0644, 0), -ENOENT);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "file/", 0), -ENOTDIR);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "dir/", 0), -EISDIR);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "missing/", 0), -ENOENT);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "file/", AT_REMOVEDIR), -ENOTDIR);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "dir//", AT_REMOVEDIR), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "file", 0), 0);
	assert_int_equal(vfs_chdir("/"), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "ts", AT_REMOVEDIR), 0);
	assert_int_equal(dcache_count(), dcache_at_start);
}

static void test_dirfd(void **state)
{
	struct file *dir, *file;
	struct kstat st;
	int dfd, ffd;

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/df", 0755), 0);
	assert_int_equal(touch("/df/f"), 0);
	dir = vfs_openat(AT_FDCWD, "/df", O_RDONLY | O_DIRECTORY, 0);
	file = vfs_openat(AT_FDCWD, "/df/f", O_RDONLY, 0);
	dfd = fd_install(dir, 0);
	ffd = fd_install(file, 0);
	assert_true(dfd >= 0 && ffd >= 0);
	assert_int_equal(vfs_statat(dfd, "f", 0, &st), 0);
	assert_int_equal(vfs_statat(ffd, "f", 0, &st), -ENOTDIR);
	assert_int_equal(vfs_statat(999, "f", 0, &st), -EBADF);
	assert_int_equal(vfs_statat(-5, "f", 0, &st), -EBADF);
	assert_int_equal(vfs_statat(999, "/df/f", 0, &st), 0);	/* absolute: no dfd */
	assert_int_equal(vfs_statat(ffd, "", 0, &st), -ENOENT);
	assert_int_equal(vfs_statat(ffd, "", AT_EMPTY_PATH, &st), 0);
	assert_true(S_ISREG(st.mode));
	assert_int_equal(vfs_statat(AT_FDCWD, "", AT_EMPTY_PATH, &st), 0);
	assert_true(S_ISDIR(st.mode));
	assert_int_equal(vfs_mkdirat(dfd, "sub", 0755), 0);
	assert_int_equal(vfs_unlinkat(dfd, "sub", AT_REMOVEDIR), 0);
	assert_int_equal(fd_close((unsigned int)dfd), 0);
	assert_int_equal(fd_close((unsigned int)ffd), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/df/f", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/df", AT_REMOVEDIR), 0);
}

/* As uid 1000, gid 1000 (and group 50) against root's files; root again at the end. */
static void test_permissions(void **state)
{
	struct kstat st;
	struct file *f;
	struct iattr a = { .valid = ATTR_UID | ATTR_GID, .uid = 2000, .gid = 2000 };
	struct fs_time now[2] = { { .nsec = FS_TIME_NOW }, { .nsec = FS_TIME_NOW } };
	struct fs_time then[2] = { { .sec = 5 }, { .sec = 5 } };

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/perm", 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/perm/private", 0700), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/perm/tmp", 0777), 0);
	assert_int_equal(vfs_chmodat(AT_FDCWD, "/perm/tmp", 01777), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/perm/sgid", 0777), 0);
	assert_int_equal(vfs_chmodat(AT_FDCWD, "/perm/sgid", 02777), 0);
	assert_int_equal(vfs_chownat(AT_FDCWD, "/perm/sgid", -1U, 77, 0), 0);
	assert_int_equal(write_path("/perm/secret", "s", 1), 0);
	assert_int_equal(vfs_chmodat(AT_FDCWD, "/perm/secret", 0600), 0);
	assert_int_equal(write_path("/perm/public", "p", 1), 0);		/* 0644 */
	assert_int_equal(write_path("/perm/shared", "w", 1), 0);
	assert_int_equal(vfs_chmodat(AT_FDCWD, "/perm/shared", 0666), 0);
	assert_int_equal(write_path("/perm/prog", "x", 1), 0);
	assert_int_equal(vfs_chmodat(AT_FDCWD, "/perm/prog", 0711), 0);
	assert_int_equal(write_path("/perm/suid", "x", 1), 0);
	assert_int_equal(vfs_chmodat(AT_FDCWD, "/perm/suid", 04777), 0);
	assert_int_equal(write_path("/perm/tmp/others", "o", 1), 0);
	mutex_lock(&(f = vfs_openat(AT_FDCWD, "/perm/tmp/others", O_RDONLY, 0))->f_inode->i_mutex);
	notify_change(f->f_inode, &a);
	mutex_unlock(&f->f_inode->i_mutex);
	fput(f);

	host_uid = host_gid = 1000;
	host_groups[0] = 50;
	host_ngroups = 1;
	assert_int_equal(open_err("/perm/secret", O_RDONLY), -EACCES);
	assert_int_equal(open_err("/perm/public", O_RDONLY), 0);
	assert_int_equal(open_err("/perm/public", O_WRONLY), -EACCES);
	assert_int_equal(open_err("/perm/public", O_RDONLY | O_TRUNC), -EACCES);
	assert_int_equal(open_err("/perm/public", O_RDONLY | O_NOATIME), -EPERM);
	assert_int_equal(touch("/perm/new"), -EACCES);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/perm/newdir", 0755), -EACCES);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/perm/public", 0), -EACCES);
	assert_int_equal(vfs_chdir("/perm/private"), -EACCES);
	assert_int_equal(stat_path("/perm/private/x", &st), -EACCES);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/perm/public", R_OK, 0), 0);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/perm/public", W_OK, AT_EACCESS), -EACCES);
	/* a sticky directory: one's own files only */
	assert_int_equal(touch("/perm/tmp/mine"), 0);
	assert_int_equal(stat_path("/perm/tmp/mine", &st), 0);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(st.gid, 1000);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/perm/tmp/others", 0), -EPERM);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "/perm/tmp/others", AT_FDCWD, "/perm/tmp/x", 0), -EPERM);
	assert_int_equal(vfs_renameat2(AT_FDCWD, "/perm/tmp/mine", AT_FDCWD, "/perm/tmp/mine2", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/perm/tmp/mine2", 0), 0);
	/* attributes: the owner's (and root's) to change */
	assert_int_equal(vfs_chmodat(AT_FDCWD, "/perm/public", 0777), -EPERM);
	assert_int_equal(touch("/perm/tmp/own"), 0);
	assert_int_equal(vfs_chmodat(AT_FDCWD, "/perm/tmp/own", 02755), 0);
	assert_int_equal(vfs_chownat(AT_FDCWD, "/perm/tmp/own", 0, -1U, 0), -EPERM);
	assert_int_equal(vfs_chownat(AT_FDCWD, "/perm/tmp/own", -1U, 55, 0), -EPERM);
	assert_int_equal(vfs_chownat(AT_FDCWD, "/perm/tmp/own", -1U, 50, 0), 0);
	assert_int_equal(stat_path("/perm/tmp/own", &st), 0);
	assert_int_equal(st.gid, 50);
	assert_int_equal(st.mode, S_IFREG | 0755);		/* chgrp dropped set-gid */
	assert_int_equal(vfs_chownat(AT_FDCWD, "/perm/public", -1U, 50, 0), -EPERM);
	assert_int_equal(vfs_utimensat(AT_FDCWD, "/perm/shared", then, 0), -EPERM);
	assert_int_equal(vfs_utimensat(AT_FDCWD, "/perm/shared", now, 0), 0);
	assert_int_equal(vfs_utimensat(AT_FDCWD, "/perm/public", NULL, 0), -EACCES);
	/* devices are root's; FIFOs anyone's */
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/perm/tmp/dev", S_IFCHR | 0600, MKDEV(1, 3)), -EPERM);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/perm/tmp/fifo", S_IFIFO | 0600, 0), 0);
	/* execute-only programs run; writing drops set-user-id */
	assert_int_equal(kernel_open_exec("/perm/prog", &f), 0);
	fput(f);
	assert_int_equal(open_err("/perm/prog", O_RDONLY), -EACCES);
	assert_int_equal(kernel_open_exec("/perm/public", &f), -EACCES);
	assert_int_equal(write_path("/perm/suid", "y", 1), 0);
	assert_int_equal(stat_path("/perm/suid", &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0777);
	/* a set-group-id directory passes its group (and the bit, to directories) */
	assert_int_equal(touch("/perm/sgid/f"), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/perm/sgid/d", 0755), 0);
	assert_int_equal(stat_path("/perm/sgid/f", &st), 0);
	assert_int_equal(st.gid, 77);
	assert_int_equal(stat_path("/perm/sgid/d", &st), 0);
	assert_int_equal(st.gid, 77);
	assert_int_equal(st.mode, S_IFDIR | 02755);
	/* a directory moving to another parent must be writable itself */
	assert_int_equal(vfs_renameat2(AT_FDCWD, "/perm/sgid/d", AT_FDCWD, "/perm/tmp/d", 0), 0);
	assert_int_equal(vfs_chroot("/perm"), -EPERM);

	host_uid = host_gid = 0;
	host_ngroups = 0;
	for (const char *n = "/perm/secret\0/perm/public\0/perm/shared\0/perm/prog\0/perm/suid\0"
			     "/perm/tmp/others\0/perm/tmp/own\0/perm/tmp/fifo\0/perm/sgid/f\0"; *n;
	     n += strlen(n) + 1)
		assert_int_equal(vfs_unlinkat(AT_FDCWD, n, 0), 0);
	for (const char *n = "/perm/tmp/d\0/perm/tmp\0/perm/sgid\0/perm/private\0/perm\0"; *n;
	     n += strlen(n) + 1)
		assert_int_equal(vfs_unlinkat(AT_FDCWD, n, AT_REMOVEDIR), 0);
	assert_int_equal(dcache_count(), dcache_at_start);
}

static int umount_path(const char *path)
{
	struct path p;
	int err = vfs_path_lookup(AT_FDCWD, path, LOOKUP_FOLLOW, &p);

	return err ? err : vfs_umount(&p);
}

static void test_umount(void **state)
{
	long dentries = dcache_count();
	unsigned long pages;
	struct kstat st;
	struct file *f;

	(void)state;
	pmm_drain_all();
	pages = pmm_free_count();
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/um", 0755), 0);
	assert_int_equal(vfs_mount("ramfs", "x", "/um", 0, NULL), 0);
	assert_int_equal(vfs_mount("nosuchfs", "x", "/um", 0, NULL), -ENODEV);
	assert_int_equal(vfs_mount("ramfs", "x", "/um/missing", 0, NULL), -ENOENT);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/um/a", 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/um/a/b", 0755), 0);
	assert_int_equal(write_path("/um/a/b/file", "data", 4), 0);
	assert_int_equal(write_path("/um/big", "x", 1), 0);
	f = vfs_openat(AT_FDCWD, "/um/big", O_WRONLY, 0);
	assert_int_equal(kernel_write(f, "y", 1, 1 << 20), 1);
	/* busy while a file is open, a cwd is in it, or a mount is on it */
	assert_int_equal(umount_path("/um"), -EBUSY);
	fput(f);
	assert_int_equal(vfs_chdir("/um/a"), 0);
	assert_int_equal(umount_path("/um"), -EBUSY);
	assert_int_equal(vfs_chdir("/"), 0);
	assert_int_equal(vfs_mount("ramfs", "y", "/um/a", 0, NULL), 0);
	assert_int_equal(umount_path("/um"), -EBUSY);
	assert_int_equal(umount_path("/um/a"), 0);
	assert_int_equal(stat_path("/um/a/b/file", &st), 0);	/* uncovered again */
	assert_int_equal(umount_path("/um/a"), -EINVAL);	/* not a mount's root */
	assert_int_equal(umount_path("/"), -EINVAL);
	assert_int_equal(umount_path("/um"), 0);
	assert_int_equal(stat_path("/um/a", &st), -ENOENT);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/um", AT_REMOVEDIR), 0);
	/* everything the mounts had is gone: dentries and pages */
	assert_int_equal(dcache_count(), dentries);
	pmm_drain_all();
	assert_int_equal(pmm_free_count(), pages);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_lookup_unlink),
		cmocka_unit_test(test_mkdir_rmdir),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_hard_links),
		cmocka_unit_test(test_symlinks),
		cmocka_unit_test(test_trailing_slashes),
		cmocka_unit_test(test_dirfd),
		cmocka_unit_test(test_permissions),
		cmocka_unit_test(test_umount),
		cmocka_unit_test(test_dotdot_and_mounts),
	};

	return cmocka_run_group_tests(tests, setup, fs_test_teardown);
}
