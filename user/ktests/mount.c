/*
 * mount(2) and umount2(2) as root: new mounts, their errors, busy and
 * lazy unmounts, bind mounts, moves and read-only remounts. Kernel-only:
 * mounting needs root, which a host running qemu-riscv64 may not give.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int main(void)
{
	struct stat a, b;
	int fd;

	utest_start("mount");
	CHECK(mkdir("/tmp/m", 0755) == 0);
	CHECK(mkdir("/tmp/m2", 0755) == 0);
	CHECK(mkdir("/tmp/m3", 0755) == 0);

	/* errors */
	CHECK_ERR(mount("x", "/tmp/m", "nosuchfs", 0, NULL), ENODEV);
	CHECK_ERR(mount("x", "/tmp/nothere", "ramfs", 0, NULL), ENOENT);
	CHECK_ERR(mount("x", "/tmp/m", NULL, 0, NULL), EINVAL);
	CHECK_ERR(mount("x", "/tmp/m", "ramfs", MS_NOUSER, NULL), EINVAL);
	CHECK_ERR(mount("x", (char *)1, "ramfs", 0, NULL), EFAULT);
	CHECK_ERR(umount("/tmp/m"), EINVAL);		/* not a mount point */
	CHECK_ERR(umount2("/tmp/m", 0x100), EINVAL);	/* unknown flag */
	CHECK_ERR(umount("/tmp/nothere"), ENOENT);

	/* a new mount hides what was under it, and goes */
	CHECK(stat("/tmp/m", &a) == 0);
	CHECK(mount("none", "/tmp/m", "ramfs", MS_NOSUID | MS_NODEV, NULL) == 0);
	CHECK(stat("/tmp/m", &b) == 0);
	CHECK(a.st_dev != b.st_dev);
	CHECK((fd = open("/tmp/m/f", O_CREAT | O_WRONLY, 0644)) >= 0);
	CHECK(write(fd, "abc", 3) == 3);
	CHECK_ERR(umount("/tmp/m"), EBUSY);		/* an open file */
	CHECK(close(fd) == 0);
	CHECK(chdir("/tmp/m") == 0);
	CHECK_ERR(umount("/tmp/m"), EBUSY);		/* a working directory */
	CHECK(chdir("/") == 0);
	CHECK(umount("/tmp/m") == 0);
	CHECK(!exists("/tmp/m/f"));
	CHECK(stat("/tmp/m", &b) == 0 && a.st_dev == b.st_dev);

	/* mounts on mounts: the lower one is busy; MNT_DETACH takes both */
	CHECK(mount("one", "/tmp/m", "ramfs", 0, NULL) == 0);
	CHECK(mkdir("/tmp/m/sub", 0755) == 0);
	CHECK(mount("two", "/tmp/m/sub", "ramfs", 0, NULL) == 0);
	CHECK_ERR(umount("/tmp/m"), EBUSY);
	CHECK((fd = open("/tmp/m/sub/g", O_CREAT | O_RDWR, 0644)) >= 0);
	CHECK(umount2("/tmp/m", MNT_DETACH) == 0);
	CHECK(!exists("/tmp/m/sub"));
	CHECK(write(fd, "xyz", 3) == 3);		/* still usable once detached */
	CHECK(close(fd) == 0);

	/* bind mounts share the files */
	CHECK(mount("three", "/tmp/m", "ramfs", 0, NULL) == 0);
	CHECK(mkdir("/tmp/m/d", 0755) == 0);
	CHECK(close(open("/tmp/m/d/h", O_CREAT | O_WRONLY, 0644)) == 0);
	CHECK_ERR(mount("/tmp/m/nothere", "/tmp/m2", NULL, MS_BIND, NULL), ENOENT);
	CHECK(mount("/tmp/m/d", "/tmp/m2", NULL, MS_BIND, NULL) == 0);
	CHECK(exists("/tmp/m2/h"));
	CHECK(unlink("/tmp/m2/h") == 0);
	CHECK(!exists("/tmp/m/d/h"));
	CHECK(umount("/tmp/m2") == 0);
	CHECK(exists("/tmp/m/d"));

	/* read-only remounts */
	CHECK(mount(NULL, "/tmp/m", NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0);
	CHECK_ERR(open("/tmp/m/new", O_CREAT | O_WRONLY, 0644), EROFS);
	CHECK_ERR(mkdir("/tmp/m/newdir", 0755), EROFS);
	CHECK(mount(NULL, "/tmp/m", NULL, MS_REMOUNT, NULL) == 0);
	CHECK(close(open("/tmp/m/new", O_CREAT | O_WRONLY, 0644)) == 0);
	CHECK_ERR(mount(NULL, "/tmp/m/d", NULL, MS_REMOUNT, NULL), EINVAL);

	/* moves, propagation types */
	CHECK(mount("/tmp/m", "/tmp/m3", NULL, MS_MOVE, NULL) == 0);
	CHECK(exists("/tmp/m3/new"));
	CHECK(!exists("/tmp/m/new"));
	CHECK_ERR(mount("/tmp/m3", "/tmp/m3/d", NULL, MS_MOVE, NULL), ELOOP);
	CHECK(mount(NULL, "/tmp/m3", NULL, MS_PRIVATE, NULL) == 0);
	CHECK_ERR(mount(NULL, "/tmp/m3/d", NULL, MS_PRIVATE, NULL), EINVAL);
	CHECK(umount2("/tmp/m3", MNT_FORCE) == 0);

	/* MNT_EXPIRE: marked first, unmounted at the second call */
	CHECK(mount("four", "/tmp/m", "ramfs", 0, NULL) == 0);
	CHECK_ERR(umount2("/tmp/m", MNT_EXPIRE | MNT_DETACH), EINVAL);
	CHECK_ERR(umount2("/tmp/m", MNT_EXPIRE), EAGAIN);
	CHECK(umount2("/tmp/m", MNT_EXPIRE) == 0);

	/* only root mounts */
	if (fork() == 0) {
		CHECK(setuid(1000) == 0);
		CHECK_ERR(mount("x", "/tmp/m", "ramfs", 0, NULL), EPERM);
		CHECK_ERR(umount("/tmp"), EPERM);
		_exit(utest_done());
	}
	CHECK(wait(&fd) > 0 && fd == 0);
	CHECK(rmdir("/tmp/m") == 0 && rmdir("/tmp/m2") == 0 && rmdir("/tmp/m3") == 0);
	return utest_done();
}
