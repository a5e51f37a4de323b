/*
 * sysfs (kernel-only: mounting needs root, and qemu-riscv64 would show
 * the host's /sys): mounted on a fresh directory, its statfs magic, the
 * cpu lists as Linux formats them for the cpus sysconf counts, cpuN/,
 * every disk of /sys/block with its attributes and partitions (none when
 * the machine has no disk) and its numbers those of devtmpfs's node, the links of /sys/class/block and
 * /sys/dev/block, and the refusals: no writing, no new names.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "utest.h"

#define SYSFS_MAGIC	0x62656572
#define SYS		"/tmp/sys"
#define DEV		"/tmp/sysdev"	/* a devtmpfs: a node per disk and partition */

static char buf[4096];

/* The whole file (one value) into buf; its length, or -1. */
/* The whole file into buf; its length, or -1. */
static long slurp(const char *path)
{
	return utest_slurp(path, buf, sizeof(buf));
}

static int file_is(const char *path, const char *want)
{
	if (slurp(path) < 0) {
		printf("  %s: %s\n", path, strerror(errno));
		return 0;
	}
	if (strcmp(buf, want) != 0) {
		printf("  %s: \"%s\", wanted \"%s\"\n", path, buf, want);
		return 0;
	}
	return 1;
}

static void test_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	char want[32], path[128];
	struct stat st;
	int cpus = 0;
	DIR *d;
	struct dirent *e;

	CHECK(n >= 1);
	if (n == 1)
		snprintf(want, sizeof(want), "0\n");
	else
		snprintf(want, sizeof(want), "0-%ld\n", n - 1);
	CHECK(file_is(SYS "/devices/system/cpu/online", want));
	CHECK(file_is(SYS "/devices/system/cpu/possible", want));
	CHECK(file_is(SYS "/devices/system/cpu/present", want));
	CHECK(file_is(SYS "/devices/system/cpu/offline", "\n"));
	CHECK(slurp(SYS "/devices/system/cpu/kernel_max") > 0 && atol(buf) >= n - 1);
	CHECK(stat(SYS "/devices/system/cpu/online", &st) == 0);
	CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0444 && st.st_size == 4096);
	CHECK(file_is(SYS "/devices/system/cpu/cpu0/online", "1\n"));
	snprintf(path, sizeof(path), SYS "/devices/system/cpu/cpu%ld/online", n - 1);
	CHECK(file_is(path, "1\n"));
	snprintf(path, sizeof(path), SYS "/devices/system/cpu/cpu%ld", n);
	CHECK_ERR(stat(path, &st), ENOENT);
	CHECK((d = opendir(SYS "/devices/system/cpu")) != NULL);
	while (d && (e = readdir(d)))
		if (strncmp(e->d_name, "cpu", 3) == 0 && e->d_name[3] >= '0' && e->d_name[3] <= '9')
			cpus += e->d_type == DT_DIR;
	if (d)
		closedir(d);
	CHECK(cpus == n);
}

/* One partition directory of disk: its numbers fit in the disk. */
static int check_partition(const char *disk, const char *dir, unsigned long long disk_size)
{
	char path[1024];
	unsigned long long start, size;

	snprintf(path, sizeof(path), "%s/partition", dir);
	if (slurp(path) <= 0 || atoi(buf) < 1)
		return 0;
	snprintf(path, sizeof(path), "%s/start", dir);
	if (slurp(path) <= 0)
		return 0;
	start = strtoull(buf, NULL, 10);
	snprintf(path, sizeof(path), "%s/size", dir);
	if (slurp(path) <= 0)
		return 0;
	size = strtoull(buf, NULL, 10);
	(void)disk;
	return start > 0 && start + size <= disk_size;
}

/* /sys/block/NAME: a link into /sys/devices; dev matches /dev/NAME; the rest. */
static void check_disk(const char *name)
{
	char path[1024], link[512], dir[512], want[64];
	unsigned long long size;
	unsigned int major, minor;
	struct stat st;
	long n;
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), SYS "/block/%s", name);
	CHECK(lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	CHECK(strncmp(link, "../devices/", 11) == 0);
	CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));

	snprintf(dir, sizeof(dir), SYS "/block/%s", name);
	snprintf(path, sizeof(path), "%s/dev", dir);
	CHECK(slurp(path) > 0 && sscanf(buf, "%u:%u\n", &major, &minor) == 2);
	snprintf(path, sizeof(path), DEV "/%s", name);
	CHECK(stat(path, &st) == 0 && S_ISBLK(st.st_mode) && major(st.st_rdev) == major &&
	      minor(st.st_rdev) == minor);
	snprintf(path, sizeof(path), "%s/size", dir);
	CHECK(slurp(path) > 0);
	size = strtoull(buf, NULL, 10);
	snprintf(path, sizeof(path), "%s/removable", dir);
	CHECK(file_is(path, "0\n"));
	snprintf(path, sizeof(path), "%s/ro", dir);
	CHECK(slurp(path) == 2 && (buf[0] == '0' || buf[0] == '1'));
	snprintf(path, sizeof(path), "%s/range", dir);
	CHECK(slurp(path) > 0 && atoi(buf) > 0);
	snprintf(path, sizeof(path), "%s/uevent", dir);
	snprintf(want, sizeof(want), "DEVNAME=%s\n", name);
	CHECK(slurp(path) > 0 && strstr(buf, want) && strstr(buf, "DEVTYPE=disk\n"));

	/* the same device by class and by number */
	snprintf(path, sizeof(path), SYS "/class/block/%s/dev", name);
	snprintf(want, sizeof(want), "%u:%u\n", major, minor);
	CHECK(file_is(path, want));
	snprintf(path, sizeof(path), SYS "/dev/block/%u:%u/size", major, minor);
	CHECK(slurp(path) > 0 && strtoull(buf, NULL, 10) == size);

	/* partitions: subdirectories named after the disk */
	CHECK((d = opendir(dir)) != NULL);
	while (d && (e = readdir(d))) {
		char part[800];

		if (strncmp(e->d_name, name, strlen(name)) != 0)
			continue;
		snprintf(part, sizeof(part), "%s/%s", dir, e->d_name);
		CHECK(e->d_type == DT_DIR && check_partition(name, part, size));
		snprintf(path, sizeof(path), SYS "/class/block/%s/partition", e->d_name);
		CHECK(slurp(path) > 0);
	}
	if (d)
		closedir(d);
}

static void test_block(void)
{
	int disks = 0;
	DIR *d;
	struct dirent *e;

	CHECK((d = opendir(SYS "/block")) != NULL);
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		CHECK(e->d_type == DT_LNK);
		check_disk(e->d_name);
		disks++;
	}
	if (d)
		closedir(d);
	SAY("%d disks\n", disks);
}

int main(void)
{
	struct statfs sf;
	struct stat st;

	utest_start("sysfs");
	CHECK(slurp("/proc/filesystems") > 0 && strstr(buf, "nodev\tsysfs\n") != NULL);
	CHECK(mkdir(SYS, 0755) == 0);
	CHECK(mount("sysfs", SYS, "sysfs", 0, NULL) == 0);
	CHECK(statfs(SYS, &sf) == 0 && sf.f_type == SYSFS_MAGIC);
	CHECK(stat(SYS, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0555);
	CHECK(stat(SYS "/kernel", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755);
	CHECK(stat(SYS "/fs", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK_ERR(stat(SYS "/nonexistent", &st), ENOENT);

	test_cpus();
	CHECK(mkdir(DEV, 0755) == 0 && mount("devtmpfs", DEV, "devtmpfs", 0, NULL) == 0);
	test_block();
	CHECK(umount(DEV) == 0 && rmdir(DEV) == 0);

	/* read-only: attributes without a store refuse writers, even root */
	CHECK_ERR(open(SYS "/devices/system/cpu/online", O_WRONLY), EACCES);
	CHECK_ERR(open(SYS "/devices/system/cpu/online", O_RDWR), EACCES);
	CHECK_ERR(mkdir(SYS "/kernel/new", 0755), EPERM);
	CHECK_ERR(unlink(SYS "/devices/system/cpu/online"), EPERM);
	CHECK_ERR(rmdir(SYS "/kernel"), EPERM);

	CHECK(umount(SYS) == 0);
	CHECK(rmdir(SYS) == 0);
	return utest_done();
}
