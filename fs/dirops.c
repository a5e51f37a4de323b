/*
 * Operations on names: mkdir, mknod, symlink, link, unlink, rmdir,
 * rename, readlink and stat by name. Each walks to the parent directory,
 * locks it, looks the final name up under the lock and calls the file
 * system; the dentry cache is then brought up to date (a new name stays
 * as the positive dentry, a removed one is dropped from the hash, a
 * renamed one moves).
 *
 * The checks and their order follow Linux's fs/namei.c, so each bad
 * request gets the same errno.
 */
#include "internal.h"
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

static struct nameidata *nd_alloc(void)
{
	return kmalloc(sizeof(struct nameidata), 0);
}

static void nd_free(struct nameidata *nd)
{
	nd_cleanup(nd);
	kfree(nd);
}

/*
 * For the calls that make a new name: walk to the parent, lock it, and
 * return the negative dentry for the name (the parent stays locked until
 * create_done). want_dir: a trailing slash is allowed (mkdir).
 */
static struct dentry *create_start(struct nameidata *nd, int dfd, const char *name,
				   bool want_dir)
{
	struct inode *dir;
	struct dentry *d;
	int err = nd_walk_parent(nd, dfd, name, 0);

	if (err)
		return ERR_PTR(err);
	if (nd->last_type != LAST_NORM)
		return ERR_PTR(-EEXIST);
	dir = d_inode(nd->path.dentry);
	mutex_lock(&dir->i_mutex);
	d = lookup_locked(nd->path.dentry, nd->last, nd->last_len);
	if (IS_ERR(d))
		goto unlock;
	err = -EEXIST;
	if (!d_is_negative(d))
		goto fail;
	err = -ENOENT;			/* "name/" asks for a directory */
	if (nd->last_slash && !want_dir)
		goto fail;
	err = may_create(dir);
	if (err)
		goto fail;
	return d;
fail:
	dput(d);
	d = ERR_PTR(err);
unlock:
	mutex_unlock(&dir->i_mutex);
	return d;
}

static void create_done(struct nameidata *nd, struct dentry *d, int err)
{
	struct inode *dir = d_inode(nd->path.dentry);

	if (!err)
		inode_touch(dir);
	mutex_unlock(&dir->i_mutex);
	dput(d);
}

int vfs_mkdirat(int dfd, const char *name, umode_t mode)
{
	struct nameidata *nd = nd_alloc();
	struct dentry *d;
	struct inode *dir;
	int err;

	if (!nd)
		return -ENOMEM;
	d = create_start(nd, dfd, name, true);
	err = IS_ERR(d) ? (int)PTR_ERR(d) : 0;
	if (!err) {
		dir = d_inode(nd->path.dentry);
		mode = (umode_t)(mode & (S_IRWXUGO | S_ISVTX) & ~vfs_umask());
		err = dir->i_op->mkdir ? dir->i_op->mkdir(dir, d, (umode_t)(S_IFDIR | mode)) : -EPERM;
		create_done(nd, d, err);
	}
	nd_free(nd);
	return err;
}

int vfs_mknodat(int dfd, const char *name, umode_t mode, dev_t dev)
{
	struct nameidata *nd;
	struct dentry *d;
	struct inode *dir;
	int err;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	nd = nd_alloc();
	if (!nd)
		return -ENOMEM;
	d = create_start(nd, dfd, name, false);
	err = IS_ERR(d) ? (int)PTR_ERR(d) : 0;
	if (!err) {
		dir = d_inode(nd->path.dentry);
		mode = (umode_t)((mode & S_IFMT) | (mode & S_IALLUGO & ~vfs_umask()));
		if ((S_ISCHR(mode) || S_ISBLK(mode)) && fs_cred_uid(false) != 0)
			err = -EPERM;		/* devices are root's to make */
		else if (S_ISREG(mode))
			err = dir->i_op->create ? dir->i_op->create(dir, d, mode) : -EPERM;
		else
			err = dir->i_op->mknod ? dir->i_op->mknod(dir, d, mode, dev) : -EPERM;
		create_done(nd, d, err);
	}
	nd_free(nd);
	return err;
}

int vfs_symlinkat(const char *target, int dfd, const char *name)
{
	struct nameidata *nd;
	struct dentry *d;
	struct inode *dir;
	int err;

	if (!*target)
		return -ENOENT;
	nd = nd_alloc();
	if (!nd)
		return -ENOMEM;
	d = create_start(nd, dfd, name, false);
	err = IS_ERR(d) ? (int)PTR_ERR(d) : 0;
	if (!err) {
		dir = d_inode(nd->path.dentry);
		err = dir->i_op->symlink ? dir->i_op->symlink(dir, d, target) : -EPERM;
		create_done(nd, d, err);
	}
	nd_free(nd);
	return err;
}

int vfs_linkat(int olddfd, const char *oldname, int newdfd, const char *newname, int flags)
{
	unsigned int lookup = 0;
	struct nameidata *nd;
	struct path old;
	struct dentry *d;
	struct inode *dir, *inode;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_FOLLOW)
		lookup |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	err = vfs_path_lookup(olddfd, oldname, lookup, &old);
	if (err)
		return err;
	nd = nd_alloc();
	if (!nd) {
		path_put(&old);
		return -ENOMEM;
	}
	d = create_start(nd, newdfd, newname, false);
	err = IS_ERR(d) ? (int)PTR_ERR(d) : 0;
	if (!err) {
		dir = d_inode(nd->path.dentry);
		inode = d_inode(old.dentry);
		if (old.mnt != nd->path.mnt)
			err = -EXDEV;
		else if (S_ISDIR(inode->i_mode))
			err = -EPERM;
		else if (!dir->i_op->link)
			err = -EPERM;
		if (!err) {
			mutex_lock(&inode->i_mutex);
			if (inode->i_nlink == 0 && !(inode->i_flags & S_LINKABLE))
				err = -ENOENT;
			else
				err = dir->i_op->link(old.dentry, dir, d);
			if (!err)
				inode->i_flags &= ~S_LINKABLE;
			mutex_unlock(&inode->i_mutex);
		}
		create_done(nd, d, err);
	}
	nd_free(nd);
	path_put(&old);
	return err;
}

/* Linux's may_delete(): may victim d (positive) go from dir? */
static int may_delete(struct inode *dir, struct dentry *d, bool isdir)
{
	struct inode *inode = d_inode(d);
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	uint32_t uid;

	if (err)
		return err;
	/* in a sticky directory (/tmp) only the owners and root remove */
	uid = fs_cred_uid(false);
	if ((dir->i_mode & S_ISVTX) && uid && uid != inode->i_uid && uid != dir->i_uid)
		return -EPERM;
	if (isdir) {
		if (!S_ISDIR(inode->i_mode))
			return -ENOTDIR;
		if (d->d_parent == d)
			return -EBUSY;
	} else if (S_ISDIR(inode->i_mode)) {
		return -EISDIR;
	}
	if (dir->i_flags & S_DEAD)
		return -ENOENT;
	return 0;
}

static bool d_mountpoint(struct dentry *d)
{
	return READ_ONCE(d->d_mounted) != 0;
}

/* Remove d (positive, checked) from locked dir: the victim is locked too. */
static int remove_locked(struct inode *dir, struct dentry *d, bool isdir)
{
	struct inode *inode = d_inode(d);
	int err;

	if (d_mountpoint(d))
		return -EBUSY;
	mutex_lock(&inode->i_mutex);
	if (isdir)
		err = dir->i_op->rmdir ? dir->i_op->rmdir(dir, d) : -EPERM;
	else
		err = dir->i_op->unlink ? dir->i_op->unlink(dir, d) : -EPERM;
	if (!err) {
		if (isdir)
			inode->i_flags |= S_DEAD;
		fs_now(&inode->i_ctime);
	}
	mutex_unlock(&inode->i_mutex);
	if (!err) {
		d_drop(d);
		inode_touch(dir);
	}
	return err;
}

static int do_rmdir(struct nameidata *nd)
{
	struct inode *dir;
	struct dentry *d;
	int err;

	switch (nd->last_type) {
	case LAST_DOTDOT:
		return -ENOTEMPTY;
	case LAST_DOT:
		return -EINVAL;
	case LAST_ROOT:
		return -EBUSY;
	}
	dir = d_inode(nd->path.dentry);
	mutex_lock(&dir->i_mutex);
	d = lookup_locked(nd->path.dentry, nd->last, nd->last_len);
	err = IS_ERR(d) ? (int)PTR_ERR(d) : 0;
	if (!err) {
		if (d_is_negative(d))
			err = -ENOENT;
		if (!err)
			err = may_delete(dir, d, true);
		if (!err)
			err = remove_locked(dir, d, true);
		dput(d);
	}
	mutex_unlock(&dir->i_mutex);
	return err;
}

static int do_unlink(struct nameidata *nd)
{
	struct inode *dir;
	struct dentry *d;
	int err;

	if (nd->last_type != LAST_NORM)
		return -EISDIR;
	dir = d_inode(nd->path.dentry);
	mutex_lock(&dir->i_mutex);
	d = lookup_locked(nd->path.dentry, nd->last, nd->last_len);
	err = IS_ERR(d) ? (int)PTR_ERR(d) : 0;
	if (!err) {
		if (d_is_negative(d))
			err = -ENOENT;
		else if (nd->last_slash)
			err = S_ISDIR(d_inode(d)->i_mode) ? -EISDIR : -ENOTDIR;
		if (!err)
			err = may_delete(dir, d, false);
		if (!err)
			err = remove_locked(dir, d, false);
		dput(d);
	}
	mutex_unlock(&dir->i_mutex);
	return err;
}

int vfs_unlinkat(int dfd, const char *name, int flags)
{
	struct nameidata *nd;
	int err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	nd = nd_alloc();
	if (!nd)
		return -ENOMEM;
	err = nd_walk_parent(nd, dfd, name, 0);
	if (!err)
		err = (flags & AT_REMOVEDIR) ? do_rmdir(nd) : do_unlink(nd);
	nd_free(nd);
	return err;
}

/* ---- rename ------------------------------------------------------------------ */

/* Lock two directories of one super block (under s_rename_mutex): ancestors first. */
static void lock_two_dirs(struct dentry *a, struct dentry *b)
{
	if (a == b) {
		mutex_lock(&d_inode(a)->i_mutex);
		return;
	}
	if (d_is_ancestor(b, a)) {
		struct dentry *t = a;

		a = b;
		b = t;
	}
	mutex_lock(&d_inode(a)->i_mutex);
	mutex_lock(&d_inode(b)->i_mutex);
}

static void unlock_two_dirs(struct dentry *a, struct dentry *b)
{
	mutex_unlock(&d_inode(a)->i_mutex);
	if (a != b)
		mutex_unlock(&d_inode(b)->i_mutex);
}

/* Both directories are locked; the dentries are the looked-up names. */
static int rename_locked(struct nameidata *o, struct dentry *od,
			 struct nameidata *n, struct dentry *nd_, unsigned int flags)
{
	struct inode *odir = d_inode(o->path.dentry), *ndir = d_inode(n->path.dentry);
	struct inode *src, *victim;
	bool isdir;
	int err;

	if (d_is_negative(od))
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && !d_is_negative(nd_))
		return -EEXIST;
	src = d_inode(od);
	victim = d_inode(nd_);
	isdir = S_ISDIR(src->i_mode);
	if (!isdir && (o->last_slash || n->last_slash))
		return -ENOTDIR;
	if (d_is_ancestor(od, n->path.dentry))
		return -EINVAL;		/* into itself */
	if (d_is_ancestor(nd_, o->path.dentry))
		return -ENOTEMPTY;	/* over an ancestor of the source */
	if (src == victim)
		return 0;
	err = may_delete(odir, od, isdir);
	if (!err && victim)
		err = may_delete(ndir, nd_, isdir);
	if (!err && !victim)
		err = may_create(ndir);
	if (err)
		return err;
	if (d_mountpoint(od) || (victim && d_mountpoint(nd_)))
		return -EBUSY;
	/* a directory moving elsewhere gets a new "..": it must be writable */
	if (isdir && odir != ndir) {
		err = inode_permission(src, MAY_WRITE);
		if (err)
			return err;
	}
	if (!odir->i_op->rename)
		return -EPERM;
	if (victim)
		mutex_lock(&victim->i_mutex);
	err = odir->i_op->rename(odir, od, ndir, nd_);
	if (!err && victim) {
		if (isdir)
			victim->i_flags |= S_DEAD;
		fs_now(&victim->i_ctime);
	}
	if (victim)
		mutex_unlock(&victim->i_mutex);
	if (!err) {
		fs_now(&src->i_ctime);
		inode_touch(odir);
		inode_touch(ndir);
		d_move(od, nd_);
	}
	return err;
}

static int do_rename(struct nameidata *o, struct nameidata *n, unsigned int flags)
{
	struct super_block *sb = o->path.mnt->mnt_sb;
	struct dentry *od, *nd_;
	int err;

	if (o->path.mnt != n->path.mnt)
		return -EXDEV;
	if (o->last_type != LAST_NORM)
		return -EBUSY;
	if (n->last_type != LAST_NORM)
		return (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
	mutex_lock(&sb->s_rename_mutex);
	lock_two_dirs(o->path.dentry, n->path.dentry);
	od = lookup_locked(o->path.dentry, o->last, o->last_len);
	err = IS_ERR(od) ? (int)PTR_ERR(od) : 0;
	if (!err) {
		nd_ = lookup_locked(n->path.dentry, n->last, n->last_len);
		err = IS_ERR(nd_) ? (int)PTR_ERR(nd_) : 0;
		if (!err) {
			err = rename_locked(o, od, n, nd_, flags);
			dput(nd_);
		}
		dput(od);
	}
	unlock_two_dirs(o->path.dentry, n->path.dentry);
	mutex_unlock(&sb->s_rename_mutex);
	return err;
}

int vfs_renameat2(int olddfd, const char *oldname, int newdfd, const char *newname,
		  unsigned int flags)
{
	struct nameidata *o, *n;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	o = nd_alloc();
	n = nd_alloc();
	if (!o || !n) {
		kfree(o);
		kfree(n);
		return -ENOMEM;
	}
	err = nd_walk_parent(o, olddfd, oldname, 0);
	if (!err) {
		err = nd_walk_parent(n, newdfd, newname, 0);
		/* exchange and whiteouts: ramfs does not do them (Linux's neither) */
		if (!err && (flags & (RENAME_EXCHANGE | RENAME_WHITEOUT)))
			err = -EINVAL;
		if (!err)
			err = do_rename(o, n, flags);
		nd_free(n);
	} else {
		kfree(n);
	}
	nd_free(o);
	return err;
}

/* ---- readlink, stat ------------------------------------------------------------ */

int vfs_readlinkat(int dfd, const char *name, char *buf, size_t size)
{
	struct path p;
	struct inode *inode;
	int err = vfs_path_lookup(dfd, name, LOOKUP_EMPTY, &p);

	if (err)
		return err;
	inode = d_inode(p.dentry);
	if (!S_ISLNK(inode->i_mode) || !inode->i_op || !inode->i_op->get_link)
		err = *name ? -EINVAL : -ENOENT;
	else
		err = inode->i_op->get_link(inode, buf, size);
	path_put(&p);
	return err;
}

int vfs_statat(int dfd, const char *name, int flags, struct kstat *st)
{
	unsigned int lookup = LOOKUP_FOLLOW;
	struct path p;
	int err;

	if (flags & AT_SYMLINK_NOFOLLOW)
		lookup &= ~LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	err = vfs_path_lookup(dfd, name, lookup, &p);
	if (err)
		return err;
	err = vfs_getattr(&p, st);
	path_put(&p);
	return err;
}
