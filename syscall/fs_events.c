/*
 * Event files: eventfd2, epoll_create1, epoll_ctl, epoll_pwait and
 * epoll_pwait2 (riscv64 has no eventfd, epoll_create or epoll_wait),
 * over fs/eventfd.c and fs/epoll.c, with Linux's checks in Linux's order.
 */
#include "fs.h"
#include <fs/eventfd.h>
#include <fs/epoll.h>
#include <uapi/linux/eventpoll.h>
#include <uapi/linux/time.h>
#include <lib/errno.h>

#define NSEC_PER_MS	1000000ULL
#define EP_MAX_EVENTS	(INT32_MAX / (int)sizeof(struct epoll_event))

/* Install a new anonymous file at the lowest free fd (O_CLOEXEC in flags). */
static long install_new(struct file *f, int flags)
{
	int fd;

	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install(f, flags & O_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

long sys_eventfd2(unsigned int count, int flags)
{
	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	return install_new(eventfd_create(count, flags & EFD_SEMAPHORE, flags & O_NONBLOCK), flags);
}

long sys_epoll_create1(int flags)
{
	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	return install_new(epoll_create(), flags);
}

long sys_epoll_ctl(int epfd, int op, int fd, struct epoll_event __user *event)
{
	struct epoll_kevent kev, *ev = NULL;
	struct epoll_event e;
	struct file *f, *tf;
	long err;

	if (op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD) {
		if (copy_from_user(&e, event, sizeof(e)))
			return -EFAULT;
		kev = (struct epoll_kevent){ .events = e.events, .data = e.data };
		ev = &kev;
	}
	f = fdget_any((unsigned int)epfd);
	if (!f)
		return -EBADF;
	tf = fdget_any((unsigned int)fd);
	if (!tf) {
		fput(f);
		return -EBADF;
	}
	err = epoll_ctl(f, (enum epoll_op)op, fd, tf, ev);
	fput(tf);
	fput(f);
	return err;
}

static int put_event(void *arg, int i, const struct epoll_kevent *ev)
{
	struct epoll_event __user *u = arg;
	struct epoll_event e = { .events = ev->events, .data = ev->data };

	return copy_to_user(&u[i], &e, sizeof(e)) ? -EFAULT : 0;
}

/* Linux's do_epoll_wait and the mask around it (do_epoll_pwait). */
static long do_pwait(int epfd, struct epoll_event __user *events, int maxevents,
		     uint64_t *timeout_ns, const sigset_t __user *sigmask, size_t sigsetsize)
{
	uint64_t mask, old;
	struct file *f;
	bool has_mask;
	long err;

	err = get_sigmask(sigmask, sigsetsize, &mask, &has_mask);
	if (err)
		return err;
	sigmask_apply(has_mask, mask, &old);
	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS) {
		err = -EINVAL;
	} else if (!(f = fdget_any((unsigned int)epfd))) {
		err = -EBADF;
	} else {
		err = is_epoll_file(f) ? epoll_wait(f, maxevents, timeout_ns, put_event, events)
				       : -EINVAL;
		fput(f);
	}
	sigmask_restore(has_mask, old, err == -EINTR);
	return err;
}

long sys_epoll_pwait(int epfd, struct epoll_event __user *events, int maxevents, int timeout,
		     const sigset_t __user *sigmask, size_t sigsetsize)
{
	uint64_t ns = timeout >= 0 ? (uint64_t)timeout * NSEC_PER_MS : 0;

	return do_pwait(epfd, events, maxevents, timeout >= 0 ? &ns : NULL, sigmask, sigsetsize);
}

long sys_epoll_pwait2(int epfd, struct epoll_event __user *events, int maxevents,
		      const struct __kernel_timespec __user *timeout, const sigset_t __user *sigmask,
		      size_t sigsetsize)
{
	uint64_t ns;
	bool has;
	long err = get_timeout(timeout, &ns, &has);

	if (err)
		return err;
	return do_pwait(epfd, events, maxevents, has ? &ns : NULL, sigmask, sigsetsize);
}
