/*
 * Advisory file locks, as Linux keeps them:
 *
 *   POSIX record locks (fcntl F_SETLK/F_SETLKW/F_GETLK): byte ranges owned
 *   by a process (its fd table), released by any close of the file by
 *   that process;
 *   open file description locks (F_OFD_*): the same ranges, owned by the
 *   open file, released when it is last closed;
 *   flock(2) locks: whole files, owned by the open file, a separate space.
 *
 * Read locks share, write locks exclude. A locker that must wait sleeps
 * until some lock goes away (or a signal comes: -ERESTARTSYS). There is no
 * deadlock detection (Linux's EDEADLK) yet.
 */
#ifndef FS_LOCKS_H
#define FS_LOCKS_H

#include <fs/vfs.h>

struct files_struct;

/* fcntl's lock commands on f for the process owning files. */
long vfs_fcntl_lock(struct file *f, struct files_struct *files, unsigned int cmd,
		    struct flock *fl);
/* flock(2) */
int vfs_flock(struct file *f, unsigned int op);
/* Closing an fd of f in files: drop that process's POSIX locks on the file. */
void locks_remove_posix(struct file *f, struct files_struct *files);
/* The last reference to f is going: drop its OFD and flock locks. */
void locks_remove_file(struct file *f);

#endif
