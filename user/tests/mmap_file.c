/*
 * File mappings: MAP_SHARED stores reach the file and read(2) sees them,
 * write(2) is seen through the mapping; MAP_PRIVATE copies on the first
 * write and the file keeps its data; SIGBUS past the page holding the
 * end of the file; fork shares and copies as it should; a copy through a
 * mapping (both ways); Linux's EBADF, EACCES, ENODEV, EINVAL and
 * EOPNOTSUPP cases, mprotect's EACCES, msync's checks; the file's line in
 * /proc/self/maps. Faulting accesses are made in forked children.
 *
 * Works inside /tmp/utest-mmap_file, removed at the end.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define DIR_NAME "/tmp/utest-mmap_file"
#define FILE_NAME DIR_NAME "/f"
#define PAGE 4096
#define RW (PROT_READ | PROT_WRITE)
#define FILE_SIZE (2 * PAGE + 100)

static unsigned char pattern(long i)
{
	return (unsigned char)('a' + i % 23);
}

static int file_byte(int fd, off_t off)
{
	unsigned char c;

	return pread(fd, &c, 1, off) == 1 ? c : -1;
}

static int make_file(void)
{
	unsigned char buf[FILE_SIZE];
	int fd;
	long i;

	for (i = 0; i < FILE_SIZE; i++)
		buf[i] = pattern(i);
	fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0 && write(fd, buf, FILE_SIZE) != FILE_SIZE) {
		close(fd);
		return -1;
	}
	return fd;
}

static void test_shared(int fd)
{
	unsigned char *p = mmap(NULL, 3 * PAGE, RW, MAP_SHARED, fd, 0);
	char buf[8];
	int ok = 1;
	long i;

	SAY("shared\n");
	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	for (i = 0; i < FILE_SIZE; i++)
		ok &= p[i] == pattern(i);
	CHECK(ok);
	/* the rest of the page holding the end reads as zeros */
	CHECK(p[FILE_SIZE] == 0 && p[3 * PAGE - 1] == 0);
	p[10] = 'X';
	CHECK(file_byte(fd, 10) == 'X');
	CHECK(pwrite(fd, "hello", 5, 5000) == 5);
	CHECK(memcmp(p + 5000, "hello", 5) == 0);
	/* a copy from the mapping into the same file, and back */
	CHECK(pwrite(fd, p + 5000, 5, 20) == 5);
	CHECK(memcmp(p + 20, "hello", 5) == 0);
	CHECK(pread(fd, p + 100, 5, 5000) == 5);
	CHECK(pread(fd, buf, 5, 100) == 5 && memcmp(buf, "hello", 5) == 0);
	CHECK(msync(p, 3 * PAGE, MS_SYNC) == 0);
	CHECK(msync(p, PAGE, MS_ASYNC) == 0);
	CHECK(msync(p, PAGE, MS_INVALIDATE) == 0);
	CHECK(msync(p, 0, MS_SYNC) == 0);
	CHECK(munmap(p, 3 * PAGE) == 0);
}

static void test_private(int fd)
{
	unsigned char *q = mmap(NULL, 2 * PAGE, RW, MAP_PRIVATE, fd, 0);

	SAY("private\n");
	CHECK(q != MAP_FAILED);
	if (q == MAP_FAILED)
		return;
	CHECK(q[1] == file_byte(fd, 1));
	q[1] = 'P';
	CHECK(q[1] == 'P' && file_byte(fd, 1) == pattern(1));
	/* a page not yet copied sees the file's writes (as Linux) */
	CHECK(pwrite(fd, "W", 1, PAGE + 7) == 1);
	CHECK(q[PAGE + 7] == 'W');
	/* the copied page does not */
	CHECK(pwrite(fd, "V", 1, 2) == 1);
	CHECK(q[2] == pattern(2));
	CHECK(munmap(q, 2 * PAGE) == 0);
	CHECK(file_byte(fd, 1) == pattern(1));
}

static void test_offset_and_close(void)
{
	int fd = open(FILE_NAME, O_RDONLY);
	unsigned char *r = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, PAGE);

	SAY("offset and close\n");
	CHECK(r != MAP_FAILED);
	CHECK(close(fd) == 0);
	if (r == MAP_FAILED)
		return;
	CHECK(r[7] == 'W' && r[8] == pattern(PAGE + 8));
	CHECK(munmap(r, PAGE) == 0);
}

static void test_sigbus(int fd)
{
	unsigned char *p = mmap(NULL, 4 * PAGE, RW, MAP_SHARED, fd, 0);
	char buf[16];
	int null = open("/dev/zero", O_RDONLY);

	SAY("beyond the end\n");
	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	SAY("read in the last page: signal %d\n", utest_access_signal(p + 3 * PAGE - 1, 0));
	SAY("read past it: signal %d\n", utest_access_signal(p + 3 * PAGE, 0));
	SAY("write past it: signal %d\n", utest_access_signal(p + 3 * PAGE + 5, 1));
	/* the kernel's copies fault there too */
	CHECK_ERR(write(fd, p + 3 * PAGE, 4), EFAULT);
	CHECK_ERR(read(null, p + 3 * PAGE, sizeof(buf)), EFAULT);
	/* a mapping wholly past the end may be made, not touched */
	CHECK(munmap(p, 4 * PAGE) == 0);
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 8 * PAGE);
	CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		SAY("read a map past the end: signal %d\n", utest_access_signal(p, 0));
		CHECK(munmap(p, PAGE) == 0);
	}
	close(null);
}

static void test_fork(int fd)
{
	unsigned char *s = mmap(NULL, PAGE, RW, MAP_SHARED, fd, 0);
	unsigned char *q = mmap(NULL, PAGE, RW, MAP_PRIVATE, fd, 0);
	int status = -1;
	pid_t pid;

	SAY("fork\n");
	CHECK(s != MAP_FAILED && q != MAP_FAILED);
	if (s == MAP_FAILED || q == MAP_FAILED)
		return;
	q[30] = 'p';	/* the parent's private copy */
	pid = fork();
	if (pid == 0) {
		int bad = s[30] != file_byte(fd, 30) || q[30] != 'p';

		s[40] = 'C';
		q[30] = 'c';
		q[41] = 'c';
		_exit(bad);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(s[40] == 'C' && file_byte(fd, 40) == 'C');
	CHECK(q[30] == 'p' && q[41] == pattern(41));
	CHECK(munmap(s, PAGE) == 0 && munmap(q, PAGE) == 0);
}

static void test_errors(int fd)
{
	int ro = open(FILE_NAME, O_RDONLY), wo = open(FILE_NAME, O_WRONLY);
	int dir = open(DIR_NAME, O_RDONLY | O_DIRECTORY), pfd[2] = { -1, -1 };
	unsigned char *p;

	SAY("errors\n");
	CHECK(ro >= 0 && wo >= 0 && dir >= 0 && pipe(pfd) == 0);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, -1, 0), EBADF);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 999, 0), EBADF);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);
	CHECK_ERR(mmap(NULL, 0, PROT_READ, MAP_PRIVATE, fd, 0), EINVAL);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, 0, fd, 0), EINVAL);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_GROWSDOWN, fd, 0), EINVAL);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, wo, 0), EACCES);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, wo, 0), EACCES);
	CHECK_ERR(mmap(NULL, PAGE, RW, MAP_SHARED, ro, 0), EACCES);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, dir, 0), ENODEV);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, pfd[0], 0), ENODEV);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, pfd[1], 0), EACCES);

	/* a read-only fd maps shared read-only, never writable */
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, ro, 0);
	CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		CHECK_ERR(mprotect(p, PAGE, RW), EACCES);
		CHECK(mprotect(p, PAGE, PROT_NONE) == 0);
		CHECK(mprotect(p, PAGE, PROT_READ) == 0);
		SAY("write: signal %d\n", utest_access_signal(p, 1));
		CHECK(munmap(p, PAGE) == 0);
	}
	/* privately it may become writable: the copy is the process's own */
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, ro, 0);
	CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		CHECK(mprotect(p, PAGE, RW) == 0);
		p[0] = 'Z';
		CHECK(file_byte(fd, 0) != 'Z');
		CHECK(munmap(p, PAGE) == 0);
	}
	/* MAP_SHARED ignores flags it does not know */
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED | 0x200000, ro, 0);
	CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED)
		CHECK(munmap(p, PAGE) == 0);

	/* msync */
	p = mmap(NULL, 3 * PAGE, RW, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		CHECK_ERR(msync(p, PAGE, 8), EINVAL);
		CHECK_ERR(msync(p + 1, PAGE, MS_SYNC), EINVAL);
		CHECK_ERR(msync(p, PAGE, MS_SYNC | MS_ASYNC), EINVAL);
		CHECK(munmap(p + PAGE, PAGE) == 0);
		CHECK_ERR(msync(p, 3 * PAGE, MS_SYNC), ENOMEM);
		CHECK_ERR(msync(p, 3 * PAGE, MS_ASYNC), ENOMEM);
		CHECK_ERR(msync(p + PAGE, PAGE, MS_INVALIDATE), ENOMEM);
		CHECK(msync(p + 2 * PAGE, PAGE, MS_SYNC | MS_INVALIDATE) == 0);
		CHECK(munmap(p, 3 * PAGE) == 0);
		CHECK_ERR(msync(p, PAGE, MS_ASYNC), ENOMEM);
	}
	close(ro);
	close(wo);
	close(dir);
	close(pfd[0]);
	close(pfd[1]);
}

/* The /proc/self/maps line of the file at p: perms, offset and path. */
static void show_maps_line(unsigned char *p, int fd)
{
	char line[512], perms[8], dev[16], path[256];
	unsigned long start, end, off, ino;
	struct stat st;
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	CHECK(f != NULL && fstat(fd, &st) == 0);
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s %lx %15s %lu %255s", &start, &end, perms, &off, dev,
			   &ino, path) != 7 || start != (unsigned long)(uintptr_t)p)
			continue;
		found = 1;
		SAY("maps: %s %08lx %s, %lu pages\n", perms, off, path, (end - start) / PAGE);
		snprintf(line, sizeof(line), "%02x:%02x", major(st.st_dev), minor(st.st_dev));
		CHECK(strcmp(dev, line) == 0);
		CHECK(ino == (unsigned long)st.st_ino);
	}
	CHECK(found);
	if (f)
		fclose(f);
}

static void test_maps(int fd)
{
	unsigned char *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, PAGE);
	unsigned char *q = mmap(NULL, 2 * PAGE, RW | PROT_EXEC, MAP_PRIVATE, fd, 0);

	SAY("maps\n");
	CHECK(p != MAP_FAILED && q != MAP_FAILED);
	if (p != MAP_FAILED) {
		show_maps_line(p, fd);
		munmap(p, PAGE);
	}
	if (q != MAP_FAILED) {
		show_maps_line(q, fd);
		munmap(q, 2 * PAGE);
	}
}

int main(void)
{
	int fd;

	utest_start("mmap_file");
	rmdir(DIR_NAME);
	CHECK(mkdir(DIR_NAME, 0755) == 0);
	fd = make_file();
	CHECK(fd >= 0);
	test_shared(fd);
	test_private(fd);
	test_offset_and_close();
	test_sigbus(fd);
	test_fork(fd);
	test_errors(fd);
	test_maps(fd);
	CHECK(close(fd) == 0);
	CHECK(unlink(FILE_NAME) == 0);
	CHECK(rmdir(DIR_NAME) == 0);
	return utest_done();
}
