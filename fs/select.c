/*
 * poll and select (see <fs/poll.h>).
 *
 * A pass asks every file for its ready events, queueing the caller (one
 * struct waiter per wait queue a file names) on the way. If nothing is
 * ready the caller sleeps (thread_sleep) until a wakeup on any of those
 * queues, its timer, or a signal; then every waiter is taken off and the
 * pass is made again. A wakeup between a pass and the sleep is not lost:
 * it leaves the thread's wake token set and the sleep returns at once.
 * Each entry keeps a reference to its file, so a concurrent close cannot
 * free a queue the caller is on.
 */
#include "internal.h"
#include <fs/poll.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

void poll_wait(struct file *f, struct wait_queue *wq, struct poll_table *pt)
{
	struct poll_chunk *c;
	struct poll_entry *e;

	if (pt && pt->qproc) {
		pt->qproc(f, wq, pt);
		return;
	}
	if (!pt || !pt->registering || pt->error)
		return;
	c = pt->last;
	if (c->n == POLL_CHUNK_ENTRIES) {
		if (!c->next) {
			c->next = kzalloc(sizeof(*c));
			if (!c->next) {
				pt->error = -ENOMEM;
				return;
			}
		}
		c = pt->last = c->next;
	}
	e = &c->entries[c->n++];
	e->w.thread = current;
	e->wq = wq;
	e->file = get_file(f);
	spin_lock(&wq->lock);
	list_add_tail(&e->w.node, &wq->waiters);
	spin_unlock(&wq->lock);
}

/* Take the caller off every queue and drop the file references (chunks stay). */
static void poll_table_clear(struct poll_table *pt)
{
	for (struct poll_chunk *c = &pt->first; c; c = c->next) {
		for (unsigned int i = 0; i < c->n; i++) {
			struct poll_entry *e = &c->entries[i];

			spin_lock(&e->wq->lock);
			list_del(&e->w.node);
			spin_unlock(&e->wq->lock);
			fput(e->file);
		}
		c->n = 0;
	}
	pt->last = &pt->first;
}

static void poll_table_free(struct poll_table *pt)
{
	struct poll_chunk *c = pt->first.next;

	poll_table_clear(pt);
	while (c) {
		struct poll_chunk *next = c->next;

		kfree(c);
		c = next;
	}
}

static short poll_one(struct poll_item *it, struct poll_table *pt)
{
	struct file *f;
	unsigned int mask;

	if (it->fd < 0)
		return 0;
	f = fd_get((unsigned int)it->fd);
	if (!f || (f->f_mode & FMODE_PATH)) {
		fput(f);
		return POLLNVAL;
	}
	mask = f->f_op && f->f_op->poll ? f->f_op->poll(f, pt) : DEFAULT_POLLMASK;
	fput(f);
	return (short)(mask & ((unsigned short)it->events | POLLERR | POLLHUP));
}

static void poll_timer_fn(void *arg)
{
	thread_wake(arg);
}

int vfs_poll(struct poll_item *items, unsigned int n, uint64_t *timeout_ns)
{
	struct poll_table pt = { .first.n = 0 };
	uint64_t deadline = 0, now;
	struct timer timer;
	bool armed = false;
	int count, err = 0;

	pt.last = &pt.first;
	if (timeout_ns) {
		now = time_ns();
		deadline = *timeout_ns > UINT64_MAX - now ? UINT64_MAX : now + *timeout_ns;
	}
	timer_init(&timer, poll_timer_fn, current);
	for (;;) {
		pt.registering = !timeout_ns || *timeout_ns;
		count = 0;
		for (unsigned int i = 0; i < n; i++) {
			items[i].revents = poll_one(&items[i], &pt);
			count += items[i].revents != 0;
		}
		if (count || !pt.registering)
			break;
		if (pt.error) {
			err = pt.error;
			break;
		}
		if (timeout_ns && time_ns() >= deadline)
			break;
		if (thread_interrupted()) {
			err = -ERESTARTNOHAND;
			break;
		}
		if (timeout_ns && !armed) {
			timer_add(&timer, deadline);
			armed = true;
		}
		thread_sleep();
		poll_table_clear(&pt);
	}
	poll_table_free(&pt);
	if (armed)
		timer_cancel(&timer);
	if (timeout_ns) {
		now = time_ns();
		*timeout_ns = now < deadline ? deadline - now : 0;
	}
	return err ? err : count;
}
