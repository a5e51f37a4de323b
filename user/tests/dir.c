/*
 * Directories: mkdirat, unlinkat (with and without AT_REMOVEDIR),
 * renameat, getdents64, getcwd, chdir and fchdir, and relative paths
 * that climb with "..".
 *
 * Works inside /tmp/utest-dir, removed at the end.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "utest.h"

#define DIR_NAME "/tmp/utest-dir"

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static long sys_getcwd(char *buf, size_t size)
{
	return syscall(SYS_getcwd, buf, size);
}

static long sys_getdents64(int fd, void *buf, size_t size)
{
	return syscall(SYS_getdents64, fd, buf, size);
}

static int touch(const char *path)
{
	int fd = openat(AT_FDCWD, path, O_CREAT | O_WRONLY, 0644);

	if (fd < 0)
		return -1;
	return close(fd);
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Read a whole directory with buffers of bufsize bytes; print its names
 * sorted, each with its type letter (d, f, l; ? when the file system
 * does not say, which Linux's tmpfs, ext4, btrfs and xfs never do).
 * Returns the number of entries or -1.
 */
static int list_dir(const char *path, size_t bufsize)
{
	static char buf[4096];
	char *names[64];
	int n = 0;
	long len;
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return -1;
	while ((len = sys_getdents64(fd, buf, bufsize)) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			char type = d->d_type == DT_DIR ? 'd' : d->d_type == DT_REG ? 'f' :
				    d->d_type == DT_LNK ? 'l' : d->d_type == DT_UNKNOWN ? '?' : 'x';
			if (n < 64 && (names[n] = malloc(strlen(d->d_name) + 3)))
				sprintf(names[n++], "%s %c", d->d_name, type);
			if (d->d_reclen == 0 || d->d_reclen % 8)
				return close(fd), -1;
			off += d->d_reclen;
		}
	}
	close(fd);
	if (len < 0)
		return -1;
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (int i = 0; i < n; i++) {
		SAY("  %s\n", names[i]);
		free(names[i]);
	}
	return n;
}

static void test_mkdir_unlink(void)
{
	struct stat st;

	CHECK(mkdirat(AT_FDCWD, "d", 0777) == 0);
	CHECK(stat("d", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0755);
	CHECK_ERR(mkdirat(AT_FDCWD, "d", 0755), EEXIST);
	CHECK_ERR(mkdirat(AT_FDCWD, "missing/d", 0755), ENOENT);
	CHECK(touch("f") == 0);
	CHECK_ERR(mkdirat(AT_FDCWD, "f", 0755), EEXIST);
	CHECK_ERR(mkdirat(AT_FDCWD, "f/d", 0755), ENOTDIR);
	CHECK_ERR(mkdirat(AT_FDCWD, "", 0755), ENOENT);
	CHECK(mkdirat(AT_FDCWD, "trailing/", 0755) == 0);
	CHECK(is_dir("trailing"));

	int dfd = open("d", O_RDONLY | O_DIRECTORY);
	CHECK(mkdirat(dfd, "sub", 0755) == 0);
	CHECK(is_dir("d/sub"));
	CHECK(touch("d/sub/file") == 0);

	CHECK_ERR(unlinkat(AT_FDCWD, "d", 0), EISDIR);
	CHECK_ERR(unlinkat(AT_FDCWD, "f", AT_REMOVEDIR), ENOTDIR);
	CHECK_ERR(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR), ENOTEMPTY);
	CHECK_ERR(unlinkat(dfd, "sub", AT_REMOVEDIR), ENOTEMPTY);
	CHECK_ERR(unlinkat(AT_FDCWD, "missing", 0), ENOENT);
	CHECK_ERR(unlinkat(AT_FDCWD, "f", 0x4000), EINVAL);
	CHECK_ERR(unlinkat(AT_FDCWD, ".", AT_REMOVEDIR), EINVAL);
	CHECK_ERR(unlinkat(AT_FDCWD, "d/sub/..", AT_REMOVEDIR), ENOTEMPTY);
	CHECK_ERR(unlinkat(AT_FDCWD, "f/", 0), ENOTDIR);
	CHECK(unlinkat(dfd, "sub/file", 0) == 0);
	CHECK(unlinkat(dfd, "sub", AT_REMOVEDIR) == 0);
	CHECK(!is_dir("d/sub"));
	CHECK(unlinkat(AT_FDCWD, "trailing/", AT_REMOVEDIR) == 0);
	close(dfd);

	/* An open directory that is removed has no entries left, not even . */
	CHECK(mkdir("doomed", 0755) == 0);
	int fd = open("doomed", O_RDONLY | O_DIRECTORY);
	CHECK(rmdir("doomed") == 0);
	char buf[512];
	CHECK_ERR(sys_getdents64(fd, buf, sizeof(buf)), ENOENT);
	CHECK_ERR(openat(fd, "new", O_CREAT | O_WRONLY, 0644), ENOENT);
	close(fd);
}

static void test_rename(void)
{
	struct stat st;

	CHECK(touch("r1") == 0);
	CHECK(renameat(AT_FDCWD, "r1", AT_FDCWD, "r2") == 0);
	CHECK_ERR(stat("r1", &st), ENOENT);
	CHECK(stat("r2", &st) == 0 && S_ISREG(st.st_mode));
	CHECK(touch("r3") == 0);
	CHECK(renameat(AT_FDCWD, "r2", AT_FDCWD, "r3") == 0); /* replaces r3 */
	CHECK_ERR(stat("r2", &st), ENOENT);
	CHECK(renameat(AT_FDCWD, "r3", AT_FDCWD, "d/r4") == 0);
	CHECK(stat("d/r4", &st) == 0);
	CHECK_ERR(renameat(AT_FDCWD, "missing", AT_FDCWD, "x"), ENOENT);
	CHECK(mkdir("e", 0755) == 0);
	CHECK_ERR(renameat(AT_FDCWD, "d/r4", AT_FDCWD, "e"), EISDIR);
	CHECK_ERR(renameat(AT_FDCWD, "d", AT_FDCWD, "f"), ENOTDIR);
	CHECK_ERR(renameat(AT_FDCWD, "d", AT_FDCWD, "d/inside"), EINVAL);
	CHECK(touch("e/x") == 0);
	CHECK_ERR(renameat(AT_FDCWD, "d", AT_FDCWD, "e"), ENOTEMPTY);
	CHECK(unlink("e/x") == 0);
	CHECK(renameat(AT_FDCWD, "d", AT_FDCWD, "e") == 0); /* replaces empty e */
	CHECK(stat("e/r4", &st) == 0 && !is_dir("d"));
	CHECK(renameat(AT_FDCWD, "e", AT_FDCWD, "d") == 0);
	CHECK(unlink("d/r4") == 0);
}

static void test_getdents(void)
{
	char buf[512];
	int fd;

	CHECK(touch("b") == 0 && touch("a") == 0 && touch("c") == 0);
	CHECK(symlink("a", "l") == 0);
	SAY("entries:\n");
	CHECK(list_dir(".", 4096) == 8); /* . .. a b c d f l */
	SAY("entries, one at a time:\n");
	CHECK(list_dir(".", sizeof(struct linux_dirent64) + 8) == 8);
	SAY("entries of d:\n");
	CHECK(list_dir("d", 4096) == 2);

	fd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(sys_getdents64(fd, buf, 1), EINVAL);
	long first = sys_getdents64(fd, buf, sizeof(buf));
	CHECK(first > 0);
	CHECK(sys_getdents64(fd, buf, sizeof(buf)) == 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(sys_getdents64(fd, buf, sizeof(buf)) == first);
	close(fd);

	fd = open("a", O_RDONLY);
	CHECK_ERR(sys_getdents64(fd, buf, sizeof(buf)), ENOTDIR);
	close(fd);
	CHECK_ERR(sys_getdents64(-1, buf, sizeof(buf)), EBADF);
	CHECK_ERR(sys_getdents64(1000000, buf, sizeof(buf)), EBADF);

	CHECK(unlink("a") == 0 && unlink("b") == 0 && unlink("c") == 0);
	CHECK(unlink("l") == 0);
	SAY("entries after unlink:\n");
	CHECK(list_dir(".", 4096) == 4);
}

static void test_cwd(void)
{
	char buf[256];
	long n;

	n = sys_getcwd(buf, sizeof(buf));
	CHECK(n == (long)strlen(DIR_NAME) + 1 && strcmp(buf, DIR_NAME) == 0);
	CHECK_ERR(sys_getcwd(buf, strlen(DIR_NAME)), ERANGE);
	CHECK_ERR(sys_getcwd(buf, 0), ERANGE);
	CHECK(getcwd(buf, sizeof(buf)) == buf);
	SAY("cwd %s\n", buf);

	CHECK(mkdir("d/x", 0755) == 0 && mkdir("d/x/y", 0755) == 0);
	CHECK(chdir("d/x/y") == 0);
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, DIR_NAME "/d/x/y") == 0);
	CHECK(access("../../../f", F_OK) == 0);
	CHECK(access("../y/../../x/./y", F_OK) == 0);
	CHECK(touch("../../../f2") == 0);
	CHECK(access(DIR_NAME "/f2", F_OK) == 0);
	CHECK_ERR(access("../../../f/..", F_OK), ENOTDIR);
	CHECK(chdir("../..") == 0);
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, DIR_NAME "/d") == 0);
	CHECK(chdir("x/y/../../..") == 0);
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, DIR_NAME) == 0);

	CHECK_ERR(chdir("f"), ENOTDIR);
	CHECK_ERR(chdir("missing"), ENOENT);
	CHECK_ERR(chdir(""), ENOENT);

	/* ".." of the root is the root. */
	int here = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(chdir("/..") == 0);
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, "/") == 0);
	CHECK(chdir("../../tmp/..") == 0);
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, "/") == 0);
	CHECK(access("/../../tmp/../tmp", F_OK) == 0);

	/* fchdir returns to a directory by fd. */
	CHECK(fchdir(here) == 0);
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, DIR_NAME) == 0);
	int file = open("f", O_RDONLY);
	CHECK_ERR(fchdir(file), ENOTDIR);
	close(file);
	CHECK_ERR(fchdir(1000000), EBADF);
	close(here);
	CHECK_ERR(fchdir(here), EBADF);

	CHECK(rmdir("d/x/y") == 0 && rmdir("d/x") == 0);
	CHECK(unlink("f2") == 0);
}

int main(void)
{
	utest_start("dir");
	umask(022);
	/* Leftovers of an interrupted run. */
	unlink(DIR_NAME "/f");
	rmdir(DIR_NAME "/d");
	rmdir(DIR_NAME);

	CHECK(mkdir(DIR_NAME, 0755) == 0);
	CHECK(chdir(DIR_NAME) == 0);
	test_mkdir_unlink();
	test_rename();
	test_getdents();
	test_cwd();

	CHECK(unlink("f") == 0);
	CHECK(rmdir("d") == 0);
	CHECK(chdir("/") == 0);
	CHECK(rmdir(DIR_NAME) == 0);
	CHECK_ERR(rmdir(DIR_NAME), ENOENT);
	return utest_done();
}
