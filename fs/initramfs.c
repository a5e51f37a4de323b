/*
 * Unpacking the initramfs (newc cpio, parsed by lib/cpio.c) into the root
 * file system, as Linux's init/initramfs.c does: each entry is created
 * with its mode, owner and mtime, replacing an existing name of another
 * type; regular files with several links are linked to the first name
 * seen with the same (device, inode); directory times are set last,
 * since filling a directory changes its mtime.
 *
 * Entry names are taken relative to / whatever the caller's directory.
 * An entry that cannot be created is reported and skipped; a damaged
 * archive stops the unpacking with -EINVAL.
 *
 * Also here: fs_populate_root(), the standard /dev nodes and /tmp.
 */
#include "internal.h"
#include <fs/chrdev.h>
#include <kernel/printk.h>
#include <mm/kmalloc.h>
#include <lib/cpio.h>
#include <lib/errno.h>
#include <lib/string.h>

/* A regular file with links still to come, or a directory whose mtime is due. */
struct pending {
	struct pending *next;
	uint32_t ino, devmajor, devminor, mode, mtime;
	char path[];
};

struct unpacker {
	struct pending *links;		/* first names of multiply-linked files */
	struct pending *dirs;		/* directories, for their mtimes */
	char *path;			/* PATH_MAX: "/" + the entry's name */
	char *target;			/* PATH_MAX: a symlink's target */
};

static int remember(struct pending **list, const char *path, const struct cpio_entry *e)
{
	size_t len = strlen(path);
	struct pending *p = kmalloc(sizeof(*p) + len + 1, 0);

	if (!p)
		return -ENOMEM;
	*p = (struct pending){ .next = *list, .ino = e->ino, .devmajor = e->devmajor,
			       .devminor = e->devminor, .mode = e->mode, .mtime = e->mtime };
	memcpy(p->path, path, len + 1);
	*list = p;
	return 0;
}

static void forget_all(struct pending **list)
{
	while (*list) {
		struct pending *p = *list;

		*list = p->next;
		kfree(p);
	}
}

/* Apply a to path itself (not following a symlink); the mode not to symlinks. */
static void set_path_attrs(const char *path, struct iattr *a)
{
	struct inode *inode;
	struct path p;

	if (vfs_path_lookup(AT_FDCWD, path, 0, &p))
		return;
	inode = d_inode(p.dentry);
	if (S_ISLNK(inode->i_mode))
		a->valid &= ~ATTR_MODE;
	mutex_lock(&inode->i_mutex);
	notify_change(inode, a);
	mutex_unlock(&inode->i_mutex);
	path_put(&p);
}

/* The archive's mode, owner and mtime. */
static void set_attrs(const char *path, uint32_t mode, uint32_t uid, uint32_t gid,
		      uint32_t mtime)
{
	struct iattr a = { .valid = ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_MTIME | ATTR_ATIME,
			   .mode = (umode_t)(mode & S_IALLUGO), .uid = uid, .gid = gid };

	a.mtime = a.atime = (struct fs_time){ .sec = mtime };
	set_path_attrs(path, &a);
}

/* Just the mode: the caller's umask must not narrow it. */
static void set_mode(const char *path, umode_t mode)
{
	struct iattr a = { .valid = ATTR_MODE, .mode = (umode_t)(mode & S_IALLUGO) };

	set_path_attrs(path, &a);
}

/* Remove what is at path if it is not of type mode (Linux's clean_path). */
static void clean_path(const char *path, uint32_t mode)
{
	struct kstat st;

	if (vfs_statat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &st) == 0 &&
	    (st.mode & S_IFMT) != (mode & S_IFMT))
		vfs_unlinkat(AT_FDCWD, path, S_ISDIR(st.mode) ? AT_REMOVEDIR : 0);
}

static struct pending *find_link(struct unpacker *u, const struct cpio_entry *e)
{
	for (struct pending *p = u->links; p; p = p->next)
		if (p->ino == e->ino && p->devmajor == e->devmajor &&
		    p->devminor == e->devminor && ((p->mode ^ e->mode) & S_IFMT) == 0)
			return p;
	return NULL;
}

static int unpack_file(struct unpacker *u, const struct cpio_entry *e)
{
	struct pending *first = e->nlink >= 2 ? find_link(u, e) : NULL;
	int flags = O_WRONLY | O_CREAT;
	struct file *f;
	ssize_t n;
	int err;

	clean_path(u->path, e->mode);
	if (first) {
		vfs_unlinkat(AT_FDCWD, u->path, 0);
		err = vfs_linkat(AT_FDCWD, first->path, AT_FDCWD, u->path, 0);
		if (err)
			return err;
	} else {
		flags |= O_TRUNC;
		if (e->nlink >= 2) {
			err = remember(&u->links, u->path, e);
			if (err)
				return err;
		}
	}
	f = kernel_open(u->path, flags, (umode_t)(e->mode & S_IALLUGO));
	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = e->size ? kernel_write(f, e->data, e->size, 0) : 0;
	fput(f);
	if (n < 0)
		return (int)n;
	if ((size_t)n != e->size)
		return -ENOSPC;
	return 0;
}

static int unpack_entry(struct unpacker *u, const struct cpio_entry *e)
{
	umode_t mode = (umode_t)e->mode;
	int err = 0;

	switch (mode & S_IFMT) {
	case S_IFDIR:
		clean_path(u->path, mode);
		err = vfs_mkdirat(AT_FDCWD, u->path, mode & S_IALLUGO);
		if (err == -EEXIST)
			err = 0;
		if (!err)
			err = remember(&u->dirs, u->path, e);
		break;
	case S_IFREG:
		err = unpack_file(u, e);
		break;
	case S_IFLNK:
		if (e->size == 0 || e->size >= PATH_MAX)
			return -EINVAL;
		memcpy(u->target, e->data, e->size);
		u->target[e->size] = '\0';
		clean_path(u->path, 0);		/* any old entry goes */
		err = vfs_symlinkat(u->target, AT_FDCWD, u->path);
		break;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		clean_path(u->path, 0);
		err = vfs_mknodat(AT_FDCWD, u->path, mode,
				  MKDEV(e->rdevmajor & 0xfff, e->rdevminor & MINORMASK));
		break;
	default:
		return -EINVAL;
	}
	if (!err)
		set_attrs(u->path, e->mode, e->uid, e->gid, e->mtime);
	return err;
}

/* "./a/b", "/a/b", "a/b" -> "/a/b"; false if it names nothing or is too long. */
static bool make_path(char *path, const char *name, size_t len)
{
	while (len && (name[0] == '/' || (name[0] == '.' && (len == 1 || name[1] == '/')))) {
		name++;
		len--;
	}
	if (len == 0 || len + 2 > PATH_MAX)
		return false;
	path[0] = '/';
	memcpy(path + 1, name, len + 1);
	return true;
}

int initramfs_unpack(const void *data, size_t len)
{
	struct unpacker u = { .path = kmalloc(PATH_MAX, 0), .target = kmalloc(PATH_MAX, 0) };
	struct cpio_reader r;
	struct cpio_entry e;
	int ret = 0, got;

	if (!u.path || !u.target) {
		ret = -ENOMEM;
		goto out;
	}
	cpio_init(&r, data, len);
	while ((got = cpio_next(&r, &e)) > 0) {
		int err;

		if (!make_path(u.path, e.name, e.namelen))
			continue;	/* "." (the root itself) or an overlong name */
		err = unpack_entry(&u, &e);
		if (err == -ENOMEM) {
			ret = err;
			break;
		}
		if (err)
			pr_warn("initramfs: %s: error %d\n", u.path, err);
	}
	if (got < 0 && !ret) {
		pr_err("initramfs: damaged archive at byte %zu\n", r.off);
		ret = got;
	}
	for (struct pending *p = u.dirs; p; p = p->next) {
		struct iattr a = { .valid = ATTR_MTIME };

		a.mtime = (struct fs_time){ .sec = p->mtime };
		set_path_attrs(p->path, &a);
	}
out:
	forget_all(&u.links);
	forget_all(&u.dirs);
	kfree(u.path);
	kfree(u.target);
	return ret;
}

/* ---- the standard nodes ---------------------------------------------------- */

static const struct {
	const char *path;
	umode_t mode;
	unsigned int major, minor;
} std_nodes[] = {
	{ "/dev/null",    S_IFCHR | 0666, MEM_MAJOR, MEM_NULL_MINOR },
	{ "/dev/zero",    S_IFCHR | 0666, MEM_MAJOR, MEM_ZERO_MINOR },
	{ "/dev/full",    S_IFCHR | 0666, MEM_MAJOR, MEM_FULL_MINOR },
	{ "/dev/random",  S_IFCHR | 0666, MEM_MAJOR, MEM_RANDOM_MINOR },
	{ "/dev/urandom", S_IFCHR | 0666, MEM_MAJOR, MEM_URANDOM_MINOR },
	{ "/dev/tty",     S_IFCHR | 0666, TTYAUX_MAJOR, TTY_MINOR },
	{ "/dev/console", S_IFCHR | 0600, TTYAUX_MAJOR, CONSOLE_MINOR },
	{ "/dev/ttyS0",   S_IFCHR | 0600, TTY_MAJOR, TTYS0_MINOR },
};

int fs_populate_root(void)
{
	int err = vfs_mkdirat(AT_FDCWD, "/dev", 0755);

	if (err && err != -EEXIST)
		return err;
	for (size_t i = 0; i < ARRAY_SIZE(std_nodes); i++) {
		err = vfs_mknodat(AT_FDCWD, std_nodes[i].path, std_nodes[i].mode,
				  MKDEV(std_nodes[i].major, std_nodes[i].minor));
		if (err == -EEXIST)
			continue;
		if (err)
			return err;
		set_mode(std_nodes[i].path, std_nodes[i].mode);
	}
	err = vfs_mkdirat(AT_FDCWD, "/tmp", 01777);
	if (err == -EEXIST)
		return 0;
	if (!err)
		set_mode("/tmp", 01777);
	return err;
}
