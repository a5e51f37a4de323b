/*
 * eventfd2: flags, the 8-byte read and write rules, semaphore mode,
 * EAGAIN and EINVAL, the counter's limit, poll readiness, and a blocking
 * read woken by a writer in another process.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

/* A null buffer the compiler cannot see as null. */
static void *volatile bad_ptr;

static short poll_one(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static void test_flags(void)
{
	uint64_t v;
	int fd;

	CHECK_ERR(syscall(SYS_eventfd2, 0, 0x4), EINVAL);
	CHECK_ERR(syscall(SYS_eventfd2, 0, O_APPEND), EINVAL);
	fd = (int)syscall(SYS_eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_GETFL) == (O_RDWR | O_NONBLOCK));
	CHECK(lseek(fd, 5, SEEK_SET) == 0);	/* seeking does nothing */
	CHECK_ERR(pread(fd, &v, 8, 0), ESPIPE);
	close(fd);
	fd = eventfd(0, 0);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) == 0);
	CHECK(fcntl(fd, F_GETFL) == O_RDWR);
	close(fd);
}

static void test_rw(void)
{
	uint64_t v;
	uint32_t small = 1;
	char buf[16];
	int fd = eventfd(5, EFD_NONBLOCK);

	CHECK(read(fd, &v, sizeof(v)) == 8 && v == 5);
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);
	CHECK_ERR(read(fd, &small, sizeof(small)), EINVAL);
	CHECK_ERR(write(fd, &small, sizeof(small)), EINVAL);
	v = UINT64_MAX;
	CHECK_ERR(write(fd, &v, sizeof(v)), EINVAL);
	v = 3;
	CHECK(write(fd, &v, sizeof(v)) == 8);
	CHECK(write(fd, &v, sizeof(v)) == 8);
	/* a longer buffer moves 8 bytes */
	CHECK(read(fd, buf, sizeof(buf)) == 8);
	memcpy(&v, buf, 8);
	SAY("sum %llu\n", (unsigned long long)v);
	CHECK(poll_one(fd, POLLIN | POLLOUT) == POLLOUT);
	/* the count stops at 2^64 - 2 */
	v = UINT64_MAX - 1;
	CHECK(write(fd, &v, sizeof(v)) == 8);
	CHECK(poll_one(fd, POLLIN | POLLOUT) == POLLIN);
	v = 1;
	CHECK_ERR(write(fd, &v, sizeof(v)), EAGAIN);
	v = 0;
	CHECK(write(fd, &v, sizeof(v)) == 8);
	CHECK(read(fd, &v, sizeof(v)) == 8 && v == UINT64_MAX - 1);
	v = 1;
	CHECK(write(fd, &v, sizeof(v)) == 8);
	CHECK_ERR(read(fd, bad_ptr, 8), EFAULT);
	CHECK_ERR(write(fd, bad_ptr, 8), EFAULT);
	close(fd);
}

static void test_semaphore(void)
{
	int fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
	uint64_t v;
	int n = 0;

	while (read(fd, &v, sizeof(v)) == 8 && v == 1)
		n++;
	SAY("semaphore reads %d, then errno %d\n", n, errno);
	CHECK(n == 3 && errno == EAGAIN);
	close(fd);
}

static void test_blocking(void)
{
	int fd = eventfd(0, 0);
	uint64_t v = 0;
	pid_t pid = fork();

	if (pid == 0) {
		usleep(20000);
		v = 7;
		_exit(write(fd, &v, sizeof(v)) == 8 ? 0 : 1);
	}
	CHECK(read(fd, &v, sizeof(v)) == 8 && v == 7);
	CHECK(waitpid(pid, NULL, 0) == pid);
	/* eventfd() in the C library is the same call */
	CHECK(eventfd_write(fd, 9) == 0);
	CHECK(eventfd_read(fd, &v) == 0 && v == 9);
	close(fd);
}

static void test_proc_link(void)
{
	char path[64], link[64];
	int fd = eventfd(0, 0);
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n >= 0) {
		link[n] = 0;
		SAY("link %s\n", link);
	}
	close(fd);
}

int main(void)
{
	utest_start("eventfd");
	test_flags();
	test_rw();
	test_semaphore();
	test_blocking();
	test_proc_link();
	return utest_done();
}
