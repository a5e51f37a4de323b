/*
 * Per-process tables of the file layer.
 *
 * struct files_struct: the fd table. Shared by the threads of a process
 * and by CLONE_FILES children (reference counted), copied by fork. fds
 * index an array that grows by doubling up to the open-file limit
 * (RLIMIT_NOFILE, 1024 unless files_set_limit() says otherwise); a new
 * fd is always the lowest free one; each fd has a close-on-exec bit.
 *
 * struct fs_struct: root, working directory and umask. Shared by
 * CLONE_FS children (reference counted), copied otherwise.
 */
#ifndef FS_FDTABLE_H
#define FS_FDTABLE_H

#include <fs/vfs.h>
#include <kernel/spinlock.h>

struct fdtable {
	unsigned int max_fds;		/* slots in fd[] */
	struct file **fd;		/* NULL: free */
	unsigned long *open_fds;	/* bitmap: slot used (or reserved) */
	unsigned long *close_on_exec;	/* bitmap */
};

struct files_struct {
	int count;			/* [a] */
	struct spinlock lock;
	struct fdtable fdt;		/* [lock] */
	unsigned int next_fd;		/* [lock] no free fd below this */
	unsigned int limit;		/* [lock] fds must be < limit */
};

struct files_struct *files_alloc(void);		/* empty; NULL: no memory */
/* fork without CLONE_FILES: a copy sharing every open file. NULL: no memory. */
struct files_struct *files_dup(struct files_struct *old);
void files_get(struct files_struct *files);
/* The last put closes every file. */
void files_put(struct files_struct *files);
/* execve: close the fds marked close-on-exec. */
void files_close_on_exec(struct files_struct *files);
/* close_range: close the fds in [lo, hi], or mark them close-on-exec. */
int files_close_range(struct files_struct *files, unsigned int lo, unsigned int hi,
		      bool cloexec);
/*
 * setrlimit(RLIMIT_NOFILE): new fds must be below limit (capped at
 * NR_OPEN_MAX, so RLIM_INFINITY is fine); fds already open above it stay.
 */
void files_set_limit(struct files_struct *files, unsigned long limit);
unsigned int files_limit(struct files_struct *files);

/* The file at fd in files, referenced (fput), or NULL. */
struct file *files_fd_get(struct files_struct *files, unsigned int fd);
/*
 * Install f at the lowest free fd >= min_fd; flags may hold O_CLOEXEC.
 * The table takes over the caller's reference on success.
 * Returns the fd, -EMFILE (none below the limit) or -ENOMEM.
 */
int files_fd_install(struct files_struct *files, struct file *f,
		     unsigned int min_fd, int flags);
/*
 * In two steps, for open(2) and pipe2(2): take the lowest free fd >=
 * min_fd (the fd, -EMFILE or -ENOMEM), then fill it with a file (taking
 * over the reference) or give it back.
 */
int files_fd_reserve(struct files_struct *files, unsigned int min_fd);
void files_fd_fill(struct files_struct *files, unsigned int fd, struct file *f, int flags);
void files_fd_unreserve(struct files_struct *files, unsigned int fd);
/*
 * dup3: put f at fd, closing what was there. -EBADF if fd >= the limit,
 * -EBUSY if fd is reserved by an open in progress.
 */
int files_fd_replace(struct files_struct *files, unsigned int fd, struct file *f, int flags);
int files_fd_close(struct files_struct *files, unsigned int fd);
/* fcntl F_GETFD/F_SETFD: 1/0 or -EBADF */
int files_get_cloexec(struct files_struct *files, unsigned int fd);
int files_set_cloexec(struct files_struct *files, unsigned int fd, bool on);

/* The same on current_files(). */
struct file *fd_get(unsigned int fd);
int fd_install(struct file *f, int flags);	/* lowest free fd */
int fd_reserve(void);
void fd_fill(unsigned int fd, struct file *f, int flags);
void fd_unreserve(unsigned int fd);
int fd_close(unsigned int fd);

struct fs_struct {
	int count;			/* [a] */
	struct spinlock lock;
	struct path root;		/* [lock] referenced */
	struct path pwd;		/* [lock] referenced */
	unsigned int umask;		/* [lock] */
};

/* Root and working directory at the global root, umask 022. */
struct fs_struct *fs_struct_alloc_root(void);
/* fork without CLONE_FS. NULL: no memory. */
struct fs_struct *fs_struct_dup(struct fs_struct *old);
void fs_struct_get(struct fs_struct *fs);
void fs_struct_put(struct fs_struct *fs);
/* Referenced copies; fs may be NULL (kernel threads): the global root. */
void fs_get_root(struct fs_struct *fs, struct path *out);
void fs_get_pwd(struct fs_struct *fs, struct path *out);
void fs_set_pwd(struct fs_struct *fs, const struct path *p);
void fs_set_root(struct fs_struct *fs, const struct path *p);

#endif
