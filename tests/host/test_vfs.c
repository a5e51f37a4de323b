/*
 * Host tests for the VFS and ramfs (fs/): names (create, lookup, unlink,
 * rename, links), path walks (symlinks, "..", mounts, trailing slashes,
 * limits), directory reading, file data across pages and holes, opens,
 * devices and pipes. Each test works in its own directory under /, and
 * the dentry cache must be back to its size when everything is removed.
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
	assert_int_equal(lstat_path("/loop", &st), 0);
	assert_int_equal(st.nlink, 2);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/loop", AT_REMOVEDIR), 0);
	assert_int_equal(dcache_count(), dcache_at_start);
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

/* ---- directories ---- */

struct seen {
	struct dir_context ctx;
	char names[64][16];
	unsigned int types[64];
	int n, room;		/* entries taken; stop when room is 0 */
};

static bool collect(struct dir_context *ctx, const char *name, size_t len,
		    uint64_t ino, unsigned int dtype)
{
	struct seen *s = (struct seen *)ctx;

	(void)ino;
	if (s->room == 0 || s->n == 64)
		return false;
	s->room--;
	snprintf(s->names[s->n], sizeof(s->names[0]), "%.*s", (int)len, name);
	s->types[s->n++] = dtype;
	return true;
}

static int find(struct seen *s, const char *name)
{
	int count = 0;

	for (int i = 0; i < s->n; i++)
		count += strcmp(s->names[i], name) == 0;
	return count;
}

static void test_getdents(void **state)
{
	struct seen s = { .ctx.actor = collect, .room = -1 };
	struct file *f;
	char name[32];

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/gd", 0755), 0);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/gd/e%d", i);
		assert_int_equal(touch(name), 0);
	}
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/gd/sub", 0755), 0);
	assert_int_equal(vfs_symlinkat("e0", AT_FDCWD, "/gd/lnk"), 0);
	f = vfs_openat(AT_FDCWD, "/gd", O_RDONLY | O_DIRECTORY, 0);
	assert_false(IS_ERR(f));
	assert_int_equal(vfs_iterate_dir(f, &s.ctx), 0);
	assert_int_equal(s.n, 24);
	assert_string_equal(s.names[0], ".");
	assert_string_equal(s.names[1], "..");
	assert_int_equal(s.types[0], DT_DIR);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		assert_int_equal(find(&s, name), 1);
	}
	assert_int_equal(s.types[22], DT_DIR);
	assert_int_equal(s.types[23], DT_LNK);
	s.n = 0;
	assert_int_equal(vfs_iterate_dir(f, &s.ctx), 0);
	assert_int_equal(s.n, 0);				/* at the end */

	/* one entry per call; unlinking behind and ahead of the position */
	assert_int_equal(vfs_llseek(f, 0, SEEK_SET), 0);
	s.n = 0;
	for (int calls = 0; calls < 5; calls++) {
		s.room = 1;
		assert_int_equal(vfs_iterate_dir(f, &s.ctx), 0);
	}
	assert_int_equal(s.n, 5);				/* . .. e0 e1 e2 */
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd/e1", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd/e5", 0), 0);
	assert_int_equal(touch("/gd/late"), 0);
	do {
		s.room = 1;
		assert_int_equal(vfs_iterate_dir(f, &s.ctx), 0);
	} while (s.room == 0);
	assert_int_equal(find(&s, "e5"), 0);
	assert_int_equal(find(&s, "late"), 1);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		assert_int_equal(find(&s, name), i == 5 ? 0 : 1);
	}
	assert_int_equal(s.n, 24);
	assert_int_equal(vfs_llseek(f, 0, SEEK_END), -EINVAL);

	/* reading a directory as a file */
	char c;
	assert_int_equal(kernel_read(f, &c, 1, 0), -EISDIR);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/gd/e0", O_RDONLY, 0);
	assert_int_equal(vfs_iterate_dir(f, &s.ctx), -ENOTDIR);
	fput(f);

	/* a removed directory has nothing, not even "." */
	f = vfs_openat(AT_FDCWD, "/gd/sub", O_RDONLY | O_DIRECTORY, 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd/sub", AT_REMOVEDIR), 0);
	assert_int_equal(vfs_iterate_dir(f, &s.ctx), -ENOENT);
	fput(f);

	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/gd/e%d", i);
		vfs_unlinkat(AT_FDCWD, name, 0);
	}
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd/late", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd/lnk", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd", AT_REMOVEDIR), 0);
	assert_int_equal(dcache_count(), dcache_at_start);
}

/* ---- file data ---- */

static void test_file_data(void **state)
{
	static char buf[3 * 4096], pattern[3 * 4096];
	struct kstat st;
	struct file *f;

	(void)state;
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (char)('a' + i % 23);
	f = vfs_openat(AT_FDCWD, "/data", O_CREAT | O_RDWR, 0644);
	assert_false(IS_ERR(f));
	/* across page boundaries */
	assert_int_equal(kernel_write(f, pattern, 5000, 4000), 5000);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.size, 9000);
	assert_int_equal(st.blocks, 3 * 8);			/* pages 0, 1, 2 */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(kernel_read(f, buf, sizeof(buf), 0), 9000);
	for (int i = 0; i < 4000; i++)
		assert_int_equal(buf[i], 0);			/* the hole */
	assert_memory_equal(buf + 4000, pattern, 5000);
	assert_int_equal(kernel_read(f, buf, 10, 9000), 0);
	assert_int_equal(kernel_read(f, buf, 10, 8995), 5);

	/* far out: a sparse file whose holes have no pages */
	loff_t far = (1LL << 33) + 123;
	assert_int_equal(kernel_write(f, "far", 3, far), 3);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.size, far + 3);
	assert_int_equal(st.blocks, 4 * 8);
	memset(buf, 'x', 64);
	assert_int_equal(kernel_read(f, buf, 64, far - 61), 64);
	for (int i = 0; i < 61; i++)
		assert_int_equal(buf[i], 0);
	assert_memory_equal(buf + 61, "far", 3);
	assert_int_equal(kernel_read(f, buf, 64, 1LL << 32), 64);
	assert_int_equal(buf[0], 0);

	/* truncate down into a page, then up: the cut part reads as zeros */
	assert_int_equal(vfs_ftruncate(f, 6000), 0);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.size, 6000);
	assert_int_equal(st.blocks, 2 * 8);
	assert_int_equal(vfs_ftruncate(f, 12000), 0);
	assert_int_equal(kernel_read(f, buf, sizeof(buf), 4000), 8000);
	assert_memory_equal(buf, pattern, 2000);
	for (int i = 2000; i < 8000; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(vfs_ftruncate(f, 0), 0);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.blocks, 0);
	assert_int_equal(vfs_ftruncate(f, -1), -EINVAL);
	assert_int_equal(vfs_ftruncate(f, 1LL << 60), -EFBIG);
	assert_int_equal(kernel_write(f, "x", 1, 1LL << 48), -EFBIG);

	/* positions: lseek everywhere */
	assert_int_equal(kernel_write(f, pattern, 100, 0), 100);
	assert_int_equal(vfs_llseek(f, 10, SEEK_SET), 10);
	assert_int_equal(vfs_llseek(f, 5, SEEK_CUR), 15);
	assert_int_equal(vfs_llseek(f, -1, SEEK_END), 99);
	assert_int_equal(vfs_llseek(f, -200, SEEK_END), -EINVAL);
	assert_int_equal(vfs_llseek(f, 0, 7), -EINVAL);
	assert_int_equal(vfs_llseek(f, 50, SEEK_DATA), 50);
	assert_int_equal(vfs_llseek(f, 50, SEEK_HOLE), 100);
	assert_int_equal(vfs_llseek(f, 100, SEEK_DATA), -ENXIO);
	fput(f);

	/* O_APPEND, O_TRUNC */
	f = vfs_openat(AT_FDCWD, "/data", O_WRONLY | O_APPEND, 0);
	assert_int_equal(kernel_write(f, "END", 3, 0), 3);
	fput(f);
	assert_int_equal(read_path("/data", buf, sizeof(buf), 0), 103);
	assert_memory_equal(buf + 100, "END", 3);
	assert_int_equal(open_err("/data", O_RDONLY | O_TRUNC), 0);
	assert_int_equal(stat_path("/data", &st), 0);
	assert_int_equal(st.size, 0);
	assert_int_equal(vfs_truncate("/data", 10), 0);
	assert_int_equal(stat_path("/data", &st), 0);
	assert_int_equal(st.size, 10);
	assert_int_equal(vfs_truncate("/", 10), -EISDIR);
	assert_int_equal(vfs_truncate("/data", -1), -EINVAL);

	/* unlinked while open: still readable, gone when closed */
	f = vfs_openat(AT_FDCWD, "/data", O_RDWR, 0);
	assert_int_equal(kernel_write(f, "kept", 4, 0), 4);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/data", 0), 0);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.nlink, 0);
	assert_int_equal(kernel_read(f, buf, 4, 0), 4);
	assert_memory_equal(buf, "kept", 4);
	fput(f);
	assert_int_equal(dcache_count(), dcache_at_start);
}

static void test_open_flags(void **state)
{
	struct kstat st;
	struct file *f;

	(void)state;
	assert_int_equal(vfs_umask(), 022);
	assert_int_equal(open_err("/of", O_CREAT | O_EXCL | O_WRONLY), 0);
	assert_int_equal(stat_path("/of", &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0644);
	assert_int_equal(open_err("/of", O_CREAT | O_EXCL | O_WRONLY), -EEXIST);
	assert_int_equal(open_err("/missing", O_RDONLY), -ENOENT);
	assert_int_equal(open_err("/missing/x", O_CREAT | O_RDWR), -ENOENT);
	assert_int_equal(open_err("/of/x", O_RDONLY), -ENOTDIR);
	assert_int_equal(open_err("/of", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	assert_int_equal(open_err("/", O_WRONLY), -EISDIR);
	assert_int_equal(open_err("/", O_RDWR), -EISDIR);
	assert_int_equal(open_err("/", O_RDONLY | O_TRUNC), -EISDIR);
	assert_int_equal(open_err("/", O_RDONLY), 0);
	assert_int_equal(open_err("/new", O_CREAT | O_DIRECTORY | O_RDONLY), -EINVAL);
	assert_int_equal(open_err("", O_RDONLY), -ENOENT);
	assert_int_equal(open_err("/tmpf", O_TMPFILE | O_RDWR), -EOPNOTSUPP);
	assert_int_equal(vfs_set_umask(077), 022);
	assert_int_equal(open_err("/of2", O_CREAT | O_WRONLY), 0);
	assert_int_equal(stat_path("/of2", &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0600);
	assert_int_equal(vfs_set_umask(022), 077);

	/* the access mode is enforced */
	f = vfs_openat(AT_FDCWD, "/of", O_RDONLY, 0);
	assert_int_equal(kernel_write(f, "x", 1, 0), -EBADF);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/of", O_WRONLY, 0);
	char c;
	assert_int_equal(kernel_read(f, &c, 1, 0), -EBADF);
	assert_int_equal(f->f_flags & (O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC), 0);
	fput(f);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/of", F_OK, 0), 0);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/of", X_OK, 0), -EACCES);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/", X_OK, 0), 0);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/of", R_OK | W_OK, 0), 0);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/of", 8, 0), -EINVAL);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/nope", F_OK, 0), -ENOENT);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/of", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/of2", 0), 0);
}

static void test_exec_open(void **state)
{
	struct file *f;
	char buf[8];

	(void)state;
	assert_int_equal(write_path("/prog", "\177ELF....", 8), 0);
	assert_int_equal(kernel_open_exec("/prog", &f), -EACCES);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/prog2", S_IFREG | 0755, 0), 0);
	assert_int_equal(write_path("/prog2", "\177ELF....", 8), 0);
	assert_int_equal(vfs_symlinkat("prog2", AT_FDCWD, "/proglink"), 0);
	assert_int_equal(kernel_open_exec("/proglink", &f), 0);
	assert_int_equal(kernel_read(f, buf, 4, 0), 4);
	assert_memory_equal(buf, "\177ELF", 4);
	assert_int_equal(kernel_read(f, buf, 8, 6), 2);
	fput(f);
	assert_int_equal(kernel_open_exec("/", &f), -EACCES);
	assert_int_equal(kernel_open_exec("/nothing", &f), -ENOENT);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/prog", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/prog2", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/proglink", 0), 0);
}

/* ---- devices and pipes ---- */

static void test_devices(void **state)
{
	char buf[32];
	struct kstat st;
	struct file *f;

	(void)state;
	assert_int_equal(fs_populate_root(), 0);
	assert_int_equal(fs_populate_root(), 0);
	assert_int_equal(stat_path("/dev/null", &st), 0);
	assert_int_equal(st.mode, S_IFCHR | 0666);
	assert_int_equal(st.rdev, MKDEV(1, 3));
	assert_int_equal(stat_path("/tmp", &st), 0);
	assert_int_equal(st.mode, S_IFDIR | 01777);

	f = vfs_openat(AT_FDCWD, "/dev/null", O_RDWR, 0);
	assert_false(IS_ERR(f));
	assert_int_equal(kernel_write(f, "gone", 4, 0), 4);
	assert_int_equal(kernel_read(f, buf, sizeof(buf), 0), 0);
	assert_int_equal(vfs_llseek(f, 100, SEEK_SET), 0);
	assert_int_equal(vfs_ioctl(f, 0x5401, 0), -ENOTTY);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/dev/zero", O_RDONLY, 0);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(kernel_read(f, buf, sizeof(buf), 0), sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/dev/full", O_WRONLY, 0);
	assert_int_equal(kernel_write(f, "x", 1, 0), -ENOSPC);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/dev/urandom", O_RDONLY, 0);
	char r1[16], r2[16];
	assert_int_equal(kernel_read(f, r1, 16, 0), 16);
	assert_int_equal(kernel_read(f, r2, 16, 0), 16);
	assert_memory_not_equal(r1, r2, 16);
	fput(f);

	/* the console: bytes out as written (the driver adds \r), ICRNL in, no positions */
	f = vfs_openat(AT_FDCWD, "/dev/console", O_RDWR, 0);
	assert_false(IS_ERR(f));
	host_console_len = 0;
	struct uio_seg seg;
	struct uio u;
	uio_init_one(&u, &seg, "a\nb\n", 4, UIO_KERNEL);
	assert_int_equal(file_pwrite(f, &u, 0), -ESPIPE);
	assert_int_equal(file_write(f, &u), 4);
	assert_int_equal(host_console_len, 4);
	assert_memory_equal(host_console_out, "a\nb\n", 4);
	host_console_in = "ok\r";
	host_console_in_len = 3;
	uio_init_one(&u, &seg, buf, sizeof(buf), UIO_KERNEL);
	assert_int_equal(file_read(f, &u), 3);
	assert_memory_equal(buf, "ok\n", 3);
	assert_int_equal(vfs_llseek(f, 0, SEEK_CUR), -ESPIPE);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/dev/tty", O_RDONLY | O_NONBLOCK, 0);
	uio_init_one(&u, &seg, buf, sizeof(buf), UIO_KERNEL);
	assert_int_equal(file_read(f, &u), -EAGAIN);
	fput(f);

	/* a node nobody drives */
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/odd", S_IFCHR | 0600, MKDEV(42, 7)), 0);
	assert_int_equal(open_err("/dev/odd", O_RDONLY), -ENXIO);
	assert_int_equal(open_err("/dev/odd", O_PATH), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/dev/odd", 0), 0);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/fifo", S_IFIFO | 0600, 0), 0);
	assert_int_equal(stat_path("/dev/fifo", &st), 0);
	assert_true(S_ISFIFO(st.mode));
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/dev/fifo", 0), 0);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/d", S_IFDIR | 0600, 0), -EPERM);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/d", 0170000, 0), -EINVAL);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/reg", 0600, 0), 0);
	assert_int_equal(stat_path("/dev/reg", &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0600);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/dev/reg", 0), 0);
}

static void test_pipes(void **state)
{
	static char big[70000], buf[70000];
	struct file *rd, *wr;
	struct kstat st;
	struct uio_seg seg;
	struct uio u;

	(void)state;
	assert_int_equal(pipe_create(&rd, &wr, O_NONBLOCK), 0);
	assert_int_equal(pipe_get_size(rd), 65536);
	assert_int_equal(vfs_fstat(rd, &st), 0);
	assert_int_equal(st.mode & S_IFMT, S_IFIFO);
	uio_init_one(&u, &seg, buf, 10, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), -EAGAIN);
	uio_init_one(&u, &seg, "hello", 5, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 5);
	assert_int_equal(pipe_bytes_ready(rd), 5);
	uio_init_one(&u, &seg, buf, 3, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 3);
	uio_init_one(&u, &seg, buf, 10, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 2);
	assert_memory_equal(buf, "lo", 2);
	uio_init_one(&u, &seg, buf, 1, UIO_KERNEL);
	assert_int_equal(file_pread(rd, &u, 0), -ESPIPE);
	assert_int_equal(vfs_llseek(rd, 0, SEEK_CUR), -ESPIPE);
	uio_init_one(&u, &seg, "x", 1, UIO_KERNEL);
	assert_int_equal(file_read(wr, &u), -EBADF);

	/* fill: a big write takes what fits, then EAGAIN; a small one is all or nothing */
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + (i >> 12));
	uio_init_one(&u, &seg, big, 1000, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 1000);
	uio_init_one(&u, &seg, big + 1000, sizeof(big) - 1000, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 65536 - 1000);
	uio_init_one(&u, &seg, big, 1, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), -EAGAIN);
	uio_init_one(&u, &seg, buf, 100, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 100);
	uio_init_one(&u, &seg, big, 200, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), -EAGAIN);		/* 200 <= PIPE_BUF, room 100 */
	uio_init_one(&u, &seg, big + 65536, 100, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 100);
	uio_init_one(&u, &seg, buf + 100, sizeof(buf) - 100, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 65536);
	assert_memory_equal(buf, big, 65636);			/* across the ring's wrap */

	/* end of file without writers; EPIPE without readers */
	fput(wr);
	uio_init_one(&u, &seg, buf, 10, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 0);
	fput(rd);
	assert_int_equal(pipe_create(&rd, &wr, 0), 0);
	fput(rd);
	uio_init_one(&u, &seg, "x", 1, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), -EPIPE);
	uio_init_one(&u, &seg, "", 0, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 0);
	fput(wr);
	assert_int_equal(dcache_count(), dcache_at_start);
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
		cmocka_unit_test(test_getdents),
		cmocka_unit_test(test_file_data),
		cmocka_unit_test(test_open_flags),
		cmocka_unit_test(test_exec_open),
		cmocka_unit_test(test_pipes),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_dotdot_and_mounts),
	};

	return cmocka_run_group_tests(tests, setup, fs_test_teardown);
}
