/*
 * eventfd (fs/eventfd.c): a file holding a 64-bit counter. A write of 8
 * bytes adds to it (waiting while it would pass 2^64 - 2); a read of 8
 * bytes takes all of it, or 1 in semaphore mode (waiting while it is
 * 0). Readable while nonzero, writable while below 2^64 - 2.
 */
#ifndef FS_EVENTFD_H
#define FS_EVENTFD_H

#include <fs/vfs.h>

/* flags: O_NONBLOCK kept (O_CLOEXEC is the caller's). ERR_PTR(-ENOMEM). */
struct file *eventfd_create(uint64_t count, bool semaphore, int flags);

#endif
