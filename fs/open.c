/*
 * Opening files, and the calls that act on a path as a whole: truncate,
 * access, chdir, getcwd, umask. Also the kernel's own opens (the
 * program loader, init).
 */
#include "internal.h"
#include <fs/locks.h>
#include <fs/epoll.h>
#include <kernel/proc.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

/* ---- struct file ---------------------------------------------------------- */

struct file *file_alloc(void)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->f_count = 1;
	mutex_init(&f->f_pos_lock, "f_pos");
	list_init(&f->f_ep_links);
	return f;
}

struct file *alloc_file(const struct path *path, struct inode *inode,
			unsigned int flags, const struct file_operations *fops)
{
	struct file *f = file_alloc();

	if (!f)
		return NULL;
	f->f_path = *path;
	path_get(path);
	f->f_inode = inode;
	f->f_flags = flags;
	f->f_op = fops;
	if ((flags & O_ACCMODE) == O_RDONLY || (flags & O_ACCMODE) == O_RDWR)
		f->f_mode |= FMODE_READ;
	if ((flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR)
		f->f_mode |= FMODE_WRITE;
	return f;
}

struct file *get_file(struct file *f)
{
	__atomic_add_fetch(&f->f_count, 1, __ATOMIC_RELAXED);
	return f;
}

void fput(struct file *f)
{
	if (!f || __atomic_sub_fetch(&f->f_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	eventpoll_release(f);
	if (f->f_inode)
		locks_remove_file(f);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	if (f->f_mode & FMODE_WRITER)
		put_write_access(f->f_inode);
	allow_write_access(f);
	path_put(&f->f_path);
	kfree(f);
}

int get_write_access(struct inode *inode)
{
	int n = __atomic_load_n(&inode->i_writecount, __ATOMIC_RELAXED);

	do {
		if (n < 0)
			return -ETXTBSY;
	} while (!__atomic_compare_exchange_n(&inode->i_writecount, &n, n + 1, false,
					      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	return 0;
}

void put_write_access(struct inode *inode)
{
	__atomic_sub_fetch(&inode->i_writecount, 1, __ATOMIC_RELEASE);
}

int deny_write_access(struct file *f)
{
	struct inode *inode = f->f_inode;
	int n = __atomic_load_n(&inode->i_writecount, __ATOMIC_RELAXED);

	if (f->f_mode & FMODE_DENY_WRITE)
		return 0;
	do {
		if (n > 0)
			return -ETXTBSY;
	} while (!__atomic_compare_exchange_n(&inode->i_writecount, &n, n - 1, false,
					      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	f->f_mode |= FMODE_DENY_WRITE;
	return 0;
}

void allow_write_access(struct file *f)
{
	if (!(f->f_mode & FMODE_DENY_WRITE))
		return;
	f->f_mode &= ~FMODE_DENY_WRITE;
	__atomic_add_fetch(&f->f_inode->i_writecount, 1, __ATOMIC_RELEASE);
}

static const struct file_operations path_fops;	/* O_PATH: no operations */

struct file *dentry_open(const struct path *p, int flags)
{
	struct inode *inode = d_inode(p->dentry);
	struct file *f;
	int err = 0;

	if (flags & O_PATH) {
		flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
		f = alloc_file(p, inode, flags, &path_fops);
		if (f)
			f->f_mode = FMODE_PATH;
		return f ? f : ERR_PTR(-ENOMEM);
	}
	f = alloc_file(p, inode, flags, inode->i_fop);
	if (!f)
		return ERR_PTR(-ENOMEM);
	f->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	if (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode))
		f->f_mode |= FMODE_ATOMIC_POS;
	if (S_ISREG(inode->i_mode) && (f->f_mode & FMODE_WRITE)) {
		err = get_write_access(inode);	/* not while it runs as a program */
		if (err) {
			f->f_op = NULL;
			fput(f);
			return ERR_PTR(err);
		}
		f->f_mode |= FMODE_WRITER;
	}
	if (!f->f_op)
		err = -ENXIO;
	else if (f->f_op->open)
		err = f->f_op->open(inode, f);
	if (err) {
		f->f_op = NULL;		/* never opened: nothing to release */
		fput(f);
		return ERR_PTR(err);
	}
	/* the flags that only matter while opening (a tty's open sees O_NOCTTY) */
	f->f_flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	return f;
}

/* ---- open(2) --------------------------------------------------------------- */

/*
 * O_CREAT: create the file nd->last names (setting *created), or step
 * onto it if it exists. Returns 0, 1 (a symlink to follow) or -Exxx.
 */
static int open_create(struct nameidata *nd, int flags, umode_t mode, bool *created)
{
	struct dentry *dir = nd->path.dentry, *d;
	struct inode *dinode = d_inode(dir);
	int err;

	if (nd->last_slash)
		return -EISDIR;
	mutex_lock(&dinode->i_mutex);
	d = lookup_locked(dir, nd->last, nd->last_len);
	if (IS_ERR(d)) {
		mutex_unlock(&dinode->i_mutex);
		return (int)PTR_ERR(d);
	}
	if (!d_is_negative(d)) {
		mutex_unlock(&dinode->i_mutex);
		if (flags & O_EXCL) {
			dput(d);
			return -EEXIST;
		}
		return nd_step_into(nd, d, !(flags & O_NOFOLLOW));
	}
	err = may_create(dinode);
	if (!err && !dinode->i_op->create)
		err = -EACCES;
	if (!err)
		err = dinode->i_op->create(dinode, d,
					   (umode_t)(S_IFREG | (mode & ~vfs_umask() & S_IALLUGO)));
	if (!err)
		inode_touch(dinode);
	mutex_unlock(&dinode->i_mutex);
	if (err) {
		dput(d);
		return err;
	}
	*created = true;
	return nd_step_into(nd, d, false);
}

/* Resolve the final component for open; *created says it was made. */
static int open_last(struct nameidata *nd, int flags, umode_t mode, bool *created)
{
	for (;;) {
		int err;

		if (nd->last_type != LAST_NORM) {
			if (nd->last_type == LAST_DOTDOT)
				nd_follow_dotdot(nd);
			return 0;
		}
		if (!(flags & O_CREAT))
			return nd_lookup_last(nd);
		err = open_create(nd, flags, mode, created);
		if (err <= 0)
			return err;
		/* an existing symlink: create or open what it points to */
		err = nd_follow_last_link(nd);
		if (err)
			return err;
	}
}

/* The checks of an existing file against how it is opened (Linux's may_open). */
static int may_open(struct inode *inode, int flags, bool created)
{
	int acc, err;

	if (created)
		return 0;
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		acc = MAY_READ;
		break;
	case O_WRONLY:
		acc = MAY_WRITE;
		break;
	default:
		acc = MAY_READ | MAY_WRITE;
	}
	if (flags & O_TRUNC)
		acc |= MAY_WRITE;
	switch (inode->i_mode & S_IFMT) {
	case S_IFLNK:
		return -ELOOP;
	case S_IFDIR:
		if (acc & MAY_WRITE)
			return -EISDIR;
		break;
	}
	err = inode_permission(inode, acc);
	if (!err && (flags & O_NOATIME) && !inode_owner_or_root(inode))
		err = -EPERM;
	return err;
}

static struct file *do_open(struct nameidata *nd, int flags, umode_t mode)
{
	struct inode *inode;
	struct file *f;
	bool created = false;
	int err = open_last(nd, flags, mode, &created);

	if (err)
		return ERR_PTR(err);
	inode = d_inode(nd->path.dentry);
	if ((flags & O_CREAT) && (flags & O_EXCL) && !created)
		return ERR_PTR(-EEXIST);	/* ".", "..", "/" */
	if ((flags & O_CREAT) && S_ISDIR(inode->i_mode))
		return ERR_PTR(-EISDIR);
	if ((nd->flags & LOOKUP_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return ERR_PTR(-ENOTDIR);
	if (!(flags & O_PATH)) {
		err = may_open(inode, flags, created);
		if (err)
			return ERR_PTR(err);
	}
	f = dentry_open(&nd->path, flags);
	if (IS_ERR(f))
		return f;
	if ((flags & O_TRUNC) && !created && !(flags & O_PATH) && S_ISREG(inode->i_mode)) {
		err = vfs_do_truncate(inode, 0);
		if (err) {
			fput(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

#define O_PATH_FLAGS	(O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)

/* O_TMPFILE: an unnamed regular file in the directory name. */
static struct file *do_tmpfile(int dfd, const char *name, int flags, umode_t mode)
{
	struct inode *dir, *inode;
	struct dentry *d;
	struct file *f;
	struct path p;
	int err = vfs_path_lookup(dfd, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);

	if (err)
		return ERR_PTR(err);
	dir = d_inode(p.dentry);
	d = d_alloc(p.dentry, "#tmpfile", 8);
	err = d ? 0 : -ENOMEM;
	if (!err) {
		mutex_lock(&dir->i_mutex);
		err = may_create(dir);
		if (!err && !dir->i_op->tmpfile)
			err = -EOPNOTSUPP;
		if (!err)
			err = dir->i_op->tmpfile(dir, d, (umode_t)(S_IFREG |
						 (mode & ~vfs_umask() & S_IALLUGO)));
		mutex_unlock(&dir->i_mutex);
	}
	if (err) {
		dput(d);
		path_put(&p);
		return ERR_PTR(err);
	}
	inode = d_inode(d);
	if (!(flags & O_EXCL))
		inode->i_flags |= S_LINKABLE;
	dput(p.dentry);
	p.dentry = d;
	f = dentry_open(&p, flags);
	path_put(&p);
	return f;
}

struct file *vfs_openat(int dfd, const char *name, int flags, umode_t mode)
{
	struct nameidata *nd;
	unsigned int lookup = 0;
	struct file *f;
	int err;

	if (flags & O_PATH)
		flags &= O_PATH_FLAGS;
	if ((flags & (O_DIRECTORY | O_CREAT)) == (O_DIRECTORY | O_CREAT))
		return ERR_PTR(-EINVAL);
	if (flags & __O_TMPFILE) {
		if ((flags & O_TMPFILE) != O_TMPFILE || (flags & O_ACCMODE) == O_RDONLY)
			return ERR_PTR(-EINVAL);
		return do_tmpfile(dfd, name, flags, mode);
	}
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		flags |= O_NOFOLLOW;
	if (flags & O_DIRECTORY)
		lookup |= LOOKUP_DIRECTORY;
	if (!(flags & O_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	nd = kmalloc(sizeof(*nd), 0);
	if (!nd)
		return ERR_PTR(-ENOMEM);
	err = nd_walk_parent(nd, dfd, name, lookup);
	f = err ? ERR_PTR(err) : do_open(nd, flags, mode);
	nd_cleanup(nd);
	kfree(nd);
	return f;
}

/* ---- the kernel's own opens ------------------------------------------------- */

struct file *kernel_open(const char *path, int flags, umode_t mode)
{
	return vfs_openat(AT_FDCWD, path, flags, mode);
}

ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t pos)
{
	struct uio_seg seg;
	struct uio u;

	uio_init_one(&u, &seg, buf, n, UIO_KERNEL);
	return vfs_read(f, &u, &pos);
}

ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t pos)
{
	struct uio_seg seg;
	struct uio u;

	uio_init_one(&u, &seg, (void *)buf, n, UIO_KERNEL);
	return vfs_write(f, &u, &pos);
}

int kernel_open_exec(const char *path, struct file **out)
{
	struct inode *inode;
	struct file *f;
	struct path p;
	int err = vfs_path_lookup(AT_FDCWD, path, LOOKUP_FOLLOW, &p);

	if (err)
		return err;
	inode = d_inode(p.dentry);
	/* execute permission is enough: the kernel reads the program itself */
	if (!S_ISREG(inode->i_mode) || inode_permission(inode, MAY_EXEC)) {
		path_put(&p);
		return -EACCES;
	}
	f = dentry_open(&p, O_RDONLY);
	path_put(&p);
	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	*out = f;
	return 0;
}

/* ---- truncate, access, cwd, umask ----------------------------------------- */

int vfs_do_truncate(struct inode *inode, loff_t length)
{
	struct iattr attr = { .valid = ATTR_SIZE | ATTR_MTIME, .size = length };
	int err;

	fs_now(&attr.mtime);
	mutex_lock(&inode->i_mutex);
	err = notify_change(inode, &attr);
	if (!err)
		inode_remove_privs(inode);
	mutex_unlock(&inode->i_mutex);
	return err;
}

int vfs_truncate(const char *name, loff_t length)
{
	struct path p;
	struct inode *inode;
	int err;

	if (length < 0)
		return -EINVAL;
	err = vfs_path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	inode = d_inode(p.dentry);
	if (S_ISDIR(inode->i_mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->i_mode))
		err = -EINVAL;
	else
		err = inode_permission(inode, MAY_WRITE);
	if (!err)
		err = get_write_access(inode);	/* not a running program */
	if (!err) {
		err = vfs_do_truncate(inode, length);
		put_write_access(inode);
	}
	path_put(&p);
	return err;
}

int vfs_ftruncate(struct file *f, loff_t length)
{
	if (length < 0)
		return -EINVAL;
	if (f->f_mode & FMODE_PATH)
		return -EBADF;
	if (!S_ISREG(f->f_inode->i_mode) || !(f->f_mode & FMODE_WRITE))
		return -EINVAL;
	return vfs_do_truncate(f->f_inode, length);
}

int vfs_accessat(int dfd, const char *name, int mode, int flags)
{
	unsigned int lookup = LOOKUP_FOLLOW;
	struct path p;
	int err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lookup = 0;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	err = vfs_path_lookup(dfd, name, lookup, &p);
	if (err)
		return err;
	mode &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (flags & AT_EACCESS)
		err = inode_permission(d_inode(p.dentry), mode);
	else
		err = inode_permission_real(d_inode(p.dentry), mode);
	path_put(&p);
	return err;
}

static int set_pwd(const struct path *p)
{
	struct inode *inode = d_inode(p->dentry);
	struct fs_struct *fs = current_fs();

	if (!S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (inode_permission(inode, MAY_EXEC))
		return -EACCES;
	if (!fs)
		return -EINVAL;
	fs_set_pwd(fs, p);
	return 0;
}

int vfs_chdir(const char *name)
{
	struct path p;
	int err = vfs_path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);

	if (err)
		return err;
	err = set_pwd(&p);
	path_put(&p);
	return err;
}

int vfs_fchdir(struct file *f)
{
	return set_pwd(&f->f_path);
}

int vfs_getcwd(char *buf, size_t size)
{
	struct fs_struct *fs = current_fs();
	struct path root, pwd;
	char *page = kmalloc(PATH_MAX, 0), *s;
	size_t len;
	int err = 0;

	if (!page)
		return -ENOMEM;
	fs_get_root(fs, &root);
	fs_get_pwd(fs, &pwd);
	s = d_path(&pwd, &root, page, PATH_MAX);
	path_put(&pwd);
	path_put(&root);
	if (IS_ERR(s)) {
		err = (int)PTR_ERR(s);
	} else {
		len = strlen(s) + 1;
		if (len > size)
			err = -ERANGE;
		else
			memcpy(buf, s, len);
		if (!err)
			err = (int)len;
	}
	kfree(page);
	return err;
}

unsigned int vfs_umask(void)
{
	struct fs_struct *fs = current_fs();
	unsigned int mask;

	if (!fs)
		return 0;
	spin_lock(&fs->lock);
	mask = fs->umask;
	spin_unlock(&fs->lock);
	return mask;
}

unsigned int vfs_set_umask(unsigned int mask)
{
	struct fs_struct *fs = current_fs();
	unsigned int old;

	if (!fs)
		return 0;
	spin_lock(&fs->lock);
	old = fs->umask;
	fs->umask = mask & S_IRWXUGO;
	spin_unlock(&fs->lock);
	return old;
}
