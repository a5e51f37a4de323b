/*
 * Pipes: pipe2 flags, blocking reads woken by a writer in another
 * process, end of file once every writer is gone, a large transfer
 * between two processes, O_NONBLOCK, and EPIPE with SIGPIPE ignored
 * (its delivery is checked in sig_pipe.c).
 *
 * Children never print; they report through their exit status.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define BIG (1 << 20)

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Wait for pid; its exit status, or -1 if it did not exit normally. */
static int wait_exit(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static unsigned long checksum(const unsigned char *p, size_t n, unsigned long sum)
{
	for (size_t i = 0; i < n; i++)
		sum = sum * 31 + p[i];
	return sum;
}

static void fill(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + (i >> 12));
}

static void test_basic(void)
{
	int p[2];
	char buf[16];

	CHECK(pipe2(p, 0) == 0);
	CHECK(fcntl(p[0], F_GETFD) == 0 && fcntl(p[1], F_GETFD) == 0);
	CHECK((fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY);
	CHECK((fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
	CHECK(write(p[1], "abc", 3) == 3);
	CHECK(write(p[1], "de", 2) == 2);
	CHECK(read(p[0], buf, 0) == 0);
	CHECK(read(p[0], buf, 2) == 2 && memcmp(buf, "ab", 2) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 3 && memcmp(buf, "cde", 3) == 0);
	CHECK_ERR(read(p[1], buf, 1), EBADF);
	CHECK_ERR(write(p[0], "x", 1), EBADF);
	CHECK_ERR(lseek(p[0], 0, SEEK_CUR), ESPIPE);
	/* With the write end closed and the pipe empty: end of file. */
	CHECK(write(p[1], "z", 1) == 1);
	CHECK(close(p[1]) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 1 && buf[0] == 'z');
	CHECK(read(p[0], buf, sizeof(buf)) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 0);
	CHECK(close(p[0]) == 0);

	CHECK(pipe2(p, O_CLOEXEC) == 0);
	CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC);
	close(p[0]);
	close(p[1]);
	CHECK_ERR(pipe2(p, 0x12345678), EINVAL);
	CHECK_ERR(pipe2(p, O_RDWR), EINVAL);
}

/* A reader blocks until a writer in a child writes. */
static void test_wakeup(void)
{
	int p[2];
	char buf[16] = "";

	CHECK(pipe(p) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		sleep_ms(100);
		_exit(write(p[1], "wake", 4) == 4 ? 0 : 1);
	}
	CHECK(pid > 0);
	CHECK(close(p[1]) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 4 && memcmp(buf, "wake", 4) == 0);
	/* The child's exit closes the last writer: end of file. */
	CHECK(read(p[0], buf, sizeof(buf)) == 0);
	CHECK(wait_exit(pid) == 0);
	close(p[0]);

	/* End of file only once every writer is gone: the parent's and a dup. */
	CHECK(pipe(p) == 0);
	int w2 = dup(p[1]);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		close(w2);
		sleep_ms(50);
		close(p[1]);
		sleep_ms(50);
		_exit(0);
	}
	close(p[1]);
	CHECK(write(w2, "x", 1) == 1);
	CHECK(close(w2) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 1);
	CHECK(read(p[0], buf, sizeof(buf)) == 0);
	CHECK(wait_exit(pid) == 0);
	close(p[0]);
}

/* One 1 MiB write() in a child, read back whole in the parent. */
static void test_big(void)
{
	unsigned char *data = malloc(BIG), *got = malloc(BIG);
	int p[2];

	CHECK(data && got && pipe(p) == 0);
	fill(data, BIG);
	unsigned long want = checksum(data, BIG, 0);

	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		ssize_t n = write(p[1], data, BIG);
		_exit(n == BIG ? 0 : 1);
	}
	close(p[1]);
	size_t total = 0;
	ssize_t n;
	while (total < BIG && (n = read(p[0], got + total, BIG - total)) > 0)
		total += n;
	CHECK(total == BIG);
	CHECK(read(p[0], got, 1) == 0);
	CHECK(checksum(got, total, 0) == want);
	CHECK(memcmp(got, data, BIG) == 0);
	CHECK(wait_exit(pid) == 0); /* the write returned 1 MiB */
	close(p[0]);

	/*
	 * Several writers, 512-byte writes: each is atomic (at most
	 * PIPE_BUF), so the stream is made of whole 512-byte runs.
	 */
	CHECK(pipe(p) == 0);
	pid_t kids[4];
	for (int k = 0; k < 4; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			close(p[0]);
			unsigned char chunk[512];
			memset(chunk, 'a' + k, sizeof(chunk));
			for (int i = 0; i < 64; i++)
				if (write(p[1], chunk, sizeof(chunk)) != sizeof(chunk))
					_exit(1);
			_exit(0);
		}
	}
	close(p[1]);
	size_t counts[4] = { 0 }, run = 0;
	int torn = 0, last = 0;
	unsigned char chunk[100];
	while ((n = read(p[0], chunk, sizeof(chunk))) > 0)
		for (ssize_t i = 0; i < n; i++) {
			if (chunk[i] < 'a' || chunk[i] >= 'a' + 4) {
				torn = 1;
				continue;
			}
			if (chunk[i] != last) {
				torn |= run % 512 != 0;
				run = 0;
				last = chunk[i];
			}
			run++;
			counts[chunk[i] - 'a']++;
		}
	CHECK(!torn && run % 512 == 0);
	CHECK(counts[0] == 32768 && counts[1] == 32768 && counts[2] == 32768 &&
	      counts[3] == 32768);
	int ok = 1;
	for (int k = 0; k < 4; k++)
		ok &= wait_exit(kids[k]) == 0;
	CHECK(ok);
	close(p[0]);
	free(data);
	free(got);
}

static void test_nonblock(void)
{
	int p[2];
	char buf[4096];

	CHECK(pipe2(p, O_NONBLOCK) == 0);
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	CHECK_ERR(read(p[0], buf, sizeof(buf)), EAGAIN);
	CHECK(write(p[1], "ab", 2) == 2);
	CHECK(read(p[0], buf, sizeof(buf)) == 2);
	CHECK_ERR(read(p[0], buf, sizeof(buf)), EAGAIN);

	/* Fill it: writes stop with EAGAIN, having taken at least PIPE_BUF. */
	memset(buf, 'f', sizeof(buf));
	long total = 0;
	ssize_t n;
	while ((n = write(p[1], buf, sizeof(buf))) > 0)
		total += n;
	CHECK(n == -1 && errno == EAGAIN);
	CHECK(total >= 4096);
	CHECK_ERR(write(p[1], buf, 1), EAGAIN);
	/* Draining makes room again. */
	long drained = 0;
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		drained += n;
	CHECK(drained == total);
	CHECK(write(p[1], buf, 1) == 1);

	/* O_NONBLOCK by F_SETFL, on the read end only; then blocking again. */
	close(p[0]);
	close(p[1]);
	CHECK(pipe(p) == 0);
	CHECK(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0);
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
	CHECK(!(fcntl(p[1], F_GETFL) & O_NONBLOCK));
	close(p[1]);
	CHECK(read(p[0], buf, 1) == 0); /* no writer: end of file, not EAGAIN */
	close(p[0]);
}

static void test_epipe(void)
{
	int p[2];

	/* Only the SIG_IGN case: delivery of SIGPIPE is checked in sig_pipe.c. */
	CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	CHECK(pipe(p) == 0);
	CHECK(close(p[0]) == 0);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK(write(p[1], "", 0) == 0); /* nothing to write: no error */
	close(p[1]);

	/* A reader that exits also leaves the writer with EPIPE. */
	CHECK(pipe(p) == 0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	close(p[0]);
	CHECK(wait_exit(pid) == 0);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	close(p[1]);
}

int main(void)
{
	utest_start("pipe");
	test_basic();
	test_wakeup();
	test_big();
	test_nonblock();
	test_epipe();
	return utest_done();
}
