/*
 * The virtual file system: the objects every file system shares, and the
 * operation tables a file system fills in.
 *
 *   file_system_type  a kind of file system, registered by name; mounting
 *                     one builds a super_block (one mounted instance).
 *   super_block       its root dentry, inode numbers, super_operations.
 *   inode             one file: mode, size, links, times; inode_operations
 *                     for names in a directory, file_operations for opens.
 *   dentry            one name in the dentry cache: (parent, name) -> inode,
 *                     or negative (known not to exist). Path walks look
 *                     names up here first, and ask the file system only
 *                     on a miss.
 *   vfsmount          a super_block attached at a dentry of another mount.
 *   path              (vfsmount, dentry): a place in the whole tree.
 *   file              an open file: path, position, flags, file_operations.
 *
 * Lifetimes: inodes, dentries, mounts and files are reference counted.
 * A dentry holds its inode and its parent; a file holds its path; a
 * file system keeps its own inodes alive while they have links (ramfs:
 * its directory entries hold inode references).
 *
 * Locking legend: [I] immutable after creation, [a] atomic,
 * [i] the inode's i_mutex, [d] dcache_lock (fs/dcache.c),
 * [m] mount_lock (fs/mount.c), [r] the super block's s_rename_mutex.
 * Sleeping locks order: s_rename_mutex, then directory i_mutexes
 * ancestors first (two unrelated directories only under s_rename_mutex),
 * then the i_mutex of non-directories. No i_mutex is taken with a
 * spinlock held. See docs/vfs.md.
 */
#ifndef FS_VFS_H
#define FS_VFS_H

#include <fs/types.h>
#include <fs/uio.h>
#include <kernel/mutex.h>
#include <lib/list.h>
#include <uapi/linux/fcntl.h>
#include <uapi/linux/limits.h>
#include <uapi/linux/stat.h>

struct super_block;
struct block_device;
struct inode;
struct dentry;
struct file;
struct vfsmount;
struct kstat;
struct iattr;
struct dir_context;
struct pipe;
struct poll_table;
struct page;

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

/* ---- inodes ------------------------------------------------------------ */

/* inode_permission() masks */
#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4

/* i_flags */
#define S_DEAD		(1U << 0)	/* directory removed: no new entries */
#define S_LINKABLE	(1U << 1)	/* O_TMPFILE without O_EXCL: linkat may name it */

struct inode_operations {
	/*
	 * Directories; called with dir->i_mutex held. lookup() instantiates
	 * d (d_instantiate) when the name exists and leaves it negative when
	 * not (returning 0 either way). The creating calls instantiate d.
	 */
	int (*lookup)(struct inode *dir, struct dentry *d);
	int (*create)(struct inode *dir, struct dentry *d, umode_t mode);
	int (*mkdir)(struct inode *dir, struct dentry *d, umode_t mode);
	int (*mknod)(struct inode *dir, struct dentry *d, umode_t mode, dev_t rdev);
	int (*symlink)(struct inode *dir, struct dentry *d, const char *target);
	/* O_TMPFILE: instantiate d (never hashed) with a new inode of no links */
	int (*tmpfile)(struct inode *dir, struct dentry *d, umode_t mode);
	/* old's inode (locked too) gets the new name d in dir */
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *d);
	/* d's inode is locked too (and for rmdir is an empty-checked directory) */
	int (*unlink)(struct inode *dir, struct dentry *d);
	int (*rmdir)(struct inode *dir, struct dentry *d);
	/*
	 * Under s_rename_mutex with both directories locked. new_d may be
	 * positive: the file system replaces it (the VFS has checked the
	 * types match and, for directories, the file system checks empty).
	 */
	int (*rename)(struct inode *old_dir, struct dentry *old_d,
		      struct inode *new_dir, struct dentry *new_d);
	/* Symlinks: copy the target (no NUL) into buf; return its length. */
	int (*get_link)(struct inode *inode, char *buf, size_t size);
	/*
	 * "Magic" links (/proc/PID/fd/N): the path of the open file the link
	 * stands for, referenced. A walk goes there instead of through the
	 * text get_link() gives, as Linux's nd_jump_link(): a pipe or a
	 * deleted file opens again.
	 */
	int (*get_path)(struct inode *inode, struct path *out);
	/* Change attributes (i_mutex held); NULL: simple_setattr(). */
	int (*setattr)(struct inode *inode, const struct iattr *attr);
};

struct inode {
	uint64_t i_ino;				/* [I] */
	umode_t i_mode;				/* [i] type bits [I] */
	unsigned int i_nlink;			/* [i] */
	uint32_t i_uid, i_gid;			/* [i] */
	dev_t i_rdev;				/* [I] device nodes */
	loff_t i_size;				/* [i] */
	uint64_t i_blocks;			/* [i] 512-byte units in use */
	struct fs_time i_atime, i_mtime, i_ctime;	/* [i] */
	unsigned int i_flags;			/* [i] S_DEAD */
	int i_count;				/* [a] */
	int i_writecount;			/* [a] >0: files open for writing, <0: running programs */
	struct mutex i_mutex;
	const struct inode_operations *i_op;	/* [I] */
	const struct file_operations *i_fop;	/* [I] what open() starts with */
	struct super_block *i_sb;		/* [I] */
	struct pipe *i_pipe;			/* [I] pipes */
	struct list_head i_locks;		/* [file_lock_mutex] fs/locks.c */
	void *i_private;			/* the file system's */
};

/* The size without i_mutex (a snapshot; 64-bit loads are atomic here). */
static inline loff_t i_size_read(const struct inode *inode)
{
	return READ_ONCE(inode->i_size);
}

/* A new inode of sb: one reference, a fresh number, the times now. */
struct inode *new_inode(struct super_block *sb);
struct inode *ihold(struct inode *inode);
/* Drop a reference; the last one evicts and frees the inode. */
void iput(struct inode *inode);
/*
 * The caller's ids (fs/cred.c): the file-system uid/gid and groups, or
 * the real ones (access(2)). uid 0 is root, with every capability.
 */
uint32_t fs_cred_uid(bool real);
uint32_t fs_cred_gid(bool real);
bool fs_cred_in_group(uint32_t gid, bool real);
/* The calling process's id (0 for a kernel thread): lock owners' l_pid. */
int fs_cred_pid(void);

/*
 * May the caller access inode with mask (MAY_*)? Owner, group, other
 * bits; root may read and write anything and execute what has an
 * execute bit (directories: always). 0, -EACCES, or -EROFS.
 */
int inode_permission(struct inode *inode, int mask);
/* The same with the real ids (access(2) without AT_EACCESS). */
int inode_permission_real(struct inode *inode, int mask);
bool inode_owner_or_root(struct inode *inode);
/* A new inode's owner and group (Linux's inode_init_owner); sets i_mode. */
void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode);
/* Writing or truncating as non-root drops set-user-id and set-group-id (i_mutex held). */
void inode_remove_privs(struct inode *inode);
void fs_now(struct fs_time *t);
/* Set mtime and ctime to now (caller holds i_mutex). */
void inode_touch(struct inode *inode);

/* ---- dentries ---------------------------------------------------------- */

#define DNAME_INLINE_LEN	40

/* d_flags */
#define DCACHE_HASHED		(1U << 0)	/* findable by d_lookup */

struct dentry {
	int d_count;			/* [a] reaches 0 only under [d] */
	unsigned int d_flags;		/* [d] */
	unsigned int d_mounted;		/* [m] mounts on this dentry */
	struct inode *d_inode;		/* set once, under the parent's i_mutex */
	struct dentry *d_parent;	/* [d]+[r]; a root: itself */
	struct super_block *d_sb;	/* [I] */
	const char *d_name;		/* [d] to read, or the parent's i_mutex */
	uint32_t d_len;			/* [d] */
	uint32_t d_hashval;		/* [d] */
	struct list_head d_hash;	/* [d] hash chain */
	struct list_head d_child;	/* [d] in d_parent->d_subdirs */
	struct list_head d_subdirs;	/* [d] */
	char d_iname[DNAME_INLINE_LEN];	/* short names live here */
};

static inline struct inode *d_inode(const struct dentry *d)
{
	return __atomic_load_n(&d->d_inode, __ATOMIC_ACQUIRE);
}

static inline bool d_is_negative(const struct dentry *d)
{
	return d_inode(d) == NULL;
}

struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
/* The parent, referenced (a root's parent is itself). */
struct dentry *dget_parent(struct dentry *d);
/* A new negative, unhashed child of parent, or NULL without memory. */
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len);
/* A dentry with no parent (a root, or a pipe's): its own parent. */
struct dentry *d_alloc_anon(struct super_block *sb, const char *name);
/* A file system's root: consumes the inode reference; NULL: iput done. */
struct dentry *d_make_root(struct inode *root);
/* Give negative d its inode (consuming the caller's reference). */
void d_instantiate(struct dentry *d, struct inode *inode);
/* Make d findable by (parent, name). */
void d_rehash(struct dentry *d);
/* The hashed child of parent called name, referenced, or NULL. */
struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len);
/* Unhash: later lookups miss d; holders keep it until their dput. */
void d_drop(struct dentry *d);
bool d_unhashed(struct dentry *d);
/*
 * Rename: d takes target's parent and name, and target is dropped. [r]
 * (Without memory for a long name d is dropped instead.)
 */
void d_move(struct dentry *d, struct dentry *target);
/* Is anc d or an ancestor of d (within one super block)? Caller holds [r]. */
bool d_is_ancestor(struct dentry *anc, struct dentry *d);
/* Number of cached dentries (tests). */
long dcache_count(void);
/*
 * Free the cached dentries nobody uses, of sb (or of every super block
 * if sb is NULL): for unmounting and for memory pressure. The inodes
 * they held are put. Returns how many went.
 */
long dcache_shrink(struct super_block *sb);

/* ---- super blocks, file system types, mounts ---------------------------- */

#define SB_RDONLY	(1UL << 0)
#define SB_NOCACHE	(1UL << 1)	/* unused dentries are freed, not cached (procfs) */

struct kstatfs {
	long f_type;
	long f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	long f_namelen;
	long f_frsize;
};

struct super_operations {
	/* Allocate an inode embedding a struct inode (NULL: kzalloc). */
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*destroy_inode)(struct inode *inode);
	/* The last reference is gone: drop the inode's data if unlinked. */
	void (*evict_inode)(struct inode *inode);
	int (*statfs)(struct super_block *sb, struct kstatfs *st);
	/* Unmounting, after the root and every cached dentry are gone. */
	void (*put_super)(struct super_block *sb);
	/* sync(2), syncfs(2): write back what is cached (NULL: nothing to do). */
	int (*sync_fs)(struct super_block *sb);
	/*
	 * mount -o remount: new SB_* flags in *flags (the file system may
	 * change them) and new options in data (a string or NULL).
	 */
	int (*remount_fs)(struct super_block *sb, unsigned long *flags, const void *data);
	/* /proc/mounts: ",opt=value..." of this instance into buf; its length. */
	int (*show_options)(struct super_block *sb, char *buf, size_t size);
};

struct super_block {
	struct file_system_type *s_type;	/* [I] */
	const struct super_operations *s_op;	/* [I] after fill_super */
	struct dentry *s_root;			/* [I] after fill_super */
	dev_t s_dev;				/* [I] */
	unsigned long s_flags;			/* [a] SB_* (remount changes SB_RDONLY) */
	int s_mounts;				/* [m] vfsmounts of it (bind mounts share it) */
	loff_t s_maxbytes;			/* [I] largest file size */
	unsigned long s_blocksize;		/* [I] */
	uint64_t s_next_ino;			/* [a] */
	unsigned long s_magic;			/* [I] statfs f_type */
	struct mutex s_rename_mutex;		/* moves of directories */
	struct block_device *s_bdev;		/* [I] FS_REQUIRES_DEV: the device, claimed */
	bool s_casefold;			/* [I] names match ignoring ASCII case (vfat) */
	void *s_fs_info;			/* the file system's */
};

/* file_system_type.fs_flags */
#define FS_REQUIRES_DEV	(1U << 0)	/* mounts a block device ("nodev" if not) */

struct file_system_type {
	const char *name;
	unsigned int fs_flags;
	/*
	 * Set up sb (s_type and s_dev are set, and s_bdev for a type that
	 * requires a device): s_op, s_root and the rest.
	 */
	int (*fill_super)(struct super_block *sb, const char *source, const void *data);
	/*
	 * The periodic flusher: write back every instance's dirty file data,
	 * no device flush (NULL: nothing to do). The type keeps its own list
	 * of instances, so that no mount is held busy meanwhile.
	 */
	void (*writeback_all)(void);
	struct list_head list;		/* registered types */
};

int register_filesystem(struct file_system_type *type);

/* vfsmount.mnt_flags: Linux's per-mount flags (MS_* of mount(2)) */
#define MNT_RDONLY	(1U << 0)
#define MNT_NOSUID	(1U << 1)
#define MNT_NODEV	(1U << 2)
#define MNT_NOEXEC	(1U << 3)
#define MNT_NOATIME	(1U << 4)
#define MNT_NODIRATIME	(1U << 5)
#define MNT_RELATIME	(1U << 6)
#define MNT_USER_FLAGS	(MNT_RDONLY | MNT_NOSUID | MNT_NODEV | MNT_NOEXEC | \
			 MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME)
#define MNT_DOOMED	(1U << 8)	/* detached lazily: freed at its last mntput */
#define MNT_EXPIRED	(1U << 9)	/* umount2(MNT_EXPIRE) marked it */

struct vfsmount {
	struct dentry *mnt_root;		/* [I] referenced */
	struct super_block *mnt_sb;		/* [I] */
	struct vfsmount *mnt_parent;		/* [m] itself when detached */
	struct dentry *mnt_mountpoint;		/* [m] referenced when attached */
	int mnt_count;				/* [a] */
	unsigned int mnt_flags;			/* [m] MNT_* */
	char *mnt_devname;			/* [I] the source, as /proc/mounts shows it */
	int mnt_id;				/* [I] */
	struct list_head mnt_list;		/* [m] attached mounts */
};

struct vfsmount *mntget(struct vfsmount *mnt);
void mntput(struct vfsmount *mnt);
void path_get(const struct path *p);
void path_put(const struct path *p);

static inline bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

/*
 * Mount a new instance of the file system type called fstype; the result
 * is detached (kern_mount: pipes) until vfs_mount_at(). ERR_PTR on error.
 */
struct vfsmount *vfs_kern_mount(const char *fstype, unsigned long flags,
				const char *source, const void *data);
/* Attach mnt on the directory at mountpoint (taking its own references). */
int vfs_mount_at(struct vfsmount *mnt, const struct path *mountpoint);
/* Mount a new instance of fstype on the directory target (a kernel path). */
int vfs_mount(const char *fstype, const char *source, const char *target,
	      unsigned long flags, const void *data);
/*
 * Unmount the mount whose root p is, taking over the caller's references
 * to p: -EINVAL if p is not a mount's root (or is /), -EBUSY while
 * anything else uses the mount (open files, working directories, mounts
 * on it). Then the super block goes (put_super) with its dentries.
 */
int vfs_umount(struct path *p);
/* umount2 flags, the kernel's */
#define UMOUNT_DETACH	(1U << 0)	/* busy: detach now, free at the last use */
int vfs_umount_flags(struct path *p, unsigned int flags);
/*
 * Attach a new mount of the tree at from (a directory) on the directory
 * at to: a bind mount, sharing from's super block. mnt_flags: MNT_*.
 */
int vfs_bind_mount(const struct path *from, const struct path *to, unsigned int mnt_flags);
/*
 * Change the mount whose root p is: its MNT_* flags and, unless
 * bind_only, its super block's SB_RDONLY and options (remount_fs).
 */
int vfs_remount(const struct path *p, unsigned long sb_flags, unsigned int mnt_flags,
		const void *data, bool bind_only);
/* Move the mount whose root from is onto the directory at to. */
int vfs_move_mount(const struct path *from, const struct path *to);
/*
 * Call fn on each mount of the tree (the root first, then in the order
 * they were attached), each referenced for the call, with no lock held;
 * stops at a nonzero return, which it returns.
 */
int vfs_for_each_mount(int (*fn)(struct vfsmount *mnt, void *arg), void *arg);
/* Call fn on each registered file system type (mount_lock held: no sleeping). */
void vfs_for_each_fstype(void (*fn)(struct file_system_type *t, void *arg), void *arg);
/* A mount's options as /proc/mounts shows them ("rw,nosuid,relatime..."). */
int vfs_show_mount_options(struct vfsmount *mnt, char *buf, size_t size);
/* sync(2): every mounted super block's sync_fs; syncfs(2): one's. */
void vfs_sync_all(void);
int vfs_sync_fs(struct super_block *sb);
/* The mount attached on top of p, referenced, or NULL. */
struct vfsmount *lookup_mnt(const struct path *p);
/* The global root (/ of the root mount), referenced. */
void vfs_root(struct path *out);
/* A new anonymous device number for a super block (0:N). */
dev_t fs_new_anon_dev(void);

/* ---- open files --------------------------------------------------------- */

/* f_mode */
#define FMODE_READ		(1U << 0)
#define FMODE_WRITE		(1U << 1)
#define FMODE_LSEEK		(1U << 2)	/* has a position */
#define FMODE_PREAD		(1U << 3)	/* pread allowed */
#define FMODE_PWRITE		(1U << 4)	/* pwrite allowed */
#define FMODE_ATOMIC_POS	(1U << 5)	/* f_pos_lock serializes reads/writes */
#define FMODE_PATH		(1U << 6)	/* O_PATH: a place, no I/O */
#define FMODE_WRITER		(1U << 7)	/* counted in i_writecount as a writer */
#define FMODE_DENY_WRITE	(1U << 8)	/* a running program: counted as a denial */

/* f_flags that F_SETFL may change */
#define FILE_SETFL_MASK		(O_APPEND | O_NONBLOCK | O_NDELAY | O_DIRECT | O_NOATIME | FASYNC)

struct file_operations {
	/* Called by open; may replace f->f_op (device files). */
	int (*open)(struct inode *inode, struct file *f);
	/* The last reference to the open file is gone. */
	void (*release)(struct inode *inode, struct file *f);
	/* Move data at *pos (ignored by streams) and advance it. */
	ssize_t (*read)(struct file *f, struct uio *u, loff_t *pos);
	ssize_t (*write)(struct file *f, struct uio *u, loff_t *pos);
	/* NULL: generic_file_llseek */
	loff_t (*llseek)(struct file *f, loff_t off, int whence);
	/* Directories: emit entries from ctx->pos on (see dir_context). */
	int (*iterate)(struct file *f, struct dir_context *ctx);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	/* Make the data durable (NULL: -EINVAL, as for pipes and ttys). */
	int (*fsync)(struct file *f, bool datasync);
	/* Ready events (POLL*), poll_wait() on what may change them (NULL: always ready). */
	unsigned int (*poll)(struct file *f, struct poll_table *pt);
	/*
	 * mmap: the page of the file's data at index (bytes index *
	 * PAGE_SIZE on), with one more reference (page->refcount) for the
	 * caller to drop as it drops page references; a hole gets a zeroed
	 * page, kept as file data. NULL at or past the end of the file (the
	 * access faults), ERR_PTR(-ENOMEM). Takes no i_mutex: callable with
	 * the mm lock held. NULL op: the file cannot be mapped (-ENODEV).
	 */
	struct page *(*get_page)(struct file *f, unsigned long index);
	/*
	 * The same for a page already in memory, or NULL: no I/O, nothing
	 * allocated, so a fault may map its neighbours cheaply (NULL op:
	 * none is).
	 */
	struct page *(*peek_page)(struct file *f, unsigned long index);
};

struct file {
	int f_count;				/* [a] */
	unsigned int f_mode;			/* [I] FMODE_* */
	unsigned int f_flags;			/* [a] O_* as opened, F_SETFL */
	struct mutex f_pos_lock;
	loff_t f_pos;				/* [f_pos_lock] */
	struct path f_path;			/* [I] referenced */
	struct inode *f_inode;			/* [I] */
	const struct file_operations *f_op;	/* [I] after open */
	void *private_data;			/* the f_op's */
	struct list_head f_ep_links;		/* [epoll_mutex] epolls watching it (fs/epoll.c) */
};

/*
 * An open file for inode at path (both referenced by the new file) with
 * fops; no open() callback is made. For pipes and other anonymous files.
 */
struct file *alloc_file(const struct path *path, struct inode *inode,
			unsigned int flags, const struct file_operations *fops);
/*
 * An anonymous file (eventfd, timerfd, signalfd, epoll) with fops and
 * private_data priv; kind names it ("[eventfd]"). flags: O_ACCMODE and
 * O_NONBLOCK are kept. ERR_PTR(-ENOMEM).
 */
struct file *anon_inode_getfile(const char *kind, const struct file_operations *fops,
				void *priv, int flags);
bool is_anon_inode(const struct inode *inode);
struct file *get_file(struct file *f);
/* Drop a reference; the last one releases and closes the file (may sleep). */
void fput(struct file *f);
/*
 * A program's file cannot be written while it runs (-ETXTBSY), nor run
 * while open for writing. i_writecount counts the files open for writing
 * (get_write_access) or, negative, the denials (deny_write_access: exec
 * marks the program's file, whose last fput allows writing again).
 */
int get_write_access(struct inode *inode);
void put_write_access(struct inode *inode);
int deny_write_access(struct file *f);
void allow_write_access(struct file *f);

/*
 * Directory iteration: the file system calls dir_emit() for the entry at
 * ctx->pos; if it returns true, the file system moves ctx->pos past the
 * entry and goes on; if false, the caller's buffer is full: stop, with
 * ctx->pos still at that entry.
 */
typedef bool (*filldir_t)(struct dir_context *ctx, const char *name, size_t len,
			  uint64_t ino, unsigned int dtype);
struct dir_context {
	filldir_t actor;
	loff_t pos;
};

static inline bool dir_emit(struct dir_context *ctx, const char *name, size_t len,
			    uint64_t ino, unsigned int dtype)
{
	return ctx->actor(ctx, name, len, ino, dtype);
}

/* Emit "." (position 0) and ".." (position 1); false when full. */
bool dir_emit_dots(struct file *f, struct dir_context *ctx);
unsigned int dt_type(umode_t mode);

/* ---- attributes --------------------------------------------------------- */

struct kstat {
	dev_t dev;
	uint64_t ino;
	umode_t mode;
	unsigned int nlink;
	uint32_t uid, gid;
	dev_t rdev;
	loff_t size;
	uint32_t blksize;
	uint64_t blocks;
	struct fs_time atime, mtime, ctime;
	int mnt_id;
};

/* iattr.valid */
#define ATTR_MODE	(1U << 0)
#define ATTR_UID	(1U << 1)
#define ATTR_GID	(1U << 2)
#define ATTR_SIZE	(1U << 3)
#define ATTR_ATIME	(1U << 4)
#define ATTR_MTIME	(1U << 5)

struct iattr {
	unsigned int valid;
	umode_t mode;			/* permission bits only */
	uint32_t uid, gid;
	loff_t size;
	struct fs_time atime, mtime;
};

/* Apply attr to inode (caller holds i_mutex); ctime becomes now. */
int notify_change(struct inode *inode, const struct iattr *attr);
/* The non-size attributes, for file systems with nothing more to do. */
void simple_setattr(struct inode *inode, const struct iattr *attr);
void generic_fillattr(struct inode *inode, struct kstat *st);

/* Helpers for file systems' file_operations. */
loff_t generic_file_llseek(struct file *f, loff_t off, int whence);
loff_t no_llseek(struct file *f, loff_t off, int whence);
loff_t noop_llseek(struct file *f, loff_t off, int whence);
ssize_t generic_read_dir(struct file *f, struct uio *u, loff_t *pos);
/* llseek for directories: SEEK_SET and SEEK_CUR to any position >= 0 */
loff_t dir_llseek(struct file *f, loff_t off, int whence);
/* fsync for what lives only in memory: nothing to do. */
int noop_fsync(struct file *f, bool datasync);

#endif
