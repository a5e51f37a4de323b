/*
 * FAT32 directory operations: lookup, create, mkdir, unlink, rmdir,
 * rename, getdents, and attributes.
 *
 * The VFS calls these with the directories' i_mutexes held; each takes
 * the instance's lock [l] for the directory slots and the FAT, and does
 * its iput()s after dropping it. A changed directory's write time is
 * written to its own entry, as Linux does.
 *
 * Rename to a new name frees the old slots first (their short name may be
 * the one the new name wants, as in a change of case) and puts them back
 * if the new name cannot be written. Over an existing name, the victim's
 * short entry is rewritten in place to describe the source, keeping the
 * victim's name, so that rename needs no new slots.
 */
#include "fat_internal.h"
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

void fat_dir_touch(struct inode *dir)
{
	fs_now(&dir->i_mtime);
	dir->i_ctime = dir->i_mtime;
	fat_write_inode(dir);
}

/* The first cluster a ".." entry names for dir: 0 for the root, as FAT wants. */
static uint32_t dotdot_start(struct inode *dir)
{
	return dir->i_ino == FAT_ROOT_INO ? 0 : FAT_I(dir)->start;
}

/*
 * Find d's entry in dir (d's name checked and trimmed as for creation),
 * ignoring ASCII case as Linux's vfat does. [l]
 */
static int find_dentry(struct inode *dir, struct dentry *d, struct fat_slot_info *si)
{
	size_t len = d->d_len;
	int err = fat_check_name(d->d_name, &len);

	if (err)
		return -ENOENT;
	return fat_find(dir, d->d_name, len, si);
}

static int fat_lookup(struct inode *dir, struct dentry *d)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	struct fat_slot_info si;
	struct inode *inode = NULL;
	int err;

	mutex_lock(&s->lock);
	err = find_dentry(dir, d, &si);
	if (!err) {
		inode = fat_iget_entry(dir->i_sb, &si);
		err = IS_ERR(inode) ? (int)PTR_ERR(inode) : 0;
	}
	mutex_unlock(&s->lock);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	d_instantiate(d, inode);
	return 0;
}

/* Is the name free in dir, ignoring ASCII case (except for the entry at skip)? [l] */
static int name_free(struct inode *dir, struct dentry *d, uint64_t skip)
{
	struct fat_slot_info si;
	size_t len = d->d_len;
	int err = fat_check_name(d->d_name, &len);

	if (err)
		return err;
	err = fat_find(dir, d->d_name, len, &si);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	return si.i_pos == skip ? 0 : -EEXIST;
}

/* Add the entry de as d in dir and make its inode. [l] */
static int add_new(struct inode *dir, struct dentry *d, const struct fat_dirent *de,
		   struct inode **out)
{
	struct fat_slot_info si;
	struct inode *inode;
	int err = name_free(dir, d, 0);

	if (!err)
		err = fat_add_entry(dir, d->d_name, d->d_len, de, &si);
	if (err)
		return err;
	inode = fat_new_inode(dir->i_sb, &si.de, si.i_pos);
	if (IS_ERR(inode)) {
		fat_remove_entry(dir, &si, NULL);
		return (int)PTR_ERR(inode);
	}
	fat_dir_touch(dir);
	*out = inode;
	return 0;
}

static int fat_create(struct inode *dir, struct dentry *d, umode_t mode)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	struct fat_dirent de;
	struct inode *inode;
	int err;

	(void)mode;	/* every file is 0755 (Linux's vfat keeps no modes) */
	memset(&de, 0, sizeof(de));
	de.attr = ATTR_ARCH;
	fat_de_set_times_now(&de);
	mutex_lock(&s->lock);
	err = add_new(dir, d, &de, &inode);
	mutex_unlock(&s->lock);
	if (!err)
		d_instantiate(d, inode);
	return err;
}

/* Write "." and ".." into the new directory cluster c. [l] */
static int init_dir_cluster(struct fat_sb *s, uint32_t c, const struct fat_dirent *self,
			    uint32_t parent_start)
{
	struct buf *bp;
	struct fat_dirent *de;
	int err;

	bp = bread(s->bdev, fat_clus_sector(s, c), s->sector_size, &err);
	if (!bp)
		return err;
	de = bp->data;
	de[0] = *self;
	memcpy(de[0].name, ".          ", FAT_NAME_LEN);
	fat_de_set_start(&de[0], c);
	de[1] = *self;
	memcpy(de[1].name, "..         ", FAT_NAME_LEN);
	fat_de_set_start(&de[1], parent_start);
	bdirty(bp);
	brelse(bp);
	return 0;
}

static int fat_mkdir(struct inode *dir, struct dentry *d, umode_t mode)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	struct fat_dirent de;
	struct inode *inode;
	uint32_t c;
	int err;

	(void)mode;
	memset(&de, 0, sizeof(de));
	de.attr = ATTR_DIR;
	fat_de_set_times_now(&de);
	mutex_lock(&s->lock);
	err = name_free(dir, d, 0);
	if (err)
		goto out;
	err = fat_alloc_cluster(s, 0, true, &c);
	if (err)
		goto out;
	fat_de_set_start(&de, c);
	err = init_dir_cluster(s, c, &de, dotdot_start(dir));
	if (!err)
		err = add_new(dir, d, &de, &inode);
	if (err) {
		fat_free_chain(s, c);
		goto out;
	}
	dir->i_nlink++;
out:
	mutex_unlock(&s->lock);
	if (!err)
		d_instantiate(d, inode);
	return err;
}

/* Remove d's entry from dir: the inode loses that name. [l] */
static int remove_dentry(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d_inode(d);
	struct fat_slot_info si;
	int err = find_dentry(dir, d, &si);

	if (err)
		return err;
	if (!fat_links_names(FAT_SB(dir->i_sb), si.i_pos, inode))
		return -EIO;	/* the dentry and the directory disagree */
	return fat_links_remove(dir, &si, inode);
}

static int fat_unlink(struct inode *dir, struct dentry *d)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	int err;

	mutex_lock(&s->lock);
	err = remove_dentry(dir, d);
	mutex_unlock(&s->lock);
	return err;
}

static int fat_rmdir(struct inode *dir, struct dentry *d)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	int err;

	mutex_lock(&s->lock);
	err = fat_dir_empty(d_inode(d));
	if (!err)
		err = remove_dentry(dir, d);
	if (!err && dir->i_nlink > 2)
		dir->i_nlink--;
	mutex_unlock(&s->lock);
	return err;
}

/* Point the ".." entry of directory inode at its new parent. [l] */
static int set_dotdot(struct inode *inode, struct inode *parent)
{
	struct buf *bp = NULL;
	struct fat_dirent *de;
	int err = fat_dir_slot(inode, FAT_DIRENT_SIZE, &bp, &de);

	if (!err && memcmp(de->name, "..         ", FAT_NAME_LEN) == 0) {
		fat_de_set_start(de, dotdot_start(parent));
		bdirty(bp);
	}
	if (bp)
		brelse(bp);
	return err;
}

static int rename_locked(struct inode *odir, struct dentry *od, struct inode *ndir,
			 struct dentry *nd)
{
	struct fat_sb *s = FAT_SB(odir->i_sb);
	struct inode *inode = d_inode(od), *victim = d_inode(nd);
	struct fat_slot_info osi, nsi;
	uint8_t saved[FAT_LFN_MAX_SLOTS + 1];
	bool isdir = S_ISDIR(inode->i_mode), in_place = false;
	int err;

	err = find_dentry(odir, od, &osi);
	if (err)
		return err;
	if (!fat_links_names(s, osi.i_pos, inode))
		return -EIO;
	if (victim) {
		err = find_dentry(ndir, nd, &nsi);
		if (err)
			return err;
		if (!fat_links_names(s, nsi.i_pos, victim))
			return -EIO;
		if (isdir) {
			err = fat_dir_empty(victim);
			if (err)
				return err;
		}
		in_place = !fat_links_involve(s, nsi.i_pos, victim) &&
			   !fat_links_involve(s, osi.i_pos, inode);
		if (in_place) {
			/* the victim's entry describes the source from now on */
			err = fat_update_entry(ndir, &nsi, &osi.de);
			if (!err)
				err = fat_remove_entry(odir, &osi, NULL);
			if (err)
				return err;
			fat_rehash(victim, 0);
			victim->i_nlink = 0;
			if (isdir && ndir->i_nlink > 2)
				ndir->i_nlink--;
		} else {
			/* links are involved: the victim's name goes the usual way first */
			err = fat_links_remove(ndir, &nsi, victim);
			if (err)
				return err;
		}
	}
	if (!in_place) {
		/* the old name goes first, so that its short name is free for the new */
		err = fat_remove_entry(odir, &osi, saved);
		if (err)
			return err;
		err = name_free(ndir, nd, 0);
		if (!err)
			err = fat_add_entry(ndir, nd->d_name, nd->d_len, &osi.de, &nsi);
		if (err) {
			fat_restore_entry(odir, &osi, saved);
			return err;
		}
	}
	if (FAT_I(inode)->i_pos == osi.i_pos)
		fat_rehash(inode, nsi.i_pos);
	err = fat_links_moved(s, osi.i_pos, nsi.i_pos);
	if (isdir && odir != ndir) {
		int e = set_dotdot(inode, ndir);

		err = err ? err : e;
		if (odir->i_nlink > 2)
			odir->i_nlink--;
		ndir->i_nlink++;
	}
	fat_dir_touch(odir);
	if (ndir != odir)
		fat_dir_touch(ndir);
	return err;
}

static int fat_rename(struct inode *odir, struct dentry *od, struct inode *ndir,
		      struct dentry *nd)
{
	struct fat_sb *s = FAT_SB(odir->i_sb);
	int err;

	mutex_lock(&s->lock);
	err = rename_locked(odir, od, ndir, nd);
	mutex_unlock(&s->lock);
	return err;
}

/*
 * Attributes as Linux's vfat takes them: owners other than root's and
 * special mode bits are -EPERM; a mode FAT cannot hold is ignored; a
 * file without write bits becomes read-only. Times are kept as FAT can.
 */
static int fat_setattr(struct inode *inode, const struct iattr *attr)
{
	struct fat_sb *s = FAT_SB(inode->i_sb);
	struct fat_inode *fi = FAT_I(inode);
	struct iattr a = *attr;
	int err;

	if (((a.valid & ATTR_UID) && a.uid != 0) || ((a.valid & ATTR_GID) && a.gid != 0) ||
	    ((a.valid & ATTR_MODE) && (a.mode & ~S_IRWXUGO)))
		return -EPERM;
	if (a.valid & ATTR_MODE) {
		umode_t rx = S_IRUGO | S_IXUGO, w = a.mode & S_IWUGO;

		a.valid &= ~ATTR_MODE;
		if ((a.mode & rx) == (inode->i_mode & rx) && S_ISREG(inode->i_mode) &&
		    (w == 0 || w == S_IWUGO)) {
			fi->attr = w ? fi->attr & ~ATTR_RO : fi->attr | ATTR_RO;
			inode->i_mode = fat_mode(fi->attr);
		}
	}
	if (a.valid & ATTR_SIZE) {
		if (!S_ISREG(inode->i_mode))
			return -EINVAL;
		err = fat_set_size(inode, a.size);
		if (err)
			return err;
	}
	simple_setattr(inode, &a);
	fs_now(&inode->i_ctime);
	mutex_lock(&s->lock);
	err = fat_write_inode(inode);
	mutex_unlock(&s->lock);
	return err;
}

/*
 * getdents: positions 0 and 1 are "." and ".."; position 2 + n is the
 * slot at byte offset n. The lock is dropped around each dir_emit (which
 * copies to user memory).
 */
static int fat_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	struct fat_sb *s = FAT_SB(dir->i_sb);
	struct fat_slot_info si;
	char *name;
	int err = 0;

	if (!dir_emit_dots(f, ctx))
		return 0;
	name = kmalloc(FAT_NAME_BUF, 0);
	if (!name)
		return -ENOMEM;
	for (;;) {
		loff_t pos = ctx->pos - 2;
		size_t len;
		uint64_t ino = 0;

		unsigned int dtype = 0;

		mutex_lock(&s->lock);
		err = fat_dir_next(dir, &pos, name, &len, &si);
		if (!err)
			fat_links_dirent(dir->i_sb, &si, &ino, &dtype);
		mutex_unlock(&s->lock);
		if (err)
			break;
		ctx->pos = 2 + si.slot_off;
		if (!dir_emit(ctx, name, len, ino, dtype))
			break;
		ctx->pos = 2 + pos;
	}
	kfree(name);
	if (err == -ENOENT) {
		ctx->pos = 2 + dir->i_size;
		err = 0;
	}
	return err;
}

/* A hard link: an empty entry, and a record in the link table (link.c). */
int fat_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	struct inode *inode = d_inode(old);
	struct fat_slot_info si;
	struct fat_dirent de;
	int err;

	if (S_ISDIR(inode->i_mode))
		return -EPERM;
	memset(&de, 0, sizeof(de));
	de.attr = ATTR_ARCH | ATTR_SYS;
	fat_de_set_times_now(&de);
	mutex_lock(&s->lock);
	err = FAT_I(inode)->i_pos ? name_free(dir, d, 0) : -ENOENT;
	if (!err)
		err = fat_add_entry(dir, d->d_name, d->d_len, &de, &si);
	if (!err) {
		err = fat_links_add(s, FAT_REC_LINK, si.i_pos, FAT_I(inode)->i_pos);
		if (err)
			fat_remove_entry(dir, &si, NULL);
	}
	if (!err) {
		inode->i_nlink++;
		fs_now(&inode->i_ctime);
		fat_dir_touch(dir);
	}
	mutex_unlock(&s->lock);
	if (!err)
		d_instantiate(d, ihold(inode));
	return err;
}

/* A symlink: a file holding the target, and a record in the link table. */
int fat_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	size_t len = strlen(target);
	struct fat_slot_info si;
	struct fat_dirent de;
	struct inode *inode = NULL;
	int err;

	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	memset(&de, 0, sizeof(de));
	de.attr = ATTR_ARCH;
	fat_de_set_times_now(&de);
	mutex_lock(&s->lock);
	err = name_free(dir, d, 0);
	if (!err)
		err = fat_add_entry(dir, d->d_name, d->d_len, &de, &si);
	if (err)
		goto out;
	err = fat_links_add(s, FAT_REC_SYMLINK, si.i_pos, 0);
	if (!err) {
		inode = fat_new_inode(dir->i_sb, &si.de, si.i_pos);
		err = IS_ERR(inode) ? (int)PTR_ERR(inode) : 0;
	}
	if (!err && len) {
		err = fat_data_rw(inode, 0, (void *)target, len, true);
		inode->i_size = (loff_t)len;
		if (!err)
			err = fat_write_inode(inode);
	}
	if (err) {
		/* as if it had been made and unlinked at once */
		if (inode && !IS_ERR(inode)) {
			fat_links_remove(dir, &si, inode);
		} else {
			fat_remove_entry(dir, &si, NULL);
			fat_links_forget(s, si.i_pos);
		}
		goto out;
	}
	inode->i_blocks = (uint64_t)FAT_I(inode)->nr_clusters << (s->clus_shift - 9);
	fat_dir_touch(dir);
out:
	mutex_unlock(&s->lock);
	if (!err)
		d_instantiate(d, inode);
	else if (inode && !IS_ERR(inode))
		iput(inode);
	return err;
}

static int fat_get_link(struct inode *inode, char *buf, size_t size)
{
	struct fat_sb *s = FAT_SB(inode->i_sb);
	size_t n = (size_t)MIN((loff_t)size, inode->i_size);
	int err;

	mutex_lock(&s->lock);
	err = fat_data_rw(inode, 0, buf, n, false);
	mutex_unlock(&s->lock);
	return err ? err : (int)n;
}

static int fat_dir_fsync(struct file *f, bool datasync)
{
	(void)datasync;
	return blkdev_sync(FAT_SB(f->f_inode->i_sb)->bdev);
}

const struct inode_operations fat_dir_iops = {
	.lookup = fat_lookup,
	.create = fat_create,
	.mkdir = fat_mkdir,
	.unlink = fat_unlink,
	.rmdir = fat_rmdir,
	.rename = fat_rename,
	.link = fat_link,
	.symlink = fat_symlink,
	.setattr = fat_setattr,
};

const struct inode_operations fat_symlink_iops = {
	.get_link = fat_get_link,
	.setattr = fat_setattr,
};

const struct inode_operations fat_file_iops = {
	.setattr = fat_setattr,
};

const struct file_operations fat_dir_fops = {
	.read = generic_read_dir,
	.llseek = dir_llseek,
	.iterate = fat_iterate,
	.fsync = fat_dir_fsync,
};
