/*
 * Rows of the benchmark (user/bench/bench.c) on files: path look-ups,
 * creation, 4 KiB positioned I/O on the tmpfs file TMP_FILE, and the
 * throughput rows of each file system.
 */
#include "bench.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int64_t loop_open_close(long n)
{
	int64_t t = now_ns();

	for (long i = 0; i < n; i++) {
		int fd = open(TMP_FILE, O_RDONLY);

		if (fd < 0)
			return -errno;
		close(fd);
	}
	return now_ns() - t;
}

int64_t loop_stat(long n)
{
	struct stat st;
	int64_t t = now_ns();

	for (long i = 0; i < n; i++)
		if (stat(TMP_FILE, &st))
			return -errno;
	return now_ns() - t;
}

int64_t loop_fstat(long n)
{
	struct stat st;
	int fd = open(TMP_FILE, O_RDONLY);
	int64_t t;

	if (fd < 0)
		return -errno;
	t = now_ns();
	for (long i = 0; i < n; i++)
		if (fstat(fd, &st)) {
			int err = errno;

			close(fd);
			return -err;
		}
	t = now_ns() - t;
	close(fd);
	return t;
}

int64_t loop_create_unlink(long n)
{
	static const char name[] = TMP_DIR "/bench.new";
	int64_t t = now_ns();

	for (long i = 0; i < n; i++) {
		int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);

		if (fd < 0)
			return -errno;
		close(fd);
		if (unlink(name))
			return -errno;
	}
	return now_ns() - t;
}

static int64_t loop_prw(long n, int writing)
{
	static char buf[IO_SIZE];
	int fd = open(TMP_FILE, O_RDWR);
	int64_t t;

	if (fd < 0)
		return -errno;
	t = now_ns();
	for (long i = 0; i < n; i++) {
		ssize_t r = writing ? pwrite(fd, buf, IO_SIZE, 0) : pread(fd, buf, IO_SIZE, 0);

		if (r != IO_SIZE) {
			int err = r < 0 ? errno : EIO;

			close(fd);
			return -err;
		}
	}
	t = now_ns() - t;
	close(fd);
	return t;
}

int64_t loop_pread(long n)
{
	return loop_prw(n, 0);
}

int64_t loop_pwrite(long n)
{
	return loop_prw(n, 1);
}

/*
 * File throughput in directory dir: writing n chunks into a new file
 * (starting over at FILE_WRAP, so the file stays small), or reading n
 * chunks of the FILE_WRAP bytes file the write row left (again and again:
 * after the write, both kernels hold it in their page cache).
 */
static const char *io_dir;

static void io_path(char *path, size_t size)
{
	snprintf(path, size, "%s/bench.io", io_dir);
}

static int64_t loop_file_write(long n)
{
	char path[64];
	int64_t t;
	int fd;

	io_path(path, sizeof(path));
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return -errno;
	t = now_ns();
	for (long i = 0; i < n; i++) {
		if ((i * CHUNK) % FILE_WRAP == 0 && lseek(fd, 0, SEEK_SET) < 0)
			break;
		if (write(fd, chunk, CHUNK) != CHUNK) {
			int err = errno ?: ENOSPC;

			close(fd);
			return -err;
		}
	}
	close(fd);
	return now_ns() - t;
}

static int64_t loop_file_read(long n)
{
	static char buf[CHUNK];
	char path[64];
	int64_t t;
	int fd;

	io_path(path, sizeof(path));
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	t = now_ns();
	for (long i = 0; i < n; i++) {
		ssize_t r = read(fd, buf, CHUNK);

		if (r == 0 && lseek(fd, 0, SEEK_SET) == 0)
			r = read(fd, buf, CHUNK);
		if (r != CHUNK) {
			int err = r < 0 ? errno : EIO;

			close(fd);
			return -err;
		}
	}
	t = now_ns() - t;
	close(fd);
	return t;
}

/* the FILE_WRAP bytes file loop_file_read reads */
static int make_io_file(void)
{
	char path[64];
	int fd;

	io_path(path, sizeof(path));
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return -errno;
	for (long done = 0; done < FILE_WRAP; done += CHUNK)
		if (write(fd, chunk, CHUNK) != CHUNK) {
			int err = errno ?: ENOSPC;

			close(fd);
			return -err;
		}
	if (fsync(fd)) {
		int err = errno;

		close(fd);
		return -err;
	}
	close(fd);
	return 0;
}

static int64_t loop_write_fsync(long n)
{
	char path[64];
	int64_t t;
	int fd;

	snprintf(path, sizeof(path), "%s/bench.sync", io_dir);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return -errno;
	t = now_ns();
	for (long i = 0; i < n; i++) {
		if (pwrite(fd, chunk, IO_SIZE, 0) != IO_SIZE || fsync(fd)) {
			int err = errno ?: EIO;

			close(fd);
			return -err;
		}
	}
	t = now_ns() - t;
	close(fd);
	return t;
}

/*
 * The throughput rows on one file system; its name is their prefix.
 * When it could not be mounted (mount_err), each row says so.
 */
void file_rows(const char *fs, const char *dir, int with_fsync, int mount_err)
{
	char name[64], path[64];
	int err;

	if (mount_err) {
		static const char *const rows[] = { "write", "read", "write_fsync" };

		snprintf(path, sizeof(path), "mount %s on %s", fs, dir);
		for (int i = 0; i < (with_fsync ? 3 : 2); i++) {
			snprintf(name, sizeof(name), "%s_%s", fs, rows[i]);
			na(name, path, mount_err);
		}
		return;
	}

	io_dir = dir;
	snprintf(name, sizeof(name), "%s_write", fs);
	report(name, loop_file_write, CHUNK);
	snprintf(name, sizeof(name), "%s_read", fs);
	err = make_io_file();
	if (err)
		na(name, "writing the file to read", -err);
	else
		report(name, loop_file_read, CHUNK);
	if (with_fsync) {
		snprintf(name, sizeof(name), "%s_write_fsync", fs);
		report(name, loop_write_fsync, 0);
	}
	io_path(path, sizeof(path));
	unlink(path);
	snprintf(path, sizeof(path), "%s/bench.sync", dir);
	unlink(path);
}
