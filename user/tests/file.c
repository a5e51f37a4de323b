/*
 * Regular files: openat flags, read/write and their vector and
 * positioned forms, lseek, fstat/newfstatat, symbolic links, name
 * lengths, and the character devices /dev/null and /dev/zero.
 *
 * Works inside /tmp/utest-file, removed at the end.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

#include "utest.h"

#define DIR_NAME "/tmp/utest-file"

static long sys_openat(int dirfd, const char *path, int flags, int mode)
{
	return syscall(SYS_openat, dirfd, path, flags, mode);
}

static long sys_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return syscall(SYS_newfstatat, dirfd, path, st, flags);
}

static long sys_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	return syscall(SYS_readlinkat, dirfd, path, buf, size);
}

/* Whole content of a file, at most size - 1 bytes, NUL-terminated. */
static long slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static void test_open_flags(void)
{
	struct stat st;
	int fd;

	fd = sys_openat(AT_FDCWD, "a", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0);
	CHECK(write(fd, "hello world", 11) == 11);
	CHECK(close(fd) == 0);

	CHECK_ERR(sys_openat(AT_FDCWD, "a", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	CHECK_ERR(sys_openat(AT_FDCWD, "missing", O_RDONLY, 0), ENOENT);
	CHECK_ERR(sys_openat(AT_FDCWD, "missing/x", O_CREAT | O_RDWR, 0644), ENOENT);
	CHECK_ERR(sys_openat(AT_FDCWD, "a/x", O_RDONLY, 0), ENOTDIR);
	CHECK_ERR(sys_openat(AT_FDCWD, "a/", O_RDONLY, 0), ENOTDIR);
	CHECK_ERR(sys_openat(AT_FDCWD, "a", O_RDONLY | O_DIRECTORY, 0), ENOTDIR);
	CHECK_ERR(sys_openat(AT_FDCWD, ".", O_WRONLY, 0), EISDIR);
	CHECK_ERR(sys_openat(AT_FDCWD, ".", O_RDWR, 0), EISDIR);
	CHECK_ERR(sys_openat(AT_FDCWD, "", O_RDONLY, 0), ENOENT);

	/* A directory opens read-only; reading it as a file is EISDIR. */
	fd = sys_openat(AT_FDCWD, ".", O_RDONLY | O_DIRECTORY, 0);
	CHECK(fd >= 0);
	char c;
	CHECK_ERR(read(fd, &c, 1), EISDIR);
	close(fd);

	/* O_TRUNC empties the file. */
	fd = sys_openat(AT_FDCWD, "a", O_WRONLY | O_TRUNC, 0);
	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
	close(fd);

	/* O_APPEND writes at the end whatever the offset. */
	fd = sys_openat(AT_FDCWD, "a", O_RDWR | O_APPEND, 0);
	CHECK(fd >= 0);
	CHECK(write(fd, "abc", 3) == 3);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(write(fd, "def", 3) == 3);
	CHECK(lseek(fd, 0, SEEK_CUR) == 6);
	char buf[64] = "";
	CHECK(pread(fd, buf, sizeof(buf), 0) == 6 && memcmp(buf, "abcdef", 6) == 0);
	close(fd);

	/* O_CLOEXEC shows in F_GETFD; without it the flag is clear. */
	fd = sys_openat(AT_FDCWD, "a", O_RDONLY | O_CLOEXEC, 0);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
	close(fd);
	fd = sys_openat(AT_FDCWD, "a", O_RDONLY, 0);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == 0);
	close(fd);

	/* The access mode is enforced on each call. */
	fd = sys_openat(AT_FDCWD, "a", O_RDONLY, 0);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	close(fd);
	fd = sys_openat(AT_FDCWD, "a", O_WRONLY, 0);
	CHECK_ERR(read(fd, buf, 1), EBADF);
	close(fd);

	/* openat relative to a directory fd, and to a file fd. */
	int dfd = sys_openat(AT_FDCWD, DIR_NAME, O_RDONLY | O_DIRECTORY, 0);
	CHECK(dfd >= 0);
	fd = sys_openat(dfd, "a", O_RDONLY, 0);
	CHECK(fd >= 0);
	CHECK_ERR(sys_openat(fd, "x", O_RDONLY, 0), ENOTDIR);
	CHECK_ERR(sys_openat(1000000, "x", O_RDONLY, 0), EBADF);
	close(fd);
	close(dfd);
	/* An absolute path ignores the directory fd, even a bad one. */
	fd = sys_openat(1000000, DIR_NAME "/a", O_RDONLY, 0);
	CHECK(fd >= 0);
	close(fd);
}

static void test_read_write(void)
{
	char buf[64];
	int fd = sys_openat(AT_FDCWD, "rw", O_CREAT | O_RDWR | O_TRUNC, 0644);

	CHECK(fd >= 0);
	CHECK(write(fd, "0123456789", 10) == 10);
	CHECK(write(fd, "", 0) == 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "0123", 4) == 0);
	CHECK(read(fd, buf, sizeof(buf)) == 6 && memcmp(buf, "456789", 6) == 0);
	CHECK(read(fd, buf, sizeof(buf)) == 0);
	CHECK(read(fd, buf, 0) == 0);

	/* writev gathers, readv scatters, in order. */
	struct iovec wv[3] = {
		{ "ab", 2 }, { "", 0 }, { "cdefg", 5 },
	};
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(writev(fd, wv, 3) == 7);
	char x[3] = "", y[10] = "";
	struct iovec rv[2] = { { x, 3 }, { y, sizeof(y) } };
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(readv(fd, rv, 2) == 10);
	CHECK(memcmp(x, "abc", 3) == 0 && memcmp(y, "defg789", 7) == 0);
	CHECK(readv(fd, rv, 0) == 0);
	CHECK_ERR(syscall(SYS_readv, fd, rv, -1), EINVAL);
	CHECK_ERR(syscall(SYS_writev, fd, wv, 100000), EINVAL);

	/* pread64/pwrite64 leave the file offset alone. */
	CHECK(lseek(fd, 2, SEEK_SET) == 2);
	CHECK(pwrite(fd, "XY", 2, 8) == 2);
	CHECK(pread(fd, buf, 4, 6) == 4 && memcmp(buf, "g7XY", 4) == 0);
	CHECK(pread(fd, buf, 4, 100) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 2);
	CHECK_ERR(syscall(SYS_pread64, fd, buf, 4, -1L), EINVAL);
	CHECK_ERR(syscall(SYS_pwrite64, fd, buf, 4, -1L), EINVAL);

	/* lseek: every whence, past the end, and the errors. */
	CHECK(lseek(fd, 3, SEEK_SET) == 3);
	CHECK(lseek(fd, 2, SEEK_CUR) == 5);
	CHECK(lseek(fd, -1, SEEK_CUR) == 4);
	CHECK(lseek(fd, 0, SEEK_END) == 10);
	CHECK(lseek(fd, -3, SEEK_END) == 7);
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(lseek(fd, -20, SEEK_END), EINVAL);
	CHECK_ERR(lseek(fd, 0, 42), EINVAL);
	CHECK(lseek(fd, 0, SEEK_CUR) == 7);
	CHECK_ERR(lseek(1000000, 0, SEEK_SET), EBADF);

	/* A write past the end leaves a hole that reads as zeros. */
	CHECK(lseek(fd, 20, SEEK_SET) == 20);
	CHECK(write(fd, "Z", 1) == 1);
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && st.st_size == 21);
	CHECK(pread(fd, buf, 11, 10) == 11);
	CHECK(memcmp(buf, "\0\0\0\0\0\0\0\0\0\0Z", 11) == 0);

	/* ftruncate shrinks and grows. */
	CHECK(ftruncate(fd, 4) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 4);
	CHECK(read(fd, buf, 1) == 0);
	CHECK(ftruncate(fd, 6) == 0);
	CHECK(pread(fd, buf, 10, 0) == 6 && memcmp(buf, "abcd\0\0", 6) == 0);
	CHECK_ERR(ftruncate(fd, -1), EINVAL);
	close(fd);

	/* Pipes have no offset. */
	int p[2];
	CHECK(pipe(p) == 0);
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	CHECK_ERR(lseek(p[1], 0, SEEK_CUR), ESPIPE);
	CHECK_ERR(pwrite(p[1], "x", 1, 0), ESPIPE);
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE);
	close(p[0]);
	close(p[1]);
}

static void test_stat(void)
{
	struct stat st;
	int fd;

	CHECK(sys_fstatat(AT_FDCWD, "a", &st, 0) == 0);
	CHECK(S_ISREG(st.st_mode) && st.st_size == 6 && st.st_nlink == 1);
	SAY("a mode %o\n", st.st_mode & 07777);
	CHECK(sys_fstatat(AT_FDCWD, ".", &st, 0) == 0 && S_ISDIR(st.st_mode));
	CHECK(sys_fstatat(AT_FDCWD, "/", &st, 0) == 0 && S_ISDIR(st.st_mode));
	CHECK_ERR(sys_fstatat(AT_FDCWD, "missing", &st, 0), ENOENT);
	CHECK_ERR(sys_fstatat(AT_FDCWD, "a/b", &st, 0), ENOTDIR);
	CHECK_ERR(sys_fstatat(AT_FDCWD, "a", &st, 0x12345), EINVAL);
	CHECK_ERR(sys_fstatat(AT_FDCWD, "", &st, 0), ENOENT);

	/* AT_EMPTY_PATH stats the fd itself. */
	fd = open("a", O_RDONLY);
	CHECK(sys_fstatat(fd, "", &st, AT_EMPTY_PATH) == 0 && st.st_size == 6);
	struct stat st2;
	CHECK(fstat(fd, &st2) == 0 && st2.st_ino == st.st_ino && st2.st_dev == st.st_dev);
	close(fd);
	CHECK_ERR(fstat(fd, &st), EBADF);

	/* A file stays readable after its last name goes. */
	fd = open("gone", O_CREAT | O_RDWR, 0644);
	CHECK(write(fd, "still here", 10) == 10);
	CHECK(unlink("gone") == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0 && st.st_size == 10);
	char buf[16] = "";
	CHECK(pread(fd, buf, sizeof(buf), 0) == 10 && memcmp(buf, "still here", 10) == 0);
	CHECK_ERR(sys_fstatat(AT_FDCWD, "gone", &st, 0), ENOENT);
	close(fd);

	/* The new file's mode is the requested one less the umask. */
	umask(022);
	fd = open("modes", O_CREAT | O_WRONLY, 0777);
	CHECK(fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0755);
	close(fd);
	CHECK(unlink("modes") == 0);
}

static void test_symlinks(void)
{
	struct stat st;
	char buf[64];
	int fd;

	CHECK(syscall(SYS_symlinkat, "a", AT_FDCWD, "lnk") == 0);
	CHECK_ERR(syscall(SYS_symlinkat, "b", AT_FDCWD, "lnk"), EEXIST);
	CHECK_ERR(syscall(SYS_symlinkat, "", AT_FDCWD, "empty"), ENOENT);

	memset(buf, 'x', sizeof(buf));
	CHECK(sys_readlinkat(AT_FDCWD, "lnk", buf, sizeof(buf)) == 1 && buf[0] == 'a');
	CHECK(buf[1] == 'x'); /* no terminating NUL */
	CHECK_ERR(sys_readlinkat(AT_FDCWD, "a", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(sys_readlinkat(AT_FDCWD, "missing", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(sys_readlinkat(AT_FDCWD, "lnk", buf, 0), EINVAL);

	CHECK(syscall(SYS_symlinkat, DIR_NAME "/a/../long-target", AT_FDCWD, "lnk2") == 0);
	CHECK(sys_readlinkat(AT_FDCWD, "lnk2", buf, 5) == 5 && memcmp(buf, "/tmp/", 5) == 0);

	CHECK(sys_fstatat(AT_FDCWD, "lnk", &st, AT_SYMLINK_NOFOLLOW) == 0);
	CHECK(S_ISLNK(st.st_mode) && st.st_size == 1);
	CHECK(sys_fstatat(AT_FDCWD, "lnk", &st, 0) == 0);
	CHECK(S_ISREG(st.st_mode) && st.st_size == 6);

	/* Opening follows the link, unless O_NOFOLLOW. */
	CHECK(slurp("lnk", buf, sizeof(buf)) == 6 && strcmp(buf, "abcdef") == 0);
	CHECK_ERR(sys_openat(AT_FDCWD, "lnk", O_RDONLY | O_NOFOLLOW, 0), ELOOP);

	/* Dangling links, loops, links to directories. */
	CHECK(syscall(SYS_symlinkat, "nowhere", AT_FDCWD, "dangling") == 0);
	CHECK_ERR(sys_openat(AT_FDCWD, "dangling", O_RDONLY, 0), ENOENT);
	CHECK(sys_fstatat(AT_FDCWD, "dangling", &st, AT_SYMLINK_NOFOLLOW) == 0);
	fd = sys_openat(AT_FDCWD, "dangling", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0); /* creates the target */
	close(fd);
	CHECK(sys_fstatat(AT_FDCWD, "nowhere", &st, 0) == 0 && S_ISREG(st.st_mode));
	CHECK(syscall(SYS_symlinkat, "loop2", AT_FDCWD, "loop1") == 0);
	CHECK(syscall(SYS_symlinkat, "loop1", AT_FDCWD, "loop2") == 0);
	CHECK_ERR(sys_openat(AT_FDCWD, "loop1", O_RDONLY, 0), ELOOP);
	CHECK_ERR(sys_fstatat(AT_FDCWD, "loop1", &st, 0), ELOOP);
	CHECK(syscall(SYS_symlinkat, ".", AT_FDCWD, "self") == 0);
	CHECK(slurp("self/self/self/a", buf, sizeof(buf)) == 6);
	CHECK(sys_fstatat(AT_FDCWD, "self/", &st, 0) == 0 && S_ISDIR(st.st_mode));

	/* Removing a link leaves its target. */
	CHECK(unlink("lnk") == 0);
	CHECK(sys_fstatat(AT_FDCWD, "a", &st, 0) == 0);
	const char *names[] = { "lnk2", "dangling", "nowhere", "loop1", "loop2", "self" };
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(names[i]);
}

static void test_names(void)
{
	static char name[300], path[PATH_MAX + 100];
	struct stat st;

	memset(name, 'n', 255);
	name[255] = '\0';
	int fd = open(name, O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0); /* 255 bytes: the longest name */
	close(fd);
	CHECK(unlink(name) == 0);
	name[255] = 'n';
	name[256] = '\0';
	CHECK_ERR(open(name, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	CHECK_ERR(sys_fstatat(AT_FDCWD, name, &st, 0), ENAMETOOLONG);

	/* A path of PATH_MAX bytes or more. */
	for (size_t i = 0; i + 2 < sizeof(path); i += 2)
		memcpy(path + i, "./", 2);
	path[sizeof(path) - 1] = '\0';
	CHECK_ERR(sys_fstatat(AT_FDCWD, path, &st, 0), ENAMETOOLONG);
	path[PATH_MAX - 1] = '\0'; /* 4095 bytes and the NUL fit */
	path[PATH_MAX - 2] = '.';
	CHECK(sys_fstatat(AT_FDCWD, path, &st, 0) == 0 && S_ISDIR(st.st_mode));
}

static void test_devices(void)
{
	char buf[100];
	struct stat st;
	int fd;

	fd = open("/dev/null", O_RDWR);
	CHECK(fd >= 0);
	CHECK(write(fd, "discard", 7) == 7);
	CHECK(read(fd, buf, sizeof(buf)) == 0);
	CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode));
	CHECK(major(st.st_rdev) == 1 && minor(st.st_rdev) == 3);
	CHECK(lseek(fd, 100, SEEK_SET) == 0);
	close(fd);

	fd = open("/dev/zero", O_RDWR);
	CHECK(fd >= 0);
	memset(buf, 'x', sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == sizeof(buf));
	int zeros = 1;
	for (size_t i = 0; i < sizeof(buf); i++)
		zeros &= buf[i] == 0;
	CHECK(zeros);
	CHECK(write(fd, "ignored", 7) == 7);
	CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode));
	CHECK(major(st.st_rdev) == 1 && minor(st.st_rdev) == 5);
	close(fd);

	CHECK(sys_fstatat(AT_FDCWD, "/dev/urandom", &st, 0) == 0 && S_ISCHR(st.st_mode));
	CHECK(major(st.st_rdev) == 1 && minor(st.st_rdev) == 9);
	CHECK(sys_fstatat(AT_FDCWD, "/dev/tty", &st, 0) == 0 && S_ISCHR(st.st_mode));
	CHECK(major(st.st_rdev) == 5 && minor(st.st_rdev) == 0);
}

static void remove_all(void)
{
	unlink(DIR_NAME "/a");
	unlink(DIR_NAME "/rw");
	rmdir(DIR_NAME);
}

int main(void)
{
	utest_start("file");
	remove_all();
	umask(022);
	CHECK(mkdir(DIR_NAME, 0755) == 0);
	CHECK(chdir(DIR_NAME) == 0);

	test_open_flags();
	test_read_write();
	test_stat();
	test_symlinks();
	test_names();
	test_devices();

	CHECK(unlink("a") == 0);
	CHECK(unlink("rw") == 0);
	CHECK(chdir("/") == 0);
	CHECK(rmdir(DIR_NAME) == 0);
	return utest_done();
}
