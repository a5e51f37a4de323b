/*
 * Inodes: allocation, reference counts, permissions and attributes.
 *
 * An inode lives while someone holds a reference: the dentries naming
 * it, open files (through their dentry), and the file system itself
 * while the inode has links (ramfs: its directory entries). There is no
 * inode cache yet: nothing can find an inode whose count reached zero,
 * so the last iput() evicts and frees it without a lock. A disk file
 * system with an inode hash will need the usual lookup-vs-free lock.
 */
#include <fs/vfs.h>
#include <kernel/time.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode;

	if (sb->s_op && sb->s_op->alloc_inode)
		inode = sb->s_op->alloc_inode(sb);
	else
		inode = kzalloc(sizeof(*inode));
	if (!inode)
		return NULL;
	inode->i_ino = __atomic_add_fetch(&sb->s_next_ino, 1, __ATOMIC_RELAXED);
	inode->i_sb = sb;
	inode->i_count = 1;
	inode->i_nlink = 1;
	mutex_init(&inode->i_mutex, "i_mutex");
	list_init(&inode->i_locks);
	fs_now(&inode->i_mtime);
	inode->i_atime = inode->i_ctime = inode->i_mtime;
	return inode;
}

struct inode *ihold(struct inode *inode)
{
	__atomic_add_fetch(&inode->i_count, 1, __ATOMIC_RELAXED);
	return inode;
}

void iput(struct inode *inode)
{
	struct super_block *sb;

	if (!inode || __atomic_sub_fetch(&inode->i_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	sb = inode->i_sb;
	if (sb->s_op && sb->s_op->evict_inode)
		sb->s_op->evict_inode(inode);
	if (sb->s_op && sb->s_op->destroy_inode)
		sb->s_op->destroy_inode(inode);
	else
		kfree(inode);
}

static int permission(struct inode *inode, int mask, bool real)
{
	uint32_t uid = fs_cred_uid(real);
	unsigned int mode = inode->i_mode;

	if ((mask & MAY_WRITE) && (inode->i_sb->s_flags & SB_RDONLY) &&
	    (S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode)))
		return -EROFS;
	if (uid == 0) {
		if ((mask & MAY_EXEC) && !S_ISDIR(mode) && !(mode & S_IXUGO))
			return -EACCES;
		return 0;
	}
	if (uid == inode->i_uid)
		mode >>= 6;
	else if (fs_cred_in_group(inode->i_gid, real))
		mode >>= 3;
	return ((unsigned int)mask & ~mode & 7) ? -EACCES : 0;
}

int inode_permission(struct inode *inode, int mask)
{
	return permission(inode, mask, false);
}

int inode_permission_real(struct inode *inode, int mask)
{
	return permission(inode, mask, true);
}

bool inode_owner_or_root(struct inode *inode)
{
	uint32_t uid = fs_cred_uid(false);

	return uid == 0 || uid == inode->i_uid;
}

void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode)
{
	inode->i_uid = fs_cred_uid(false);
	if (dir && (dir->i_mode & S_ISGID)) {
		/* a set-group-id directory hands its group down */
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
		else if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
			 inode->i_uid != 0 && !fs_cred_in_group(inode->i_gid, false))
			mode &= (umode_t)~S_ISGID;
	} else {
		inode->i_gid = fs_cred_gid(false);
	}
	inode->i_mode = mode;
}

void inode_remove_privs(struct inode *inode)
{
	umode_t kill = S_ISUID;

	if (!S_ISREG(inode->i_mode) || fs_cred_uid(false) == 0)
		return;
	if (inode->i_mode & S_IXGRP)
		kill |= S_ISGID;
	if (inode->i_mode & kill) {
		inode->i_mode &= (umode_t)~kill;
		fs_now(&inode->i_ctime);
	}
}

/* File times are wall-clock times (what the RTC said at boot, and on). */
void fs_now(struct fs_time *t)
{
	uint64_t ns = time_ns() + time_realtime_offset();

	t->sec = (int64_t)(ns / NSEC_PER_SEC);
	t->nsec = (uint32_t)(ns % NSEC_PER_SEC);
}

void inode_touch(struct inode *inode)
{
	fs_now(&inode->i_mtime);
	inode->i_ctime = inode->i_mtime;
}

void generic_fillattr(struct inode *inode, struct kstat *st)
{
	st->dev = inode->i_sb->s_dev;
	st->ino = inode->i_ino;
	st->mode = inode->i_mode;
	st->nlink = inode->i_nlink;
	st->uid = inode->i_uid;
	st->gid = inode->i_gid;
	st->rdev = inode->i_rdev;
	st->size = inode->i_size;
	st->blksize = (uint32_t)inode->i_sb->s_blocksize;
	st->blocks = inode->i_blocks;
	st->atime = inode->i_atime;
	st->mtime = inode->i_mtime;
	st->ctime = inode->i_ctime;
}

void simple_setattr(struct inode *inode, const struct iattr *attr)
{
	if (attr->valid & ATTR_MODE)
		inode->i_mode = (umode_t)((inode->i_mode & S_IFMT) | (attr->mode & S_IALLUGO));
	if (attr->valid & ATTR_UID)
		inode->i_uid = attr->uid;
	if (attr->valid & ATTR_GID)
		inode->i_gid = attr->gid;
	if (attr->valid & ATTR_ATIME)
		inode->i_atime = attr->atime;
	if (attr->valid & ATTR_MTIME)
		inode->i_mtime = attr->mtime;
}

int notify_change(struct inode *inode, const struct iattr *attr)
{
	int err = 0;

	if ((attr->valid & ATTR_SIZE) && attr->size < 0)
		return -EINVAL;
	if ((attr->valid & ATTR_SIZE) && attr->size > inode->i_sb->s_maxbytes)
		return -EFBIG;
	if (inode->i_op && inode->i_op->setattr)
		err = inode->i_op->setattr(inode, attr);
	else if (attr->valid & ATTR_SIZE)
		err = -EINVAL;
	else
		simple_setattr(inode, attr);
	if (!err)
		fs_now(&inode->i_ctime);
	return err;
}
