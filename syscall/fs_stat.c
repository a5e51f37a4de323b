/*
 * stat: newfstatat, fstat (Linux's sys_newfstat) and statx. The file
 * layer's struct kstat becomes the ABI's struct stat or struct statx
 * here, and nowhere else.
 */
#include "fs.h"
#include <lib/errno.h>
#include <lib/string.h>

/* Linux's user encoding of a device number (new_encode_dev). */
static unsigned long encode_dev(dev_t dev)
{
	unsigned long major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffUL) << 12);
}

static int put_stat(const struct kstat *k, struct stat __user *u)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = encode_dev(k->dev);
	st.st_ino = k->ino;
	st.st_mode = k->mode;
	st.st_nlink = k->nlink;
	st.st_uid = k->uid;
	st.st_gid = k->gid;
	st.st_rdev = encode_dev(k->rdev);
	st.st_size = k->size;
	st.st_blksize = (int)k->blksize;
	st.st_blocks = (long)k->blocks;
	st.st_atime = k->atime.sec;
	st.st_atime_nsec = k->atime.nsec;
	st.st_mtime = k->mtime.sec;
	st.st_mtime_nsec = k->mtime.nsec;
	st.st_ctime = k->ctime.sec;
	st.st_ctime_nsec = k->ctime.nsec;
	return copy_to_user(u, &st, sizeof(st)) ? -EFAULT : 0;
}

static int stat_name(int dfd, const char __user *filename, int flags, struct kstat *st)
{
	char *name;
	int err = getname(filename, &name);

	if (err)
		return err;
	err = vfs_statat(dfd, name, flags, st);
	putname(name);
	return err;
}

long sys_newfstatat(int dfd, const char __user *filename, struct stat __user *statbuf, int flag)
{
	struct kstat st;
	int err;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	err = stat_name(dfd, filename, flag, &st);
	return err ? err : put_stat(&st, statbuf);
}

long sys_fstat(unsigned int fd, struct stat __user *statbuf)
{
	struct file *f = fdget_any(fd);
	struct kstat st;
	int err;

	if (!f)
		return -EBADF;
	err = vfs_fstat(f, &st);
	fput(f);
	return err ? err : put_stat(&st, statbuf);
}

static struct statx_timestamp stx_time(struct fs_time t)
{
	return (struct statx_timestamp){ .tv_sec = t.sec, .tv_nsec = t.nsec };
}

long sys_statx(int dfd, const char __user *path, unsigned flags, unsigned mask,
	       struct statx __user *buffer)
{
	struct statx stx;
	struct kstat st;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	err = stat_name(dfd, path, (int)flags, &st);
	if (err)
		return err;
	memset(&stx, 0, sizeof(stx));
	stx.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	stx.stx_blksize = st.blksize;
	stx.stx_nlink = st.nlink;
	stx.stx_uid = st.uid;
	stx.stx_gid = st.gid;
	stx.stx_mode = st.mode;
	stx.stx_ino = st.ino;
	stx.stx_size = (uint64_t)st.size;
	stx.stx_blocks = st.blocks;
	stx.stx_atime = stx_time(st.atime);
	stx.stx_ctime = stx_time(st.ctime);
	stx.stx_mtime = stx_time(st.mtime);
	stx.stx_rdev_major = MAJOR(st.rdev);
	stx.stx_rdev_minor = MINOR(st.rdev);
	stx.stx_dev_major = MAJOR(st.dev);
	stx.stx_dev_minor = MINOR(st.dev);
	stx.stx_mnt_id = (uint64_t)st.mnt_id;
	return copy_to_user(buffer, &stx, sizeof(stx)) ? -EFAULT : 0;
}
