/*
 * Helpers shared by the host tests of the file layer: one-line ways to
 * make, read and inspect files through the VFS (kernel strings, no fds).
 * Include after cmocka.h and the libc headers.
 */
#ifndef HOST_FS_TEST_UTIL_H
#define HOST_FS_TEST_UTIL_H

#include <fs/fs.h>
#include <fs/fdtable.h>
#include <lib/errno.h>

#include "fs_stubs.h"

/* vfs_init, a root fs_struct and an empty fd table: the test's process. */
static inline int fs_test_setup(void **state)
{
	(void)state;
	vfs_init();
	host_fs = fs_struct_alloc_root();
	host_files = files_alloc();
	return host_fs && host_files ? 0 : -1;
}

static inline int fs_test_teardown(void **state)
{
	(void)state;
	files_put(host_files);
	fs_struct_put(host_fs);
	host_files = NULL;
	host_fs = NULL;
	return 0;
}

/* Create (or truncate) path with data; 0 or -Exxx. */
static inline int write_path(const char *path, const char *data, size_t len)
{
	struct file *f = vfs_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = len ? kernel_write(f, data, len, 0) : 0;
	fput(f);
	return n < 0 ? (int)n : (size_t)n == len ? 0 : -EIO;
}

static inline int touch(const char *path)
{
	return write_path(path, NULL, 0);
}

/* Read up to len bytes of path at pos: the count or -Exxx. */
static inline ssize_t read_path(const char *path, void *buf, size_t len, loff_t pos)
{
	struct file *f = vfs_openat(AT_FDCWD, path, O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, len, pos);
	fput(f);
	return n;
}

/* stat without following a final symlink: 0 or -Exxx. */
static inline int lstat_path(const char *path, struct kstat *st)
{
	return vfs_statat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, st);
}

static inline int stat_path(const char *path, struct kstat *st)
{
	return vfs_statat(AT_FDCWD, path, 0, st);
}

/* The error of opening path with flags (0 if it opened). */
static inline int open_err(const char *path, int flags)
{
	struct file *f = vfs_openat(AT_FDCWD, path, flags, 0644);

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	fput(f);
	return 0;
}

#endif
