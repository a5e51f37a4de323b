/*
 * mount(2) and umount2(2): Linux's argument handling (fs/namespace.c's
 * path_mount and path_umount) over the mount tree of fs/mount.c. Only
 * root may mount. Mounts are private: nothing propagates, so MS_PRIVATE
 * and MS_SLAVE (of no one) change nothing, and MS_SHARED is refused.
 */
#include "fs.h"
#include <uapi/linux/mount.h>
#include <asm/memlayout.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

/* An optional string argument: NULL stays NULL (Linux's copy_mount_string). */
static int get_mount_string(const char __user *u, char **out)
{
	*out = NULL;
	return u ? getname(u, out) : 0;
}

/* The options page: a string of at most a page (Linux's copy_mount_options). */
static int get_mount_data(const void __user *u, char **out)
{
	char *page;
	long n;

	*out = NULL;
	if (!u)
		return 0;
	page = kmalloc(PAGE_SIZE, 0);
	if (!page)
		return -ENOMEM;
	n = strncpy_from_user(page, u, PAGE_SIZE);
	if (n < 0) {
		kfree(page);
		return (int)n;
	}
	page[PAGE_SIZE - 1] = '\0';
	*out = page;
	return 0;
}

static bool may_mount(void)
{
	return current_proc()->cred.euid == 0;
}

/* MS_* to the mount's own MNT_* flags */
static unsigned int mnt_flags_of(unsigned long flags)
{
	unsigned int mf = 0;

	if (!(flags & MS_NOATIME))
		mf |= MNT_RELATIME;
	if (flags & MS_NOSUID)
		mf |= MNT_NOSUID;
	if (flags & MS_NODEV)
		mf |= MNT_NODEV;
	if (flags & MS_NOEXEC)
		mf |= MNT_NOEXEC;
	if (flags & MS_NOATIME)
		mf |= MNT_NOATIME;
	if (flags & MS_NODIRATIME)
		mf |= MNT_NODIRATIME;
	if (flags & MS_STRICTATIME)
		mf &= ~(MNT_RELATIME | MNT_NOATIME);
	if (flags & MS_RDONLY)
		mf |= MNT_RDONLY;
	return mf;
}

#define MNT_ATIME_MASK	(MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME)

static int do_new_mount(const struct path *mp, const char *type, unsigned long flags,
			unsigned int mnt_flags, const char *source, const char *data)
{
	struct vfsmount *mnt;
	int err;

	if (!type)
		return -EINVAL;
	mnt = vfs_kern_mount(type, (flags & MS_RDONLY) ? SB_RDONLY : 0, source, data);
	if (IS_ERR(mnt))
		return (int)PTR_ERR(mnt);
	mnt->mnt_flags = mnt_flags;	/* not in the tree yet: ours alone */
	err = vfs_mount_at(mnt, mp);
	if (err)
		mnt->mnt_flags |= MNT_DOOMED;
	mntput(mnt);
	return err;
}

/* A second path argument (MS_BIND's and MS_MOVE's source). */
static int lookup_source(const char *name, struct path *out)
{
	if (!name || !*name)
		return -EINVAL;
	return vfs_path_lookup(AT_FDCWD, name, LOOKUP_FOLLOW, out);
}

static int path_mount(const char *source, const struct path *mp, const char *type,
		      unsigned long flags, const char *data)
{
	unsigned int mnt_flags;
	struct path from;
	int err;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & MS_NOUSER)
		return -EINVAL;
	if (!may_mount())
		return -EPERM;
	mnt_flags = mnt_flags_of(flags);
	/* a remount keeps the atime rule unless it names one */
	if ((flags & MS_REMOUNT) &&
	    !(flags & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)))
		mnt_flags = (mnt_flags & ~MNT_ATIME_MASK) | (mp->mnt->mnt_flags & MNT_ATIME_MASK);

	if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
		return vfs_remount(mp, 0, mnt_flags, NULL, true);
	if (flags & MS_REMOUNT)
		return vfs_remount(mp, (flags & MS_RDONLY) ? SB_RDONLY : 0, mnt_flags, data, false);
	if (flags & MS_BIND) {
		err = lookup_source(source, &from);
		if (err)
			return err;
		err = vfs_bind_mount(&from, mp, mnt_flags_of(0));
		path_put(&from);
		return err;
	}
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)) {
		unsigned long type_bits = flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE);

		if (mp->dentry != mp->mnt->mnt_root)
			return -EINVAL;
		if (type_bits & (type_bits - 1))
			return -EINVAL;		/* more than one */
		/* private is what every mount is; shared and unbindable are not kept */
		return (type_bits & (MS_PRIVATE | MS_SLAVE)) ? 0 : -EINVAL;
	}
	if (flags & MS_MOVE) {
		err = lookup_source(source, &from);
		if (err)
			return err;
		err = vfs_move_mount(&from, mp);
		path_put(&from);
		return err;
	}
	return do_new_mount(mp, type, flags, mnt_flags, source, data);
}

long sys_mount(char __user *dev_name, char __user *dir_name, char __user *type,
	       unsigned long flags, void __user *data)
{
	char *ktype, *source = NULL, *target = NULL, *kdata = NULL;
	struct path mp;
	int err;

	err = get_mount_string(type, &ktype);
	if (err)
		return err;
	err = get_mount_string(dev_name, &source);
	if (err)
		goto out;
	err = get_mount_data(data, &kdata);
	if (err)
		goto out;
	err = getname(dir_name, &target);
	if (err)
		goto out;
	err = vfs_path_lookup(AT_FDCWD, target, LOOKUP_FOLLOW, &mp);
	if (err)
		goto out;
	err = path_mount(source, &mp, ktype, flags, kdata);
	path_put(&mp);
out:
	putname(target);
	kfree(kdata);
	putname(source);
	putname(ktype);
	return err;
}

long sys_umount2(char __user *name, int flags)
{
	unsigned int lookup = LOOKUP_FOLLOW;
	struct path p;
	char *kname;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (flags & UMOUNT_NOFOLLOW)
		lookup = 0;
	err = getname(name, &kname);
	if (err)
		return err;
	err = vfs_path_lookup(AT_FDCWD, kname, lookup, &p);
	putname(kname);
	if (err)
		return err;
	if (!may_mount()) {
		path_put(&p);
		return -EPERM;
	}
	if (flags & MNT_EXPIRE) {
		/* the first call marks an unused mount (EAGAIN), a second one unmounts it */
		if (p.dentry != p.mnt->mnt_root || (flags & (MNT_FORCE | MNT_DETACH)))
			err = -EINVAL;
		else if (__atomic_load_n(&p.mnt->mnt_count, __ATOMIC_RELAXED) != 2)
			err = -EBUSY;
		else if (!(__atomic_fetch_or(&p.mnt->mnt_flags, MNT_EXPIRED, __ATOMIC_RELAXED) &
			   MNT_EXPIRED))
			err = -EAGAIN;
		if (err) {
			path_put(&p);
			return err;
		}
	}
	/* MNT_FORCE: nothing to abort here (no remote file systems); busy stays busy */
	return vfs_umount_flags(&p, (flags & MNT_DETACH) ? UMOUNT_DETACH : 0);
}
