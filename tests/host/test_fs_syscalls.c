/*
 * Host tests for the file system calls (syscall/fs_*.c), called directly
 * with host memory as user memory: the ABI structures (struct stat,
 * statx, linux_dirent64, iovec, the device number encoding), Linux's
 * errno for each bad argument, and -EFAULT for bad user pointers (below
 * 64 KiB, in the kernel half, or in a window the test marks bad, which
 * stands for an unmapped page after a buffer).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fs_test_util.h"
#include <syscall/syscall.h>
#include <uapi/linux/dirent.h>
#include <uapi/linux/poll.h>
#include <uapi/linux/stat.h>
#include <uapi/linux/statfs.h>
#include <uapi/linux/time.h>
#include <uapi/linux/uio.h>

#define BAD_ONE		((void *)1)
#define BAD_KERNEL	((void *)0xffffffc000000000UL)
#define FIONREAD	0x541B
#define FIOCLEX		0x5451
#define TCGETS		0x5401

/* Two pages: the second is "unmapped" (see setup). */
static char region[8192] __attribute__((aligned(4096)));
static char *edge = region + 4096 - 10;		/* 10 good bytes, then bad */

static int setup(void **state)
{
	host_bad_start = (uintptr_t)region + 4096;
	host_bad_end = (uintptr_t)region + 8192;
	memset(region, 'e', 4096);
	if (fs_test_setup(state))
		return -1;
	vfs_mkdirat(AT_FDCWD, "/sc", 0755);
	fs_populate_root();
	return vfs_chdir("/sc");
}

static long open_(const char *path, int flags)
{
	return sys_openat(AT_FDCWD, path, flags, 0644);
}

static void test_open_close(void **state)
{
	long fd, fd2;

	(void)state;
	fd = open_("a", O_CREAT | O_RDWR);
	assert_int_equal(fd, 0);
	fd2 = open_("a", O_RDONLY | O_CLOEXEC);
	assert_int_equal(fd2, 1);
	assert_int_equal(sys_fcntl((unsigned int)fd2, F_GETFD, 0), FD_CLOEXEC);
	assert_int_equal(sys_fcntl((unsigned int)fd, F_GETFD, 0), 0);
	assert_int_equal(sys_fcntl((unsigned int)fd, F_GETFL, 0), O_RDWR | O_LARGEFILE);
	assert_int_equal(sys_close((unsigned int)fd), 0);
	assert_int_equal(sys_close((unsigned int)fd), -EBADF);
	assert_int_equal(sys_close(-1U), -EBADF);
	assert_int_equal(open_("a", O_RDONLY), 0);		/* lowest free */
	assert_int_equal(open_("a", O_CREAT | O_EXCL | O_WRONLY), -EEXIST);
	assert_int_equal(open_("missing", O_RDONLY), -ENOENT);
	assert_int_equal(open_("", O_RDONLY), -ENOENT);
	assert_int_equal(sys_openat(1000000, "x", O_RDONLY, 0), -EBADF);
	assert_int_equal(sys_openat(0, "x", O_RDONLY, 0), -ENOTDIR);
	assert_int_equal(sys_openat(1000000, "/sc/a", O_RDONLY, 0), 2);
	/* a bad name: EFAULT, and nothing is created or left open */
	assert_int_equal(sys_openat(AT_FDCWD, NULL, O_RDONLY, 0), -EFAULT);
	assert_int_equal(sys_openat(AT_FDCWD, BAD_ONE, O_CREAT | O_WRONLY, 0644), -EFAULT);
	assert_int_equal(sys_openat(AT_FDCWD, BAD_KERNEL, O_RDONLY, 0), -EFAULT);
	assert_int_equal(sys_openat(AT_FDCWD, edge, O_CREAT | O_WRONLY, 0644), -EFAULT);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(sys_close(i), 0);
	assert_int_equal(open_("a", O_RDONLY), 0);
	assert_int_equal(sys_close(0), 0);
}

static void test_read_write(void **state)
{
	char buf[64], x[3], y[10];
	struct iovec wv[3] = { { "ab", 2 }, { "", 0 }, { "cdefg", 5 } };
	struct iovec rv[2] = { { x, 3 }, { y, sizeof(y) } };
	long fd;

	(void)state;
	fd = open_("rw", O_CREAT | O_RDWR | O_TRUNC);
	assert_true(fd >= 0);
	unsigned int f = (unsigned int)fd;
	assert_int_equal(sys_write(f, "0123456789", 10), 10);
	assert_int_equal(sys_lseek(f, 0, SEEK_SET), 0);
	assert_int_equal(sys_read(f, buf, 4), 4);
	assert_int_equal(sys_read(f, buf, sizeof(buf)), 6);
	assert_int_equal(sys_read(f, buf, sizeof(buf)), 0);
	assert_int_equal(sys_lseek(f, 0, SEEK_SET), 0);
	assert_int_equal(sys_writev(f, wv, 3), 7);
	assert_int_equal(sys_lseek(f, 0, SEEK_SET), 0);
	assert_int_equal(sys_readv(f, rv, 2), 10);
	assert_memory_equal(x, "abc", 3);
	assert_memory_equal(y, "defg789", 7);
	assert_int_equal(sys_readv(f, rv, 0), 0);
	assert_int_equal(sys_readv(f, rv, -1UL), -EINVAL);
	assert_int_equal(sys_writev(f, wv, 100000), -EINVAL);
	struct iovec neg[1] = { { buf, (size_t)-1 } };
	assert_int_equal(sys_readv(f, neg, 1), -EINVAL);
	assert_int_equal(sys_readv(12345, rv, 1), -EBADF);
	assert_int_equal(sys_pwrite64(f, "XY", 2, 8), 2);
	assert_int_equal(sys_pread64(f, buf, 4, 6), 4);
	assert_memory_equal(buf, "g7XY", 4);
	assert_int_equal(sys_pread64(f, buf, 4, -1), -EINVAL);
	assert_int_equal(sys_lseek(f, -1, SEEK_SET), -EINVAL);
	assert_int_equal(sys_lseek(f, 0, 42), -EINVAL);
	assert_int_equal(sys_lseek(1000000, 0, SEEK_SET), -EBADF);

	/* bad buffers: nothing read or written fails with EFAULT */
	assert_int_equal(sys_pread64(f, BAD_ONE, 4, 0), -EFAULT);
	assert_int_equal(sys_pwrite64(f, BAD_KERNEL, 4, 0), -EFAULT);
	assert_int_equal(sys_writev(f, NULL, 2), -EFAULT);
	assert_int_equal(sys_readv(f, (void *)edge, 1), -EFAULT);
	struct iovec bad[2] = { { BAD_ONE, 4 } };
	assert_int_equal(sys_lseek(f, 0, SEEK_SET), 0);
	assert_int_equal(sys_readv(f, bad, 1), -EFAULT);
	assert_int_equal(sys_lseek(f, 0, SEEK_CUR), 0);
	/* a file read that goes bad part way returns what was done */
	assert_int_equal(sys_pread64(f, edge, 20, 0), 10);
	assert_int_equal(sys_ftruncate(f, -1), -EINVAL);
	assert_int_equal(sys_ftruncate(f, 4), 0);
	assert_int_equal(sys_close(f), 0);
	fd = open_("rw", O_RDONLY);
	assert_int_equal(sys_write((unsigned int)fd, "x", 1), -EBADF);
	assert_int_equal(sys_ftruncate((unsigned int)fd, 1), -EINVAL);
	assert_int_equal(sys_ioctl((unsigned int)fd, TCGETS, 0), -ENOTTY);
	assert_int_equal(sys_ioctl((unsigned int)fd, FIOCLEX, 0), 0);
	assert_int_equal(sys_fcntl((unsigned int)fd, F_GETFD, 0), FD_CLOEXEC);
	assert_int_equal(sys_close((unsigned int)fd), 0);
	assert_int_equal(sys_truncate("rw", 2), 0);
	assert_int_equal(sys_truncate(BAD_ONE, 2), -EFAULT);
	/* O_PATH: a place, no I/O */
	fd = open_("rw", O_PATH);
	assert_int_equal(sys_read((unsigned int)fd, buf, 1), -EBADF);
	assert_int_equal(sys_fcntl((unsigned int)fd, F_GETFL, 0), O_PATH);	/* only O_PATH's flags stay */
	assert_int_equal(sys_fcntl((unsigned int)fd, F_SETFL, 0), -EBADF);
	assert_int_equal(sys_close((unsigned int)fd), 0);
}

static void test_stat(void **state)
{
	struct stat st;
	struct statx stx;
	long fd;

	(void)state;
	fd = open_("st", O_CREAT | O_WRONLY);
	assert_int_equal(sys_write((unsigned int)fd, "123456", 6), 6);
	assert_int_equal(sys_newfstatat(AT_FDCWD, "st", &st, 0), 0);
	assert_int_equal(st.st_mode, S_IFREG | 0644);
	assert_int_equal(st.st_size, 6);
	assert_int_equal(st.st_nlink, 1);
	assert_int_equal(st.st_blksize, 4096);
	assert_int_equal(st.st_blocks, 8);
	struct stat st2;
	assert_int_equal(sys_fstat((unsigned int)fd, &st2), 0);
	assert_int_equal(st2.st_ino, st.st_ino);
	assert_int_equal(st2.st_dev, st.st_dev);
	assert_int_equal(sys_newfstatat((int)fd, "", &st2, AT_EMPTY_PATH), 0);
	assert_int_equal(st2.st_ino, st.st_ino);
	assert_int_equal(sys_newfstatat(AT_FDCWD, "st", &st, 0x12345), -EINVAL);
	assert_int_equal(sys_newfstatat(AT_FDCWD, "", &st, 0), -ENOENT);
	assert_int_equal(sys_newfstatat(AT_FDCWD, "st/x", &st, 0), -ENOTDIR);
	assert_int_equal(sys_newfstatat(AT_FDCWD, "/", BAD_ONE, 0), -EFAULT);
	assert_int_equal(sys_newfstatat(AT_FDCWD, BAD_KERNEL, &st, 0), -EFAULT);
	assert_int_equal(sys_fstat((unsigned int)fd, (void *)edge), -EFAULT);
	assert_int_equal(sys_close((unsigned int)fd), 0);
	assert_int_equal(sys_fstat((unsigned int)fd, &st), -EBADF);
	/* device numbers in Linux's user encoding */
	assert_int_equal(sys_newfstatat(AT_FDCWD, "/dev/urandom", &st, 0), 0);
	assert_int_equal(st.st_rdev, 0x109);
	assert_int_equal(sys_mknodat(AT_FDCWD, "bigdev", S_IFCHR | 0600, 0x12345678), 0);
	assert_int_equal(sys_newfstatat(AT_FDCWD, "bigdev", &st, 0), 0);
	assert_int_equal(st.st_rdev, 0x12345678);
	assert_int_equal(sys_statx(AT_FDCWD, "bigdev", 0, STATX_BASIC_STATS, &stx), 0);
	assert_int_equal(stx.stx_rdev_major, 0x456);
	assert_int_equal(stx.stx_rdev_minor, 0x12378);
	assert_int_equal(stx.stx_mode, S_IFCHR | 0600);
	assert_true(stx.stx_mask & STATX_BASIC_STATS);
	assert_int_equal(sys_statx(AT_FDCWD, "bigdev", 0x6000, 0, &stx), -EINVAL);
	assert_int_equal(sys_statx(AT_FDCWD, "bigdev", 0, STATX__RESERVED, &stx), -EINVAL);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "bigdev", 0), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "st", 0), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "st", 0x4000), -EINVAL);
}

static void test_names(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(sys_mkdirat(AT_FDCWD, "d", 0777), 0);
	assert_int_equal(sys_mkdirat(AT_FDCWD, BAD_ONE, 0777), -EFAULT);
	assert_int_equal(sys_symlinkat("d", AT_FDCWD, "l"), 0);
	assert_int_equal(sys_symlinkat(BAD_ONE, AT_FDCWD, "l2"), -EFAULT);
	assert_int_equal(sys_symlinkat("x", AT_FDCWD, edge), -EFAULT);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(sys_readlinkat(AT_FDCWD, "l", buf, sizeof(buf)), 1);
	assert_int_equal(buf[1], 'x');
	assert_int_equal(sys_readlinkat(AT_FDCWD, "l", buf, 0), -EINVAL);
	assert_int_equal(sys_readlinkat(AT_FDCWD, "l", NULL, 64), -EFAULT);
	assert_int_equal(sys_readlinkat(AT_FDCWD, "d", buf, 64), -EINVAL);
	assert_int_equal(sys_linkat(AT_FDCWD, "l", AT_FDCWD, "l3", 0x1), -EINVAL);
	assert_int_equal(sys_linkat(AT_FDCWD, "l", AT_FDCWD, "l3", 0), 0);
	assert_int_equal(sys_renameat2(AT_FDCWD, "l3", AT_FDCWD, "l", RENAME_NOREPLACE), -EEXIST);
	assert_int_equal(sys_renameat2(AT_FDCWD, "l3", AT_FDCWD, "l4", 0), 0);
	assert_int_equal(sys_faccessat(AT_FDCWD, "l4", F_OK), 0);
	assert_int_equal(sys_faccessat(AT_FDCWD, "l4", 8), -EINVAL);
	assert_int_equal(sys_faccessat2(AT_FDCWD, "l4", F_OK, 0x1), -EINVAL);
	assert_int_equal(sys_faccessat(AT_FDCWD, BAD_ONE, F_OK), -EFAULT);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "l4", 0), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "l", 0), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "d", AT_REMOVEDIR), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, NULL, 0), -EFAULT);
	assert_int_equal(sys_umask(027), 022);
	assert_int_equal(sys_umask(022), 027);

	/* the working directory */
	assert_int_equal(sys_getcwd(buf, sizeof(buf)), 4);
	assert_string_equal(buf, "/sc");
	assert_int_equal(sys_getcwd(buf, 3), -ERANGE);
	assert_int_equal(sys_getcwd(buf, 0), -ERANGE);
	assert_int_equal(sys_getcwd(NULL, 100), -EFAULT);
	assert_int_equal(sys_chdir(BAD_ONE), -EFAULT);
	assert_int_equal(sys_chdir(""), -ENOENT);
	assert_int_equal(sys_chdir("/dev/null"), -ENOTDIR);
	long dfd = sys_openat(AT_FDCWD, "/", O_RDONLY | O_DIRECTORY, 0);
	assert_int_equal(sys_fchdir((unsigned int)dfd), 0);
	assert_int_equal(sys_getcwd(buf, sizeof(buf)), 2);
	assert_int_equal(sys_fchdir(999), -EBADF);
	assert_int_equal(sys_close((unsigned int)dfd), 0);
	assert_int_equal(sys_chdir("/sc"), 0);
}

static void test_getdents(void **state)
{
	static char buf[4096];
	char names[16][16];
	int n = 0;
	long fd, len;

	(void)state;
	assert_int_equal(sys_mkdirat(AT_FDCWD, "g", 0755), 0);
	assert_int_equal(sys_mkdirat(AT_FDCWD, "g/sub", 0755), 0);
	assert_int_equal(sys_symlinkat("sub", AT_FDCWD, "g/lnk"), 0);
	assert_true(sys_close((unsigned int)open_("g/a", O_CREAT | O_WRONLY)) == 0);
	fd = sys_openat(AT_FDCWD, "g", O_RDONLY | O_DIRECTORY, 0);
	unsigned int f = (unsigned int)fd;
	assert_int_equal(sys_getdents64(f, (void *)buf, 1), -EINVAL);
	/* one record at a time; each d_off resumes after it */
	int64_t last_off = 0;
	while ((len = sys_getdents64(f, (void *)buf, sizeof(struct linux_dirent64) + 8)) > 0) {
		struct linux_dirent64 *d = (void *)buf;

		assert_int_equal(d->d_reclen % 8, 0);
		assert_int_equal(d->d_reclen, len);
		snprintf(names[n++], sizeof(names[0]), "%.8s%c", d->d_name,
			 d->d_type == DT_DIR ? '/' : d->d_type == DT_LNK ? '@' : ' ');
		last_off = d->d_off;
		assert_int_equal(sys_lseek(f, 0, SEEK_CUR), last_off);
	}
	assert_int_equal(len, 0);
	assert_int_equal(n, 5);
	assert_string_equal(names[0], "./");
	assert_string_equal(names[1], "../");
	assert_string_equal(names[2], "sub/");
	assert_string_equal(names[3], "lnk@");
	assert_string_equal(names[4], "a ");
	/* all at once, from the start; then from the third record's d_off */
	assert_int_equal(sys_lseek(f, 0, SEEK_SET), 0);
	len = sys_getdents64(f, (void *)buf, sizeof(buf));
	assert_true(len > 0);
	struct linux_dirent64 *d = (void *)buf;
	d = (void *)((char *)d + d->d_reclen);
	d = (void *)((char *)d + d->d_reclen);
	assert_string_equal(d->d_name, "sub");
	assert_int_equal(sys_lseek(f, d->d_off, SEEK_SET), d->d_off);
	assert_int_equal(sys_getdents64(f, (void *)buf, sizeof(buf)), 2 * 24);	/* lnk, a */
	assert_int_equal(sys_getdents64(f, (void *)buf, sizeof(buf)), 0);
	/* bad buffers: EFAULT, and the position stays */
	assert_int_equal(sys_lseek(f, 0, SEEK_SET), 0);
	assert_int_equal(sys_getdents64(f, BAD_ONE, 1024), -EFAULT);
	assert_int_equal(sys_getdents64(f, (void *)edge, 1024), -EFAULT);
	assert_int_equal(sys_lseek(f, 0, SEEK_CUR), 0);
	assert_int_equal(sys_getdents64(12345, (void *)buf, sizeof(buf)), -EBADF);
	long ffd = open_("g/a", O_RDONLY);
	assert_int_equal(sys_getdents64((unsigned int)ffd, (void *)buf, sizeof(buf)), -ENOTDIR);
	assert_int_equal(sys_close((unsigned int)ffd), 0);
	assert_int_equal(sys_close(f), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "g/a", 0), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "g/lnk", 0), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "g/sub", AT_REMOVEDIR), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "g", AT_REMOVEDIR), 0);
}

static void test_fds(void **state)
{
	long fd, d;

	(void)state;
	fd = open_("fds", O_CREAT | O_RDWR);
	unsigned int f = (unsigned int)fd;
	d = sys_dup(f);
	assert_int_equal(d, fd + 1);
	assert_int_equal(sys_lseek(f, 3, SEEK_SET), 3);
	assert_int_equal(sys_lseek((unsigned int)d, 0, SEEK_CUR), 3);	/* one description */
	assert_int_equal(sys_dup(9999), -EBADF);
	assert_int_equal(sys_dup3(f, f, 0), -EINVAL);
	assert_int_equal(sys_dup3(f, 40, 0x1234), -EINVAL);
	assert_int_equal(sys_dup3(f, 1U << 30, 0), -EBADF);
	assert_int_equal(sys_dup3(9999, 40, 0), -EBADF);
	assert_int_equal(sys_dup3(f, 40, O_CLOEXEC), 40);
	assert_int_equal(sys_fcntl(40, F_GETFD, 0), FD_CLOEXEC);
	assert_int_equal(sys_dup3(f, 40, 0), 40);
	assert_int_equal(sys_fcntl(40, F_GETFD, 0), 0);
	assert_int_equal(sys_fcntl(f, F_DUPFD, 50), 50);
	assert_int_equal(sys_fcntl(f, F_DUPFD_CLOEXEC, 50), 51);
	assert_int_equal(sys_fcntl(51, F_GETFD, 0), FD_CLOEXEC);
	assert_int_equal(sys_fcntl(f, F_DUPFD, -1UL), -EINVAL);
	assert_int_equal(sys_fcntl(f, F_DUPFD, 1UL << 30), -EINVAL);
	assert_int_equal(sys_fcntl(f, F_SETFD, ~0UL), 0);
	assert_int_equal(sys_fcntl(f, F_GETFD, 0), FD_CLOEXEC);
	assert_int_equal(sys_fcntl(f, F_SETFL, O_APPEND | O_NONBLOCK | O_RDONLY), 0);
	assert_int_equal(sys_fcntl((unsigned int)d, F_GETFL, 0),
			 O_RDWR | O_APPEND | O_NONBLOCK | O_LARGEFILE);
	assert_int_equal(sys_fcntl(f, 12345, 0), -EINVAL);
	assert_int_equal(sys_fcntl(f, F_GETPIPE_SZ, 0), -EBADF);
	assert_int_equal(sys_fcntl(f, F_SETPIPE_SZ, 4096), -EBADF);
	char flock[32] = { 0 };	/* F_RDLCK of the whole file */
	assert_int_equal(sys_fcntl(f, F_SETLK, (unsigned long)flock), 0);
	assert_int_equal(sys_fcntl(f, F_GETLK, 0), -EFAULT);
	int avail = -1;
	assert_int_equal(sys_pwrite64(f, "12345", 5, 0), 5);
	assert_int_equal(sys_lseek(f, 1, SEEK_SET), 1);
	assert_int_equal(sys_ioctl(f, 0x541B, (unsigned long)&avail), 0);
	assert_int_equal(avail, 4);
	assert_int_equal(sys_fcntl(9999, F_GETFL, 0), -EBADF);
	assert_int_equal(sys_close(40), 0);
	assert_int_equal(sys_close(50), 0);
	assert_int_equal(sys_close(51), 0);
	assert_int_equal(sys_close((unsigned int)d), 0);
	assert_int_equal(sys_close(f), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "fds", 0), 0);
}

static void test_pipes(void **state)
{
	int p[2] = { -1, -1 };
	char buf[64];
	int n;

	(void)state;
	assert_int_equal(sys_pipe2(p, 0x12345678), -EINVAL);
	assert_int_equal(sys_pipe2(p, O_RDWR), -EINVAL);
	assert_int_equal(sys_pipe2(BAD_ONE, 0), -EFAULT);
	assert_int_equal(sys_pipe2((int *)(edge + 4), 0), -EFAULT);
	assert_int_equal(sys_pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	assert_int_equal(p[0], 0);				/* nothing leaked above */
	assert_int_equal(p[1], 1);
	assert_int_equal(sys_fcntl(0, F_GETFD, 0), FD_CLOEXEC);
	assert_int_equal(sys_fcntl(0, F_GETFL, 0), O_RDONLY | O_NONBLOCK);
	assert_int_equal(sys_fcntl(1, F_GETFL, 0), O_WRONLY | O_NONBLOCK);
	assert_int_equal(sys_fcntl(0, F_GETPIPE_SZ, 0), 65536);
	/* resizing keeps what is in the ring */
	assert_int_equal(sys_write(1, "keep", 4), 4);
	assert_int_equal(sys_fcntl(0, F_SETPIPE_SZ, 1), 4096);
	assert_int_equal(sys_fcntl(1, F_GETPIPE_SZ, 0), 4096);
	assert_int_equal(sys_fcntl(1, F_SETPIPE_SZ, 5000), 8192);
	assert_int_equal(sys_fcntl(1, F_SETPIPE_SZ, 2 << 20), -EPERM);
	assert_int_equal(sys_fcntl(1, F_SETPIPE_SZ, 1UL << 40), -EINVAL);
	assert_int_equal(sys_read(0, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "keep", 4);
	static char big[8192];
	assert_int_equal(sys_write(1, big, sizeof(big)), 8192);
	assert_int_equal(sys_write(1, "x", 1), -EAGAIN);
	assert_int_equal(sys_fcntl(1, F_SETPIPE_SZ, 4096), -EBUSY);
	assert_int_equal(sys_fcntl(1, F_SETPIPE_SZ, 65536), 65536);
	assert_int_equal(sys_read(0, big, sizeof(big)), 8192);
	assert_int_equal(sys_read(0, buf, sizeof(buf)), -EAGAIN);
	assert_int_equal(sys_lseek(0, 0, SEEK_CUR), -ESPIPE);
	assert_int_equal(sys_pwrite64(1, "x", 1, 0), -ESPIPE);
	assert_int_equal(sys_pread64(0, buf, 1, 0), -ESPIPE);
	/* a bad buffer: EFAULT and nothing moved, either way */
	assert_int_equal(sys_write(1, edge, 20), -EFAULT);
	assert_int_equal(sys_ioctl(0, FIONREAD, (unsigned long)&n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(sys_write(1, "abcdefghijklmnopqrst", 20), 20);
	assert_int_equal(sys_read(0, edge, 20), -EFAULT);
	assert_int_equal(sys_ioctl(0, FIONREAD, (unsigned long)&n), 0);
	assert_int_equal(n, 20);
	assert_int_equal(sys_read(0, buf, sizeof(buf)), 20);
	assert_memory_equal(buf, "abcdefghijklmnopqrst", 20);
	assert_int_equal(sys_read(1, buf, 1), -EBADF);
	assert_int_equal(sys_write(0, "x", 1), -EBADF);
	assert_int_equal(sys_close(0), 0);
	assert_int_equal(sys_write(1, "x", 1), -EPIPE);
	assert_int_equal(sys_write(1, "", 0), 0);
	assert_int_equal(sys_close(1), 0);
}

static void test_attrs(void **state)
{
	struct __kernel_timespec ts[2] = { { 1000, 5 }, { 2000, (1 << 30) - 2 } };
	struct statfs sfs;
	struct stat st;
	long fd;

	(void)state;
	fd = open_("at", O_CREAT | O_RDWR);
	unsigned int f = (unsigned int)fd;
	assert_int_equal(sys_fchmodat(AT_FDCWD, "at", 04751), 0);
	assert_int_equal(sys_fstat(f, &st), 0);
	assert_int_equal(st.st_mode, S_IFREG | 04751);
	assert_int_equal(sys_fchown(f, 12, 34), 0);
	assert_int_equal(sys_fstat(f, &st), 0);
	assert_int_equal(st.st_uid, 12);
	assert_int_equal(st.st_gid, 34);
	assert_int_equal(st.st_mode, S_IFREG | 0751);	/* set-uid dropped */
	assert_int_equal(sys_fchownat(AT_FDCWD, "at", -1U, 56, 0), 0);
	assert_int_equal(sys_fstat(f, &st), 0);
	assert_int_equal(st.st_uid, 12);
	assert_int_equal(st.st_gid, 56);
	assert_int_equal(sys_fchownat(AT_FDCWD, "at", 0, 0, 0x1), -EINVAL);
	assert_int_equal(sys_fchmod(f, 0644), 0);
	assert_int_equal(sys_fchmod(9999, 0644), -EBADF);
	long mtime_before = (sys_fstat(f, &st), st.st_mtime);
	assert_int_equal(sys_utimensat(AT_FDCWD, "at", ts, 0), 0);
	assert_int_equal(sys_fstat(f, &st), 0);
	assert_int_equal(st.st_atime, 1000);
	assert_int_equal(st.st_atime_nsec, 5);
	assert_int_equal(st.st_mtime, mtime_before);		/* UTIME_OMIT */
	assert_int_equal(sys_utimensat((int)fd, NULL, NULL, 0), 0);	/* futimens: now */
	assert_int_equal(sys_fstat(f, &st), 0);
	assert_true(st.st_atime >= 1700000000);
	ts[0].tv_nsec = 1000000000;
	assert_int_equal(sys_utimensat(AT_FDCWD, "at", ts, 0), -EINVAL);
	assert_int_equal(sys_utimensat(AT_FDCWD, "at", (void *)edge, 0), -EFAULT);
	assert_int_equal(sys_utimensat(AT_FDCWD, "at", NULL, 0x8000), -EINVAL);
	/* statfs, fsync */
	assert_int_equal(sys_statfs("/", &sfs), 0);
	assert_int_equal(sfs.f_type, 0x858458f6);
	assert_int_equal(sfs.f_namelen, 255);
	assert_int_equal(sys_fstatfs(f, &sfs), 0);
	assert_int_equal(sys_statfs("/", BAD_ONE), -EFAULT);
	assert_int_equal(sys_fsync(f), 0);
	assert_int_equal(sys_fdatasync(f), 0);
	assert_int_equal(sys_fsync(9999), -EBADF);
	assert_int_equal(sys_sync(), 0);
	int p[2];
	assert_int_equal(sys_pipe2(p, 0), 0);
	assert_int_equal(sys_fsync((unsigned int)p[0]), -EINVAL);

	/* preadv/pwritev and their flags; sendfile; close_range */
	char a[4] = "", b[4] = "";
	struct iovec iov[2] = { { a, 3 }, { b, 3 } };
	assert_int_equal(sys_write(f, "abcdefgh", 8), 8);
	assert_int_equal(sys_preadv(f, iov, 2, 1, 0), 6);
	assert_memory_equal(a, "bcd", 3);
	assert_memory_equal(b, "efg", 3);
	assert_int_equal(sys_preadv(f, iov, 2, -1UL, 0), -EINVAL);
	assert_int_equal(sys_lseek(f, 5, SEEK_SET), 5);
	assert_int_equal(sys_preadv2(f, iov, 1, -1UL, 0, 0), 3);	/* at the position */
	assert_memory_equal(a, "fgh", 3);
	assert_int_equal(sys_preadv2(f, iov, 1, 0, 0, 0x100), -EOPNOTSUPP);
	assert_int_equal(sys_pwritev(f, iov, 1, 20, 0), 3);
	assert_int_equal(sys_preadv((unsigned long)p[0], iov, 1, 0, 0), -ESPIPE);
	loff_t off = 2;
	assert_int_equal(sys_sendfile(p[1], (int)fd, &off, 4), 4);
	assert_int_equal(off, 6);
	char got[8];
	assert_int_equal(sys_read((unsigned int)p[0], got, sizeof(got)), 4);
	assert_memory_equal(got, "cdef", 4);
	assert_int_equal(sys_lseek(f, 0, SEEK_SET), 0);
	assert_int_equal(sys_sendfile(p[1], (int)fd, NULL, 3), 3);
	assert_int_equal(sys_lseek(f, 0, SEEK_CUR), 3);
	assert_int_equal(sys_sendfile(p[1], p[0], &off, 3), -ESPIPE);
	assert_int_equal(sys_sendfile(p[0], (int)fd, NULL, 3), -EBADF);
	off = -1;
	assert_int_equal(sys_sendfile(p[1], (int)fd, &off, 3), -EINVAL);
	assert_int_equal(sys_sendfile(p[1], (int)fd, BAD_ONE, 3), -EFAULT);
	long d1 = sys_dup(f), d2 = sys_dup(f);
	assert_int_equal(sys_close_range((unsigned int)d1, (unsigned int)d2, 1U << 2), 0);
	assert_int_equal(sys_fcntl((unsigned int)d2, F_GETFD, 0), FD_CLOEXEC);
	assert_int_equal(sys_close_range((unsigned int)d1, ~0U, 0), 0);
	assert_int_equal(sys_fcntl((unsigned int)d1, F_GETFD, 0), -EBADF);
	assert_int_equal(sys_fcntl((unsigned int)d2, F_GETFD, 0), -EBADF);
	assert_int_equal(sys_close_range(5, 4, 0), -EINVAL);
	assert_int_equal(sys_close_range(0, 1, 0x1), -EINVAL);
	assert_int_equal(sys_close((unsigned int)p[0]), 0);
	assert_int_equal(sys_close((unsigned int)p[1]), 0);
	assert_int_equal(sys_close(f), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "at", 0), 0);
}

static void test_chroot(void **state)
{
	struct fs_struct *saved = host_fs;
	char buf[64];

	(void)state;
	host_fs = fs_struct_dup(saved);
	assert_int_equal(sys_mkdirat(AT_FDCWD, "jail", 0755), 0);
	assert_int_equal(sys_mkdirat(AT_FDCWD, "jail/in", 0755), 0);
	assert_int_equal(sys_chroot("jail/nothing"), -ENOENT);
	assert_int_equal(sys_chroot("jail"), 0);
	assert_int_equal(sys_chdir("/"), 0);
	assert_int_equal(sys_getcwd(buf, sizeof(buf)), 2);
	assert_int_equal(sys_chdir("/in/../../.."), 0);	/* ".." stops at the new root */
	assert_int_equal(sys_getcwd(buf, sizeof(buf)), 2);
	assert_int_equal(sys_chdir("in"), 0);
	assert_int_equal(sys_getcwd(buf, sizeof(buf)), 4);
	assert_string_equal(buf, "/in");
	fs_struct_put(host_fs);
	host_fs = saved;
	assert_int_equal(sys_unlinkat(AT_FDCWD, "jail/in", AT_REMOVEDIR), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "jail", AT_REMOVEDIR), 0);
}

static void test_poll(void **state)
{
	struct __kernel_timespec zero = { 0, 0 }, bad = { 0, 1000000000 };
	struct pollfd fds[4];
	int p[2];
	long fd;

	(void)state;
	assert_int_equal(sys_pipe2(p, 0), 0);
	fd = open_("/dev/null", O_RDWR);
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	fds[2] = (struct pollfd){ .fd = (int)fd, .events = POLLIN | POLLOUT };
	fds[3] = (struct pollfd){ .fd = -1, .events = POLLIN };
	assert_int_equal(sys_ppoll(fds, 4, &zero, NULL, 0), 2);
	assert_int_equal(fds[0].revents, 0);
	assert_int_equal(fds[1].revents, POLLOUT);
	assert_int_equal(fds[2].revents, POLLIN | POLLOUT);
	assert_int_equal(fds[3].revents, 0);
	assert_int_equal(sys_write((unsigned int)p[1], "x", 1), 1);
	assert_int_equal(sys_ppoll(fds, 2, &zero, NULL, 0), 2);
	assert_int_equal(fds[0].revents, POLLIN);
	/* an end closed: the other sees POLLHUP (read) or POLLERR (write) */
	assert_int_equal(sys_close((unsigned int)p[1]), 0);
	assert_int_equal(sys_ppoll(fds, 2, &zero, NULL, 0), 2);
	assert_int_equal(fds[0].revents, POLLIN | POLLHUP);
	assert_int_equal(fds[1].revents, POLLNVAL);
	assert_int_equal(sys_ppoll(fds, 1, NULL, NULL, 0), 1);	/* ready: no sleep */
	assert_int_equal(sys_ppoll(fds, 1, &bad, NULL, 0), -EINVAL);
	assert_int_equal(sys_ppoll(fds, 1, &zero, (void *)&zero, 4), -EINVAL);
	assert_int_equal(sys_ppoll(BAD_ONE, 1, &zero, NULL, 0), -EFAULT);
	assert_int_equal(sys_ppoll(fds, 100000, &zero, NULL, 0), -EINVAL);
	assert_int_equal(sys_ppoll(fds, 0, &zero, NULL, 0), 0);

	/* pselect6 */
	unsigned long rd[16] = { 0 }, wr[16] = { 0 };
	rd[0] = 1UL << p[0];
	wr[0] = 1UL << fd;
	assert_int_equal(sys_pselect6((int)fd + 1, (void *)rd, (void *)wr, NULL, &zero, NULL), 2);
	assert_int_equal(rd[0], 1UL << p[0]);
	assert_int_equal(wr[0], 1UL << fd);
	rd[0] = 1UL << 20;		/* not open */
	assert_int_equal(sys_pselect6(21, (void *)rd, NULL, NULL, &zero, NULL), -EBADF);
	assert_int_equal(sys_pselect6(-1, NULL, NULL, NULL, &zero, NULL), -EINVAL);
	assert_int_equal(sys_pselect6(0, NULL, NULL, NULL, &zero, NULL), 0);
	assert_int_equal(sys_close((unsigned int)p[0]), 0);
	assert_int_equal(sys_close((unsigned int)fd), 0);
}

static void test_misc(void **state)
{
	char buf[32];
	int p[2];
	long fd, ro, fd2;

	(void)state;
	fd = open_("misc", O_CREAT | O_RDWR);
	ro = open_("misc", O_RDONLY);
	unsigned int f = (unsigned int)fd;
	/* extended attributes: none kept */
	assert_int_equal(sys_getxattr("nothere", "user.x", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(sys_getxattr("misc", "user.x", buf, sizeof(buf)), -EOPNOTSUPP);
	assert_int_equal(sys_getxattr("misc", "", buf, sizeof(buf)), -ERANGE);
	assert_int_equal(sys_setxattr("misc", "user.x", "v", 1, 0x4), -EINVAL);
	assert_int_equal(sys_setxattr("misc", "user.x", "v", 1 << 20, 0), -E2BIG);
	assert_int_equal(sys_fsetxattr((int)fd, "user.x", "v", 1, 0), -EOPNOTSUPP);
	assert_int_equal(sys_listxattr("misc", buf, sizeof(buf)), 0);
	assert_int_equal(sys_flistxattr(999, buf, sizeof(buf)), -EBADF);
	assert_int_equal(sys_lremovexattr("misc", "user.x"), -EOPNOTSUPP);
	assert_int_equal(sys_getxattr(BAD_ONE, "user.x", buf, 1), -EFAULT);
	/* fallocate, fadvise64, readahead, sync_file_range */
	assert_int_equal(sys_pipe2(p, 0), 0);
	assert_int_equal(sys_fallocate((int)fd, 0, 0, 100), -EOPNOTSUPP);
	assert_int_equal(sys_fallocate((int)fd, 0, 0, 0), -EINVAL);
	assert_int_equal(sys_fallocate((int)fd, 0x100, 0, 1), -EOPNOTSUPP);
	assert_int_equal(sys_fallocate((int)ro, 0, 0, 1), -EBADF);
	assert_int_equal(sys_fallocate(p[1], 0, 0, 1), -ESPIPE);
	assert_int_equal(sys_fadvise64((int)fd, 0, 0, 4), 0);
	assert_int_equal(sys_fadvise64((int)fd, 0, 0, 9), -EINVAL);
	assert_int_equal(sys_fadvise64(p[0], 0, 0, 0), -ESPIPE);
	assert_int_equal(sys_readahead((int)fd, 0, 10), 0);
	assert_int_equal(sys_readahead(p[0], 0, 10), -EINVAL);
	assert_int_equal(sys_sync_file_range((int)fd, 0, 0, 0), 0);
	assert_int_equal(sys_sync_file_range((int)fd, 0, 0, 8), -EINVAL);
	/* copy_file_range */
	assert_int_equal(sys_write(f, "0123456789", 10), 10);
	fd2 = open_("misc2", O_CREAT | O_RDWR);
	loff_t in = 2, out = 1;
	assert_int_equal(sys_copy_file_range((int)fd, &in, (int)fd2, &out, 5, 0), 5);
	assert_int_equal(in, 7);
	assert_int_equal(out, 6);
	assert_int_equal(sys_pread64((unsigned int)fd2, buf, sizeof(buf), 0), 6);
	assert_memory_equal(buf, "\0" "23456", 6);
	assert_int_equal(sys_lseek(f, 8, SEEK_SET), 8);
	assert_int_equal(sys_copy_file_range((int)fd, NULL, (int)fd2, NULL, 100, 0), 2);
	assert_int_equal(sys_lseek(f, 0, SEEK_CUR), 10);
	assert_int_equal(sys_lseek((unsigned int)fd2, 0, SEEK_CUR), 2);
	in = 0;
	out = 3;
	assert_int_equal(sys_copy_file_range((int)fd, &in, (int)fd, &out, 5, 0), -EINVAL);
	assert_int_equal(sys_copy_file_range((int)fd, &in, (int)fd2, &out, 5, 1), -EINVAL);
	assert_int_equal(sys_copy_file_range((int)fd, &in, (int)ro, &out, 5, 0), -EBADF);
	assert_int_equal(sys_copy_file_range(p[0], NULL, (int)fd2, NULL, 5, 0), -EINVAL);
	sys_close((unsigned int)p[0]);
	sys_close((unsigned int)p[1]);
	sys_close((unsigned int)fd2);
	sys_close((unsigned int)ro);
	sys_close(f);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "misc", 0), 0);
	assert_int_equal(sys_unlinkat(AT_FDCWD, "misc2", 0), 0);
}

static long setlk(unsigned int fd, int cmd, short type, long start, long len, struct flock *out)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	long r = sys_fcntl(fd, (unsigned int)cmd, (unsigned long)&fl);

	if (out)
		*out = fl;
	return r;
}

/* Two processes: A and B, each with its own fd table. */
static void test_locks(void **state)
{
	struct files_struct *a = host_files, *b = files_alloc();
	struct flock fl;
	long fa, fa2, fb;

	(void)state;
	fa = open_("lk", O_CREAT | O_RDWR);
	fa2 = open_("lk", O_RDONLY);
	host_files = b;
	fb = open_("lk", O_RDWR);
	host_files = a;
	assert_int_equal(setlk((unsigned int)fa, F_SETLK, F_WRLCK, 0, 10, NULL), 0);
	host_files = b;
	assert_int_equal(setlk((unsigned int)fb, F_SETLK, F_RDLCK, 5, 1, NULL), -EAGAIN);
	assert_int_equal(setlk((unsigned int)fb, F_GETLK, F_WRLCK, 0, 100, &fl), 0);
	assert_int_equal(fl.l_type, F_WRLCK);
	assert_int_equal(fl.l_start, 0);
	assert_int_equal(fl.l_len, 10);
	assert_int_equal(fl.l_pid, 4242);
	assert_int_equal(setlk((unsigned int)fb, F_SETLK, F_RDLCK, 10, 10, NULL), 0);
	host_files = a;
	assert_int_equal(setlk((unsigned int)fa, F_GETLK, F_WRLCK, 15, 1, &fl), 0);
	assert_int_equal(fl.l_type, F_RDLCK);
	assert_int_equal(fl.l_start, 10);
	assert_int_equal(setlk((unsigned int)fa, F_GETLK, F_RDLCK, 15, 1, &fl), 0);
	assert_int_equal(fl.l_type, F_UNLCK);			/* readers share */
	assert_int_equal(setlk((unsigned int)fa, F_SETLK, F_UNLCK, 0, 5, NULL), 0);
	assert_int_equal(setlk((unsigned int)fa, F_SETLK, F_WRLCK, 20, 10, NULL), 0);
	assert_int_equal(setlk((unsigned int)fa, F_SETLK, F_WRLCK, 30, 10, NULL), 0);
	host_files = b;
	assert_int_equal(setlk((unsigned int)fb, F_GETLK, F_RDLCK, 0, 5, &fl), 0);
	assert_int_equal(fl.l_type, F_UNLCK);
	assert_int_equal(setlk((unsigned int)fb, F_GETLK, F_RDLCK, 25, 10, &fl), 0);
	assert_int_equal(fl.l_start, 20);			/* merged */
	assert_int_equal(fl.l_len, 20);
	/* any close by A of the file drops all of A's locks on it */
	host_files = a;
	assert_int_equal(sys_close((unsigned int)fa2), 0);
	host_files = b;
	assert_int_equal(setlk((unsigned int)fb, F_GETLK, F_WRLCK, 0, 0, &fl), 0);
	assert_int_equal(fl.l_type, F_UNLCK);			/* B's own lock does not count */
	assert_int_equal(setlk((unsigned int)fb, F_SETLK, F_WRLCK, 0, 0, NULL), 0);
	host_files = a;
	assert_int_equal(setlk((unsigned int)fa, F_GETLK, F_RDLCK, 100, 1, &fl), 0);
	assert_int_equal(fl.l_type, F_WRLCK);
	assert_int_equal(fl.l_len, 0);				/* to the end */
	/* open file description locks: owned by the file, l_pid -1 */
	assert_int_equal(setlk((unsigned int)fa, F_OFD_GETLK, F_RDLCK, 0, 1, &fl), 0);
	assert_int_equal(fl.l_type, F_WRLCK);			/* B's record lock */
	assert_int_equal(fl.l_pid, 4242);
	fl = (struct flock){ .l_type = F_RDLCK, .l_pid = 7 };
	assert_int_equal(sys_fcntl((unsigned int)fa, F_OFD_SETLK, (unsigned long)&fl), -EINVAL);
	/* bad requests */
	assert_int_equal(setlk((unsigned int)fa, F_SETLK, 9, 0, 1, NULL), -EINVAL);
	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = 7 };
	assert_int_equal(sys_fcntl((unsigned int)fa, F_SETLK, (unsigned long)&fl), -EINVAL);
	assert_int_equal(setlk((unsigned int)fa, F_SETLK, F_RDLCK, -5, 1, NULL), -EINVAL);
	assert_int_equal(sys_fcntl((unsigned int)fa, F_SETLK, 1), -EFAULT);
	host_files = b;
	assert_int_equal(sys_close((unsigned int)fb), 0);	/* B's locks go */
	host_files = a;
	assert_int_equal(setlk((unsigned int)fa, F_SETLK, F_WRLCK, 0, 0, NULL), 0);
	assert_int_equal(setlk((unsigned int)fa, F_SETLK, F_UNLCK, 0, 0, NULL), 0);
	long wo = open_("lk", O_WRONLY);
	assert_int_equal(setlk((unsigned int)wo, F_SETLK, F_RDLCK, 0, 1, NULL), -EBADF);
	/* flock: whole files, per open file, apart from record locks */
	long f1 = open_("lk", O_RDONLY), f2 = open_("lk", O_RDONLY);
	assert_int_equal(sys_flock((unsigned int)f1, LOCK_EX), 0);
	assert_int_equal(sys_flock((unsigned int)f2, LOCK_SH | LOCK_NB), -EAGAIN);
	assert_int_equal(setlk((unsigned int)fa, F_SETLK, F_WRLCK, 0, 0, NULL), 0);
	assert_int_equal(setlk((unsigned int)fa, F_SETLK, F_UNLCK, 0, 0, NULL), 0);
	long d1 = sys_dup((unsigned int)f1);
	assert_int_equal(sys_close((unsigned int)f1), 0);
	assert_int_equal(sys_flock((unsigned int)f2, LOCK_SH | LOCK_NB), -EAGAIN);	/* dup holds it */
	assert_int_equal(sys_close((unsigned int)d1), 0);
	assert_int_equal(sys_flock((unsigned int)f2, LOCK_SH | LOCK_NB), 0);
	assert_int_equal(sys_flock((unsigned int)f2, LOCK_UN), 0);
	assert_int_equal(sys_flock((unsigned int)f2, 0), -EINVAL);
	assert_int_equal(sys_flock(999, LOCK_SH), -EBADF);
	/* an OFD lock meets record locks, even the same process's, and goes with its file */
	assert_int_equal(setlk((unsigned int)fa, F_OFD_SETLK, F_WRLCK, 200, 10, NULL), 0);
	assert_int_equal(setlk((unsigned int)f2, F_OFD_GETLK, F_RDLCK, 205, 1, &fl), 0);
	assert_int_equal(fl.l_type, F_WRLCK);
	assert_int_equal(fl.l_pid, -1);
	assert_int_equal(setlk((unsigned int)fa, F_GETLK, F_RDLCK, 205, 1, &fl), 0);
	assert_int_equal(fl.l_type, F_WRLCK);
	sys_close((unsigned int)f2);
	sys_close((unsigned int)wo);
	sys_close((unsigned int)fa);
	f1 = open_("lk", O_RDONLY);
	assert_int_equal(setlk((unsigned int)f1, F_GETLK, F_WRLCK, 0, 0, &fl), 0);
	assert_int_equal(fl.l_type, F_UNLCK);			/* the OFD lock went with fa */
	sys_close((unsigned int)f1);
	host_files = b;
	files_put(b);
	host_files = a;
	assert_int_equal(sys_unlinkat(AT_FDCWD, "lk", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_close),
		cmocka_unit_test(test_read_write),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_getdents),
		cmocka_unit_test(test_fds),
		cmocka_unit_test(test_pipes),
		cmocka_unit_test(test_attrs),
		cmocka_unit_test(test_chroot),
		cmocka_unit_test(test_poll),
		cmocka_unit_test(test_misc),
		cmocka_unit_test(test_locks),
	};

	return cmocka_run_group_tests(tests, setup, fs_test_teardown);
}
