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

/*
 * Waits that take a timeout and a signal mask (ppoll, pselect6,
 * epoll_pwait, syscall/fs_poll.c). get_timeout: *has is false for NULL,
 * -EINVAL for a bad timespec. get_sigmask: -EINVAL unless size is the
 * kernel's sigset size. sigmask_apply puts the wait's mask in place;
 * sigmask_restore brings the caller's back, after the handler's frame is
 * built if the wait was interrupted (Linux's restore_saved_sigmask_unless).
 */
struct __kernel_timespec;
int get_timeout(const struct __kernel_timespec __user *u, uint64_t *ns, bool *has);
int get_sigmask(const sigset_t __user *mask, size_t size, uint64_t *set, bool *has);
void sigmask_apply(bool has, uint64_t set, uint64_t *old);
void sigmask_restore(bool has, uint64_t old, bool interrupted);

#endif
