/*
 * epoll (see <fs/epoll.h>), in the shape of Linux's fs/eventpoll.c.
 *
 * An item watches its file through one ep_watch per wait queue the
 * file's poll operation names (epoll's poll_table qproc queues them).
 * A watch is a waiter with a func: a wakeup on the queue calls
 * ep_wakeup() with that queue's lock held (maybe in an interrupt: a
 * timerfd), which puts the item on the ready list and wakes the epoll's
 * sleepers and, nested, the pollers of the epoll file itself. Items do
 * not hold their files: fput's eventpoll_release() takes them out before
 * the file is released, so a watched wait queue outlives its watches.
 *
 * Locking (outermost first):
 *   epoll_mutex   every item's creation and removal: ep->items, the
 *                 files' f_ep_links, loop checks.
 *   ep->mtx       one epoll's scans and changes of its items' masks;
 *                 a scan polls an inner epoll under the outer's mtx
 *                 (no cycles: -ELOOP), so mtxes nest outer to inner.
 *   wait queue    a watched file's queue: ep_wakeup runs under it.
 *   ep->lock      the ready list and the sleepers (LOCK_EPOLL).
 * ep_wakeup wakes the epoll file's poll_wq after dropping ep->lock, with
 * the watched queue's lock still held: wait queue locks nest inner epoll
 * to outer, along the same acyclic graph.
 */
#include "internal.h"
#include <fs/epoll.h>
#include <fs/poll.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

#define EP_PRIVATE_BITS	(EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define EPOLLEXCLUSIVE_OK_BITS	(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | \
				 EPOLLET | EPOLLEXCLUSIVE)
#define EP_MAX_NESTS	4

struct eventpoll {
	struct mutex mtx;
	struct spinlock lock;
	struct list_head rdlist;	/* [lock] items that may be ready */
	struct list_head sleepers;	/* [lock] struct waiter of epoll_wait callers */
	struct list_head items;		/* [epoll_mutex] every epitem */
	struct wait_queue poll_wq;	/* poll() and outer epolls on this one */
	struct file *file;		/* [I] */
	unsigned long gen;		/* [epoll_mutex] loop check: visited in round gen */
	int depth;			/* [epoll_mutex] loop check: depth found */
};

struct ep_watch {
	struct waiter w;		/* w.func = ep_wakeup */
	struct wait_queue *wq;		/* [I] */
	struct epitem *epi;		/* [I] */
	struct ep_watch *next;		/* [ep->mtx] */
};

struct epitem {
	struct list_head ep_node;	/* [epoll_mutex] in ep->items */
	struct list_head f_link;	/* [epoll_mutex] in file->f_ep_links */
	struct list_head rdlink;	/* [ep->lock] in ep->rdlist, or empty */
	struct eventpoll *ep;		/* [I] */
	struct file *file;		/* [I] not referenced */
	int fd;				/* [I] */
	uint32_t events;		/* [ep->mtx] to change; ep_wakeup reads it */
	uint64_t data;			/* [ep->mtx] */
	struct ep_watch *watches;	/* [ep->mtx] */
};

/* epoll's poll_table: the item whose watches the file's poll names. */
struct ep_pqueue {
	struct poll_table pt;
	struct epitem *epi;
};

static struct mutex epoll_mutex = { .wq = WAIT_QUEUE_INIT(epoll_mutex.wq), .name = "epoll" };
static unsigned long loop_gen;		/* [epoll_mutex] */
static const struct file_operations epoll_fops;

bool is_epoll_file(const struct file *f)
{
	return f->f_op == &epoll_fops;
}

/* ---- readiness ------------------------------------------------------------ */

/* Wake the epoll_wait callers of ep. ep->lock held. */
static void wake_sleepers(struct eventpoll *ep)
{
	struct waiter *w, *next;

	list_for_each_entry_safe(w, next, &ep->sleepers, node) {
		list_del(&w->node);
		thread_wake(w->thread);
	}
}

/* A watched queue was woken (its lock held): the item may be ready. */
static void ep_wakeup(struct waiter *w)
{
	struct ep_watch *wt = container_of(w, struct ep_watch, w);
	struct epitem *epi = wt->epi;
	struct eventpoll *ep = epi->ep;

	spin_lock(&ep->lock);
	if (!(READ_ONCE(epi->events) & ~EP_PRIVATE_BITS)) {
		spin_unlock(&ep->lock);		/* a one-shot item, disabled */
		return;
	}
	if (list_empty(&epi->rdlink))
		list_add_tail(&epi->rdlink, &ep->rdlist);
	wake_sleepers(ep);
	spin_unlock(&ep->lock);
	wake_up_all_nested(&ep->poll_wq);
}

static void ep_queue_proc(struct file *f, struct wait_queue *wq, struct poll_table *pt)
{
	struct epitem *epi = container_of(pt, struct ep_pqueue, pt)->epi;
	struct ep_watch *wt;

	(void)f;
	if (pt->error)
		return;
	wt = kzalloc(sizeof(*wt));
	if (!wt) {
		pt->error = -ENOMEM;
		return;
	}
	wt->w.func = ep_wakeup;
	wt->wq = wq;
	wt->epi = epi;
	wt->next = epi->watches;
	epi->watches = wt;
	spin_lock(&wq->lock);
	list_add_tail(&wt->w.node, &wq->waiters);
	spin_unlock(&wq->lock);
}

/* The item's ready events now (its mask applied). */
static uint32_t ep_item_poll(struct epitem *epi)
{
	struct file *f = epi->file;

	return f->f_op->poll(f, NULL) & READ_ONCE(epi->events);
}

/* Put epi on the ready list if it is not, and wake. */
static void ep_make_ready(struct eventpoll *ep, struct epitem *epi)
{
	spin_lock(&ep->lock);
	if (list_empty(&epi->rdlink))
		list_add_tail(&epi->rdlink, &ep->rdlist);
	wake_sleepers(ep);
	spin_unlock(&ep->lock);
	wake_up_all(&ep->poll_wq);
}

/* Take the first ready item off the list (NULL: none). */
static struct epitem *ep_pop_ready(struct eventpoll *ep)
{
	struct epitem *epi = NULL;

	spin_lock(&ep->lock);
	if (!list_empty(&ep->rdlist)) {
		epi = list_first_entry(&ep->rdlist, struct epitem, rdlink);
		list_del(&epi->rdlink);
	}
	spin_unlock(&ep->lock);
	return epi;
}

static int ep_ready_count(struct eventpoll *ep)
{
	struct list_head *pos;
	int n = 0;

	spin_lock(&ep->lock);
	list_for_each(pos, &ep->rdlist)
		n++;
	spin_unlock(&ep->lock);
	return n;
}

/* Back on the list (at the tail, or first: an event not handed out). */
static void ep_requeue(struct eventpoll *ep, struct epitem *epi, bool head)
{
	spin_lock(&ep->lock);
	if (list_empty(&epi->rdlink)) {
		if (head)
			list_add(&epi->rdlink, &ep->rdlist);
		else
			list_add_tail(&epi->rdlink, &ep->rdlist);
	}
	spin_unlock(&ep->lock);
}

/* Is some item really ready? Items that are not leave the list (as Linux). */
static bool ep_any_ready(struct eventpoll *ep)
{
	bool ready = false;
	int n;

	mutex_lock(&ep->mtx);
	n = ep_ready_count(ep);
	for (int i = 0; i < n && !ready; i++) {
		struct epitem *epi = ep_pop_ready(ep);

		if (!epi)
			break;
		if (ep_item_poll(epi)) {
			ready = true;
			ep_requeue(ep, epi, true);
		}
	}
	mutex_unlock(&ep->mtx);
	return ready;
}

/* Hand out up to max events: the count, or -EFAULT if the first could not go. */
static int ep_send_events(struct eventpoll *ep, int max,
			  int (*put)(void *arg, int i, const struct epoll_kevent *ev), void *arg)
{
	int n, got = 0;

	mutex_lock(&ep->mtx);
	n = ep_ready_count(ep);
	for (int i = 0; i < n && got < max; i++) {
		struct epitem *epi = ep_pop_ready(ep);
		struct epoll_kevent ev;
		uint32_t events;

		if (!epi)
			break;
		events = epi->events;
		ev.events = ep_item_poll(epi);
		if (!ev.events)
			continue;
		ev.data = epi->data;
		if (put(arg, got, &ev)) {
			ep_requeue(ep, epi, true);
			if (!got)
				got = -EFAULT;
			break;
		}
		got++;
		if (events & EPOLLONESHOT)
			WRITE_ONCE(epi->events, events & EP_PRIVATE_BITS);
		else if (!(events & EPOLLET))
			ep_requeue(ep, epi, false);	/* level-triggered: look again next time */
	}
	mutex_unlock(&ep->mtx);
	return got;
}

static void ep_timer_fn(void *arg)
{
	thread_wake(arg);
}

int epoll_wait(struct file *f, int max, uint64_t *timeout_ns,
	       int (*put)(void *arg, int i, const struct epoll_kevent *ev), void *arg)
{
	struct eventpoll *ep = f->private_data;
	struct waiter w = { .thread = current };
	uint64_t deadline = 0;
	struct timer timer;
	bool armed = false;
	int res = 0;

	if (timeout_ns)
		deadline = ns_add_clamped(time_ns(), *timeout_ns);
	list_init(&w.node);
	timer_init(&timer, ep_timer_fn, current);
	for (;;) {
		bool avail;

		res = ep_send_events(ep, max, put, arg);
		if (res)
			break;
		if (timeout_ns && time_ns() >= deadline)
			break;
		if (thread_interrupted()) {
			res = -EINTR;
			break;
		}
		if (timeout_ns && !armed) {
			timer_add(&timer, deadline);
			armed = true;
		}
		spin_lock(&ep->lock);
		avail = !list_empty(&ep->rdlist);
		if (!avail)
			list_add_tail(&w.node, &ep->sleepers);
		spin_unlock(&ep->lock);
		if (!avail)
			thread_sleep();
		spin_lock(&ep->lock);
		list_del(&w.node);
		spin_unlock(&ep->lock);
	}
	if (armed)
		timer_cancel(&timer);
	return res;
}

/* ---- items ------------------------------------------------------------------ */

static struct epitem *ep_find(struct eventpoll *ep, struct file *tf, int fd)
{
	struct epitem *epi;

	list_for_each_entry(epi, &ep->items, ep_node)
		if (epi->file == tf && epi->fd == fd)
			return epi;
	return NULL;
}

/* Off every watched queue: after this no ep_wakeup runs for epi. */
static void ep_unwatch(struct epitem *epi)
{
	while (epi->watches) {
		struct ep_watch *wt = epi->watches;

		epi->watches = wt->next;
		spin_lock(&wt->wq->lock);
		list_del(&wt->w.node);
		spin_unlock(&wt->wq->lock);
		kfree(wt);
	}
}

/* epoll_mutex and ep->mtx held. */
static void ep_remove(struct eventpoll *ep, struct epitem *epi)
{
	ep_unwatch(epi);
	spin_lock(&ep->lock);
	list_del(&epi->rdlink);
	spin_unlock(&ep->lock);
	list_del(&epi->ep_node);
	list_del(&epi->f_link);
	kfree(epi);
}

/* epoll_mutex and ep->mtx held. */
static int ep_insert(struct eventpoll *ep, struct file *tf, int fd, const struct epoll_kevent *ev)
{
	struct epitem *epi = kzalloc(sizeof(*epi));
	struct ep_pqueue *pq;
	uint32_t ready;

	pq = kzalloc(sizeof(*pq));
	if (!epi || !pq) {
		kfree(epi);
		kfree(pq);
		return -ENOMEM;
	}
	list_init(&epi->rdlink);
	epi->ep = ep;
	epi->file = tf;
	epi->fd = fd;
	epi->events = ev->events | EPOLLERR | EPOLLHUP;
	epi->data = ev->data;
	list_add_tail(&epi->ep_node, &ep->items);
	list_add_tail(&epi->f_link, &tf->f_ep_links);
	pq->pt.qproc = ep_queue_proc;
	pq->epi = epi;
	ready = tf->f_op->poll(tf, &pq->pt) & epi->events;
	if (pq->pt.error) {
		kfree(pq);
		ep_remove(ep, epi);
		return -ENOMEM;
	}
	kfree(pq);
	if (ready)
		ep_make_ready(ep, epi);
	return 0;
}

/* ep->mtx held. */
static void ep_modify(struct eventpoll *ep, struct epitem *epi, const struct epoll_kevent *ev)
{
	WRITE_ONCE(epi->events, ev->events | EPOLLERR | EPOLLHUP);
	epi->data = ev->data;
	if (ep_item_poll(epi))
		ep_make_ready(ep, epi);
}

/*
 * Linux's ep_loop_check_proc: the depth of epolls under ep (past
 * EP_MAX_NESTS when into is among them: a cycle). epoll_mutex held.
 */
static int ep_depth_below(struct eventpoll *ep, struct eventpoll *into, int depth)
{
	struct epitem *epi;
	int result = 0;

	if (ep->gen == loop_gen)
		return ep->depth;
	ep->gen = loop_gen;
	list_for_each_entry(epi, &ep->items, ep_node) {
		struct eventpoll *sub;

		if (!is_epoll_file(epi->file))
			continue;
		sub = epi->file->private_data;
		if (sub == into || depth > EP_MAX_NESTS)
			result = EP_MAX_NESTS + 1;
		else
			result = MAX(result, ep_depth_below(sub, into, depth + 1) + 1);
		if (result > EP_MAX_NESTS)
			break;
	}
	ep->depth = result;
	return result;
}

/* How many epolls watch ep, one inside the other, at most. epoll_mutex held. */
static int ep_depth_above(struct eventpoll *ep)
{
	struct epitem *epi;
	int result = 0;

	if (ep->gen == loop_gen)
		return ep->depth;
	list_for_each_entry(epi, &ep->file->f_ep_links, f_link)
		result = MAX(result, ep_depth_above(epi->ep) + 1);
	ep->gen = loop_gen;
	ep->depth = result;
	return result;
}

static bool ep_loop_check(struct eventpoll *ep, struct eventpoll *to)
{
	int depth, up;

	loop_gen++;
	depth = ep_depth_below(to, ep, 0);
	if (depth > EP_MAX_NESTS)
		return false;
	loop_gen++;
	up = ep_depth_above(ep);
	return depth + 1 + up <= EP_MAX_NESTS;
}

int epoll_ctl(struct file *f, enum epoll_op op, int fd, struct file *tf,
	      const struct epoll_kevent *ev)
{
	struct eventpoll *ep;
	struct epitem *epi;
	int err;

	if (!tf->f_op || !tf->f_op->poll)
		return -EPERM;
	if (f == tf || !is_epoll_file(f))
		return -EINVAL;
	if (ev && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_OP_MOD)
			return -EINVAL;
		if (op == EPOLL_OP_ADD &&
		    (is_epoll_file(tf) || (ev->events & ~EPOLLEXCLUSIVE_OK_BITS)))
			return -EINVAL;
	}
	ep = f->private_data;
	mutex_lock(&epoll_mutex);
	if (op == EPOLL_OP_ADD && is_epoll_file(tf) && !ep_loop_check(ep, tf->private_data)) {
		mutex_unlock(&epoll_mutex);
		return -ELOOP;
	}
	mutex_lock(&ep->mtx);
	epi = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_OP_ADD:
		err = epi ? -EEXIST : ep_insert(ep, tf, fd, ev);
		break;
	case EPOLL_OP_DEL:
		err = epi ? 0 : -ENOENT;
		if (epi)
			ep_remove(ep, epi);
		break;
	case EPOLL_OP_MOD:
		err = epi ? 0 : -ENOENT;
		if (epi && !(epi->events & EPOLLEXCLUSIVE))
			ep_modify(ep, epi, ev);
		else if (epi)
			err = -EINVAL;
		break;
	default:
		err = -EINVAL;
	}
	mutex_unlock(&ep->mtx);
	mutex_unlock(&epoll_mutex);
	return err;
}

void eventpoll_release(struct file *f)
{
	/* no one adds to a file with no references: an empty list stays empty */
	if (list_empty(&f->f_ep_links))
		return;
	mutex_lock(&epoll_mutex);
	while (!list_empty(&f->f_ep_links)) {
		struct epitem *epi = list_first_entry(&f->f_ep_links, struct epitem, f_link);
		struct eventpoll *ep = epi->ep;

		mutex_lock(&ep->mtx);
		ep_remove(ep, epi);
		mutex_unlock(&ep->mtx);
	}
	mutex_unlock(&epoll_mutex);
}

/* ---- the epoll file ---------------------------------------------------------- */

static unsigned int epoll_poll(struct file *f, struct poll_table *pt)
{
	struct eventpoll *ep = f->private_data;

	poll_wait(f, &ep->poll_wq, pt);
	return ep_any_ready(ep) ? POLLIN | POLLRDNORM : 0;
}

static void epoll_release(struct inode *inode, struct file *f)
{
	struct eventpoll *ep = f->private_data;

	(void)inode;
	mutex_lock(&epoll_mutex);
	mutex_lock(&ep->mtx);
	while (!list_empty(&ep->items))
		ep_remove(ep, list_first_entry(&ep->items, struct epitem, ep_node));
	mutex_unlock(&ep->mtx);
	mutex_unlock(&epoll_mutex);
	kfree(ep);
}

static const struct file_operations epoll_fops = {
	.poll = epoll_poll,
	.release = epoll_release,
	.llseek = noop_llseek,
};

struct file *epoll_create(void)
{
	struct eventpoll *ep = kzalloc(sizeof(*ep));
	struct file *f;

	if (!ep)
		return ERR_PTR(-ENOMEM);
	mutex_init(&ep->mtx, "epoll");
	spin_init(&ep->lock, "epoll", LOCK_EPOLL);
	list_init(&ep->rdlist);
	list_init(&ep->sleepers);
	list_init(&ep->items);
	wait_queue_init(&ep->poll_wq);
	f = anon_inode_getfile("[eventpoll]", &epoll_fops, ep, O_RDWR);
	if (IS_ERR(f)) {
		kfree(ep);
		return f;
	}
	ep->file = f;
	return f;
}
