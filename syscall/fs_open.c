/*
 * File system calls about descriptors and the process's place in the
 * tree: openat, close, dup, dup3, fcntl, pipe2, ioctl, umask, chdir,
 * fchdir, getcwd.
 */
#include "fs.h"
#include <fs/locks.h>
#include <fs/pipe.h>
#include <mm/kmalloc.h>
#include <kernel/proc.h>
#include <lib/errno.h>

/* ioctl(2) commands every file understands */
#define FIONREAD	0x541B
#define FIONBIO		0x5421
#define FIONCLEX	0x5450
#define FIOCLEX		0x5451

int getname(const char __user *uname, char **out)
{
	char *name = kmalloc(PATH_MAX, 0);
	long n;

	*out = NULL;
	if (!name)
		return -ENOMEM;
	n = strncpy_from_user(name, uname, PATH_MAX);
	if (n < 0) {
		kfree(name);
		return (int)n;
	}
	*out = name;
	return 0;
}

void putname(char *name)
{
	kfree(name);
}

struct file *fdget_any(unsigned int fd)
{
	return fd_get(fd);
}

struct file *fdget_io(unsigned int fd)
{
	struct file *f = fd_get(fd);

	if (f && (f->f_mode & FMODE_PATH)) {
		fput(f);
		return NULL;
	}
	return f;
}

long sys_openat(int dfd, const char __user *filename, int flags, umode_t mode)
{
	struct file *f;
	char *name;
	int fd, err = getname(filename, &name);

	if (err)
		return err;
	fd = fd_reserve();
	if (fd < 0) {
		putname(name);
		return fd;
	}
	/* 64-bit: every file may be large */
	f = vfs_openat(dfd, name, flags | O_LARGEFILE, mode);
	putname(name);
	if (IS_ERR(f)) {
		fd_unreserve((unsigned int)fd);
		return PTR_ERR(f);
	}
	fd_fill((unsigned int)fd, f, flags & O_CLOEXEC);
	return fd;
}

long sys_close(unsigned int fd)
{
	return fd_close(fd);
}

#define CLOSE_RANGE_UNSHARE	(1U << 1)
#define CLOSE_RANGE_CLOEXEC	(1U << 2)

long sys_close_range(unsigned int fd, unsigned int max_fd, unsigned int flags)
{
	struct files_struct *files = current_files();

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (fd > max_fd)
		return -EINVAL;
	/*
	 * UNSHARE of a table other threads share needs the process code to
	 * give the caller a copy; a table nobody shares is already private.
	 */
	if ((flags & CLOSE_RANGE_UNSHARE) && files &&
	    __atomic_load_n(&files->count, __ATOMIC_RELAXED) > 1)
		return -EINVAL;
	return files_close_range(files, fd, max_fd, flags & CLOSE_RANGE_CLOEXEC);
}

long sys_dup(unsigned int fildes)
{
	struct file *f = fdget_any(fildes);
	int fd;

	if (!f)
		return -EBADF;
	fd = fd_install(f, 0);
	if (fd < 0)
		fput(f);
	return fd;
}

long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	struct files_struct *files = current_files();
	struct file *f;
	int err;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (!files || newfd >= files_limit(files))
		return -EBADF;
	f = fdget_any(oldfd);
	if (!f)
		return -EBADF;
	err = files_fd_replace(files, newfd, f, flags);
	if (err < 0)
		fput(f);
	return err;
}

static long do_dupfd(struct file *f, unsigned long from, int flags)
{
	struct files_struct *files = current_files();
	int fd;

	if (!files || from >= files_limit(files))
		return -EINVAL;
	fd = files_fd_install(files, get_file(f), (unsigned int)from, flags);
	if (fd < 0)
		fput(f);
	return fd;
}

static long fcntl_lock(struct file *f, unsigned int cmd, struct flock __user *arg)
{
	struct flock fl;
	long r;

	if (copy_from_user(&fl, arg, sizeof(fl)))
		return -EFAULT;
	r = vfs_fcntl_lock(f, current_files(), cmd, &fl);
	if (!r && (cmd == F_GETLK || cmd == F_OFD_GETLK) && copy_to_user(arg, &fl, sizeof(fl)))
		r = -EFAULT;
	return r;
}

long sys_flock(unsigned int fd, unsigned int cmd)
{
	struct file *f = fdget_io(fd);
	long r;

	if (!f)
		return -EBADF;
	r = vfs_flock(f, cmd);
	fput(f);
	return r;
}

long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fdget_any(fd);
	long r;

	if (!f)
		return -EBADF;
	if ((f->f_mode & FMODE_PATH) && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC &&
	    cmd != F_GETFD && cmd != F_SETFD && cmd != F_GETFL) {
		fput(f);
		return -EBADF;
	}
	switch (cmd) {
	case F_DUPFD:
		r = do_dupfd(f, arg, 0);
		break;
	case F_DUPFD_CLOEXEC:
		r = do_dupfd(f, arg, O_CLOEXEC);
		break;
	case F_GETFD:
		r = files_get_cloexec(current_files(), fd);
		if (r > 0)
			r = FD_CLOEXEC;
		break;
	case F_SETFD:
		r = files_set_cloexec(current_files(), fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = (long)__atomic_load_n(&f->f_flags, __ATOMIC_RELAXED);
		break;
	case F_SETFL:
		r = vfs_setfl(f, (unsigned int)arg);
		break;
	case F_GETPIPE_SZ:
		r = pipe_get_size(f);
		break;
	case F_SETPIPE_SZ:
		r = pipe_set_size(f, arg);
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		r = fcntl_lock(f, cmd, (struct flock __user *)arg);
		break;
	default:
		/* owners, signals, leases, seals: not yet */
		r = -EINVAL;
	}
	fput(f);
	return r;
}

long sys_pipe2(int __user *fildes, int flags)
{
	struct file *rd, *wr;
	int fds[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;		/* O_DIRECT (packet mode) is not done */
	fds[0] = fd_reserve();
	if (fds[0] < 0)
		return fds[0];
	fds[1] = fd_reserve();
	if (fds[1] < 0) {
		fd_unreserve((unsigned int)fds[0]);
		return fds[1];
	}
	err = pipe_create(&rd, &wr, flags);
	if (!err && copy_to_user(fildes, fds, sizeof(fds))) {
		fput(rd);
		fput(wr);
		err = -EFAULT;
	}
	if (err) {
		fd_unreserve((unsigned int)fds[0]);
		fd_unreserve((unsigned int)fds[1]);
		return err;
	}
	fd_fill((unsigned int)fds[0], rd, flags & O_CLOEXEC);
	fd_fill((unsigned int)fds[1], wr, flags & O_CLOEXEC);
	return 0;
}

long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fdget_io(fd);
	long r;
	int on;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		r = files_set_cloexec(current_files(), fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
		r = get_user(on, (int __user *)arg);
		if (!r)
			r = vfs_setfl(f, on ? f->f_flags | O_NONBLOCK : f->f_flags & ~O_NONBLOCK);
		break;
	case FIONREAD:
		if (S_ISREG(f->f_inode->i_mode)) {
			struct kstat st;

			vfs_fstat(f, &st);
			r = put_user((int)(st.size - f->f_pos), (int __user *)arg);
			break;
		}
		r = vfs_ioctl(f, cmd, arg);
		break;
	default:
		r = vfs_ioctl(f, cmd, arg);
	}
	fput(f);
	return r;
}

long sys_umask(int mask)
{
	return (long)vfs_set_umask((unsigned int)mask & S_IRWXUGO);
}

long sys_chdir(const char __user *filename)
{
	char *name;
	int err = getname(filename, &name);

	if (err)
		return err;
	err = vfs_chdir(name);
	putname(name);
	return err;
}

long sys_fchdir(unsigned int fd)
{
	struct file *f = fdget_any(fd);
	int err;

	if (!f)
		return -EBADF;
	err = vfs_fchdir(f);
	fput(f);
	return err;
}

long sys_getcwd(char __user *buf, unsigned long size)
{
	char *k = kmalloc(PATH_MAX, 0);
	int n;

	if (!k)
		return -ENOMEM;
	n = vfs_getcwd(k, MIN(size, (unsigned long)PATH_MAX));
	if (n > 0 && copy_to_user(buf, k, (size_t)n))
		n = -EFAULT;
	kfree(k);
	return n;
}
