/*
 * ramfs's inode, shared by fs/ramfs.c (names) and fs/ramfs_file.c (data).
 * Everything in a ramfs inode is protected by its i_mutex, but for the
 * page tree of a file (its tree_lock too; see below).
 */
#ifndef FS_RAMFS_INTERNAL_H
#define FS_RAMFS_INTERNAL_H

#include <fs/ramfs.h>
#include <mm/page_tree.h>

/* One name in a directory. */
struct ramfs_dirent {
	struct list_head node;		/* in the directory, by cookie */
	uint64_t cookie;		/* its getdents position (>= 2) */
	struct inode *inode;		/* referenced */
	size_t len;
	char name[];
};

struct ramfs_inode {
	struct inode vfs;
	union {
		struct {
			struct list_head entries;	/* struct ramfs_dirent */
			uint64_t next_cookie;
		} dir;
		struct {
			/*
			 * The page tree has its own lock, taken inside i_mutex,
			 * so mmap faults (which hold the mm lock, taken after
			 * file-system locks) can find pages without i_mutex.
			 */
			struct mutex tree_lock;
			struct page_tree pages;	/* [tree_lock] data pages (addresses) */
		} file;
		struct {
			char *target;
			size_t len;
		} link;
	};
};

static inline struct ramfs_inode *RAMFS_I(struct inode *inode)
{
	return container_of(inode, struct ramfs_inode, vfs);
}

/*
 * Limits of one instance (tmpfs): sb->s_fs_info of a ramfs super block
 * is NULL (no limits: ramfs) or this, at its start. Counts are atomic.
 */
struct ramfs_limits {
	long max_pages;			/* data pages; 0: no limit */
	long used_pages;		/* [a] */
	long max_inodes;		/* 0: no limit */
	long used_inodes;		/* [a] */
};

/* Take n data pages (or one inode) of sb's limit: false when it is full. */
bool ramfs_charge_pages(struct super_block *sb, long n);
void ramfs_uncharge_pages(struct super_block *sb, long n);

/* For tmpfs, which is ramfs with limits: ramfs's inodes and root. */
struct inode *ramfs_alloc_inode(struct super_block *sb);
void ramfs_destroy_inode(struct inode *inode);
void ramfs_evict_inode(struct inode *inode);
/* Set up sb's root as a directory of mode, uid, gid (s_op is the caller's). */
int ramfs_make_root(struct super_block *sb, umode_t mode, uint32_t uid, uint32_t gid);

/* fs/tmpfs.c: a tmpfs instance on sb (options data; the root's mode if not given). */
int tmpfs_fill(struct super_block *sb, const char *data, umode_t default_mode);

extern const struct file_operations ramfs_file_fops;
/* Set the size: free pages past it, zero the tail of the last. */
int ramfs_truncate(struct inode *inode, loff_t size);
/* A new regular file's data: no pages. */
void ramfs_init_data(struct inode *inode);
/* Drop every data page (the inode is going away). */
void ramfs_free_data(struct inode *inode);
/* Largest file: what a tree of pages holds. */
#define RAMFS_MAX_BYTES	PAGE_TREE_MAX_BYTES

#endif
