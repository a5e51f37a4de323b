/*
 * Rows of the benchmark (user/bench/bench.c): system calls that do
 * little, 1-byte device I/O, pipes within and between processes, and
 * signals.
 */
#include "bench.h"
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* the null system call: no work but entry and return */
int64_t loop_getppid(long n)
{
	int64_t t = now_ns();

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return now_ns() - t;
}

int64_t loop_getpid(long n)
{
	int64_t t = now_ns();

	for (long i = 0; i < n; i++)
		syscall(SYS_getpid);
	return now_ns() - t;
}

int64_t loop_clock_libc(long n)
{
	struct timespec ts;
	int64_t t = now_ns();

	for (long i = 0; i < n; i++)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	return now_ns() - t;
}

int64_t loop_clock_syscall(long n)
{
	struct timespec ts;
	int64_t t = now_ns();

	for (long i = 0; i < n; i++)
		if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts))
			return -errno;
	return now_ns() - t;
}

int64_t loop_sched_yield(long n)
{
	int64_t t = now_ns();

	for (long i = 0; i < n; i++)
		if (sched_yield())
			return -errno;
	return now_ns() - t;
}

/* n 1-byte reads of (or writes to) the device */
static int64_t loop_dev_io(long n, const char *dev, int writing)
{
	char c = 0;
	int fd = open(dev, writing ? O_WRONLY : O_RDONLY);
	int64_t t;

	if (fd < 0)
		return -errno;
	t = now_ns();
	for (long i = 0; i < n; i++) {
		if ((writing ? write(fd, &c, 1) : read(fd, &c, 1)) != 1) {
			int err = errno;

			close(fd);
			return -err;
		}
	}
	t = now_ns() - t;
	close(fd);
	return t;
}

int64_t loop_read_zero(long n)
{
	return loop_dev_io(n, "/dev/zero", 0);
}

int64_t loop_write_null(long n)
{
	return loop_dev_io(n, "/dev/null", 1);
}

/* --- pipes ---------------------------------------------------------------------- */

/* a byte through a pipe and back out of it, in one process */
int64_t loop_pipe_self(long n)
{
	int p[2];
	char c = 0;
	int64_t t;

	if (pipe(p))
		return -errno;
	t = now_ns();
	for (long i = 0; i < n; i++)
		if (write(p[1], &c, 1) != 1 || read(p[0], &c, 1) != 1) {
			t = -(errno ?: EIO);
			break;
		}
	if (t >= 0)
		t = now_ns() - t;
	close(p[0]);
	close(p[1]);
	return t;
}

/* One byte back and forth between two processes, n times. */
int64_t loop_pipe_roundtrip(long n)
{
	int to[2], from[2];
	char c = 0;
	int64_t t, err;
	pid_t pid;

	if (pipe(to) || pipe(from))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(to[1]);
		close(from[0]);
		while (read(to[0], &c, 1) == 1)
			if (write(from[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	/* one round first: the child is running and waiting */
	if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1)
		n = 0;
	t = now_ns();
	for (long i = 0; i < n; i++)
		if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1)
			break;
	t = now_ns() - t;
	close(to[1]);
	close(from[0]);
	err = reap(pid);
	return err ? err : t;
}

/* n chunks of CHUNK bytes from a child through a pipe */
int64_t loop_pipe_bandwidth(long n)
{
	static char buf[CHUNK];
	long total = n * CHUNK, got = 0;
	int p[2];
	int64_t t, err;
	pid_t pid;

	if (pipe(p))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(p[0]);
		for (long i = 0; i < n; i++)
			for (long done = 0; done < CHUNK;) {
				ssize_t w = write(p[1], chunk + done, CHUNK - done);

				if (w <= 0)
					_exit(1);
				done += w;
			}
		_exit(0);
	}
	close(p[1]);
	t = now_ns();
	while (got < total) {
		ssize_t r = read(p[0], buf, sizeof(buf));

		if (r <= 0)
			break;
		got += r;
	}
	t = now_ns() - t;
	close(p[0]);
	err = reap(pid);
	return err ? err : got == total ? t : -EIO;
}

/* --- signals --------------------------------------------------------------------- */

static volatile sig_atomic_t caught;

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

int64_t loop_sigaction(long n)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int64_t t = now_ns();

	for (long i = 0; i < n; i++)
		if (sigaction(SIGUSR1, &sa, NULL))
			return -errno;
	return now_ns() - t;
}

int64_t loop_signal(long n)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	pid_t self = getpid();
	int64_t t;

	if (sigaction(SIGUSR1, &sa, NULL))
		return -errno;
	caught = 0;
	t = now_ns();
	for (long i = 0; i < n; i++)
		if (kill(self, SIGUSR1))
			return -errno;
	t = now_ns() - t;
	return caught == n ? t : -EINTR;
}
