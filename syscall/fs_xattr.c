/*
 * Extended attributes. No file system here keeps them yet (Linux's
 * ramfs neither): after the checks Linux makes, in its order, setting,
 * getting and removing say EOPNOTSUPP and a list is empty.
 */
#include "fs.h"
#include <lib/errno.h>
#include <lib/string.h>

#define XATTR_CREATE	0x1
#define XATTR_REPLACE	0x2
#define XATTR_NAME_MAX	255
#define XATTR_SIZE_MAX	65536

/* The attribute's name: ERANGE if empty or too long, EFAULT. */
static int check_name(const char __user *uname)
{
	char name[XATTR_NAME_MAX + 1];
	long n = strncpy_from_user(name, uname, sizeof(name));

	if (n == 0 || n == -ENAMETOOLONG)
		return -ERANGE;
	return n < 0 ? (int)n : 0;
}

/* Look the path up (following a final symlink or not) just for its errors. */
static int check_path(const char __user *upath, bool follow)
{
	struct path p;
	char *name;
	int err = getname(upath, &name);

	if (err)
		return err;
	err = vfs_path_lookup(AT_FDCWD, name, follow ? LOOKUP_FOLLOW : 0, &p);
	putname(name);
	if (!err)
		path_put(&p);
	return err;
}

static int check_fd(int fd)
{
	struct file *f = fdget_io((unsigned int)fd);

	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

static long do_set(int err, const char __user *name, size_t size, int flags)
{
	if (err)
		return err;
	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	err = check_name(name);
	if (err)
		return err;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	return -EOPNOTSUPP;
}

static long do_get(int err, const char __user *name)
{
	if (err)
		return err;
	err = check_name(name);
	return err ? err : -EOPNOTSUPP;
}

long sys_setxattr(const char __user *path, const char __user *name, const void __user *value,
		  size_t size, int flags)
{
	(void)value;
	return do_set(check_path(path, true), name, size, flags);
}

long sys_lsetxattr(const char __user *path, const char __user *name, const void __user *value,
		   size_t size, int flags)
{
	(void)value;
	return do_set(check_path(path, false), name, size, flags);
}

long sys_fsetxattr(int fd, const char __user *name, const void __user *value, size_t size,
		   int flags)
{
	(void)value;
	return do_set(check_fd(fd), name, size, flags);
}

long sys_getxattr(const char __user *path, const char __user *name, void __user *value,
		  size_t size)
{
	(void)value;
	(void)size;
	return do_get(check_path(path, true), name);
}

long sys_lgetxattr(const char __user *path, const char __user *name, void __user *value,
		   size_t size)
{
	(void)value;
	(void)size;
	return do_get(check_path(path, false), name);
}

long sys_fgetxattr(int fd, const char __user *name, void __user *value, size_t size)
{
	(void)value;
	(void)size;
	return do_get(check_fd(fd), name);
}

long sys_listxattr(const char __user *path, char __user *list, size_t size)
{
	(void)list;
	(void)size;
	return check_path(path, true);
}

long sys_llistxattr(const char __user *path, char __user *list, size_t size)
{
	(void)list;
	(void)size;
	return check_path(path, false);
}

long sys_flistxattr(int fd, char __user *list, size_t size)
{
	(void)list;
	(void)size;
	return check_fd(fd);
}

long sys_removexattr(const char __user *path, const char __user *name)
{
	return do_get(check_path(path, true), name);
}

long sys_lremovexattr(const char __user *path, const char __user *name)
{
	return do_get(check_path(path, false), name);
}

long sys_fremovexattr(int fd, const char __user *name)
{
	return do_get(check_fd(fd), name);
}
