/*
 * Hard links and symbolic links on FAT32, which has neither: a hidden
 * table file in the root directory (FATLINKS.TAB, hidden and system)
 * says which entries are more than they look.
 *
 *   a hard link   an extra name for a file: an empty entry (no clusters,
 *                 size 0, system attribute) and a record (its position,
 *                 the position of the file's own entry). Lookups of it
 *                 give the file's inode; the link count is 1 + records.
 *   a symlink     a regular file holding the target path, and a record
 *                 (its position) saying it is a link.
 *
 * Positions are those of the short entries on disk (i_pos), which stay
 * put until a rename, and renames here rewrite the records. Unlinking
 * the file's own entry while hard links remain moves the file into the
 * first link's entry (as StarryOS's link table promotes the next name),
 * so every other name keeps working, as on Linux. For other systems
 * (fsck.fat, Windows) links are empty files and symlinks small text
 * files: the volume stays a valid FAT32.
 *
 * The table is read at mount (records naming anything but the entries
 * they describe are dropped) and rewritten whole after each change:
 * "FATLINK1", a count, then 24-byte records. Everything runs under [l].
 */
#include "fat_internal.h"
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <uapi/linux/dirent.h>

#define LINKS_MAGIC	"FATLINK1"
#define LINKS_HDR	16
#define LINKS_MAX	65536

struct link_rec {
	uint32_t kind;		/* FAT_REC_* (0: free, in memory) */
	uint32_t pad;
	uint64_t pos;		/* the entry this record is about */
	uint64_t target;	/* hard links: the file's own entry */
};

struct fat_links {
	struct inode *file;	/* the table file's inode, held; NULL until there is one */
	struct link_rec *recs;
	unsigned int nr, cap;
};

bool fat_is_link_table(struct inode *dir, const struct fat_dirent *de)
{
	return dir->i_ino == FAT_ROOT_INO && memcmp(de->name, FAT_LINKS_NAME, FAT_NAME_LEN) == 0 &&
	       (de->attr & (ATTR_HIDDEN | ATTR_SYS | ATTR_DIR)) == (ATTR_HIDDEN | ATTR_SYS);
}

static struct link_rec *rec_at(struct fat_sb *s, uint64_t pos, uint32_t kind)
{
	for (unsigned int i = 0; s->links && i < s->links->nr; i++)
		if (s->links->recs[i].kind == kind && s->links->recs[i].pos == pos)
			return &s->links->recs[i];
	return NULL;
}

static struct link_rec *first_link_to(struct fat_sb *s, uint64_t target)
{
	for (unsigned int i = 0; s->links && i < s->links->nr; i++)
		if (s->links->recs[i].kind == FAT_REC_LINK && s->links->recs[i].target == target)
			return &s->links->recs[i];
	return NULL;
}

/* The short entry at pos, if it is a live one. [l] */
static int read_de(struct fat_sb *s, uint64_t pos, struct fat_dirent *de)
{
	uint64_t byte = pos << FAT_DIRENT_SHIFT;
	struct buf *bp;
	int err;

	if (pos == 0 || (byte >> s->sector_shift) < s->data_start)
		return -EIO;
	bp = bread(s->bdev, byte >> s->sector_shift, s->sector_size, &err);
	if (!bp)
		return err;
	*de = *(struct fat_dirent *)((char *)bp->data + (byte & (s->sector_size - 1)));
	brelse(bp);
	if (de->name[0] == FAT_END || de->name[0] == FAT_DELETED || de->attr == ATTR_LFN ||
	    (de->attr & (ATTR_VOLUME | ATTR_DIR)))
		return -EIO;
	return 0;
}

/* Write src over the short entry at pos, keeping its name. [l] */
static int write_de_keep_name(struct fat_sb *s, uint64_t pos, const struct fat_dirent *src)
{
	uint64_t byte = pos << FAT_DIRENT_SHIFT;
	struct fat_dirent *de;
	struct buf *bp;
	uint8_t name[FAT_NAME_LEN], lcase;
	int err;

	bp = bread(s->bdev, byte >> s->sector_shift, s->sector_size, &err);
	if (!bp)
		return err;
	de = (struct fat_dirent *)((char *)bp->data + (byte & (s->sector_size - 1)));
	memcpy(name, de->name, FAT_NAME_LEN);
	lcase = de->lcase;
	*de = *src;
	memcpy(de->name, name, FAT_NAME_LEN);
	de->lcase = lcase;
	bdirty(bp);
	brelse(bp);
	return 0;
}

/* Write the table out (creating its file when there is something to keep). [l] */
static int store(struct fat_sb *s)
{
	struct fat_links *l = s->links;
	unsigned int n = 0;
	size_t len;
	char *buf;
	int err;

	for (unsigned int i = 0; i < l->nr; i++)
		if (l->recs[i].kind)
			l->recs[n++] = l->recs[i];
	l->nr = n;
	if (!l->file) {
		struct inode *root = d_inode(s->sb->s_root);
		struct fat_slot_info si;
		struct fat_dirent de;
		struct inode *inode;

		if (n == 0)
			return 0;
		memset(&de, 0, sizeof(de));
		de.attr = ATTR_ARCH | ATTR_HIDDEN | ATTR_SYS;
		fat_de_set_times_now(&de);
		err = fat_add_entry(root, "FATLINKS.TAB", 12, &de, &si);
		if (err)
			return err;
		inode = fat_new_inode(s->sb, &si.de, si.i_pos);
		if (IS_ERR(inode)) {
			fat_remove_entry(root, &si, NULL);
			return (int)PTR_ERR(inode);
		}
		l->file = inode;
	}
	len = LINKS_HDR + (size_t)n * sizeof(struct link_rec);
	buf = kzalloc(len);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, LINKS_MAGIC, 8);
	*(uint32_t *)(buf + 8) = n;
	memcpy(buf + LINKS_HDR, l->recs, (size_t)n * sizeof(struct link_rec));
	err = fat_data_rw(l->file, 0, buf, len, true);
	kfree(buf);
	if (err)
		return err;
	l->file->i_size = (loff_t)len;
	err = fat_truncate_clusters(l->file, (loff_t)len);
	if (!err) {
		fs_now(&l->file->i_mtime);
		err = fat_write_inode(l->file);
	}
	return err;
}

int fat_links_add(struct fat_sb *s, uint32_t kind, uint64_t pos, uint64_t target)
{
	struct fat_links *l = s->links;
	int err;

	if (l->nr == LINKS_MAX)
		return -EMLINK;
	if (l->nr == l->cap) {
		unsigned int cap = l->cap ? l->cap * 2 : 16;
		struct link_rec *r = kmalloc(cap * sizeof(*r), 0);

		if (!r)
			return -ENOMEM;
		if (l->nr)
			memcpy(r, l->recs, l->nr * sizeof(*r));
		kfree(l->recs);
		l->recs = r;
		l->cap = cap;
	}
	l->recs[l->nr++] = (struct link_rec){ .kind = kind, .pos = pos, .target = target };
	err = store(s);
	if (err)
		l->recs[--l->nr].kind = 0;
	return err;
}

/* Keep the records that describe what is on disk; drop the rest. [l] */
static void check_records(struct fat_sb *s)
{
	struct fat_links *l = s->links;
	struct fat_dirent de;

	for (unsigned int i = 0; i < l->nr; i++) {
		struct link_rec *r = &l->recs[i];
		bool ok = (r->kind == FAT_REC_LINK || r->kind == FAT_REC_SYMLINK) &&
			  read_de(s, r->pos, &de) == 0;

		if (ok && r->kind == FAT_REC_LINK)
			ok = fat_de_start(&de) == 0 && de.size == 0 && r->target != r->pos &&
			     read_de(s, r->target, &de) == 0;
		for (unsigned int k = 0; ok && k < i; k++)
			if (l->recs[k].kind && l->recs[k].pos == r->pos)
				ok = false;	/* one record per entry */
		if (!ok)
			r->kind = 0;
	}
	/* a link's target must be a file's own entry, not another link */
	for (unsigned int i = 0; i < l->nr; i++)
		if (l->recs[i].kind == FAT_REC_LINK && rec_at(s, l->recs[i].target, FAT_REC_LINK))
			l->recs[i].kind = 0;
}

int fat_links_load(struct super_block *sb)
{
	struct fat_sb *s = FAT_SB(sb);
	struct inode *root = d_inode(sb->s_root);
	struct fat_slot_info si;
	struct fat_links *l;
	struct inode *inode;
	char *buf;
	uint32_t n;
	loff_t size;
	int err;

	l = kzalloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	s->links = l;
	err = fat_find_link_table(root, &si);
	if (err)
		return err == -ENOENT ? 0 : err;
	inode = fat_new_inode(sb, &si.de, si.i_pos);
	if (IS_ERR(inode))
		return 0;	/* unreadable: as if there were none */
	l->file = inode;
	size = inode->i_size;
	if (size < LINKS_HDR || size > LINKS_HDR + (loff_t)LINKS_MAX * (loff_t)sizeof(struct link_rec))
		return 0;
	buf = kmalloc((size_t)size, 0);
	if (!buf)
		return -ENOMEM;
	err = fat_data_rw(inode, 0, buf, (size_t)size, false);
	n = *(uint32_t *)(buf + 8);
	if (!err && memcmp(buf, LINKS_MAGIC, 8) == 0 &&
	    (loff_t)n * (loff_t)sizeof(struct link_rec) == size - LINKS_HDR && n) {
		l->recs = kmalloc(n * sizeof(struct link_rec), 0);
		if (l->recs) {
			memcpy(l->recs, buf + LINKS_HDR, n * sizeof(struct link_rec));
			l->nr = l->cap = n;
			check_records(s);
		}
	}
	kfree(buf);
	return 0;
}

void fat_links_free(struct fat_sb *s)
{
	struct fat_links *l = s->links;

	if (!l)
		return;
	s->links = NULL;
	if (l->file)
		iput(l->file);	/* no lock held: eviction takes [l] */
	kfree(l->recs);
	kfree(l);
}

void fat_links_fill(struct inode *inode)
{
	struct fat_sb *s = FAT_SB(inode->i_sb);
	uint64_t pos = FAT_I(inode)->i_pos;

	if (!s->links || S_ISDIR(inode->i_mode) || pos == 0)
		return;
	for (unsigned int i = 0; i < s->links->nr; i++)
		if (s->links->recs[i].kind == FAT_REC_LINK && s->links->recs[i].target == pos)
			inode->i_nlink++;
	if (rec_at(s, pos, FAT_REC_SYMLINK)) {
		inode->i_mode = S_IFLNK | 0777;
		inode->i_op = &fat_symlink_iops;
		inode->i_fop = NULL;
	}
}

struct inode *fat_iget_entry(struct super_block *sb, const struct fat_slot_info *si)
{
	struct fat_sb *s = FAT_SB(sb);
	struct link_rec *r = rec_at(s, si->i_pos, FAT_REC_LINK);
	struct fat_slot_info t;
	int err;

	if (!r)
		return fat_iget(sb, si);
	t.i_pos = r->target;
	err = read_de(s, r->target, &t.de);
	return err ? ERR_PTR(err) : fat_iget(sb, &t);
}

void fat_links_dirent(struct super_block *sb, const struct fat_slot_info *si,
		      uint64_t *ino, unsigned int *dtype)
{
	struct fat_sb *s = FAT_SB(sb);
	struct link_rec *r = rec_at(s, si->i_pos, FAT_REC_LINK);
	uint64_t pos = r ? r->target : si->i_pos;

	*ino = fat_ino_of(sb, pos);
	if (rec_at(s, pos, FAT_REC_SYMLINK))
		*dtype = DT_LNK;
	else
		*dtype = dt_type(fat_mode(si->de.attr));
}

bool fat_links_names(struct fat_sb *s, uint64_t pos, struct inode *inode)
{
	struct link_rec *r = rec_at(s, pos, FAT_REC_LINK);
	uint64_t own = FAT_I(inode)->i_pos;

	return own && (pos == own || (r && r->target == own));
}

bool fat_links_involve(struct fat_sb *s, uint64_t pos, struct inode *inode)
{
	uint64_t own = inode ? FAT_I(inode)->i_pos : 0;

	for (unsigned int i = 0; s->links && i < s->links->nr; i++) {
		struct link_rec *r = &s->links->recs[i];

		if (r->kind && (r->pos == pos || r->target == pos ||
				(own && (r->pos == own || r->target == own))))
			return true;
	}
	return false;
}

int fat_links_remove(struct inode *dir, const struct fat_slot_info *si, struct inode *inode)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	struct link_rec *r = rec_at(s, si->i_pos, FAT_REC_LINK), *sym;
	uint64_t own = FAT_I(inode)->i_pos;
	int err;

	if (r) {
		/* a hard link's name */
		err = fat_remove_entry(dir, si, NULL);
		if (err)
			return err;
		r->kind = 0;
		inode->i_nlink--;
		fat_dir_touch(dir);
		return store(s);
	}
	if (si->i_pos != own)
		return -EIO;
	r = first_link_to(s, own);
	if (r) {
		/* the file's own entry, with links left: the first takes the file */
		uint64_t to = r->pos;

		err = write_de_keep_name(s, to, &si->de);
		if (!err)
			err = fat_remove_entry(dir, si, NULL);
		if (err)
			return err;
		r->kind = 0;
		fat_links_moved(s, own, to);
		fat_rehash(inode, to);
		inode->i_nlink--;
		fat_dir_touch(dir);
		return store(s);
	}
	err = fat_remove_entry(dir, si, NULL);
	if (err)
		return err;
	fat_rehash(inode, 0);
	inode->i_nlink = 0;
	fat_dir_touch(dir);
	sym = rec_at(s, own, FAT_REC_SYMLINK);
	if (sym) {
		sym->kind = 0;
		return store(s);
	}
	return 0;
}

void fat_links_forget(struct fat_sb *s, uint64_t pos)
{
	struct link_rec *r = rec_at(s, pos, FAT_REC_SYMLINK);

	if (!r)
		r = rec_at(s, pos, FAT_REC_LINK);
	if (r) {
		r->kind = 0;
		store(s);
	}
}

int fat_links_moved(struct fat_sb *s, uint64_t old, uint64_t new)
{
	bool changed = false;

	for (unsigned int i = 0; s->links && i < s->links->nr; i++) {
		struct link_rec *r = &s->links->recs[i];

		if (!r->kind)
			continue;
		if (r->pos == old) {
			r->pos = new;
			changed = true;
		}
		if (r->target == old) {
			r->target = new;
			changed = true;
		}
	}
	return changed ? store(s) : 0;
}
