/*
 * File system types, super blocks and the mount tree.
 *
 * Mounting a type builds a new super block (fill_super) and a vfsmount
 * for it; attaching it on a directory of another mount makes walks that
 * reach that directory continue at the new root (see fs/namei.c). The
 * first mount, ramfs at boot, is the root of the tree: its own parent.
 *
 * mount_lock protects the list of attached mounts, each mount's parent
 * and mount point, the d_mounted counts, and the list of types. A mount
 * is freed by vfs_umount() only, once nothing but the tree uses it.
 */
#include "internal.h"
#include <fs/blkdev.h>
#include <fs/chrdev.h>
#include <fs/pipe.h>
#include <fs/ramfs.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <asm/memlayout.h>

struct spinlock mount_lock = SPINLOCK_INIT("mount", LOCK_MOUNT);
static LIST_HEAD(fs_types);			/* [mount_lock] */
static LIST_HEAD(mounts);			/* [mount_lock] attached mounts */
static struct vfsmount *root_mnt;		/* [I] after vfs_init */
static int next_mnt_id = 1;			/* [a] */
static unsigned int next_anon_minor = 1;	/* [a] */

int register_filesystem(struct file_system_type *type)
{
	struct file_system_type *t;
	int err = 0;

	spin_lock(&mount_lock);
	list_for_each_entry(t, &fs_types, list)
		if (strcmp(t->name, type->name) == 0)
			err = -EBUSY;
	if (!err)
		list_add_tail(&type->list, &fs_types);
	spin_unlock(&mount_lock);
	return err;
}

static struct file_system_type *find_filesystem(const char *name)
{
	struct file_system_type *t, *found = NULL;

	spin_lock(&mount_lock);
	list_for_each_entry(t, &fs_types, list)
		if (strcmp(t->name, name) == 0)
			found = t;
	spin_unlock(&mount_lock);
	return found;
}

dev_t fs_new_anon_dev(void)
{
	return MKDEV(0, __atomic_fetch_add(&next_anon_minor, 1, __ATOMIC_RELAXED));
}

struct vfsmount *mntget(struct vfsmount *mnt)
{
	if (mnt)
		__atomic_add_fetch(&mnt->mnt_count, 1, __ATOMIC_RELAXED);
	return mnt;
}

static void kill_mount(struct vfsmount *mnt);

/* A mount detached lazily (MNT_DOOMED) goes with its last reference. */
void mntput(struct vfsmount *mnt)
{
	if (mnt && __atomic_sub_fetch(&mnt->mnt_count, 1, __ATOMIC_ACQ_REL) == 0 &&
	    (__atomic_load_n(&mnt->mnt_flags, __ATOMIC_ACQUIRE) & MNT_DOOMED))
		kill_mount(mnt);
}

/* A copy of s ("none" for NULL), or NULL without memory. */
static char *kstrdup_or_none(const char *s)
{
	size_t len;
	char *copy;

	if (!s)
		s = "none";
	len = strlen(s);
	copy = kmalloc(len + 1, 0);
	if (copy)
		memcpy(copy, s, len + 1);
	return copy;
}

void path_get(const struct path *p)
{
	mntget(p->mnt);
	if (p->dentry)
		dget(p->dentry);
}

void path_put(const struct path *p)
{
	dput(p->dentry);
	mntput(p->mnt);
}

/*
 * The block device a mount's source names, as Linux's lookup_bdev(): a
 * path to a block special file, on a mount that allows devices.
 */
static int lookup_bdev(const char *source, struct block_device **out)
{
	struct inode *inode;
	struct path p;
	int err;

	if (!source)
		return -EINVAL;
	err = vfs_path_lookup(AT_FDCWD, source, LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	inode = d_inode(p.dentry);
	if (!S_ISBLK(inode->i_mode))
		err = -ENOTBLK;
	else if (p.mnt->mnt_flags & MNT_NODEV)
		err = -EACCES;
	else if (!(*out = blkdev_lookup(inode->i_rdev)))
		err = -ENXIO;
	path_put(&p);
	return err;
}

/*
 * The super block already mounted from b, with one more mount counted,
 * as Linux shares one super block among the mounts of a device; NULL if
 * there is none. -EBUSY if b holds another type, or read-only-ness
 * differs.
 */
static struct super_block *bdev_super(struct block_device *b, struct file_system_type *type,
				      unsigned long flags, int *err)
{
	struct super_block *sb = NULL;
	struct vfsmount *m;

	*err = 0;
	spin_lock(&mount_lock);
	list_for_each_entry(m, &mounts, mnt_list) {
		if (m->mnt_sb->s_bdev == b) {
			sb = m->mnt_sb;
			break;
		}
	}
	if (sb && (sb->s_type != type || ((sb->s_flags ^ flags) & SB_RDONLY))) {
		*err = -EBUSY;
		sb = NULL;
	}
	if (sb)
		sb->s_mounts++;
	spin_unlock(&mount_lock);
	return sb;
}

/* A new super block of type, filled from source. */
static struct super_block *new_super(struct file_system_type *type, unsigned long flags,
				     struct block_device *bdev, const char *source,
				     const void *data)
{
	struct super_block *sb = kzalloc(sizeof(*sb));
	int err;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_type = type;
	sb->s_dev = fs_new_anon_dev();
	sb->s_flags = flags & SB_RDONLY;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_maxbytes = INT64_MAX;
	sb->s_mounts = 1;
	mutex_init(&sb->s_rename_mutex, "s_rename");
	if (bdev) {
		err = blkdev_claim(bdev, sb);
		if (err)
			goto out_free;
		sb->s_bdev = bdev;
		sb->s_dev = bdev->dev;
		/* as Linux: a read-write mount of a read-only device is refused */
		err = bdev->read_only && !(flags & SB_RDONLY) ? -EACCES : 0;
		if (err)
			goto out_release;
	}
	err = type->fill_super(sb, source, data);
	if (!err)
		return sb;
out_release:
	if (bdev)
		blkdev_unclaim(bdev, sb);
out_free:
	kfree(sb);
	return ERR_PTR(err);
}

struct vfsmount *vfs_kern_mount(const char *fstype, unsigned long flags,
				const char *source, const void *data)
{
	struct file_system_type *type = find_filesystem(fstype);
	struct block_device *bdev = NULL;
	struct super_block *sb = NULL;
	struct vfsmount *mnt;
	int err = 0;

	if (!type)
		return ERR_PTR(-ENODEV);
	if (type->fs_flags & FS_REQUIRES_DEV) {
		err = lookup_bdev(source, &bdev);
		if (err)
			return ERR_PTR(err);
	}
	mnt = kzalloc(sizeof(*mnt));
	if (mnt)
		mnt->mnt_devname = kstrdup_or_none(source);
	if (!mnt || !mnt->mnt_devname) {
		err = -ENOMEM;
		goto out_free;
	}
	if (bdev)
		sb = bdev_super(bdev, type, flags, &err);
	if (err)
		goto out_free;
	if (!sb)
		sb = new_super(type, flags, bdev, source, data);
	if (IS_ERR(sb)) {
		err = (int)PTR_ERR(sb);
		goto out_free;
	}
	mnt->mnt_sb = sb;
	mnt->mnt_root = dget(sb->s_root);	/* the mount's; the super block keeps its own */
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = sb->s_root;
	mnt->mnt_count = 1;
	mnt->mnt_flags = MNT_RELATIME | ((flags & SB_RDONLY) ? MNT_RDONLY : 0);
	mnt->mnt_id = __atomic_fetch_add(&next_mnt_id, 1, __ATOMIC_RELAXED);
	list_init(&mnt->mnt_list);
	return mnt;

out_free:
	if (mnt)
		kfree(mnt->mnt_devname);
	kfree(mnt);
	return ERR_PTR(err);
}

int vfs_mount_at(struct vfsmount *mnt, const struct path *mp)
{
	if (!S_ISDIR(d_inode(mp->dentry)->i_mode))
		return -ENOTDIR;
	mntget(mnt);			/* the tree's reference */
	mntget(mp->mnt);
	dget(mp->dentry);
	spin_lock(&mount_lock);
	mnt->mnt_parent = mp->mnt;
	mnt->mnt_mountpoint = mp->dentry;
	mp->dentry->d_mounted++;
	list_add_tail(&mnt->mnt_list, &mounts);
	spin_unlock(&mount_lock);
	return 0;
}

struct vfsmount *lookup_mnt(const struct path *p)
{
	struct vfsmount *m, *found = NULL;

	spin_lock(&mount_lock);
	list_for_each_entry(m, &mounts, mnt_list)
		if (m->mnt_parent == p->mnt && m->mnt_mountpoint == p->dentry)
			found = m;
	mntget(found);
	spin_unlock(&mount_lock);
	return found;
}

int vfs_mount(const char *fstype, const char *source, const char *target,
	      unsigned long flags, const void *data)
{
	struct vfsmount *mnt;
	struct path mp;
	int err = vfs_path_lookup(AT_FDCWD, target, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &mp);

	if (err)
		return err;
	mnt = vfs_kern_mount(fstype, flags, source, data);
	if (IS_ERR(mnt)) {
		path_put(&mp);
		return (int)PTR_ERR(mnt);
	}
	err = vfs_mount_at(mnt, &mp);
	path_put(&mp);
	if (err)
		mnt->mnt_flags |= MNT_DOOMED;	/* never seen: goes now */
	mntput(mnt);		/* the tree holds it now */
	return err;
}

/*
 * Free a detached mount nobody uses; with the last mount of its super
 * block, the super block and its dentries go too.
 */
static void kill_mount(struct vfsmount *mnt)
{
	struct super_block *sb = mnt->mnt_sb;
	struct dentry *root = sb->s_root;
	bool last;

	spin_lock(&mount_lock);
	last = --sb->s_mounts == 0;
	spin_unlock(&mount_lock);
	dput(mnt->mnt_root);
	kfree(mnt->mnt_devname);
	kfree(mnt);
	if (!last)
		return;
	dcache_shrink(sb);
	if (!list_empty(&root->d_subdirs) || __atomic_load_n(&root->d_count, __ATOMIC_RELAXED) != 1) {
		/* something still holds a dentry of it: better kept than freed under it */
		pr_warn("umount: %s still in use, kept\n", sb->s_type->name);
		return;
	}
	dput(root);
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	if (sb->s_bdev)
		blkdev_unclaim(sb->s_bdev, sb);
	kfree(sb);
}

/* Is m mnt or mounted somewhere under it? mount_lock held. */
static bool mnt_is_under(struct vfsmount *m, struct vfsmount *mnt)
{
	for (;;) {
		if (m == mnt)
			return true;
		if (m->mnt_parent == m)
			return false;
		m = m->mnt_parent;
	}
}

static bool mnt_has_children(struct vfsmount *mnt)
{
	struct vfsmount *m;

	list_for_each_entry(m, &mounts, mnt_list)
		if (m->mnt_parent == mnt)
			return true;
	return false;
}

/*
 * Take mnt off the tree (mount_lock held): it becomes its own parent.
 * The references it held on its place come back in *old for the caller
 * to drop with no lock held.
 */
static void detach_mnt(struct vfsmount *mnt, struct path *old)
{
	list_del(&mnt->mnt_list);
	list_init(&mnt->mnt_list);
	old->mnt = mnt->mnt_parent;
	old->dentry = mnt->mnt_mountpoint;
	old->dentry->d_mounted--;
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = mnt->mnt_root;
}

int vfs_umount_flags(struct path *p, unsigned int flags)
{
	struct vfsmount *mnt = p->mnt, *m, *victim;
	struct path old;
	int err = 0;

	spin_lock(&mount_lock);
	if (p->dentry != mnt->mnt_root || mnt->mnt_parent == mnt)
		err = -EINVAL;
	else if (!(flags & UMOUNT_DETACH) &&
		 (__atomic_load_n(&mnt->mnt_count, __ATOMIC_RELAXED) > 2 || mnt_has_children(mnt)))
		err = -EBUSY;		/* more than the tree's and the caller's references */
	spin_unlock(&mount_lock);
	if (err) {
		path_put(p);
		return err;
	}
	/* mnt and the mounts under it, leaves first (only mnt without UMOUNT_DETACH) */
	do {
		spin_lock(&mount_lock);
		victim = mnt;
		list_for_each_entry(m, &mounts, mnt_list)
			if (m != mnt && mnt_is_under(m, mnt) && !mnt_has_children(m)) {
				victim = m;
				break;
			}
		if (victim->mnt_parent == victim) {	/* raced with another umount */
			spin_unlock(&mount_lock);
			path_put(p);
			return -EINVAL;
		}
		detach_mnt(victim, &old);
		victim->mnt_flags |= MNT_DOOMED;
		spin_unlock(&mount_lock);
		path_put(&old);
		mntput(victim);		/* the tree's reference: the last frees it */
	} while (victim != mnt);
	path_put(p);
	return 0;
}

int vfs_umount(struct path *p)
{
	return vfs_umount_flags(p, 0);
}

int vfs_bind_mount(const struct path *from, const struct path *to, unsigned int mnt_flags)
{
	struct vfsmount *mnt;
	int err;

	if (!S_ISDIR(d_inode(from->dentry)->i_mode))
		return -ENOTDIR;
	mnt = kzalloc(sizeof(*mnt));
	if (!mnt)
		return -ENOMEM;
	mnt->mnt_devname = kstrdup_or_none(from->mnt->mnt_devname);
	if (!mnt->mnt_devname) {
		kfree(mnt);
		return -ENOMEM;
	}
	mnt->mnt_sb = from->mnt->mnt_sb;
	mnt->mnt_root = dget(from->dentry);
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = mnt->mnt_root;
	mnt->mnt_count = 1;
	mnt->mnt_flags = mnt_flags & MNT_USER_FLAGS;
	mnt->mnt_id = __atomic_fetch_add(&next_mnt_id, 1, __ATOMIC_RELAXED);
	list_init(&mnt->mnt_list);
	spin_lock(&mount_lock);
	mnt->mnt_sb->s_mounts++;
	spin_unlock(&mount_lock);
	err = vfs_mount_at(mnt, to);
	if (err)
		mnt->mnt_flags |= MNT_DOOMED;
	mntput(mnt);
	return err;
}

int vfs_move_mount(const struct path *from, const struct path *to)
{
	struct vfsmount *mnt = from->mnt;
	struct path old;
	int err = 0;

	if (!S_ISDIR(d_inode(to->dentry)->i_mode))
		return -ENOTDIR;
	mntget(to->mnt);
	dget(to->dentry);
	spin_lock(&mount_lock);
	if (from->dentry != mnt->mnt_root || mnt->mnt_parent == mnt)
		err = -EINVAL;
	else if (mnt_is_under(to->mnt, mnt))
		err = -ELOOP;		/* into itself */
	if (err) {
		spin_unlock(&mount_lock);
		path_put(to);
		return err;
	}
	detach_mnt(mnt, &old);
	mnt->mnt_parent = to->mnt;
	mnt->mnt_mountpoint = to->dentry;
	to->dentry->d_mounted++;
	list_add_tail(&mnt->mnt_list, &mounts);
	spin_unlock(&mount_lock);
	path_put(&old);
	return 0;
}

int vfs_remount(const struct path *p, unsigned long sb_flags, unsigned int mnt_flags,
		const void *data, bool bind_only)
{
	struct vfsmount *mnt = p->mnt;
	struct super_block *sb = mnt->mnt_sb;
	int err = 0;

	if (p->dentry != mnt->mnt_root)
		return -EINVAL;
	if (!bind_only) {
		sb_flags &= SB_RDONLY;
		if (sb->s_op && sb->s_op->remount_fs)
			err = sb->s_op->remount_fs(sb, &sb_flags, data);
		if (err)
			return err;
		if (sb_flags & SB_RDONLY)
			__atomic_or_fetch(&sb->s_flags, SB_RDONLY, __ATOMIC_RELAXED);
		else
			__atomic_and_fetch(&sb->s_flags, ~SB_RDONLY, __ATOMIC_RELAXED);
	}
	spin_lock(&mount_lock);
	mnt->mnt_flags = (mnt->mnt_flags & ~MNT_USER_FLAGS) | (mnt_flags & MNT_USER_FLAGS);
	spin_unlock(&mount_lock);
	return 0;
}

int vfs_for_each_mount(int (*fn)(struct vfsmount *mnt, void *arg), void *arg)
{
	struct vfsmount **list = NULL, *m;
	unsigned int n, cap = 0;
	int ret = 0;

	/* take the mounts (referenced: they stay) and call fn with no lock held */
	for (;;) {
		spin_lock(&mount_lock);
		n = 1;		/* the root mount is not on the list */
		list_for_each_entry(m, &mounts, mnt_list)
			n++;
		if (n <= cap)
			break;
		spin_unlock(&mount_lock);
		kfree(list);
		cap = n + 4;
		list = kmalloc(cap * sizeof(*list), 0);
		if (!list)
			return -ENOMEM;
	}
	n = 0;
	if (root_mnt)
		list[n++] = mntget(root_mnt);
	list_for_each_entry(m, &mounts, mnt_list)
		list[n++] = mntget(m);
	spin_unlock(&mount_lock);
	for (unsigned int i = 0; i < n; i++) {
		if (!ret)
			ret = fn(list[i], arg);
		mntput(list[i]);
	}
	kfree(list);
	return ret;
}

void vfs_for_each_fstype(void (*fn)(struct file_system_type *t, void *arg), void *arg)
{
	struct file_system_type *t;

	spin_lock(&mount_lock);
	list_for_each_entry(t, &fs_types, list)
		fn(t, arg);
	spin_unlock(&mount_lock);
}

/* Linux's show_mnt_opts order */
static const struct {
	unsigned int flag;
	const char *name;
} mnt_opts[] = {
	{ MNT_NOSUID, ",nosuid" },
	{ MNT_NODEV, ",nodev" },
	{ MNT_NOEXEC, ",noexec" },
	{ MNT_NOATIME, ",noatime" },
	{ MNT_NODIRATIME, ",nodiratime" },
	{ MNT_RELATIME, ",relatime" },
};

/* Append str at buf[*n] (size bytes in all), truncating; buf stays a string. */
static void opt_append(char *buf, size_t size, size_t *n, const char *str)
{
	size_t len = strlen(str);

	if (*n + 1 >= size)
		return;
	len = MIN(len, size - 1 - *n);
	memcpy(buf + *n, str, len);
	*n += len;
	buf[*n] = '\0';
}

int vfs_show_mount_options(struct vfsmount *mnt, char *buf, size_t size)
{
	struct super_block *sb = mnt->mnt_sb;
	unsigned int flags = __atomic_load_n(&mnt->mnt_flags, __ATOMIC_RELAXED);
	bool ro = (flags & MNT_RDONLY) || (__atomic_load_n(&sb->s_flags, __ATOMIC_RELAXED) & SB_RDONLY);
	size_t n = 0;

	if (!size)
		return 0;
	buf[0] = '\0';
	opt_append(buf, size, &n, ro ? "ro" : "rw");
	for (size_t i = 0; i < ARRAY_SIZE(mnt_opts); i++)
		if (flags & mnt_opts[i].flag)
			opt_append(buf, size, &n, mnt_opts[i].name);
	if (sb->s_op && sb->s_op->show_options && n + 1 < size)
		n += (size_t)sb->s_op->show_options(sb, buf + n, size - n);
	return (int)MIN(n, size - 1);
}

int vfs_sync_fs(struct super_block *sb)
{
	return sb->s_op && sb->s_op->sync_fs ? sb->s_op->sync_fs(sb) : 0;
}

static int sync_one(struct vfsmount *mnt, void *arg)
{
	(void)arg;
	vfs_sync_fs(mnt->mnt_sb);
	return 0;
}

void vfs_writeback_all(void)
{
	void (*fns[8])(void);
	struct file_system_type *t;
	int n = 0;

	/* types are never unregistered: call them with no lock held */
	spin_lock(&mount_lock);
	list_for_each_entry(t, &fs_types, list)
		if (t->writeback_all && n < (int)ARRAY_SIZE(fns))
			fns[n++] = t->writeback_all;
	spin_unlock(&mount_lock);
	for (int i = 0; i < n; i++)
		fns[i]();
}

/* sync(2): every file system, then every block device, as Linux's ksys_sync() */
void vfs_sync_all(void)
{
	vfs_for_each_mount(sync_one, NULL);
	blkdev_sync(NULL);
}

void vfs_root(struct path *out)
{
	out->mnt = mntget(root_mnt);
	out->dentry = dget(root_mnt->mnt_root);
}

void vfs_init(void)
{
	static bool done;
	struct vfsmount *mnt;

	if (done)
		return;
	done = true;
	ramfs_init();
	pipe_init();
	anon_inode_init();
	chrdev_init();
	mnt = vfs_kern_mount("ramfs", 0, "rootfs", NULL);
	if (IS_ERR(mnt))
		panic("vfs: cannot mount the root file system (%ld)", PTR_ERR(mnt));
	root_mnt = mnt;
}
