/*
 * tmpfs, devtmpfs and proc mounts (kernel-only: mounting needs root):
 * size= and nr_inodes= limits give ENOSPC, statfs reports them, remount
 * changes them, mode/uid/gid set the root; devtmpfs holds the device
 * nodes; /proc/mounts lists the mounts with their options.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "utest.h"

#define TMPFS_MAGIC	0x01021994
#define PROC_MAGIC	0x9fa0

static char buf[65536];

/* The whole file into buf; its length, or -1. */
static long slurp(const char *path)
{
	return utest_slurp(path, buf, sizeof(buf));
}

int main(void)
{
	static char block[4096];
	struct statfs sf;
	struct stat st;
	long written = 0, r;
	int fd, i;

	utest_start("tmpfs");
	memset(block, 'x', sizeof(block));
	CHECK(mkdir("/tmp/t", 0755) == 0);
	CHECK_ERR(mount("tmpfs", "/tmp/t", "tmpfs", 0, "size=abc"), EINVAL);
	CHECK_ERR(mount("tmpfs", "/tmp/t", "tmpfs", 0, "bogus=1"), EINVAL);
	CHECK(mount("tmpfs", "/tmp/t", "tmpfs", MS_NOSUID, "size=64k,nr_inodes=8,mode=750,uid=5,gid=6") == 0);
	CHECK(stat("/tmp/t", &st) == 0);
	CHECK((st.st_mode & 07777) == 0750 && st.st_uid == 5 && st.st_gid == 6);
	CHECK(statfs("/tmp/t", &sf) == 0);
	CHECK(sf.f_type == TMPFS_MAGIC && sf.f_bsize == 4096);
	CHECK(sf.f_blocks == 16 && sf.f_bfree == 16 && sf.f_files == 8);

	/* size: ENOSPC at 64 KiB */
	CHECK((fd = open("/tmp/t/big", O_CREAT | O_WRONLY, 0644)) >= 0);
	while ((r = write(fd, block, sizeof(block))) > 0)
		written += r;
	CHECK(r == -1 && errno == ENOSPC);
	CHECK(written == 64 * 1024);
	CHECK(statfs("/tmp/t", &sf) == 0 && sf.f_bfree == 0);
	CHECK(ftruncate(fd, 8192) == 0);
	CHECK(statfs("/tmp/t", &sf) == 0 && sf.f_bfree == 14);
	CHECK(close(fd) == 0);

	/* remount: larger, not smaller than what is used (and the flags as given: no nosuid) */
	CHECK_ERR(mount(NULL, "/tmp/t", NULL, MS_REMOUNT, "size=4k"), EINVAL);
	CHECK(mount(NULL, "/tmp/t", NULL, MS_REMOUNT, "size=128k") == 0);
	CHECK(statfs("/tmp/t", &sf) == 0 && sf.f_blocks == 32);

	/* nr_inodes: the root and big use 2 of 8 */
	for (i = 0; i < 6; i++) {
		char name[32];

		snprintf(name, sizeof(name), "/tmp/t/f%d", i);
		CHECK(close(open(name, O_CREAT | O_WRONLY, 0644)) == 0);
	}
	CHECK_ERR(open("/tmp/t/one-more", O_CREAT | O_WRONLY, 0644), ENOSPC);
	CHECK_ERR(mkdir("/tmp/t/dir", 0755), ENOSPC);
	CHECK(unlink("/tmp/t/f0") == 0);
	CHECK(mkdir("/tmp/t/dir", 0755) == 0);

	/* /proc/mounts */
	CHECK(mkdir("/tmp/p", 0755) == 0);
	CHECK(mount("proc", "/tmp/p", "proc", 0, NULL) == 0);
	CHECK(statfs("/tmp/p", &sf) == 0 && sf.f_type == PROC_MAGIC);
	CHECK(slurp("/tmp/p/mounts") > 0);
	CHECK(strstr(buf, "tmpfs /tmp/t tmpfs rw,relatime,size=128k,nr_inodes=8,mode=750,uid=5,gid=6 0 0\n") != NULL);
	CHECK(strstr(buf, "proc /tmp/p proc rw,relatime 0 0\n") != NULL);
	CHECK(umount("/tmp/p") == 0);
	CHECK(umount("/tmp/t") == 0);

	/* devtmpfs */
	CHECK(mount("devtmpfs", "/tmp/t", "devtmpfs", 0, NULL) == 0);
	CHECK(stat("/tmp/t/null", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3));
	CHECK(stat("/tmp/t/console", &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK((fd = open("/tmp/t/zero", O_RDONLY)) >= 0);
	CHECK(read(fd, block, 16) == 16 && block[0] == 0 && block[15] == 0);
	CHECK(close(fd) == 0);
	CHECK(stat("/tmp/t", &st) == 0 && (st.st_mode & 07777) == 0755);
	CHECK(umount("/tmp/t") == 0);
	CHECK(rmdir("/tmp/t") == 0 && rmdir("/tmp/p") == 0);
	return utest_done();
}
