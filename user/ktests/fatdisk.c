/*
 * A FAT32 partition mounted by a program: /dev/vda2 (the second MBR
 * partition of the disk every test boot has; the first is ext4) is mounted from a devtmpfs,
 * written, unmounted, mounted again read-only and read back; the errors
 * of mounting what is not a FAT32 block device, or is busy. When vda2 is
 * already the root (a boot from the FAT disk), the second mount shares
 * the root's super block: what one writes the other reads. Kernel-only:
 * mounting needs root.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define DEV	"/tmp/fatdisk-dev"
#define MNT	"/tmp/fatdisk-mnt"
#define MSDOS_SUPER_MAGIC 0x4d44
#define SIZE	(200 * 1024 + 123)

static char data[SIZE], back[SIZE];

static int write_file(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, buf, len);
	if (fsync(fd) != 0 || close(fd) != 0)
		return -1;
	return n == (ssize_t)len ? 0 : -1;
}

/*
 * Clean file pages give way to memory the programs need: with a file
 * cached, a child takes more anonymous memory than is free (and less than
 * free plus the cache), touching every page; it must not be killed.
 */
static int cache_gives_way(const char *path, size_t cached)
{
	struct sysinfo si;
	int status, fd;
	pid_t pid;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	for (size_t off = 0; off < cached; off += SIZE)
		if (pread(fd, back, SIZE, (off_t)off) < 0)
			break;
	close(fd);
	if (sysinfo(&si) != 0)
		return 0;
	pid = fork();
	if (pid == 0) {
		size_t len = si.freeram * si.mem_unit + cached / 2;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			_exit(2);
		for (size_t i = 0; i < len; i += 4096)
			p[i] = 1;
		_exit(0);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

static long read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf + n, size - (size_t)n)) > 0)
		n += r;
	close(fd);
	return n;
}

int main(void)
{
	struct stat st, root;
	struct statfs sf;
	int is_root, fd;

	utest_start("fatdisk");
	for (size_t i = 0; i < SIZE; i++)
		data[i] = (char)(i * 7 + i / 511);
	CHECK(mkdir(DEV, 0755) == 0);
	CHECK(mkdir(MNT, 0755) == 0);
	CHECK(mount("devtmpfs", DEV, "devtmpfs", 0, NULL) == 0);
	CHECK(stat(DEV "/vda2", &st) == 0 && S_ISBLK(st.st_mode));
	CHECK(stat("/", &root) == 0);
	is_root = root.st_dev == st.st_rdev;

	/* what is not a FAT32 block device */
	CHECK_ERR(mount(DEV "/null", MNT, "vfat", 0, NULL), ENOTBLK);
	CHECK_ERR(mount(DEV "/nothere", MNT, "vfat", 0, NULL), ENOENT);
	CHECK_ERR(mount(DEV "/vda1", MNT, "vfat", 0, NULL), EINVAL);	/* ext4 */
	CHECK_ERR(mount(DEV "/vda1", MNT, "ext4", 0, NULL), ENODEV);	/* no driver yet */
	CHECK_ERR(mount(NULL, MNT, "vfat", 0, NULL), EINVAL);

	CHECK(mount(DEV "/vda2", MNT, "vfat", 0, NULL) == 0);
	CHECK(statfs(MNT, &sf) == 0 && sf.f_type == MSDOS_SUPER_MAGIC);
	CHECK(stat(MNT, &st) == 0 && (st.st_dev == root.st_dev) == is_root);
	/* its disk, or it again as another type, is busy */
	CHECK_ERR(mount(DEV "/vda", "/tmp", "vfat", 0, NULL), EBUSY);
	CHECK(mkdir(MNT "/A directory", 0755) == 0);
	CHECK(write_file(MNT "/A directory/Some data.bin", data, SIZE) == 0);
	if (is_root) {
		/* one super block: the root sees the file at once */
		CHECK(read_file("/A directory/Some data.bin", back, SIZE) == SIZE &&
		      memcmp(back, data, SIZE) == 0);
	}
	CHECK((fd = open(MNT "/A directory/Some data.bin", O_RDONLY)) >= 0);
	CHECK_ERR(umount(MNT), EBUSY);
	CHECK(close(fd) == 0);
	CHECK(umount(MNT) == 0);
	CHECK(stat(MNT "/A directory", &st) != 0);

	/* again, read-only where it is not the root (rw root: its super block is rw) */
	CHECK(mount(DEV "/vda2", MNT, "vfat", is_root ? 0 : MS_RDONLY, NULL) == 0);
	CHECK(read_file(MNT "/A directory/Some data.bin", back, SIZE) == SIZE &&
	      memcmp(back, data, SIZE) == 0);
	CHECK(stat(MNT "/A directory/Some data.bin", &st) == 0 && st.st_size == SIZE);
	if (!is_root) {
		CHECK_ERR(open(MNT "/new", O_CREAT | O_WRONLY, 0644), EROFS);
		CHECK(mount(NULL, MNT, NULL, MS_REMOUNT, NULL) == 0);	/* read-write now */
	}
	if (!is_root) {
		/* 16 MiB of clean cached pages, then memory pressure */
		int written = 0;

		CHECK((fd = open(MNT "/big", O_CREAT | O_WRONLY, 0644)) >= 0);
		for (int i = 0; i < 80; i++)
			written += write(fd, data, SIZE) == SIZE;
		CHECK(written == 80);
		CHECK(fsync(fd) == 0 && close(fd) == 0);
		CHECK(cache_gives_way(MNT "/big", 80UL * SIZE));
		CHECK(unlink(MNT "/big") == 0);
	}
	CHECK(unlink(MNT "/A directory/Some data.bin") == 0);
	CHECK(rmdir(MNT "/A directory") == 0);
	CHECK(umount(MNT) == 0);
	CHECK(umount(DEV) == 0);
	CHECK(rmdir(MNT) == 0 && rmdir(DEV) == 0);
	return utest_done();
}
