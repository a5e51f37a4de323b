/*
 * Pipes: a 64 KiB ring (16 pages, allocated as they are first used)
 * between a read end and a write end. Reads block until there is data or
 * no writer is left (end of file); writes block until everything is
 * written, and a write of at most PIPE_BUF bytes is never interleaved
 * with another. O_NONBLOCK gives -EAGAIN instead of blocking.
 */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include <fs/vfs.h>
#include <asm/memlayout.h>

#define PIPE_DEF_PAGES	16
#define PIPE_DEF_SIZE	(PIPE_DEF_PAGES * PAGE_SIZE)
#define PIPE_MAX_SIZE	(1024 * 1024)	/* Linux's pipe-max-size; a hard limit here */

/* A FIFO inode's i_fop: opening it finds or makes its pipe. */
extern const struct file_operations fifo_fops;

/* Both ends of a new pipe; flags may hold O_NONBLOCK (O_CLOEXEC is the caller's). */
int pipe_create(struct file **rd, struct file **wr, int flags);
/* F_GETPIPE_SZ: the ring size, or -EBADF if f is not a pipe. */
long pipe_get_size(struct file *f);
/*
 * F_SETPIPE_SZ: make the ring at least arg bytes (a power of two pages);
 * the new size, -EBADF (not a pipe), -EBUSY (more data than that),
 * -EPERM (over PIPE_MAX_SIZE), -EINVAL, -ENOMEM.
 */
long pipe_set_size(struct file *f, unsigned long arg);
/* Bytes ready to read (FIONREAD), or -EBADF if f is not a pipe. */
long pipe_bytes_ready(struct file *f);
void pipe_init(void);
/*
 * splice(2) (fs/splice.c): move up to len bytes from a pipe to a file,
 * from a file to a pipe or between two pipes; off_in/off_out, when not
 * NULL, are the file positions to use and advance (else the files' own).
 * nonblock: do not wait for data or room. Bytes moved (0: end of file)
 * or -EBADF, -EINVAL, -ESPIPE, -EPIPE, -EAGAIN, -ERESTARTSYS as Linux.
 */
ssize_t vfs_splice(struct file *in, loff_t *off_in, struct file *out, loff_t *off_out,
		   size_t len, bool nonblock);
/* tee(2): copy up to len bytes from pipe in to pipe out, leaving them in in. */
ssize_t vfs_tee(struct file *in, struct file *out, size_t len, bool nonblock);

#endif
