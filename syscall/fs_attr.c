/*
 * System calls on attributes and whole file systems: fchmod, fchmodat,
 * fchown, fchownat, utimensat, statfs, fstatfs, fsync, fdatasync, sync,
 * syncfs, chroot.
 */
#include "fs.h"
#include <uapi/linux/statfs.h>
#include <uapi/linux/time.h>
#include <lib/errno.h>
#include <lib/string.h>

long sys_fchmodat(int dfd, const char __user *filename, umode_t mode)
{
	char *name;
	int err = getname(filename, &name);

	if (err)
		return err;
	err = vfs_chmodat(dfd, name, mode);
	putname(name);
	return err;
}

long sys_fchmod(unsigned int fd, umode_t mode)
{
	struct file *f = fdget_io(fd);
	int err;

	if (!f)
		return -EBADF;
	err = vfs_fchmod(f, mode);
	fput(f);
	return err;
}

long sys_fchownat(int dfd, const char __user *filename, uid_t user, gid_t group, int flag)
{
	char *name;
	int err;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = getname(filename, &name);
	if (err)
		return err;
	err = vfs_chownat(dfd, name, user, group, flag);
	putname(name);
	return err;
}

long sys_fchown(unsigned int fd, uid_t user, gid_t group)
{
	struct file *f = fdget_io(fd);
	int err;

	if (!f)
		return -EBADF;
	err = vfs_fchown(f, user, group);
	fput(f);
	return err;
}

/* utimensat's times: EINVAL for a nanosecond count that is not one. */
static int get_times(struct __kernel_timespec __user *u, struct fs_time t[2])
{
	struct __kernel_timespec k[2];

	if (copy_from_user(k, u, sizeof(k)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (k[i].tv_nsec != FS_TIME_NOW && k[i].tv_nsec != FS_TIME_OMIT &&
		    (k[i].tv_nsec < 0 || k[i].tv_nsec >= 1000000000LL))
			return -EINVAL;
		t[i] = (struct fs_time){ .sec = k[i].tv_sec, .nsec = (uint32_t)k[i].tv_nsec };
	}
	return 0;
}

long sys_utimensat(int dfd, const char __user *filename,
		   struct __kernel_timespec __user *utimes, int flags)
{
	struct fs_time t[2], *times = NULL;
	char *name;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes) {
		err = get_times(utimes, t);
		if (err)
			return err;
		if (t[0].nsec == FS_TIME_OMIT && t[1].nsec == FS_TIME_OMIT)
			return 0;
		times = t;
	}
	if (!filename && dfd != AT_FDCWD) {
		/* futimens(): the fd itself */
		struct file *f;

		if (flags & AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		f = fdget_io((unsigned int)dfd);
		if (!f)
			return -EBADF;
		err = vfs_futimens(f, times);
		fput(f);
		return err;
	}
	err = getname(filename, &name);
	if (err)
		return err;
	err = vfs_utimensat(dfd, name, times, flags);
	putname(name);
	return err;
}

static int put_statfs(const struct kstatfs *k, dev_t dev, struct statfs __user *u)
{
	struct statfs st;

	memset(&st, 0, sizeof(st));
	st.f_type = k->f_type;
	st.f_bsize = k->f_bsize;
	st.f_blocks = (long)k->f_blocks;
	st.f_bfree = (long)k->f_bfree;
	st.f_bavail = (long)k->f_bavail;
	st.f_files = (long)k->f_files;
	st.f_ffree = (long)k->f_ffree;
	st.f_fsid.val[0] = (int)dev;
	st.f_namelen = k->f_namelen;
	st.f_frsize = k->f_frsize;
	st.f_flags = ST_VALID;
	return copy_to_user(u, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_statfs(const char __user *path, struct statfs __user *buf)
{
	struct kstatfs k;
	struct path p;
	char *name;
	int err = getname(path, &name);

	if (err)
		return err;
	err = vfs_path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW, &p);
	putname(name);
	if (err)
		return err;
	err = vfs_statfs(&p, &k);
	if (!err)
		err = put_statfs(&k, p.dentry->d_sb->s_dev, buf);
	path_put(&p);
	return err;
}

long sys_fstatfs(unsigned int fd, struct statfs __user *buf)
{
	struct file *f = fdget_any(fd);
	struct kstatfs k;
	int err;

	if (!f)
		return -EBADF;
	err = vfs_statfs(&f->f_path, &k);
	if (!err)
		err = put_statfs(&k, f->f_path.dentry->d_sb->s_dev, buf);
	fput(f);
	return err;
}

static long do_fsync(unsigned int fd, bool datasync)
{
	struct file *f = fdget_io(fd);
	int err;

	if (!f)
		return -EBADF;
	err = vfs_fsync(f, datasync);
	fput(f);
	return err;
}

long sys_fsync(unsigned int fd)
{
	return do_fsync(fd, false);
}

long sys_fdatasync(unsigned int fd)
{
	return do_fsync(fd, true);
}

long sys_sync(void)
{
	vfs_sync_all();
	return 0;
}

long sys_syncfs(int fd)
{
	struct file *f = fdget_io((unsigned int)fd);
	int err;

	if (!f)
		return -EBADF;
	err = vfs_sync_fs(f->f_path.dentry->d_sb);
	fput(f);
	return err;
}

#define FALLOC_FL_KEEP_SIZE		0x01
#define FALLOC_FL_PUNCH_HOLE		0x02
#define FALLOC_FL_NO_HIDE_STALE		0x04
#define FALLOC_FL_COLLAPSE_RANGE	0x08
#define FALLOC_FL_ZERO_RANGE		0x10
#define FALLOC_FL_INSERT_RANGE		0x20
#define FALLOC_FL_UNSHARE_RANGE		0x40
#define FALLOC_FL_MASK			0x7f

/* Linux's checks of vfs_fallocate(); then ramfs has no fallocate (nor has Linux's). */
long sys_fallocate(int fd, int mode, loff_t offset, loff_t len)
{
	struct file *f;
	umode_t imode;
	long r;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~FALLOC_FL_MASK)
		return -EOPNOTSUPP;
	f = fdget_io((unsigned int)fd);
	if (!f)
		return -EBADF;
	imode = f->f_inode->i_mode;
	if (!(f->f_mode & FMODE_WRITE))
		r = -EBADF;
	else if (S_ISFIFO(imode))
		r = -ESPIPE;
	else if (S_ISDIR(imode))
		r = -EISDIR;
	else if (!S_ISREG(imode) && !S_ISBLK(imode))
		r = -ENODEV;
	else if (offset + len < 0 || offset + len > f->f_inode->i_sb->s_maxbytes)
		r = -EFBIG;
	else
		r = -EOPNOTSUPP;
	fput(f);
	return r;
}

#define POSIX_FADV_NOREUSE	5

/* Advice about caching: files in memory have nothing to cache, so valid advice is taken. */
long sys_fadvise64(int fd, loff_t offset, loff_t len, int advice)
{
	struct file *f = fdget_io((unsigned int)fd);
	long r = 0;

	(void)offset;
	if (!f)
		return -EBADF;
	if (S_ISFIFO(f->f_inode->i_mode))
		r = -ESPIPE;
	else if (len < 0 || advice < 0 || advice > POSIX_FADV_NOREUSE)
		r = -EINVAL;
	fput(f);
	return r;
}

long sys_readahead(int fd, loff_t offset, size_t count)
{
	struct file *f = fdget_io((unsigned int)fd);
	long r = 0;

	(void)offset;
	(void)count;
	if (!f || !(f->f_mode & FMODE_READ))
		r = -EBADF;
	else if (!S_ISREG(f->f_inode->i_mode))
		r = -EINVAL;
	fput(f);
	return r;
}

#define SYNC_FILE_RANGE_MASK	0x7

long sys_sync_file_range(int fd, loff_t offset, loff_t nbytes, unsigned int flags)
{
	struct file *f;
	long r = 0;

	if (flags & ~SYNC_FILE_RANGE_MASK)
		return -EINVAL;
	if (offset < 0 || nbytes < 0 || offset + nbytes < 0)
		return -EINVAL;
	f = fdget_io((unsigned int)fd);
	if (!f)
		return -EBADF;
	if (!S_ISREG(f->f_inode->i_mode) && !S_ISDIR(f->f_inode->i_mode) &&
	    !S_ISBLK(f->f_inode->i_mode) && !S_ISLNK(f->f_inode->i_mode))
		r = -ESPIPE;
	fput(f);
	return r;
}

long sys_chroot(const char __user *filename)
{
	char *name;
	int err = getname(filename, &name);

	if (err)
		return err;
	err = vfs_chroot(name);
	putname(name);
	return err;
}
