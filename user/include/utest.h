/*
 * A tiny test harness for the user-space test programs. Every check
 * prints one line ("ok ..." or "FAIL file:line: ..."), so the output of a
 * run on the kernel can be compared line by line with a run under
 * qemu-riscv64 (Linux's ABI). Output is unbuffered: a fork never
 * duplicates buffered lines, and lines of parent and child stay in order.
 *
 * Print only what Linux would print the same way on any machine: no
 * pids, addresses, times or sizes that depend on the host.
 *
 *	int main(void)
 *	{
 *		utest_start("pipe");
 *		CHECK(pipe(fds) == 0);
 *		CHECK_ERR(close(-1), EBADF);
 *		return utest_done();
 *	}
 */
#ifndef UTEST_H
#define UTEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

static int utest_checks, utest_failed;

static inline void utest_start(const char *name)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("test %s\n", name);
}

/* Record one check; always prints a line. */
static inline void utest_report(int ok, const char *file, int line, const char *what)
{
	utest_checks++;
	if (ok) {
		printf("ok %s\n", what);
	} else {
		utest_failed++;
		printf("FAIL %s:%d: %s (errno %d %s)\n", file, line, what, errno,
		       strerror(errno));
	}
}

/* cond must hold. */
#define CHECK(cond) utest_report(!!(cond), __FILE__, __LINE__, #cond)

/* call must fail with -1 and errno err. */
#define CHECK_ERR(call, err)						\
	do {								\
		errno = 0;						\
		long __r = (long)(call);				\
		int __e = errno;					\
		utest_report(__r == -1 && __e == (err), __FILE__, __LINE__, \
			     #call " fails with " #err);		\
		if (!(__r == -1 && __e == (err)))			\
			printf("  got %ld, errno %d\n", __r, __e);	\
	} while (0)

/* Print a line that must read the same on Linux (a value, a state). */
#define SAY(...) printf(__VA_ARGS__)

/*
 * Does the file system holding path keep each file's permission bits?
 * Not vfat: as on Linux, its modes come from mount options. A test runs
 * its mode checks only where they hold (on a FAT root its output is not
 * compared with Linux's, only its checks).
 */
static inline int utest_fs_keeps_modes(const char *path)
{
	struct statfs sf;

	return statfs(path, &sf) != 0 || sf.f_type != 0x4d44;	/* MSDOS_SUPER_MAGIC */
}

/* The whole file at path into buf (size bytes, NUL-terminated): its length, or -1. */
static inline long utest_slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r = 0;

	if (fd < 0)
		return -1;
	while ((size_t)n < size - 1 && (r = read(fd, buf + n, size - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return r < 0 ? -1 : n;
}

/* The signal that kills a child touching p (0 if the access works, -1 otherwise). */
static inline int utest_access_signal(volatile unsigned char *p, int write)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		if (write)
			*p = 0x5a;
		else
			(void)*p;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Summary line and exit status: 0 when every check passed. */
static inline int utest_done(void)
{
	printf("%d checks, %d failed\n", utest_checks, utest_failed);
	return utest_failed ? 1 : 0;
}

#endif
