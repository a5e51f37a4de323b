/* Sleeping locks (see <kernel/mutex.h>). */
#include <kernel/mutex.h>
#include <kernel/panic.h>
#include <asm/current.h>

void mutex_init(struct mutex *m, const char *name)
{
	wait_queue_init(&m->wq);
	m->owner = NULL;
	m->name = name;
}

void mutex_lock(struct mutex *m)
{
	struct waiter w = { .thread = current };

	list_init(&w.node);
	spin_lock(&m->wq.lock);
	if (m->owner == current)
		panic("mutex %s: recursive lock", m->name);
	while (m->owner) {
		list_add_tail(&w.node, &m->wq.waiters);
		sleep_locked(&m->wq);
		spin_lock(&m->wq.lock);
		/* a wakeup from elsewhere (a timer, a kill) leaves us queued */
		list_del(&w.node);
	}
	m->owner = current;
	spin_unlock(&m->wq.lock);
}

bool mutex_trylock(struct mutex *m)
{
	bool got = false;

	spin_lock(&m->wq.lock);
	if (!m->owner) {
		m->owner = current;
		got = true;
	}
	spin_unlock(&m->wq.lock);
	return got;
}

void mutex_unlock(struct mutex *m)
{
	spin_lock(&m->wq.lock);
	if (m->owner != current)
		panic("mutex %s: unlocked by a thread that does not hold it", m->name);
	m->owner = NULL;
	if (!list_empty(&m->wq.waiters)) {
		struct waiter *w = list_first_entry(&m->wq.waiters, struct waiter, node);

		list_del(&w->node);
		thread_wake(w->thread);
	}
	spin_unlock(&m->wq.lock);
}

bool mutex_held(const struct mutex *m)
{
	return READ_ONCE(m->owner) == current;
}
