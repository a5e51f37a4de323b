/*
 * A running program's file cannot be written (ETXTBSY), as Linux 6.1:
 * open for writing, truncate(2) and O_TRUNC fail while a process runs it
 * (or a child it forked does), and exec fails while the file is open for
 * writing. Reading, unlinking and renaming are allowed; once the last
 * process running it is gone the file is writable again (user/dyn/dyn_hello
 * checks that the loader of a dynamically linked program is not held).
 * Kernel-only: qemu-riscv64 hands execve to the host.
 *
 * Called as "txtbsy child", it writes a byte on fd 5 and waits to be killed.
 * Works inside /tmp/utest-txtbsy, removed at the end.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "utest.h"

#define DIR_NAME "/tmp/utest-txtbsy"
#define PROG DIR_NAME "/prog"
#define READY_FD 5

static char image[4 << 20];

static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY), out;
	long n = in < 0 ? -1 : read(in, image, sizeof(image));

	close(in);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (n <= 0 || out < 0 || write(out, image, (size_t)n) != n)
		return -1;
	return close(out);
}

/* Start path as "txtbsy child"; returns once it runs. Its pid or -1. */
static pid_t start(const char *path)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], READY_FD);
		execl(path, "txtbsy", "child", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		pid = -1;
	close(p[0]);
	return pid;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* execve's errno for path (0 if it ran), from a child. */
static int exec_errno(const char *path)
{
	int p[2], e = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		execl(path, "txtbsy", "exit", (char *)NULL);
		e = errno;
		write(p[1], &e, sizeof(e));
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &e, sizeof(e)) != sizeof(e))
		e = 0;
	close(p[0]);
	waitpid(pid, NULL, 0);
	return e;
}

int main(int argc, char **argv)
{
	pid_t pid;
	int fd;

	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		write(READY_FD, "r", 1);
		for (;;)
			pause();
	}
	if (argc > 1)
		return 0;	/* "exit" */
	utest_start("txtbsy");
	mkdir(DIR_NAME, 0755);
	CHECK(copy_file("/proc/self/exe", PROG) == 0);

	pid = start(PROG);
	CHECK(pid > 0);
	CHECK_ERR(open(PROG, O_WRONLY), ETXTBSY);
	CHECK_ERR(open(PROG, O_RDWR), ETXTBSY);
	CHECK_ERR(open(PROG, O_WRONLY | O_TRUNC), ETXTBSY);
	CHECK_ERR(truncate(PROG, 0), ETXTBSY);
	fd = open(PROG, O_RDONLY);
	CHECK(fd >= 0);
	close(fd);
	/* a second process may run it too; the file stays busy until both end */
	{
		pid_t second = start(PROG);

		CHECK(second > 0);
		stop(pid);
		CHECK_ERR(open(PROG, O_WRONLY), ETXTBSY);
		stop(second);
	}
	fd = open(PROG, O_WRONLY);
	CHECK(fd >= 0);		/* nobody runs it now */
	/* and while it is open for writing it cannot run */
	CHECK(exec_errno(PROG) == ETXTBSY);
	close(fd);
	CHECK(exec_errno(PROG) == 0);

	/* unlinked and renamed while running: allowed; the old file stays busy */
	pid = start(PROG);
	CHECK(pid > 0);
	CHECK(rename(PROG, PROG ".old") == 0);
	CHECK_ERR(open(PROG ".old", O_WRONLY), ETXTBSY);
	CHECK(unlink(PROG ".old") == 0);
	stop(pid);
	CHECK(rmdir(DIR_NAME) == 0);
	return utest_done();
}
