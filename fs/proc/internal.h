/*
 * procfs internals. Every inode is made at lookup and forgotten when its
 * dentry goes (the super block is SB_NOCACHE), so what a directory holds
 * is always what the kernel has now: a process that exited leaves no
 * /proc/PID behind once unused. An inode names an entry of a table
 * (struct proc_entry) and, under /proc/PID, the process by its pid.
 *
 * Files are generated whole at open into a buffer (struct pbuf) that
 * read then serves, so one open file reads one consistent snapshot.
 */
#ifndef FS_PROC_INTERNAL_H
#define FS_PROC_INTERNAL_H

#include "../internal.h"
#include <uapi/linux/dirent.h>
#include <fs/pseudofs.h>
#include <kernel/proc.h>

/* A growing text buffer; generators print into it. */
struct pbuf {
	char *buf;
	size_t len, cap;
	bool overflow;		/* something did not fit: try again, larger */
};

void pb_printf(struct pbuf *pb, const char *fmt, ...) __printf(2, 3);
void pb_write(struct pbuf *pb, const void *data, size_t n);

struct proc_inode;

struct proc_entry {
	const char *name;
	umode_t mode;				/* S_IFREG/S_IFDIR/S_IFLNK | permissions */
	/* regular files: the contents */
	int (*show)(struct pbuf *pb, struct proc_inode *pi);
	/* symlinks: the target into buf (no NUL), its length or -Exxx */
	int (*link)(struct proc_inode *pi, char *buf, size_t size);
	/* directories: a table ending in a NULL name, or dynamic (see ops) */
	const struct proc_entry *children;
	const struct inode_operations *iops;	/* directories with their own names */
	const struct file_operations *fops;
};

struct proc_inode {
	struct inode vfs;
	const struct proc_entry *entry;		/* [I] */
	int pid;				/* [I] 0 outside /proc/PID */
	int fd;					/* [I] /proc/PID/fd/N */
};

static inline struct proc_inode *PROC_I(struct inode *inode)
{
	return container_of(inode, struct proc_inode, vfs);
}

/* A new inode for entry e (of pid, fd) in sb; NULL without memory. */
struct inode *proc_make_inode(struct super_block *sb, const struct proc_entry *e, int pid,
			      int fd);
/* Instantiate d with a new inode for e; 0 or -ENOMEM. */
int proc_instantiate(struct dentry *d, const struct proc_entry *e, int pid, int fd);
/* Directory helpers for tables of entries */
int proc_table_lookup(struct inode *dir, struct dentry *d);
/* Emit the table's entries from ctx->pos (positions 2.. after the dots); false when full. */
bool proc_table_emit(struct file *f, struct dir_context *ctx, const struct proc_entry *t,
		     loff_t base);
extern const struct inode_operations proc_table_iops;
extern const struct file_operations proc_table_fops;

/* fs/proc/base.c: /proc/PID and /proc/self */
extern const struct proc_entry proc_pid_entry;
/* /proc/self: the caller's pid */
int proc_self_link(struct proc_inode *pi, char *buf, size_t size);
/* Is there a process (live or zombie) with this pid? */
bool proc_pid_exists(int pid);
/* The pids >= from, in order: up to n into out; how many. */
int proc_next_pids(int from, int *out, int n);

/* fs/proc/info.c: the files of /proc itself */
extern const struct proc_entry proc_root_entries[];
/* /proc/mounts and /proc/PID/mounts */
int proc_show_mounts(struct pbuf *pb, struct proc_inode *pi);

#endif
