/*
 * ramfs: names, inodes and the super block (file data is in
 * fs/ramfs_file.c).
 *
 * A directory is a list of entries in creation order, each holding a
 * reference to its inode; an inode lives while it has entries (links)
 * or while the VFS holds it (dentries, open files), so an unlinked file
 * stays readable through its open fds. Each entry has a cookie, its
 * position for getdents: cookies only grow, so a directory read that
 * resumes at a cookie neither repeats nor skips entries that stayed.
 * The dentry cache fronts the lists; lookups that miss scan the list.
 */
#include "ramfs_internal.h"
#include <fs/blkdev.h>
#include <fs/chrdev.h>
#include <fs/pipe.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <asm/memlayout.h>

#define RAMFS_FIRST_COOKIE	2	/* 0 and 1 are "." and ".." */

static const struct inode_operations ramfs_dir_iops;
static const struct inode_operations ramfs_file_iops;
static const struct inode_operations ramfs_link_iops;
static const struct file_operations ramfs_dir_fops;

/* ---- inodes ----------------------------------------------------------------- */

static struct ramfs_limits *limits_of(struct super_block *sb)
{
	return sb->s_fs_info;
}

bool ramfs_charge_pages(struct super_block *sb, long n)
{
	struct ramfs_limits *l = limits_of(sb);

	if (!l)
		return true;
	if (__atomic_add_fetch(&l->used_pages, n, __ATOMIC_RELAXED) > l->max_pages && l->max_pages) {
		__atomic_sub_fetch(&l->used_pages, n, __ATOMIC_RELAXED);
		return false;
	}
	return true;
}

void ramfs_uncharge_pages(struct super_block *sb, long n)
{
	struct ramfs_limits *l = limits_of(sb);

	if (l)
		__atomic_sub_fetch(&l->used_pages, n, __ATOMIC_RELAXED);
}

struct inode *ramfs_alloc_inode(struct super_block *sb)
{
	struct ramfs_limits *l = limits_of(sb);
	struct ramfs_inode *ri;

	if (l && __atomic_add_fetch(&l->used_inodes, 1, __ATOMIC_RELAXED) > l->max_inodes &&
	    l->max_inodes) {
		__atomic_sub_fetch(&l->used_inodes, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	ri = kzalloc(sizeof(*ri));
	if (!ri && l)
		__atomic_sub_fetch(&l->used_inodes, 1, __ATOMIC_RELAXED);
	return ri ? &ri->vfs : NULL;
}

void ramfs_destroy_inode(struct inode *inode)
{
	struct ramfs_limits *l = limits_of(inode->i_sb);

	if (l)
		__atomic_sub_fetch(&l->used_inodes, 1, __ATOMIC_RELAXED);
	kfree(RAMFS_I(inode));
}

/* Why no new inode: the instance's inode limit (-ENOSPC) or memory. */
static int no_inode_err(struct super_block *sb)
{
	struct ramfs_limits *l = limits_of(sb);

	return l && l->max_inodes &&
	       __atomic_load_n(&l->used_inodes, __ATOMIC_RELAXED) >= l->max_inodes ?
	       -ENOSPC : -ENOMEM;
}

void ramfs_evict_inode(struct inode *inode)
{
	struct ramfs_inode *ri = RAMFS_I(inode);

	if (S_ISREG(inode->i_mode)) {
		ramfs_free_data(inode);
	} else if (S_ISLNK(inode->i_mode)) {
		kfree(ri->link.target);
	} else if (S_ISDIR(inode->i_mode)) {
		struct ramfs_dirent *e, *n;

		list_for_each_entry_safe(e, n, &ri->dir.entries, node) {
			list_del(&e->node);
			iput(e->inode);
			kfree(e);
		}
	}
}

/* A new inode of the given type, owned by the caller; one reference. */
static struct inode *ramfs_new_inode(struct super_block *sb, const struct inode *dir,
				     umode_t mode, dev_t rdev)
{
	struct inode *inode = new_inode(sb);
	struct ramfs_inode *ri;

	if (!inode)
		return NULL;
	ri = RAMFS_I(inode);
	inode_init_owner(inode, dir, mode);
	mode = inode->i_mode;
	inode->i_rdev = rdev;
	switch (mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &ramfs_dir_iops;
		inode->i_fop = &ramfs_dir_fops;
		inode->i_nlink = 2;
		list_init(&ri->dir.entries);
		ri->dir.next_cookie = RAMFS_FIRST_COOKIE;
		break;
	case S_IFREG:
		inode->i_op = &ramfs_file_iops;
		inode->i_fop = &ramfs_file_fops;
		ramfs_init_data(inode);
		break;
	case S_IFLNK:
		inode->i_op = &ramfs_link_iops;
		break;
	case S_IFCHR:
		inode->i_fop = &chrdev_open_fops;
		break;
	case S_IFBLK:
		inode->i_fop = &blkdev_fops;
		break;
	case S_IFIFO:
		inode->i_fop = &fifo_fops;
		break;
	default:
		/* sockets: nothing opens them yet (-ENXIO) */
		break;
	}
	return inode;
}

/* ---- directory entries ------------------------------------------------------ */

static struct ramfs_dirent *dir_find(struct inode *dir, const char *name, size_t len)
{
	struct ramfs_dirent *e;

	list_for_each_entry(e, &RAMFS_I(dir)->dir.entries, node)
		if (e->len == len && memcmp(e->name, name, len) == 0)
			return e;
	return NULL;
}

static struct ramfs_dirent *dirent_alloc(const char *name, size_t len)
{
	struct ramfs_dirent *e = kmalloc(sizeof(*e) + len + 1, 0);

	if (!e)
		return NULL;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	e->len = len;
	return e;
}

/* Put e (holding a reference to inode) at the end of dir. */
static void dir_add(struct inode *dir, struct ramfs_dirent *e, struct inode *inode)
{
	struct ramfs_inode *rd = RAMFS_I(dir);

	e->inode = inode;
	e->cookie = rd->dir.next_cookie++;
	list_add_tail(&e->node, &rd->dir.entries);
}

/* Remove e from its directory; returns its inode reference. */
static struct inode *dir_remove(struct ramfs_dirent *e)
{
	struct inode *inode = e->inode;

	list_del(&e->node);
	kfree(e);
	return inode;
}

static bool dir_empty(struct inode *dir)
{
	return list_empty(&RAMFS_I(dir)->dir.entries);
}

/* Give the new inode the name d in dir; consumes the inode reference. */
static int ramfs_add_new(struct inode *dir, struct dentry *d, struct inode *inode)
{
	struct ramfs_dirent *e = dirent_alloc(d->d_name, d->d_len);

	if (!e) {
		inode->i_nlink = 0;
		iput(inode);
		return -ENOMEM;
	}
	dir_add(dir, e, ihold(inode));
	d_instantiate(d, inode);
	return 0;
}

/* ---- directory inode operations ---------------------------------------------- */

static int ramfs_lookup(struct inode *dir, struct dentry *d)
{
	struct ramfs_dirent *e = dir_find(dir, d->d_name, d->d_len);

	if (e)
		d_instantiate(d, ihold(e->inode));
	return 0;
}

static int ramfs_mknod(struct inode *dir, struct dentry *d, umode_t mode, dev_t rdev)
{
	struct inode *inode = ramfs_new_inode(dir->i_sb, dir, mode, rdev);

	if (!inode)
		return no_inode_err(dir->i_sb);
	return ramfs_add_new(dir, d, inode);
}

static int ramfs_create(struct inode *dir, struct dentry *d, umode_t mode)
{
	return ramfs_mknod(dir, d, (umode_t)((mode & ~S_IFMT) | S_IFREG), 0);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *d, umode_t mode)
{
	int err = ramfs_mknod(dir, d, (umode_t)((mode & ~S_IFMT) | S_IFDIR), 0);

	if (!err)
		dir->i_nlink++;
	return err;
}

static int ramfs_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	size_t len = strlen(target);
	struct inode *inode;
	char *copy;

	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	copy = kmalloc(len + 1, 0);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, target, len + 1);
	inode = ramfs_new_inode(dir->i_sb, dir, S_IFLNK | S_IRWXUGO, 0);
	if (!inode) {
		kfree(copy);
		return no_inode_err(dir->i_sb);
	}
	RAMFS_I(inode)->link.target = copy;
	RAMFS_I(inode)->link.len = len;
	inode->i_size = (loff_t)len;
	return ramfs_add_new(dir, d, inode);
}

static int ramfs_tmpfile(struct inode *dir, struct dentry *d, umode_t mode)
{
	struct inode *inode = ramfs_new_inode(dir->i_sb, dir, mode, 0);

	if (!inode)
		return no_inode_err(dir->i_sb);
	inode->i_nlink = 0;	/* no name: gone at the last close, unless linked */
	d_instantiate(d, inode);
	return 0;
}

static int ramfs_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = d_inode(old);
	struct ramfs_dirent *e = dirent_alloc(d->d_name, d->d_len);

	if (!e)
		return -ENOMEM;
	dir_add(dir, e, ihold(inode));
	inode->i_nlink++;
	fs_now(&inode->i_ctime);
	d_instantiate(d, ihold(inode));
	return 0;
}

static int ramfs_unlink(struct inode *dir, struct dentry *d)
{
	struct ramfs_dirent *e = dir_find(dir, d->d_name, d->d_len);
	struct inode *inode;

	if (!e)
		return -ENOENT;
	inode = dir_remove(e);
	inode->i_nlink--;
	iput(inode);		/* the dentry still holds one */
	return 0;
}

static int ramfs_rmdir(struct inode *dir, struct dentry *d)
{
	struct inode *victim = d_inode(d);
	int err;

	if (!dir_empty(victim))
		return -ENOTEMPTY;
	err = ramfs_unlink(dir, d);
	if (!err) {
		victim->i_nlink = 0;
		dir->i_nlink--;
	}
	return err;
}

static int ramfs_rename(struct inode *odir, struct dentry *od,
			struct inode *ndir, struct dentry *nd)
{
	struct ramfs_dirent *src = dir_find(odir, od->d_name, od->d_len);
	struct ramfs_dirent *dst = NULL, *e;
	struct inode *inode, *victim = d_inode(nd);
	bool isdir;

	if (!src)
		return -ENOENT;
	inode = src->inode;
	isdir = S_ISDIR(inode->i_mode);
	if (victim) {
		dst = dir_find(ndir, nd->d_name, nd->d_len);
		if (!dst)
			return -ENOENT;
		if (isdir && !dir_empty(victim))
			return -ENOTEMPTY;
	}
	e = dirent_alloc(nd->d_name, nd->d_len);
	if (!e)
		return -ENOMEM;
	if (dst) {
		dir_remove(dst);
		if (isdir) {
			victim->i_nlink = 0;
			ndir->i_nlink--;
		} else {
			victim->i_nlink--;
		}
		iput(victim);
	}
	dir_add(ndir, e, dir_remove(src));
	if (isdir && odir != ndir) {
		odir->i_nlink--;
		ndir->i_nlink++;
	}
	return 0;
}

static int ramfs_get_link(struct inode *inode, char *buf, size_t size)
{
	struct ramfs_inode *ri = RAMFS_I(inode);
	size_t n = MIN(size, ri->link.len);

	memcpy(buf, ri->link.target, n);
	return (int)n;
}

static int ramfs_setattr(struct inode *inode, const struct iattr *attr)
{
	if (attr->valid & ATTR_SIZE) {
		int err;

		if (!S_ISREG(inode->i_mode))
			return -EINVAL;
		err = ramfs_truncate(inode, attr->size);
		if (err)
			return err;
	}
	simple_setattr(inode, attr);
	return 0;
}

static const struct inode_operations ramfs_dir_iops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.mknod = ramfs_mknod,
	.symlink = ramfs_symlink,
	.tmpfile = ramfs_tmpfile,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
	.setattr = ramfs_setattr,
};

static const struct inode_operations ramfs_file_iops = {
	.setattr = ramfs_setattr,
};

static const struct inode_operations ramfs_link_iops = {
	.get_link = ramfs_get_link,
	.setattr = ramfs_setattr,
};

/* ---- reading directories ------------------------------------------------------ */

static int ramfs_iterate(struct file *f, struct dir_context *ctx)
{
	struct ramfs_dirent *e;

	if (!dir_emit_dots(f, ctx))
		return 0;
	list_for_each_entry(e, &RAMFS_I(f->f_inode)->dir.entries, node) {
		if ((loff_t)e->cookie < ctx->pos)
			continue;
		ctx->pos = (loff_t)e->cookie;
		if (!dir_emit(ctx, e->name, e->len, e->inode->i_ino, dt_type(e->inode->i_mode)))
			return 0;
		ctx->pos = (loff_t)e->cookie + 1;
	}
	return 0;
}

static const struct file_operations ramfs_dir_fops = {
	.read = generic_read_dir,
	.llseek = dir_llseek,
	.iterate = ramfs_iterate,
	.fsync = noop_fsync,
};

/* ---- the file system ------------------------------------------------------------ */

static int ramfs_statfs(struct super_block *sb, struct kstatfs *st)
{
	(void)sb;
	*st = (struct kstatfs){
		.f_type = RAMFS_MAGIC,
		.f_bsize = PAGE_SIZE,
		.f_frsize = PAGE_SIZE,
		.f_namelen = NAME_MAX,
	};
	return 0;
}

static const struct super_operations ramfs_sops = {
	.alloc_inode = ramfs_alloc_inode,
	.destroy_inode = ramfs_destroy_inode,
	.evict_inode = ramfs_evict_inode,
	.statfs = ramfs_statfs,
};

int ramfs_make_root(struct super_block *sb, umode_t mode, uint32_t uid, uint32_t gid)
{
	struct inode *root;

	sb->s_magic = sb->s_magic ? sb->s_magic : RAMFS_MAGIC;
	sb->s_maxbytes = RAMFS_MAX_BYTES;
	sb->s_blocksize = PAGE_SIZE;
	root = ramfs_new_inode(sb, NULL, S_IFDIR | (mode & 07777), 0);
	if (!root)
		return -ENOMEM;
	root->i_uid = uid;
	root->i_gid = gid;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static int ramfs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	(void)source;
	(void)data;
	sb->s_op = &ramfs_sops;
	return ramfs_make_root(sb, 0755, 0, 0);
}

static struct file_system_type ramfs_type = {
	.name = "ramfs",
	.fill_super = ramfs_fill_super,
};

void ramfs_init(void)
{
	register_filesystem(&ramfs_type);
}
