/*
 * struct fs_struct: a process's root, working directory and umask (see
 * <fs/fdtable.h>). Readers take referenced copies of the paths under the
 * lock; writers swap a path under the lock and drop the old one after.
 */
#include "internal.h"
#include <mm/kmalloc.h>

struct fs_struct *fs_struct_alloc_root(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->count = 1;
	spin_init(&fs->lock, "fs_struct", LOCK_FS_STRUCT);
	vfs_root(&fs->root);
	vfs_root(&fs->pwd);
	fs->umask = 022;
	return fs;
}

struct fs_struct *fs_struct_dup(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->count = 1;
	spin_init(&fs->lock, "fs_struct", LOCK_FS_STRUCT);
	spin_lock(&old->lock);
	fs->root = old->root;
	fs->pwd = old->pwd;
	path_get(&fs->root);
	path_get(&fs->pwd);
	fs->umask = old->umask;
	spin_unlock(&old->lock);
	return fs;
}

void fs_struct_get(struct fs_struct *fs)
{
	__atomic_add_fetch(&fs->count, 1, __ATOMIC_RELAXED);
}

void fs_struct_put(struct fs_struct *fs)
{
	if (!fs || __atomic_sub_fetch(&fs->count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	path_put(&fs->root);
	path_put(&fs->pwd);
	kfree(fs);
}

static void fs_get_path(struct fs_struct *fs, const struct path *which, struct path *out)
{
	if (!fs) {
		vfs_root(out);
		return;
	}
	spin_lock(&fs->lock);
	*out = *which;
	path_get(out);
	spin_unlock(&fs->lock);
}

void fs_get_root(struct fs_struct *fs, struct path *out)
{
	fs_get_path(fs, fs ? &fs->root : NULL, out);
}

void fs_get_pwd(struct fs_struct *fs, struct path *out)
{
	fs_get_path(fs, fs ? &fs->pwd : NULL, out);
}

static void fs_set_path(struct fs_struct *fs, struct path *which, const struct path *p)
{
	struct path old;

	path_get(p);
	spin_lock(&fs->lock);
	old = *which;
	*which = *p;
	spin_unlock(&fs->lock);
	path_put(&old);
}

void fs_set_pwd(struct fs_struct *fs, const struct path *p)
{
	fs_set_path(fs, &fs->pwd, p);
}

void fs_set_root(struct fs_struct *fs, const struct path *p)
{
	fs_set_path(fs, &fs->root, p);
}
