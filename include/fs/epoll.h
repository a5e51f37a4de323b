/*
 * epoll (fs/epoll.c): a file that watches other files. Each watched
 * (file, fd) is an item with an event mask; the item sits on every wait
 * queue the file's poll operation names, with a waiter func that puts it
 * on the ready list and wakes epoll_wait callers and pollers of the epoll
 * file. A wait re-polls each ready item: level-triggered items stay on
 * the list while ready, edge-triggered ones wait for the next wakeup,
 * one-shot ones are disabled until modified. An item goes when its file's
 * last reference does (not at close of one of its fds, as Linux).
 *
 * Events and flags are Linux's (EPOLL*, the POLL* values). Errors as
 * Linux's epoll_ctl: -EPERM for a file without poll, -EINVAL for an epoll
 * in itself or a bad EPOLLEXCLUSIVE, -ELOOP for a cycle or more than 4
 * levels of epolls, -EEXIST, -ENOENT.
 */
#ifndef FS_EPOLL_H
#define FS_EPOLL_H

#include <fs/vfs.h>

#define EPOLLIN		0x00000001u
#define EPOLLPRI	0x00000002u
#define EPOLLOUT	0x00000004u
#define EPOLLERR	0x00000008u
#define EPOLLHUP	0x00000010u
#define EPOLLRDNORM	0x00000040u
#define EPOLLWRNORM	0x00000100u
#define EPOLLRDHUP	0x00002000u
#define EPOLLEXCLUSIVE	(1u << 28)
#define EPOLLWAKEUP	(1u << 29)
#define EPOLLONESHOT	(1u << 30)
#define EPOLLET		(1u << 31)

enum epoll_op { EPOLL_OP_ADD = 1, EPOLL_OP_DEL = 2, EPOLL_OP_MOD = 3 };

/* One reported event, in kernel form. */
struct epoll_kevent {
	uint32_t events;
	uint64_t data;
};

/* A new epoll file (flags: O_CLOEXEC is the caller's), or ERR_PTR. */
struct file *epoll_create(void);
bool is_epoll_file(const struct file *f);
/* epoll_ctl on epoll file ep for target tf (open as fd). ev: NULL for DEL. */
int epoll_ctl(struct file *ep, enum epoll_op op, int fd, struct file *tf,
	      const struct epoll_kevent *ev);
/*
 * Wait for events on ep: up to max events, each handed to put(arg, index,
 * event) (which copies it out: nonzero on a fault), until *timeout_ns
 * (NULL: no limit; 0: just look) or a signal (-EINTR). The count or -Exxx.
 */
int epoll_wait(struct file *ep, int max, uint64_t *timeout_ns,
	       int (*put)(void *arg, int i, const struct epoll_kevent *ev), void *arg);
/* fput: the last reference to f is gone; take it out of every epoll. */
void eventpoll_release(struct file *f);

#endif
