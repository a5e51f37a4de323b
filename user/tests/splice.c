/*
 * splice and tee: pipe to file, file to pipe, pipe to pipe, with and
 * without offsets (the offset moves, the file position does not), what
 * is left in the pipe, a blocked splice woken by a writer, and the
 * errors (EBADF, EINVAL, ESPIPE, EAGAIN, EPIPE with SIGPIPE ignored,
 * EFAULT). Works inside /tmp/utest-splice, removed at the end.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define DIR_NAME "/tmp/utest-splice"
#define BIG (200 * 1024)

static char big[BIG], back[BIG];

static long file_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? (long)st.st_size : -1;
}

static long drain(int fd, char *buf, size_t size)
{
	long n = 0, r;

	while ((size_t)n < size && (r = read(fd, buf + n, size - (size_t)n)) > 0)
		n += r;
	return n;
}

int main(void)
{
	int p[2], q[2], fd, rd, app;
	char buf[64];
	loff_t off;

	utest_start("splice");
	signal(SIGPIPE, SIG_IGN);
	CHECK(mkdir(DIR_NAME, 0755) == 0);
	CHECK(chdir(DIR_NAME) == 0);
	CHECK(pipe(p) == 0 && pipe(q) == 0);
	CHECK((fd = open("f", O_CREAT | O_RDWR, 0644)) >= 0);

	/* pipe to file at an offset: the offset moves, the position stays */
	CHECK(write(p[1], "hello world", 11) == 11);
	off = 3;
	CHECK(splice(p[0], NULL, fd, &off, 11, 0) == 11);
	CHECK(off == 14);
	CHECK(lseek(fd, 0, SEEK_CUR) == 0);
	CHECK(pread(fd, buf, sizeof(buf), 0) == 14 && memcmp(buf, "\0\0\0hello world", 14) == 0);
	/* only len bytes leave the pipe */
	CHECK(write(p[1], "0123456789", 10) == 10);
	CHECK(splice(p[0], NULL, fd, NULL, 4, 0) == 4);
	CHECK(lseek(fd, 0, SEEK_CUR) == 4);
	CHECK(read(p[0], buf, sizeof(buf)) == 6 && memcmp(buf, "456789", 6) == 0);

	/* file to pipe: at an offset, then at the file's position */
	CHECK(ftruncate(fd, 0) == 0 && pwrite(fd, "abcdefghij", 10, 0) == 10);
	off = 2;
	CHECK(splice(fd, &off, p[1], NULL, 4, SPLICE_F_MOVE) == 4);
	CHECK(off == 6);
	CHECK(read(p[0], buf, sizeof(buf)) == 4 && memcmp(buf, "cdef", 4) == 0);
	CHECK(lseek(fd, 7, SEEK_SET) == 7);
	CHECK(splice(fd, NULL, p[1], NULL, 100, 0) == 3);
	CHECK(lseek(fd, 0, SEEK_CUR) == 10);
	CHECK(read(p[0], buf, sizeof(buf)) == 3 && memcmp(buf, "hij", 3) == 0);
	CHECK(splice(fd, NULL, p[1], NULL, 100, 0) == 0);	/* end of file */

	/* as much as fits in the pipe (16 pages by default) */
	for (int i = 0; i < BIG; i++)
		big[i] = (char)(i * 7 + i / 1000);
	CHECK(pwrite(fd, big, BIG, 0) == BIG);
	off = 0;
	CHECK(splice(fd, &off, p[1], NULL, BIG, 0) == 65536);
	CHECK(splice(fd, &off, p[1], NULL, BIG, SPLICE_F_NONBLOCK) == -1 && errno == EAGAIN);
	CHECK(drain(p[0], back, 65536) == 65536 && memcmp(back, big, 65536) == 0);

	/* pipe to pipe, and tee, which leaves the data where it was */
	CHECK(write(p[1], "pipe to pipe", 12) == 12);
	CHECK(tee(p[0], q[1], 100, 0) == 12);
	CHECK(read(q[0], buf, sizeof(buf)) == 12 && memcmp(buf, "pipe to pipe", 12) == 0);
	CHECK(splice(p[0], NULL, q[1], NULL, 5, 0) == 5);
	CHECK(read(q[0], buf, sizeof(buf)) == 5 && memcmp(buf, "pipe ", 5) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 7 && memcmp(buf, "to pipe", 7) == 0);

	/* an empty pipe waits for a writer */
	pid_t pid = fork();

	if (pid == 0) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		_exit(write(p[1], "late", 4) == 4 ? 0 : 1);
	}
	off = 0;
	CHECK(splice(p[0], NULL, fd, &off, 100, 0) == 4);
	CHECK(pread(fd, buf, 4, 0) == 4 && memcmp(buf, "late", 4) == 0);
	int status;

	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* errors */
	CHECK(splice(-1, NULL, -1, NULL, 0, 0) == 0);	/* len 0 first */
	CHECK_ERR(splice(p[0], NULL, fd, NULL, 1, 0x100), EINVAL);
	CHECK_ERR(splice(-1, NULL, fd, NULL, 1, 0), EBADF);
	CHECK_ERR(splice(p[0], NULL, 1000, NULL, 1, 0), EBADF);
	CHECK_ERR(splice(fd, NULL, fd, NULL, 1, 0), EINVAL);		/* no pipe */
	CHECK_ERR(splice(p[0], NULL, p[1], NULL, 1, 0), EINVAL);	/* one pipe */
	off = 0;
	CHECK_ERR(splice(p[0], &off, fd, NULL, 1, 0), ESPIPE);
	CHECK_ERR(splice(fd, NULL, p[1], &off, 1, 0), ESPIPE);
	CHECK_ERR(splice(fd, (loff_t *)1, p[1], NULL, 1, 0), EFAULT);
	off = -1;
	CHECK_ERR(splice(fd, &off, p[1], NULL, 1, 0), EINVAL);
	CHECK_ERR(splice(p[0], NULL, fd, NULL, 1, SPLICE_F_NONBLOCK), EAGAIN);	/* empty */
	CHECK_ERR(splice(p[1], NULL, fd, NULL, 1, 0), EBADF);		/* write end */
	CHECK((rd = open("f", O_RDONLY)) >= 0);
	CHECK_ERR(splice(p[0], NULL, rd, NULL, 1, 0), EBADF);		/* not writable */
	CHECK((app = open("f", O_WRONLY | O_APPEND)) >= 0);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK_ERR(splice(p[0], NULL, app, NULL, 1, 0), EINVAL);		/* O_APPEND */
	CHECK(read(p[0], buf, 1) == 1);
	int dir = open(".", O_RDONLY | O_DIRECTORY);

	CHECK_ERR(splice(dir, NULL, p[1], NULL, 1, 0), EINVAL);
	CHECK_ERR(tee(p[0], fd, 1, 0), EINVAL);
	CHECK_ERR(tee(p[0], p[1], 1, 0), EINVAL);
	CHECK_ERR(tee(p[0], q[1], 1, SPLICE_F_NONBLOCK), EAGAIN);
	/* no reader: EPIPE (SIGPIPE ignored); no writer: end of file */
	CHECK(close(q[0]) == 0);
	CHECK(write(p[1], "y", 1) == 1);
	CHECK_ERR(splice(p[0], NULL, q[1], NULL, 1, 0), EPIPE);
	CHECK_ERR(splice(fd, NULL, q[1], NULL, 1, 0), EPIPE);
	CHECK(close(p[1]) == 0);
	CHECK(read(p[0], buf, 1) == 1);
	CHECK(splice(p[0], NULL, fd, NULL, 10, 0) == 0);
	CHECK(file_size(fd) == BIG);

	close(dir);
	close(app);
	close(rd);
	close(fd);
	close(p[0]);
	close(q[1]);
	CHECK(unlink("f") == 0);
	CHECK(chdir("/") == 0);
	CHECK(rmdir(DIR_NAME) == 0);
	return utest_done();
}
