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

void mntput(struct vfsmount *mnt)
{
	if (mnt)
		__atomic_sub_fetch(&mnt->mnt_count, 1, __ATOMIC_RELEASE);
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

struct vfsmount *vfs_kern_mount(const char *fstype, unsigned long flags,
				const char *source, const void *data)
{
	struct file_system_type *type = find_filesystem(fstype);
	struct super_block *sb;
	struct vfsmount *mnt;
	int err;

	if (!type)
		return ERR_PTR(-ENODEV);
	sb = kzalloc(sizeof(*sb));
	mnt = kzalloc(sizeof(*mnt));
	if (!sb || !mnt) {
		kfree(sb);
		kfree(mnt);
		return ERR_PTR(-ENOMEM);
	}
	sb->s_type = type;
	sb->s_dev = fs_new_anon_dev();
	sb->s_flags = flags & SB_RDONLY;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_maxbytes = INT64_MAX;
	mutex_init(&sb->s_rename_mutex, "s_rename");
	err = type->fill_super(sb, source, data);
	if (err) {
		kfree(sb);
		kfree(mnt);
		return ERR_PTR(err);
	}
	mnt->mnt_sb = sb;
	mnt->mnt_root = sb->s_root;	/* the super block's reference */
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = sb->s_root;
	mnt->mnt_count = 1;
	mnt->mnt_flags = (flags & SB_RDONLY) ? MNT_RDONLY : 0;
	mnt->mnt_id = __atomic_fetch_add(&next_mnt_id, 1, __ATOMIC_RELAXED);
	list_init(&mnt->mnt_list);
	return mnt;
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
	mntput(mnt);		/* the tree holds it now */
	return err;
}

/* Free a detached, unused mount and its super block. */
static void kill_mount(struct vfsmount *mnt)
{
	struct super_block *sb = mnt->mnt_sb;
	struct dentry *root = mnt->mnt_root;

	dcache_shrink(sb);
	if (!list_empty(&root->d_subdirs) || __atomic_load_n(&root->d_count, __ATOMIC_RELAXED) != 1) {
		/* something still holds a dentry of it: better kept than freed under it */
		pr_warn("umount: %s still in use, kept\n", sb->s_type->name);
		return;
	}
	dput(root);
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	kfree(sb);
	kfree(mnt);
}

int vfs_umount(struct path *p)
{
	struct vfsmount *mnt = p->mnt, *m, *parent;
	struct dentry *mp;
	int err = 0;

	spin_lock(&mount_lock);
	if (p->dentry != mnt->mnt_root || mnt->mnt_parent == mnt)
		err = -EINVAL;
	else if (__atomic_load_n(&mnt->mnt_count, __ATOMIC_RELAXED) > 2)
		err = -EBUSY;		/* more than the tree's and the caller's */
	list_for_each_entry(m, &mounts, mnt_list)
		if (!err && m->mnt_parent == mnt)
			err = -EBUSY;
	if (err) {
		spin_unlock(&mount_lock);
		path_put(p);
		return err;
	}
	list_del(&mnt->mnt_list);
	parent = mnt->mnt_parent;
	mp = mnt->mnt_mountpoint;
	mp->d_mounted--;
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = mnt->mnt_root;
	spin_unlock(&mount_lock);
	dput(mp);
	mntput(parent);
	dput(p->dentry);	/* the caller's */
	kill_mount(mnt);
	return 0;
}

int vfs_sync_fs(struct super_block *sb)
{
	return sb->s_op && sb->s_op->sync_fs ? sb->s_op->sync_fs(sb) : 0;
}

void vfs_sync_all(void)
{
	struct vfsmount **list = NULL, *m;
	unsigned int n = 0, cap = 0;

	/* take the mounts (referenced: they stay) and sync with no lock held */
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
			return;
	}
	n = 0;
	if (root_mnt)
		list[n++] = mntget(root_mnt);
	list_for_each_entry(m, &mounts, mnt_list)
		list[n++] = mntget(m);
	spin_unlock(&mount_lock);
	for (unsigned int i = 0; i < n; i++) {
		vfs_sync_fs(list[i]->mnt_sb);
		mntput(list[i]);
	}
	kfree(list);
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
	chrdev_init();
	mnt = vfs_kern_mount("ramfs", 0, "rootfs", NULL);
	if (IS_ERR(mnt))
		panic("vfs: cannot mount the root file system (%ld)", PTR_ERR(mnt));
	root_mnt = mnt;
}
