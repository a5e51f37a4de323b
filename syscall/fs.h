/*
 * What the file system calls (syscall/fs_*.c) share: copying path names
 * in from user memory and finding the open file behind an fd.
 */
#ifndef SYSCALL_FS_H
#define SYSCALL_FS_H

#include <syscall/syscall.h>
#include <fs/fs.h>
#include <fs/fdtable.h>
#include <kernel/proc.h>
#include <mm/uaccess.h>

/*
 * Copy a user path into a new PATH_MAX buffer: 0 and *out (free it with
 * putname), -EFAULT, -ENAMETOOLONG (no NUL in PATH_MAX bytes), -ENOMEM.
 */
int getname(const char __user *uname, char **out);
void putname(char *name);

/*
 * The file behind fd, referenced, or NULL (-EBADF). fdget_io() also
 * refuses O_PATH files, as every call that does I/O must.
 */
struct file *fdget_any(unsigned int fd);
struct file *fdget_io(unsigned int fd);

#endif
