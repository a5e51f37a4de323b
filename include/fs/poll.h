/*
 * Waiting for several files at once (poll, select). A file's poll
 * operation reports which events are ready now and, through poll_wait(),
 * names the wait queues whose wakeups may change that; the poller queues
 * itself on all of them, sleeps, and asks again when woken.
 */
#ifndef FS_POLL_H
#define FS_POLL_H

#include <fs/vfs.h>
#include <kernel/sched.h>
#include <uapi/linux/poll.h>

/* What a file without a poll operation reports: always ready. */
#define DEFAULT_POLLMASK	(POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

struct poll_entry {
	struct waiter w;
	struct wait_queue *wq;
	struct file *file;		/* referenced: keeps wq alive */
};

#define POLL_CHUNK_ENTRIES	16

/* Entries come in chunks that never move while their waiters are queued. */
struct poll_chunk {
	struct poll_chunk *next;
	unsigned int n;
	struct poll_entry entries[POLL_CHUNK_ENTRIES];
};

struct poll_table {
	/* Set by epoll: poll_wait() calls it instead of queueing the caller. */
	void (*qproc)(struct file *f, struct wait_queue *wq, struct poll_table *pt);
	bool registering;		/* false: just report */
	int error;			/* -ENOMEM if an entry could not be kept */
	struct poll_chunk *last;	/* where the next entry goes */
	struct poll_chunk first;	/* then more, allocated */
};

/* In a poll operation: wake the poller when wq is woken. pt may be NULL. */
void poll_wait(struct file *f, struct wait_queue *wq, struct poll_table *pt);

/* One descriptor to wait for, in kernel form. */
struct poll_item {
	int fd;			/* < 0: ignored */
	short events;
	short revents;		/* out; POLLNVAL for an fd that is not open */
};

/*
 * Wait until one of items has an event (or POLLERR/POLLHUP/POLLNVAL),
 * until *timeout_ns runs out (NULL: no limit; 0: just look), or until
 * a signal interrupts the thread (-ERESTARTNOHAND). Returns the number of items with
 * revents; *timeout_ns is left with what remains.
 */
int vfs_poll(struct poll_item *items, unsigned int n, uint64_t *timeout_ns);

#endif
