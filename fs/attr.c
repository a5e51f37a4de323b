/*
 * Changing attributes: chmod, chown, utimes; and statfs, fsync and
 * chroot. Each resolves its target (a name or an open file), then
 * applies a struct iattr with the inode's i_mutex held (notify_change),
 * as Linux's fs/attr.c and fs/open.c do.
 */
#include "internal.h"
#include <kernel/proc.h>
#include <lib/errno.h>

/* Apply attr to the inode at p. */
static int setattr_path(const struct path *p, struct iattr *attr)
{
	struct inode *inode = d_inode(p->dentry);
	int err;

	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	mutex_lock(&inode->i_mutex);
	err = notify_change(inode, attr);
	mutex_unlock(&inode->i_mutex);
	return err;
}

static int lookup_at(int dfd, const char *name, int flags, struct path *p)
{
	unsigned int lookup = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;

	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	return vfs_path_lookup(dfd, name, lookup, p);
}

static int chmod_path(const struct path *p, umode_t mode)
{
	struct inode *inode = d_inode(p->dentry);
	struct iattr attr = { .valid = ATTR_MODE, .mode = (umode_t)(mode & S_IALLUGO) };

	if (!inode_owner_or_root(inode))
		return -EPERM;
	if (fs_cred_uid(false) != 0 && !fs_cred_in_group(inode->i_gid, false))
		attr.mode &= (umode_t)~S_ISGID;
	return setattr_path(p, &attr);
}

int vfs_chmodat(int dfd, const char *name, umode_t mode)
{
	struct path p;
	int err = lookup_at(dfd, name, 0, &p);

	if (err)
		return err;
	err = chmod_path(&p, mode);
	path_put(&p);
	return err;
}

int vfs_fchmod(struct file *f, umode_t mode)
{
	return chmod_path(&f->f_path, mode);
}

/* uid or gid (uint32_t)-1: unchanged. */
static int chown_path(const struct path *p, uint32_t uid, uint32_t gid)
{
	struct inode *inode = d_inode(p->dentry);
	struct iattr attr = { .uid = uid, .gid = gid };

	uint32_t me = fs_cred_uid(false);

	if (uid != (uint32_t)-1)
		attr.valid |= ATTR_UID;
	if (gid != (uint32_t)-1)
		attr.valid |= ATTR_GID;
	/* Linux's chown_ok and chgrp_ok: only root gives files away */
	if (me != 0) {
		if ((attr.valid & ATTR_UID) && (me != inode->i_uid || uid != inode->i_uid))
			return -EPERM;
		if ((attr.valid & ATTR_GID) && (me != inode->i_uid ||
		    (gid != inode->i_gid && !fs_cred_in_group(gid, false))))
			return -EPERM;
	}
	/* a new owner takes no set-id powers with him */
	if (attr.valid && !S_ISDIR(inode->i_mode)) {
		umode_t mode = inode->i_mode;

		mode &= (umode_t)~S_ISUID;
		if (mode & S_IXGRP)
			mode &= (umode_t)~S_ISGID;
		if (mode != inode->i_mode) {
			attr.valid |= ATTR_MODE;
			attr.mode = (umode_t)(mode & S_IALLUGO);
		}
	}
	return setattr_path(p, &attr);
}

int vfs_chownat(int dfd, const char *name, uint32_t uid, uint32_t gid, int flags)
{
	struct path p;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = lookup_at(dfd, name, flags, &p);
	if (err)
		return err;
	err = chown_path(&p, uid, gid);
	path_put(&p);
	return err;
}

int vfs_fchown(struct file *f, uint32_t uid, uint32_t gid)
{
	return chown_path(&f->f_path, uid, gid);
}

static int utimes_path(const struct path *p, const struct fs_time *times)
{
	struct iattr attr = { .valid = ATTR_ATIME | ATTR_MTIME };
	struct fs_time now;

	fs_now(&now);
	attr.atime = attr.mtime = now;
	if (times) {
		if (times[0].nsec == FS_TIME_OMIT)
			attr.valid &= ~ATTR_ATIME;
		else if (times[0].nsec != FS_TIME_NOW)
			attr.atime = times[0];
		if (times[1].nsec == FS_TIME_OMIT)
			attr.valid &= ~ATTR_MTIME;
		else if (times[1].nsec != FS_TIME_NOW)
			attr.mtime = times[1];
	}
	if (!attr.valid)
		return 0;
	/* setting times needs ownership; setting them to now, write access will do */
	if (!inode_owner_or_root(d_inode(p->dentry))) {
		bool explicit = times && ((times[0].nsec != FS_TIME_NOW && times[0].nsec != FS_TIME_OMIT) ||
					  (times[1].nsec != FS_TIME_NOW && times[1].nsec != FS_TIME_OMIT));
		int err;

		if (explicit)
			return -EPERM;
		err = inode_permission(d_inode(p->dentry), MAY_WRITE);
		if (err)
			return err;
	}
	return setattr_path(p, &attr);
}

int vfs_utimensat(int dfd, const char *name, const struct fs_time *times, int flags)
{
	struct path p;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = lookup_at(dfd, name, flags, &p);
	if (err)
		return err;
	err = utimes_path(&p, times);
	path_put(&p);
	return err;
}

int vfs_futimens(struct file *f, const struct fs_time *times)
{
	return utimes_path(&f->f_path, times);
}

int vfs_statfs(const struct path *p, struct kstatfs *st)
{
	struct super_block *sb = p->dentry->d_sb;

	*st = (struct kstatfs){
		.f_type = (long)sb->s_magic,
		.f_bsize = (long)sb->s_blocksize,
		.f_frsize = (long)sb->s_blocksize,
		.f_namelen = NAME_MAX,
	};
	if (sb->s_op && sb->s_op->statfs)
		return sb->s_op->statfs(sb, st);
	return 0;
}

int vfs_fsync(struct file *f, bool datasync)
{
	if (f->f_mode & FMODE_PATH)
		return -EBADF;
	if (!f->f_op || !f->f_op->fsync)
		return -EINVAL;
	return f->f_op->fsync(f, datasync);
}

int vfs_chroot(const char *name)
{
	struct fs_struct *fs = current_fs();
	struct path p;
	int err = vfs_path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);

	if (err)
		return err;
	err = inode_permission(d_inode(p.dentry), MAY_EXEC);
	if (!err && fs_cred_uid(false) != 0)
		err = -EPERM;		/* CAP_SYS_CHROOT */
	if (!err && !fs)
		err = -EINVAL;
	if (!err)
		fs_set_root(fs, &p);
	path_put(&p);
	return err;
}
