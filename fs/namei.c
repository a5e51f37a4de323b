/*
 * Path walks: from a name to a (mount, dentry).
 *
 * A walk starts at the caller's root (absolute names), at an open
 * directory (dfd) or at the working directory, and takes one component
 * at a time:
 *
 *   "."   stays;
 *   ".."  goes to the parent, except at the caller's root; at the root
 *         of a mount it first steps out to the mount point below;
 *   name  is looked up in the dentry cache, and on a miss, with the
 *         directory's i_mutex held, by the file system's lookup(); a
 *         dentry with something mounted on it leads to that mount's root;
 *         a symlink in the middle of a path is always followed: its body
 *         is walked (from the root if absolute, else from the directory
 *         holding the link) before the rest of the name.
 *
 * The final component is left to the caller (nd->last), since each
 * operation treats it differently: create it, remove it, follow it or
 * not. At most MAXSYMLINKS links are followed in one walk (-ELOOP);
 * components are at most NAME_MAX bytes (-ENAMETOOLONG); a component
 * that is walked through must be a directory (-ENOTDIR).
 *
 * Trailing slashes: "name/" must be a directory and is followed if it is
 * a symlink; creating calls other than mkdir refuse it.
 */
#include "internal.h"
#include <kernel/proc.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

void current_root(struct path *out)
{
	fs_get_root(current_fs(), out);
}

static const char *skip_slashes(const char *p)
{
	while (*p == '/')
		p++;
	return p;
}

static int component_type(const char *p, size_t len)
{
	if (len == 1 && p[0] == '.')
		return LAST_DOT;
	if (len == 2 && p[0] == '.' && p[1] == '.')
		return LAST_DOTDOT;
	return LAST_NORM;
}

static void nd_set_path(struct nameidata *nd, const struct path *p)
{
	path_put(&nd->path);
	nd->path = *p;
}

static void nd_jump_root(struct nameidata *nd)
{
	path_get(&nd->root);
	nd_set_path(nd, &nd->root);
}

/* Drop every frame (and the link bodies they own). */
static void nd_drop_frames(struct nameidata *nd)
{
	while (nd->depth > 0)
		kfree(nd->stack[--nd->depth].buf);
}

void nd_cleanup(struct nameidata *nd)
{
	nd_drop_frames(nd);
	path_put(&nd->path);
	path_put(&nd->root);
	path_put(&nd->link);
	nd->path = nd->root = nd->link = (struct path){ NULL, NULL };
}

/* Set up nd at its starting point for name (which is not empty unless LOOKUP_EMPTY). */
static int nd_start(struct nameidata *nd, int dfd, const char *name, unsigned int flags)
{
	struct file *f;

	*nd = (struct nameidata){ .flags = flags };
	current_root(&nd->root);
	if (name[0] == '/') {
		nd->path = nd->root;
		path_get(&nd->path);
		return 0;
	}
	if (dfd == AT_FDCWD) {
		fs_get_pwd(current_fs(), &nd->path);
		return 0;
	}
	f = dfd < 0 ? NULL : fd_get((unsigned int)dfd);
	if (!f)
		return -EBADF;
	if (*name && !S_ISDIR(f->f_inode->i_mode)) {
		fput(f);
		return -ENOTDIR;
	}
	nd->path = f->f_path;
	path_get(&nd->path);
	fput(f);
	return 0;
}

/* The directory the walk stands in may be searched. */
static int may_lookup(struct nameidata *nd)
{
	struct inode *dir = d_inode(nd->path.dentry);

	if (!S_ISDIR(dir->i_mode))
		return -ENOTDIR;
	return inode_permission(dir, MAY_EXEC);
}

/* Step onto whatever is mounted on p, repeatedly. */
static void follow_mounts(struct path *p)
{
	while (READ_ONCE(p->dentry->d_mounted)) {
		struct vfsmount *m = lookup_mnt(p);

		if (!m)
			break;
		path_put(p);
		p->mnt = m;
		p->dentry = dget(m->mnt_root);
	}
}

int nd_follow_dotdot(struct nameidata *nd)
{
	for (;;) {
		struct vfsmount *mnt = nd->path.mnt, *pm;
		struct dentry *mp;

		if (path_equal(&nd->path, &nd->root))
			break;
		if (nd->path.dentry != mnt->mnt_root) {
			struct dentry *parent = dget_parent(nd->path.dentry);

			dput(nd->path.dentry);
			nd->path.dentry = parent;
			break;
		}
		spin_lock(&mount_lock);
		pm = mnt->mnt_parent;
		mp = mnt->mnt_mountpoint;
		if (pm == mnt) {
			spin_unlock(&mount_lock);
			break;
		}
		mntget(pm);
		dget(mp);
		spin_unlock(&mount_lock);
		nd_set_path(nd, &(struct path){ pm, mp });
	}
	follow_mounts(&nd->path);
	return 0;
}

struct dentry *lookup_locked(struct dentry *dir, const char *name, size_t len)
{
	struct inode *inode = d_inode(dir);
	struct dentry *d = d_lookup(dir, name, len);
	int err;

	/*
	 * A cached miss under another case of the name is dropped, so that
	 * what is made here gets the name asked for (Linux's vfat does this
	 * in d_revalidate).
	 */
	if (d && d_is_negative(d) && memcmp(d->d_name, name, len) != 0) {
		d_drop(d);
		dput(d);
		d = NULL;
	}
	if (d)
		return d;
	if (inode->i_flags & S_DEAD)
		return ERR_PTR(-ENOENT);
	if (!inode->i_op || !inode->i_op->lookup)
		return ERR_PTR(-ENOTDIR);
	d = d_alloc(dir, name, len);
	if (!d)
		return ERR_PTR(-ENOMEM);
	err = inode->i_op->lookup(inode, d);
	if (err) {
		dput(d);
		return ERR_PTR(err);
	}
	d_rehash(d);
	return d;
}

static struct dentry *lookup_child(struct dentry *dir, const char *name, size_t len)
{
	struct inode *inode = d_inode(dir);
	struct dentry *d = d_lookup(dir, name, len);

	if (d)
		return d;
	mutex_lock(&inode->i_mutex);
	d = lookup_locked(dir, name, len);
	mutex_unlock(&inode->i_mutex);
	return d;
}

int nd_step_into(struct nameidata *nd, struct dentry *d, bool follow)
{
	struct path p = { mntget(nd->path.mnt), d };

	if (d_is_negative(d)) {
		path_put(&p);
		return -ENOENT;
	}
	follow_mounts(&p);
	if (follow && S_ISLNK(d_inode(p.dentry)->i_mode)) {
		path_put(&nd->link);
		nd->link = p;
		return 1;
	}
	nd_set_path(nd, &p);
	return 0;
}

static int walk_component(struct nameidata *nd, const char *name, size_t len, bool follow)
{
	struct dentry *d;

	switch (component_type(name, len)) {
	case LAST_DOT:
		return 0;
	case LAST_DOTDOT:
		return nd_follow_dotdot(nd);
	}
	d = lookup_child(nd->path.dentry, name, len);
	if (IS_ERR(d))
		return (int)PTR_ERR(d);
	return nd_step_into(nd, d, follow);
}

/* Read the body of nd->link into a new buffer (dropping nd->link). */
static int nd_read_link(struct nameidata *nd, char **out)
{
	struct inode *inode = d_inode(nd->link.dentry);
	char *buf;
	int n;

	if (++nd->nr_links > MAXSYMLINKS)
		return -ELOOP;
	if (!inode->i_op || !inode->i_op->get_link)
		return -EINVAL;
	buf = kmalloc(PATH_MAX, 0);
	if (!buf)
		return -ENOMEM;
	n = inode->i_op->get_link(inode, buf, PATH_MAX - 1);
	path_put(&nd->link);
	nd->link = (struct path){ NULL, NULL };
	if (n <= 0) {
		kfree(buf);
		return n < 0 ? n : -ENOENT;
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}

/*
 * A magic link (i_op->get_path): the walk goes to the file it stands for
 * (dropping nd->link), as if a path had named it.
 */
static int nd_jump_link(struct nameidata *nd)
{
	struct inode *inode = d_inode(nd->link.dentry);
	struct path p;
	int err;

	if (++nd->nr_links > MAXSYMLINKS)
		return -ELOOP;
	err = inode->i_op->get_path(inode, &p);
	path_put(&nd->link);
	nd->link = (struct path){ NULL, NULL };
	if (err)
		return err;
	nd_set_path(nd, &p);
	return 0;
}

static bool nd_link_is_magic(struct nameidata *nd)
{
	struct inode *inode = d_inode(nd->link.dentry);

	return inode->i_op && inode->i_op->get_path;
}

/* A symlink met in the middle of a path: walk its body next. */
static int nd_push_link(struct nameidata *nd)
{
	char *buf;
	const char *p;
	int err;

	if (nd_link_is_magic(nd))
		return nd_jump_link(nd);
	err = nd_read_link(nd, &buf);

	if (err)
		return err;
	if (buf[0] == '/')
		nd_jump_root(nd);
	p = skip_slashes(buf);
	if (!*p) {
		kfree(buf);		/* "/": nothing left to walk */
		return 0;
	}
	nd->stack[nd->depth++] = (struct walk_frame){ p, buf };
	return 0;
}

/*
 * Walk name (whose storage buf, if not NULL, the walk now owns) up to its
 * final component. nd->path must be where a relative name starts.
 */
static int link_path_walk(struct nameidata *nd, const char *name, char *buf)
{
	nd_drop_frames(nd);
	nd->stack[0] = (struct walk_frame){ skip_slashes(name), buf };
	nd->depth = 1;
	nd->last_slash = false;
	if (name[0] == '/')
		nd_jump_root(nd);
	if (!*nd->stack[0].p) {
		nd->last = nd->stack[0].p;
		nd->last_len = 0;
		nd->last_type = LAST_ROOT;
		return 0;
	}
	for (;;) {
		struct walk_frame *fr = &nd->stack[nd->depth - 1];
		const char *p = fr->p, *end = p, *next;
		size_t len;
		int err;

		while (*end && *end != '/')
			end++;
		len = (size_t)(end - p);
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		next = skip_slashes(end);
		fr->p = next;
		err = may_lookup(nd);
		if (err)
			return err;
		if (!*next && nd->depth == 1) {
			nd->last = p;
			nd->last_len = len;
			nd->last_type = component_type(p, len);
			nd->last_slash = end != next;
			return 0;
		}
		err = walk_component(nd, p, len, true);
		if (err < 0)
			return err;
		if (!*next) {
			/* this link body is done: back to the one below */
			nd->depth--;
			kfree(fr->buf);
		}
		if (err == 1) {
			err = nd_push_link(nd);
			if (err)
				return err;
		}
	}
}

int nd_follow_last_link(struct nameidata *nd)
{
	char *buf;
	int err;

	if (nd_link_is_magic(nd)) {
		/* the final component is now where the walk stands */
		err = nd_jump_link(nd);
		nd->last_type = LAST_DOT;
		nd->last_slash = false;
		return err;
	}
	err = nd_read_link(nd, &buf);
	if (err)
		return err;
	return link_path_walk(nd, buf, buf);
}

int nd_walk_parent(struct nameidata *nd, int dfd, const char *name, unsigned int flags)
{
	int err;

	if (!*name && !(flags & LOOKUP_EMPTY)) {
		*nd = (struct nameidata){ .flags = flags };
		return -ENOENT;
	}
	err = nd_start(nd, dfd, name, flags);
	if (err)
		return err;
	if (!*name) {
		/* AT_EMPTY_PATH: dfd itself */
		nd->last = name;
		nd->last_len = 0;
		nd->last_type = LAST_DOT;
		return 0;
	}
	return link_path_walk(nd, name, NULL);
}

int nd_lookup_last(struct nameidata *nd)
{
	for (;;) {
		int err;

		if (nd->last_type == LAST_NORM && nd->last_slash)
			nd->flags |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
		switch (nd->last_type) {
		case LAST_ROOT:
		case LAST_DOT:
			return 0;
		case LAST_DOTDOT:
			return nd_follow_dotdot(nd);
		}
		err = walk_component(nd, nd->last, nd->last_len,
				     nd->flags & LOOKUP_FOLLOW);
		if (err <= 0)
			return err;
		err = nd_follow_last_link(nd);
		if (err)
			return err;
	}
}

int vfs_path_lookup(int dfd, const char *name, unsigned int flags, struct path *out)
{
	struct nameidata *nd = kmalloc(sizeof(*nd), 0);
	int err;

	if (!nd)
		return -ENOMEM;
	err = nd_walk_parent(nd, dfd, name, flags);
	if (!err)
		err = nd_lookup_last(nd);
	if (!err && (nd->flags & LOOKUP_DIRECTORY) &&
	    !S_ISDIR(d_inode(nd->path.dentry)->i_mode))
		err = -ENOTDIR;
	if (!err) {
		*out = nd->path;
		nd->path = (struct path){ NULL, NULL };
	}
	nd_cleanup(nd);
	kfree(nd);
	return err;
}

int may_create(struct inode *dir)
{
	if (dir->i_flags & S_DEAD)
		return -ENOENT;
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}
