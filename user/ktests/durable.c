/*
 * fsync makes data durable: on /dev/vda2 (FAT32, mounted from a
 * devtmpfs) a file is written through a temporary name, fsync'ed,
 * renamed into place, and its directory fsync'ed.
 *
 *   durable           (the test list) all of it, then unmount, mount
 *                     again, compare and clean up.
 *   durable write     (as init, from tools/runtests.py) write and sync,
 *                     say "durable: synced", then wait to be killed: QEMU
 *                     is stopped right there, with no unmount.
 *   durable check     (as init, the next boot on the same disk) the
 *                     file must be there, whole.
 *   durable lazy      (as init) the same without any fsync: write, then
 *                     wait LAZY_WAIT seconds, longer than the flusher's
 *                     period, say "durable: waited" and wait to be killed;
 *                     "check" after it must find the file whole too.
 *
 * Kernel-only: mounting needs root.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "utest.h"

#define DEV	"/tmp/durable-dev"
#define MNT	"/tmp/durable-mnt"
#define FILE_	MNT "/durable/data.bin"
#define SIZE	(1024 * 1024 + 4097)
#define LAZY_WAIT	12	/* seconds: the flusher runs every 5 */

static char data[SIZE], back[SIZE];

static void mount_disk(void)
{
	mkdir(DEV, 0755);
	mkdir(MNT, 0755);
	CHECK(mount("devtmpfs", DEV, "devtmpfs", 0, NULL) == 0);
	CHECK(mount(DEV "/vda2", MNT, "vfat", 0, NULL) == 0);
}

static void write_synced(bool sync)
{
	int fd, dir;

	CHECK(mkdir(MNT "/durable", 0755) == 0);
	CHECK((fd = open(MNT "/durable/data.tmp", O_CREAT | O_WRONLY | O_TRUNC, 0644)) >= 0);
	for (size_t off = 0; off < SIZE; off += 65536) {
		size_t n = SIZE - off < 65536 ? SIZE - off : 65536;

		if (write(fd, data + off, n) != (ssize_t)n)
			break;
	}
	CHECK(!sync || fsync(fd) == 0);
	CHECK(close(fd) == 0);
	CHECK(rename(MNT "/durable/data.tmp", FILE_) == 0);
	CHECK((dir = open(MNT "/durable", O_RDONLY | O_DIRECTORY)) >= 0);
	CHECK(!sync || fsync(dir) == 0);
	CHECK(close(dir) == 0);
}

static void check_file(void)
{
	struct stat st;
	long n = 0, r;
	int fd;

	CHECK(stat(FILE_, &st) == 0 && st.st_size == SIZE);
	CHECK(stat(MNT "/durable/data.tmp", &st) != 0);
	CHECK((fd = open(FILE_, O_RDONLY)) >= 0);
	while (fd >= 0 && (r = read(fd, back + n, SIZE - (size_t)n)) > 0)
		n += r;
	close(fd);
	CHECK(n == SIZE && memcmp(back, data, SIZE) == 0);
}

static void clean_up(void)
{
	CHECK(unlink(FILE_) == 0);
	CHECK(rmdir(MNT "/durable") == 0);
	CHECK(umount(MNT) == 0);
	CHECK(umount(DEV) == 0);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	utest_start("durable");
	for (size_t i = 0; i < SIZE; i++)
		data[i] = (char)(i * 131 + i / 4096);
	mount_disk();
	if (strcmp(mode, "write") == 0) {
		write_synced(true);
		printf("durable: %s\n", utest_failed ? "failed" : "synced");
		for (;;)
			sleep(1000);
	}
	if (strcmp(mode, "lazy") == 0) {
		write_synced(false);
		sleep(LAZY_WAIT);
		printf("durable: %s\n", utest_failed ? "failed" : "waited");
		for (;;)
			sleep(1000);
	}
	if (strcmp(mode, "check") == 0) {
		check_file();
		clean_up();
		return utest_done();
	}
	write_synced(true);
	CHECK(umount(MNT) == 0);
	CHECK(mount(DEV "/vda2", MNT, "vfat", 0, NULL) == 0);
	check_file();
	clean_up();
	return utest_done();
}
