/*
 * The file descriptor table: dup, dup3, fcntl (F_DUPFD, F_DUPFD_CLOEXEC,
 * F_GETFD, F_SETFD, F_GETFL, F_SETFL), EBADF for closed and huge fds,
 * lowest-free allocation, and descriptions shared by dup and fork.
 *
 * Works inside /tmp/utest-fd, removed at the end.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define DIR_NAME "/tmp/utest-fd"
#define FILE_NAME DIR_NAME "/f"
#define HUGE_FD (1 << 30)

static int open_file(int flags)
{
	return open(FILE_NAME, flags);
}

static void test_lowest_free(void)
{
	int a = open_file(O_RDONLY), b = open_file(O_RDONLY), c = open_file(O_RDONLY);

	CHECK(a >= 3 && b == a + 1 && c == b + 1);
	CHECK(close(b) == 0);
	CHECK(open_file(O_RDONLY) == b);
	CHECK(close(a) == 0 && close(b) == 0);
	CHECK(dup(c) == a);
	CHECK(open_file(O_RDONLY) == b);
	CHECK(close(a) == 0 && close(b) == 0 && close(c) == 0);
	int p[2];
	CHECK(pipe(p) == 0 && p[0] == a && p[1] == b);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);
}

static void test_ebadf(void)
{
	int fd = open_file(O_RDONLY);
	char c;

	CHECK(close(fd) == 0);
	CHECK_ERR(close(fd), EBADF);
	CHECK_ERR(close(-1), EBADF);
	CHECK_ERR(close(HUGE_FD), EBADF);
	CHECK_ERR(read(fd, &c, 1), EBADF);
	CHECK_ERR(write(fd, &c, 1), EBADF);
	CHECK_ERR(read(HUGE_FD, &c, 1), EBADF);
	CHECK_ERR(write(-5, &c, 1), EBADF);
	CHECK_ERR(dup(fd), EBADF);
	CHECK_ERR(dup(HUGE_FD), EBADF);
	CHECK_ERR(dup3(fd, 20, 0), EBADF);
	CHECK_ERR(dup3(0, -1, 0), EBADF);
	CHECK_ERR(dup3(0, HUGE_FD, 0), EBADF);
	CHECK_ERR(fcntl(fd, F_GETFD), EBADF);
	CHECK_ERR(fcntl(HUGE_FD, F_GETFL), EBADF);
	CHECK_ERR(fcntl(-1, F_DUPFD, 0), EBADF);
	CHECK_ERR(lseek(fd, 0, SEEK_SET), EBADF);
	struct stat st;
	CHECK_ERR(fstat(fd, &st), EBADF);
}

static void test_dup(void)
{
	int fd = open_file(O_RDWR);
	char buf[8] = "";

	int d = dup(fd);
	CHECK(d > fd);
	/* Both share one description: one offset. */
	CHECK(lseek(fd, 3, SEEK_SET) == 3);
	CHECK(lseek(d, 0, SEEK_CUR) == 3);
	CHECK(read(d, buf, 2) == 2 && memcmp(buf, "34", 2) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 5);
	/* Closing one leaves the other working. */
	CHECK(close(fd) == 0);
	CHECK(read(d, buf, 1) == 1 && buf[0] == '5');

	/* dup3: the target is closed first; equal fds and bad flags fail. */
	fd = open_file(O_RDONLY);
	CHECK(dup3(d, fd, 0) == fd);
	CHECK(lseek(fd, 0, SEEK_CUR) == 6);
	CHECK_ERR(dup3(fd, fd, 0), EINVAL);
	CHECK_ERR(dup3(fd, fd, O_CLOEXEC), EINVAL);
	CHECK_ERR(dup3(fd, 40, 0x1234), EINVAL);
	CHECK(dup3(fd, 40, O_CLOEXEC) == 40);
	CHECK(fcntl(40, F_GETFD) == FD_CLOEXEC);
	CHECK(dup3(fd, 40, 0) == 40);
	CHECK(fcntl(40, F_GETFD) == 0);
	CHECK(dup2(fd, fd) == fd); /* dup2 allows equal fds */
	CHECK_ERR(dup2(HUGE_FD, HUGE_FD), EBADF);
	CHECK(close(40) == 0);

	/* dup never copies FD_CLOEXEC. */
	int ce = open_file(O_RDONLY | O_CLOEXEC);
	int ce2 = dup(ce);
	CHECK(fcntl(ce, F_GETFD) == FD_CLOEXEC && fcntl(ce2, F_GETFD) == 0);
	close(ce);
	close(ce2);
	close(fd);
	close(d);
}

static void test_fcntl(void)
{
	int fd = open_file(O_RDWR);
	int fl;

	/* F_DUPFD: the lowest free fd at or above the argument. */
	CHECK(fcntl(fd, F_DUPFD, 50) == 50);
	CHECK(fcntl(fd, F_DUPFD, 50) == 51);
	CHECK(fcntl(fd, F_DUPFD, 0) == fd + 1);
	CHECK(fcntl(50, F_GETFD) == 0);
	CHECK(close(50) == 0);
	CHECK(fcntl(fd, F_DUPFD_CLOEXEC, 50) == 50);
	CHECK(fcntl(50, F_GETFD) == FD_CLOEXEC);
	CHECK_ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
	CHECK_ERR(fcntl(fd, F_DUPFD, HUGE_FD), EINVAL);
	close(50);
	close(51);
	close(fd + 1);

	/* F_GETFD/F_SETFD: only FD_CLOEXEC is kept. */
	CHECK(fcntl(fd, F_GETFD) == 0);
	CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_SETFD, 0) == 0);
	CHECK(fcntl(fd, F_GETFD) == 0);
	CHECK(fcntl(fd, F_SETFD, ~0) == 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_SETFD, 0) == 0);

	/* F_GETFL: the access mode and status flags. */
	fl = fcntl(fd, F_GETFL);
	CHECK((fl & O_ACCMODE) == O_RDWR && !(fl & (O_APPEND | O_NONBLOCK)));
	CHECK(!(fl & (O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC)));
	int ro = open_file(O_RDONLY | O_APPEND);
	fl = fcntl(ro, F_GETFL);
	CHECK((fl & O_ACCMODE) == O_RDONLY && (fl & O_APPEND));
	close(ro);
	int wo = open_file(O_WRONLY | O_NONBLOCK);
	fl = fcntl(wo, F_GETFL);
	CHECK((fl & O_ACCMODE) == O_WRONLY && (fl & O_NONBLOCK));
	close(wo);

	/* F_SETFL changes O_APPEND and O_NONBLOCK, never the access mode. */
	CHECK(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK | O_RDONLY) == 0);
	fl = fcntl(fd, F_GETFL);
	CHECK((fl & O_ACCMODE) == O_RDWR && (fl & O_APPEND) && (fl & O_NONBLOCK));
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(write(fd, "!", 1) == 1);
	CHECK(lseek(fd, 0, SEEK_CUR) == 11); /* appended */
	CHECK(fcntl(fd, F_SETFL, 0) == 0);
	fl = fcntl(fd, F_GETFL);
	CHECK((fl & O_ACCMODE) == O_RDWR && !(fl & (O_APPEND | O_NONBLOCK)));
	/* A dup shares the status flags, not the fd flags. */
	int d = dup(fd);
	CHECK(fcntl(d, F_SETFL, O_APPEND) == 0);
	CHECK(fcntl(fd, F_GETFL) & O_APPEND);
	CHECK(fcntl(fd, F_SETFL, 0) == 0);
	close(d);

	CHECK_ERR(fcntl(fd, 12345), EINVAL);
	close(fd);
}

/* fork copies the table; the copies share descriptions with the parent. */
static void test_fork(void)
{
	int fd = open_file(O_RDWR);
	int status;

	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		int ok = lseek(fd, 0, SEEK_CUR) == 0 && lseek(fd, 4, SEEK_SET) == 4;
		ok = ok && close(fd) == 0 && fcntl(fd, F_GETFD) == -1;
		_exit(ok ? 0 : 1);
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 4); /* moved by the child */
	CHECK(fcntl(fd, F_GETFD) == 0); /* the child's close is its own */
	close(fd);
}

/* The standard descriptors are there. */
static void test_std(void)
{
	CHECK(fcntl(0, F_GETFD) >= 0);
	CHECK(fcntl(1, F_GETFD) >= 0);
	CHECK(fcntl(2, F_GETFD) >= 0);
	CHECK((fcntl(1, F_GETFL) & O_ACCMODE) != O_RDONLY);
}

int main(void)
{
	utest_start("fd");
	unlink(FILE_NAME);
	rmdir(DIR_NAME);
	CHECK(mkdir(DIR_NAME, 0755) == 0);
	int fd = open(FILE_NAME, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10 && close(fd) == 0);

	test_std();
	test_lowest_free();
	test_ebadf();
	test_dup();
	test_fcntl();
	test_fork();

	CHECK(unlink(FILE_NAME) == 0);
	CHECK(rmdir(DIR_NAME) == 0);
	return utest_done();
}
