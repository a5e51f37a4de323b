/*
 * What the files of fs/ share with each other and with no one else.
 */
#ifndef FS_INTERNAL_H
#define FS_INTERNAL_H

#include <fs/fs.h>
#include <fs/fdtable.h>
#include <kernel/spinlock.h>

/* fs/mount.c: protects the mount tree ([m] in <fs/vfs.h>). */
extern struct spinlock mount_lock;
/* fs/dcache.c */
extern struct spinlock dcache_lock;

/*
 * Build the path of p as seen from root into the end of buf: returns the
 * start of the string (NUL-terminated at buf[size - 1]) or
 * ERR_PTR(-ENAMETOOLONG) / ERR_PTR(-ENOENT) when p is unlinked.
 */
char *d_path(const struct path *p, const struct path *root, char *buf, size_t size);

/* Linux's cap on one read or write: the largest int, page aligned */
#define MAX_RW_COUNT	(INT32_MAX & ~(loff_t)(4096 - 1))

/* fs/anon_inode.c: mount the anonymous files' file system (boot) */
void anon_inode_init(void);

/* fs/open.c */
struct file *file_alloc(void);
/* Open the file at a looked-up path (references taken for the file). */
struct file *dentry_open(const struct path *p, int flags);

/* ---- fs/namei.c: path walks ---- */

/* last_type: what the final component is */
enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

struct walk_frame {
	const char *p;		/* the rest of this string to walk */
	char *buf;		/* a symlink body we own, or NULL */
};

/*
 * One path walk. The string being walked is a stack of frames: the name
 * given at the bottom, and above it the bodies of symlinks met on the
 * way (each walked to its end before the rest of the one below). Every
 * frame under the top still has components left.
 */
struct nameidata {
	struct path path;		/* where the walk stands (referenced) */
	struct path root;		/* the caller's root (referenced) */
	struct path link;		/* a symlink to follow (referenced) */
	const char *last;		/* the final component, not NUL-terminated */
	size_t last_len;
	int last_type;
	bool last_slash;		/* slashes came after it */
	unsigned int flags;		/* LOOKUP_* */
	int nr_links;			/* symlinks followed, at most MAXSYMLINKS */
	int depth;			/* frames in use */
	struct walk_frame stack[MAXSYMLINKS + 1];
};

/* The caller's root (global root if it has no fs_struct), referenced. */
void current_root(struct path *out);
/*
 * Start a walk of name from dfd/cwd/root and walk all but its final
 * component (nd->last). Call nd_cleanup() afterwards in every case.
 */
int nd_walk_parent(struct nameidata *nd, int dfd, const char *name, unsigned int flags);
void nd_cleanup(struct nameidata *nd);
/* Resolve nd->last (following a symlink when asked), into nd->path. */
int nd_lookup_last(struct nameidata *nd);
/*
 * Move the walk onto d (a referenced, positive child of nd->path): cross
 * mounts on it; if it is a symlink and follow is set, leave it in
 * nd->link and return 1. Returns 0, 1 or -Exxx (d is consumed).
 */
int nd_step_into(struct nameidata *nd, struct dentry *d, bool follow);
/* nd->link is a final symlink: walk its body, giving a new nd->last. */
int nd_follow_last_link(struct nameidata *nd);
int nd_follow_dotdot(struct nameidata *nd);
/* The child of dir, referenced, maybe negative; caller holds dir's i_mutex. */
struct dentry *lookup_locked(struct dentry *dir, const char *name, size_t len);
/* May a new name be made in dir (locked)? */
int may_create(struct inode *dir);

/* fs/open.c: set the size (i_mutex taken here) */
int vfs_do_truncate(struct inode *inode, loff_t length);

#endif
