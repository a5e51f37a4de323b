/*
 * eventfd (see <fs/eventfd.h>), as Linux's fs/eventfd.c: the counter is
 * guarded by its wait queue's lock; readers and writers sleep on that
 * queue, and every change wakes it (pollers and epoll watches too).
 */
#include "internal.h"
#include <fs/eventfd.h>
#include <fs/poll.h>
#include <kernel/sched.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>

#define EVENTFD_MAX	UINT64_MAX	/* the count never reaches it */

struct eventfd_ctx {
	struct wait_queue wq;
	uint64_t count;			/* [wq.lock] */
	bool semaphore;			/* [I] */
};

/*
 * Sleep on ctx->wq until ready(ctx) (checked with wq.lock held, and
 * returning with it held), unless nonblock (-EAGAIN) or interrupted
 * (-ERESTARTSYS, the lock dropped).
 */
static int eventfd_wait(struct eventfd_ctx *ctx, struct file *f, uint64_t n,
			bool (*ready)(struct eventfd_ctx *ctx, uint64_t n))
{
	struct waiter w = { .thread = current };

	list_init(&w.node);
	for (;;) {
		spin_lock(&ctx->wq.lock);
		list_del(&w.node);
		if (ready(ctx, n))
			return 0;
		if (f->f_flags & O_NONBLOCK) {
			spin_unlock(&ctx->wq.lock);
			return -EAGAIN;
		}
		if (thread_interrupted()) {
			spin_unlock(&ctx->wq.lock);
			return -ERESTARTSYS;
		}
		list_add_tail(&w.node, &ctx->wq.waiters);
		sleep_locked(&ctx->wq);
	}
}

static bool can_read(struct eventfd_ctx *ctx, uint64_t n)
{
	(void)n;
	return ctx->count != 0;
}

static bool can_add(struct eventfd_ctx *ctx, uint64_t n)
{
	return EVENTFD_MAX - ctx->count > n;
}

static ssize_t eventfd_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct eventfd_ctx *ctx = f->private_data;
	uint64_t val;
	ssize_t n;
	int err;

	(void)pos;
	if (uio_resid(u) < sizeof(val))
		return -EINVAL;
	err = eventfd_wait(ctx, f, 0, can_read);
	if (err)
		return err;
	val = ctx->semaphore ? 1 : ctx->count;
	ctx->count -= val;
	spin_unlock(&ctx->wq.lock);
	wake_up_all(&ctx->wq);
	n = uio_copy_to(u, &val, sizeof(val));
	return n == sizeof(val) ? n : -EFAULT;
}

static ssize_t eventfd_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct eventfd_ctx *ctx = f->private_data;
	uint64_t val;
	int err;

	(void)pos;
	if (uio_resid(u) < sizeof(val))
		return -EINVAL;
	if (uio_copy_from(u, &val, sizeof(val)) != sizeof(val))
		return -EFAULT;
	if (val == EVENTFD_MAX)
		return -EINVAL;
	err = eventfd_wait(ctx, f, val, can_add);
	if (err)
		return err;
	ctx->count += val;
	spin_unlock(&ctx->wq.lock);
	wake_up_all(&ctx->wq);
	return sizeof(val);
}

static unsigned int eventfd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd_ctx *ctx = f->private_data;
	unsigned int mask = 0;
	uint64_t count;

	poll_wait(f, &ctx->wq, pt);
	count = READ_ONCE(ctx->count);
	if (count > 0)
		mask |= POLLIN;
	if (count == EVENTFD_MAX)
		mask |= POLLERR;
	if (EVENTFD_MAX - 1 > count)
		mask |= POLLOUT;
	return mask;
}

static void eventfd_release(struct inode *inode, struct file *f)
{
	(void)inode;
	kfree(f->private_data);
}

static const struct file_operations eventfd_fops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
	.llseek = noop_llseek,
};

struct file *eventfd_create(uint64_t count, bool semaphore, int flags)
{
	struct eventfd_ctx *ctx = kzalloc(sizeof(*ctx));
	struct file *f;

	if (!ctx)
		return ERR_PTR(-ENOMEM);
	wait_queue_init(&ctx->wq);
	ctx->count = count;
	ctx->semaphore = semaphore;
	f = anon_inode_getfile("[eventfd]", &eventfd_fops, ctx, O_RDWR | (flags & O_NONBLOCK));
	if (IS_ERR(f))
		kfree(ctx);
	return f;
}
