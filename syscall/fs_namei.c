/*
 * System calls on names: mkdirat, mknodat, unlinkat, symlinkat, linkat,
 * renameat2, readlinkat, faccessat, faccessat2, truncate, ftruncate.
 * Each copies its names in and calls the file layer.
 */
#include "fs.h"
#include <mm/kmalloc.h>
#include <lib/errno.h>

/* mknod's dev argument, Linux's user encoding (new_decode_dev). */
static dev_t decode_dev(unsigned int dev)
{
	unsigned int major = (dev & 0xfff00) >> 8;
	unsigned int minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	return MKDEV(major, minor);
}

long sys_mkdirat(int dfd, const char __user *pathname, umode_t mode)
{
	char *name;
	int err = getname(pathname, &name);

	if (err)
		return err;
	err = vfs_mkdirat(dfd, name, mode);
	putname(name);
	return err;
}

long sys_mknodat(int dfd, const char __user *filename, umode_t mode, unsigned dev)
{
	char *name;
	int err = getname(filename, &name);

	if (err)
		return err;
	err = vfs_mknodat(dfd, name, mode, decode_dev(dev));
	putname(name);
	return err;
}

long sys_unlinkat(int dfd, const char __user *pathname, int flag)
{
	char *name;
	int err;

	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	err = getname(pathname, &name);
	if (err)
		return err;
	err = vfs_unlinkat(dfd, name, flag);
	putname(name);
	return err;
}

long sys_symlinkat(const char __user *oldname, int newdfd, const char __user *newname)
{
	char *target, *name;
	int err = getname(oldname, &target);

	if (err)
		return err;
	err = getname(newname, &name);
	if (!err) {
		err = vfs_symlinkat(target, newdfd, name);
		putname(name);
	}
	putname(target);
	return err;
}

long sys_linkat(int olddfd, const char __user *oldname, int newdfd,
		const char __user *newname, int flags)
{
	char *old, *new;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = getname(oldname, &old);
	if (err)
		return err;
	err = getname(newname, &new);
	if (!err) {
		err = vfs_linkat(olddfd, old, newdfd, new, flags);
		putname(new);
	}
	putname(old);
	return err;
}

long sys_renameat2(int olddfd, const char __user *oldname, int newdfd,
		   const char __user *newname, unsigned int flags)
{
	char *old, *new;
	int err = getname(oldname, &old);

	if (err)
		return err;
	err = getname(newname, &new);
	if (!err) {
		err = vfs_renameat2(olddfd, old, newdfd, new, flags);
		putname(new);
	}
	putname(old);
	return err;
}

long sys_readlinkat(int dfd, const char __user *path, char __user *buf, int bufsiz)
{
	size_t size;
	char *name, *k;
	int n;

	if (bufsiz <= 0)
		return -EINVAL;
	n = getname(path, &name);
	if (n)
		return n;
	size = MIN((size_t)bufsiz, (size_t)PATH_MAX);
	k = kmalloc(size, 0);
	n = k ? vfs_readlinkat(dfd, name, k, size) : -ENOMEM;
	if (n > 0 && copy_to_user(buf, k, (size_t)n))
		n = -EFAULT;
	kfree(k);
	putname(name);
	return n;
}

long sys_faccessat2(int dfd, const char __user *filename, int mode, int flags)
{
	char *name;
	int err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = getname(filename, &name);
	if (err)
		return err;
	err = vfs_accessat(dfd, name, mode, flags);
	putname(name);
	return err;
}

long sys_faccessat(int dfd, const char __user *filename, int mode)
{
	return sys_faccessat2(dfd, filename, mode, 0);
}

long sys_truncate(const char __user *path, long length)
{
	char *name;
	int err = getname(path, &name);

	if (err)
		return err;
	err = vfs_truncate(name, length);
	putname(name);
	return err;
}

long sys_ftruncate(unsigned int fd, off_t length)
{
	struct file *f;
	int err;

	if (length < 0)
		return -EINVAL;
	f = fdget_io(fd);
	if (!f)
		return -EBADF;
	err = vfs_ftruncate(f, length);
	fput(f);
	return err;
}
