/*
 * What proc and sysfs share: file systems whose files are made up by the
 * kernel when looked at. Nothing is stored. A file is an entry of a
 * table (struct pseudo_entry): a text file generated whole at open
 * (show, into a struct pbuf that read then serves, so one open file
 * reads one consistent snapshot), a symlink whose target is computed
 * (link), or a directory of a fixed table of entries (children) and/or
 * of entries made up when listed (child: the index'th one now).
 *
 * Each inode is made at lookup and names its entry and what the entry
 * is about (id: proc's pid, sysfs's cpu or device number; sub: proc's
 * fd); a table's children inherit the directory's id. The super blocks
 * are SB_NOCACHE, so unused dentries go and a listing is always current.
 */
#ifndef FS_PSEUDO_H
#define FS_PSEUDO_H

#include "internal.h"
#include <uapi/linux/dirent.h>

/* A growing text buffer; generators print into it. */
struct pbuf {
	char *buf;
	size_t len, cap;
	bool overflow;		/* something did not fit: try again, larger */
};

void pb_printf(struct pbuf *pb, const char *fmt, ...) __printf(2, 3);
void pb_write(struct pbuf *pb, const void *data, size_t n);

struct pseudo_inode;
struct pseudo_child;

struct pseudo_entry {
	const char *name;
	umode_t mode;				/* S_IFREG/S_IFDIR/S_IFLNK | permissions */
	/* regular files: the contents; 0 or -Exxx (open fails with it) */
	int (*show)(struct pbuf *pb, struct pseudo_inode *pi);
	/* symlinks: the target into buf (no NUL), its length or -Exxx */
	int (*link)(struct pseudo_inode *pi, char *buf, size_t size);
	/* magic symlinks: what a walk through them reaches (referenced) */
	int (*path)(struct pseudo_inode *pi, struct path *out);
	/* directories: a table ending in a NULL name, listed first */
	const struct pseudo_entry *children;
	/* directories: the index'th (from 0) generated entry into *out; false past the last */
	bool (*child)(struct pseudo_inode *dir, long index, struct pseudo_child *out);
	/* directories that do it all themselves (NULL: the table and child) */
	const struct inode_operations *iops;
	const struct file_operations *fops;
	/* regular files: opening for writing fails with -EACCES (sysfs) */
	bool no_write_open;
	/* regular files: st_size (proc: 0, sysfs: PAGE_SIZE) */
	loff_t size;
};

struct pseudo_child {
	char name[32];
	const struct pseudo_entry *entry;
	long id;
};

struct pseudo_inode {
	struct inode vfs;
	const struct pseudo_entry *entry;	/* [I] */
	long id;				/* [I] what it is about; table children inherit */
	long sub;				/* [I] within that (proc: the fd of fd/N) */
};

static inline struct pseudo_inode *PSEUDO_I(struct inode *inode)
{
	return container_of(inode, struct pseudo_inode, vfs);
}

/* A new inode for entry e (about id, sub) in sb; NULL without memory. */
struct inode *pseudo_make_inode(struct super_block *sb, const struct pseudo_entry *e, long id,
				long sub);
/* Instantiate d with a new inode for e; 0 or -ENOMEM. */
int pseudo_instantiate(struct dentry *d, const struct pseudo_entry *e, long id, long sub);
/*
 * Set up a mounted pseudo file system: statfs reports magic, unused
 * dentries are not cached, the root is a new inode for root; 0 or -ENOMEM.
 */
int pseudo_fill_super(struct super_block *sb, unsigned long magic,
		      const struct pseudo_entry *root);

/*
 * Directories of tables: lookup finds d's name in the table, then among
 * the generated entries. Positions of getdents: 0 and 1 the dots, the
 * table from 2, the generated entries after it.
 */
int pseudo_dir_lookup(struct inode *dir, struct dentry *d);
/* Emit the table's entries from ctx->pos (positions base..); false when full. */
bool pseudo_table_emit(struct dir_context *ctx, const struct pseudo_entry *t, loff_t base);
extern const struct inode_operations pseudo_dir_iops;
extern const struct file_operations pseudo_dir_fops;

/* Copy the string s into a symlink's buf; its length (cut at size). */
int pseudo_link_string(const char *s, char *buf, size_t size);

#endif
