/*
 * The file layer's interface to the rest of the kernel: path-based
 * operations (what the *at() system calls do, on kernel strings), I/O on
 * open files, and what boot, the program loader and init need.
 *
 * Paths name files as Linux does: absolute from the caller's root,
 * relative to dfd (an open directory) or to the working directory when
 * dfd is AT_FDCWD. The caller's root, working directory and fds are
 * current_fs() and current_files(); a kernel thread without them (NULL)
 * resolves from the global root and has no fds. Flags are Linux's
 * (O_*, AT_*, <uapi/linux/fcntl.h>). Every call returns 0 (or a count)
 * or -Exxx with Linux's error for the case.
 */
#ifndef FS_FS_H
#define FS_FS_H

#include <fs/vfs.h>

/* Boot: register the file systems and devices, mount ramfs as /. */
void vfs_init(void);
/*
 * Unpack a newc cpio archive (several may follow one another, with NUL
 * padding between) into /: directories, regular files, symlinks, device
 * nodes and FIFOs, with their modes, owners and mtimes; hard links of
 * files by inode number. Returns 0, or -EINVAL for a corrupt or truncated
 * archive after unpacking the entries before the damage, or -ENOMEM.
 */
int initramfs_unpack(const void *data, size_t len);
/*
 * Create what user programs expect if the archive did not: /dev with
 * null, zero, full, random, urandom, tty and console, and /tmp (1777).
 */
int fs_populate_root(void);

/* ---- path walks --------------------------------------------------------- */

/* vfs_path_lookup() flags */
#define LOOKUP_FOLLOW		(1U << 0)	/* follow a final symlink */
#define LOOKUP_DIRECTORY	(1U << 1)	/* the result must be a directory */
#define LOOKUP_EMPTY		(1U << 2)	/* "" names dfd itself (AT_EMPTY_PATH) */

/* Find name; on success out holds referenced (mount, dentry), positive. */
int vfs_path_lookup(int dfd, const char *name, unsigned int flags, struct path *out);

/* open(2): an open file (one reference) or ERR_PTR(-Exxx). O_CLOEXEC is the caller's. */
struct file *vfs_openat(int dfd, const char *name, int flags, umode_t mode);
int vfs_mkdirat(int dfd, const char *name, umode_t mode);
/* mode's type: S_IFREG (or 0), S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK. */
int vfs_mknodat(int dfd, const char *name, umode_t mode, dev_t dev);
/* flags: 0 or AT_REMOVEDIR */
int vfs_unlinkat(int dfd, const char *name, int flags);
int vfs_symlinkat(const char *target, int dfd, const char *name);
/* flags: AT_SYMLINK_FOLLOW, AT_EMPTY_PATH */
int vfs_linkat(int olddfd, const char *oldname, int newdfd, const char *newname, int flags);
/* flags: 0 or RENAME_NOREPLACE */
int vfs_renameat2(int olddfd, const char *oldname, int newdfd, const char *newname,
		  unsigned int flags);
/* The target of the symlink (no NUL), at most size bytes; its length. */
int vfs_readlinkat(int dfd, const char *name, char *buf, size_t size);
/* flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_NO_AUTOMOUNT, AT_STATX_* */
int vfs_statat(int dfd, const char *name, int flags, struct kstat *st);
/* mode: F_OK or R_OK|W_OK|X_OK; flags: AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH */
int vfs_accessat(int dfd, const char *name, int mode, int flags);
int vfs_truncate(const char *name, loff_t length);
int vfs_chdir(const char *name);
int vfs_fchdir(struct file *f);
/* The working directory as a string in buf; its length with the NUL. */
int vfs_getcwd(char *buf, size_t size);
/* chmod, chown ((uint32_t)-1: unchanged), utimes */
int vfs_chmodat(int dfd, const char *name, umode_t mode);
int vfs_fchmod(struct file *f, umode_t mode);
/* flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH */
int vfs_chownat(int dfd, const char *name, uint32_t uid, uint32_t gid, int flags);
int vfs_fchown(struct file *f, uint32_t uid, uint32_t gid);
/* times: [atime, mtime], NULL for now; nsec FS_TIME_NOW or FS_TIME_OMIT as utimensat */
#define FS_TIME_NOW	((1U << 30) - 1)
#define FS_TIME_OMIT	((1U << 30) - 2)
int vfs_utimensat(int dfd, const char *name, const struct fs_time *times, int flags);
int vfs_futimens(struct file *f, const struct fs_time *times);
int vfs_statfs(const struct path *p, struct kstatfs *st);
/* -EINVAL for files that cannot be synced (pipes, devices) */
int vfs_fsync(struct file *f, bool datasync);
int vfs_chroot(const char *name);
/* The calling process's umask; set it and return the old one. */
unsigned int vfs_umask(void);
unsigned int vfs_set_umask(unsigned int mask);

/* ---- open files --------------------------------------------------------- */

/* At *pos, or at the file position (pos NULL). Check f_mode, then f_op. */
ssize_t vfs_read(struct file *f, struct uio *u, loff_t *pos);
ssize_t vfs_write(struct file *f, struct uio *u, loff_t *pos);
/* At the file position, serialized with other position users. */
ssize_t file_read(struct file *f, struct uio *u);
ssize_t file_write(struct file *f, struct uio *u);
/* pread/pwrite: -ESPIPE for files without positions. */
ssize_t file_pread(struct file *f, struct uio *u, loff_t pos);
ssize_t file_pwrite(struct file *f, struct uio *u, loff_t pos);
loff_t vfs_llseek(struct file *f, loff_t off, int whence);
/*
 * sendfile: copy up to count bytes from in (at *ppos, or its position
 * when ppos is NULL) to out at its position. Bytes copied or -Exxx.
 */
ssize_t vfs_sendfile(struct file *out, struct file *in, loff_t *ppos, size_t count);
/* copy_file_range: regular files of one file system; positions advanced. */
ssize_t vfs_copy_file_range(struct file *in, loff_t *pin, struct file *out, loff_t *pout,
			    size_t len);
int vfs_iterate_dir(struct file *f, struct dir_context *ctx);
int vfs_fstat(struct file *f, struct kstat *st);
int vfs_getattr(const struct path *p, struct kstat *st);
int vfs_ftruncate(struct file *f, loff_t length);
long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg);
/* F_SETFL: change the flags in FILE_SETFL_MASK. */
int vfs_setfl(struct file *f, unsigned int flags);

/* ---- for the loader and init (no fd) ------------------------------------ */

/* open(2) on a kernel path: the file or ERR_PTR(-Exxx). */
struct file *kernel_open(const char *path, int flags, umode_t mode);
/* Read up to n bytes at pos into kernel memory; bytes read or -Exxx. */
ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t n, loff_t pos);
/*
 * Open a program for execve: follows symlinks; a regular file with an
 * execute bit, else -EACCES (directories too). 0 and *out referenced.
 */
int kernel_open_exec(const char *path, struct file **out);
/*
 * Mount the disk the command line's root= names as the calling
 * process's root (fs/root.c): 0, -ENOENT without root=, else -Exxx.
 */
int fs_mount_root(void);
/* The periodic flusher's work: each mounted file system's dirty file data to its disk. */
void vfs_writeback_all(void);

#endif
