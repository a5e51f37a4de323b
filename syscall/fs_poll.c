/*
 * ppoll and pselect6 (riscv64 has no poll or select): the user's
 * descriptors become poll items for vfs_poll() and the results go back.
 *
 * A signal mask argument replaces the caller's mask during the wait, as
 * Linux's: if a signal ends the wait (-ERESTARTNOHAND) the old mask comes
 * back only after its handler has been entered, so the handler runs with
 * the old mask saved in its frame; otherwise at once.
 */
#include "fs.h"
#include <fs/poll.h>
#include <mm/kmalloc.h>
#include <kernel/signal.h>
#include <kernel/sched.h>
#include <uapi/linux/time.h>
#include <lib/errno.h>
#include <lib/string.h>

#define SIGSET_SIZE	8		/* sizeof(sigset_t) for the kernel */
#define NSEC_PER_S	1000000000LL

/* A timeout in: *ns, or 0 with *has none (NULL). EINVAL for a bad one. */
int get_timeout(const struct __kernel_timespec __user *u, uint64_t *ns, bool *has)
{
	struct __kernel_timespec ts;

	*has = u != NULL;
	if (!u)
		return 0;
	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_S)
		return -EINVAL;
	if ((uint64_t)ts.tv_sec > (UINT64_MAX - (uint64_t)ts.tv_nsec) / NSEC_PER_S)
		*ns = UINT64_MAX;
	else
		*ns = (uint64_t)ts.tv_sec * NSEC_PER_S + (uint64_t)ts.tv_nsec;
	return 0;
}

/* Linux writes the time left back, and ignores a fault doing so. */
static void put_timeout(struct __kernel_timespec __user *u, uint64_t ns)
{
	struct __kernel_timespec ts = { .tv_sec = (int64_t)(ns / NSEC_PER_S),
					.tv_nsec = (long long)(ns % NSEC_PER_S) };

	if (u)
		(void)copy_to_user(u, &ts, sizeof(ts));
}

/* Read the wait's mask (if any) into *set. */
int get_sigmask(const sigset_t __user *mask, size_t size, uint64_t *set, bool *has)
{
	*has = mask != NULL;
	if (!mask)
		return 0;
	if (size != SIGSET_SIZE)
		return -EINVAL;
	return copy_from_user(set, mask, sizeof(*set)) ? -EFAULT : 0;
}

/* Wait with the given mask; *old keeps the caller's. */
void sigmask_apply(bool has, uint64_t set, uint64_t *old)
{
	if (!has)
		return;
	*old = current->sigmask;
	signal_set_mask(set);
}

/* Linux's restore_saved_sigmask_unless(interrupted). */
void sigmask_restore(bool has, uint64_t old, bool interrupted)
{
	if (!has)
		return;
	if (interrupted) {
		current->saved_sigmask = old;
		current->restore_sigmask = true;
	} else {
		signal_set_mask(old);
	}
}

long sys_ppoll(struct pollfd __user *ufds, unsigned int nfds, struct __kernel_timespec __user *tsp,
	       const sigset_t __user *sigmask, size_t sigsetsize)
{
	struct files_struct *files = current_files();
	struct poll_item *items;
	struct pollfd *fds;
	uint64_t timeout, mask, old;
	bool has_timeout, has_mask;
	long r;

	if (files && nfds > files_limit(files))
		return -EINVAL;
	r = get_timeout(tsp, &timeout, &has_timeout);
	if (!r)
		r = get_sigmask(sigmask, sigsetsize, &mask, &has_mask);
	if (r)
		return r;
	fds = kmalloc(MAX(nfds, 1U) * sizeof(*fds), 0);
	items = kmalloc(MAX(nfds, 1U) * sizeof(*items), 0);
	if (!fds || !items) {
		r = -ENOMEM;
		goto out;
	}
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds))) {
		r = -EFAULT;
		goto out;
	}
	for (unsigned int i = 0; i < nfds; i++)
		items[i] = (struct poll_item){ .fd = fds[i].fd, .events = fds[i].events };
	sigmask_apply(has_mask, mask, &old);
	r = vfs_poll(items, nfds, has_timeout ? &timeout : NULL);
	sigmask_restore(has_mask, old, r == -ERESTARTNOHAND);
	if (r >= 0) {
		for (unsigned int i = 0; i < nfds; i++)
			fds[i].revents = items[i].revents;
		if (copy_to_user(ufds, fds, nfds * sizeof(*fds)))
			r = -EFAULT;
	}
	if (has_timeout)
		put_timeout(tsp, timeout);
out:
	kfree(fds);
	kfree(items);
	return r;
}

/* select's sets as poll events */
#define POLLIN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET	POLLPRI
#define BITS_PER_LONG	(8 * sizeof(unsigned long))

static bool test_fd(const unsigned long *set, unsigned int fd)
{
	return set && (set[fd / BITS_PER_LONG] >> (fd % BITS_PER_LONG)) & 1;
}

static void set_fd(unsigned long *set, unsigned int fd)
{
	set[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
}

/* pselect6's last argument: a sigset pointer and its size. */
struct sigset_arg {
	const sigset_t __user *ss;
	size_t ss_len;
};

/* select's three sets in kernel memory: in (what is asked), out (the answers). */
struct fdsets {
	unsigned long *in[3], *out[3];
	unsigned int max;		/* fds looked at: [0, max) */
	size_t bytes;			/* of one set */
};

static void fdsets_free(struct fdsets *s)
{
	for (int i = 0; i < 3; i++) {
		kfree(s->in[i]);
		kfree(s->out[i]);
	}
}

/* Copy in the sets the caller gave (NULL ones stay NULL). */
static int fdsets_get(struct fdsets *s, fd_set __user *const u[3])
{
	for (int i = 0; i < 3; i++) {
		if (!u[i])
			continue;
		s->in[i] = kzalloc(s->bytes);
		s->out[i] = kzalloc(s->bytes);
		if (!s->in[i] || !s->out[i])
			return -ENOMEM;
		if (copy_from_user(s->in[i], u[i], s->bytes))
			return -EFAULT;
	}
	return 0;
}

/* One poll item per fd in any set; returns how many. */
static unsigned int fdsets_items(const struct fdsets *s, struct poll_item *items)
{
	static const short events[3] = { POLLIN_SET, POLLOUT_SET, POLLEX_SET };
	unsigned int n = 0;

	for (unsigned int fd = 0; fd < s->max; fd++) {
		short ev = 0;

		for (int i = 0; i < 3; i++)
			if (test_fd(s->in[i], fd))
				ev = (short)(ev | events[i]);
		if (ev)
			items[n++] = (struct poll_item){ .fd = (int)fd, .events = ev };
	}
	return n;
}

/* The answers into the out sets: the number of bits set, or -EBADF. */
static long fdsets_answer(struct fdsets *s, const struct poll_item *items, unsigned int n)
{
	static const short events[3] = { POLLIN_SET, POLLOUT_SET, POLLEX_SET };
	long count = 0;

	for (unsigned int k = 0; k < n; k++) {
		unsigned int fd = (unsigned int)items[k].fd;

		if (items[k].revents & POLLNVAL)
			return -EBADF;
		for (int i = 0; i < 3; i++) {
			if (test_fd(s->in[i], fd) && (items[k].revents & events[i])) {
				set_fd(s->out[i], fd);
				count++;
			}
		}
	}
	return count;
}

long sys_pselect6(int n, fd_set __user *inp, fd_set __user *outp, fd_set __user *exp,
		  struct __kernel_timespec __user *tsp, void __user *sig)
{
	fd_set __user *const u[3] = { inp, outp, exp };
	struct files_struct *files = current_files();
	struct fdsets s = { .max = 0 };
	struct poll_item *items;
	uint64_t timeout, mask = 0, old;
	bool has_timeout, has_mask = false;
	long r;

	if (n < 0)
		return -EINVAL;
	r = get_timeout(tsp, &timeout, &has_timeout);
	if (!r && sig) {
		struct sigset_arg sa;

		r = copy_from_user(&sa, sig, sizeof(sa)) ? -EFAULT :
		    get_sigmask(sa.ss, sa.ss_len, &mask, &has_mask);
	}
	if (r)
		return r;
	s.max = files ? MIN((unsigned int)n, files_limit(files)) : 0;
	s.bytes = DIV_ROUND_UP(s.max, BITS_PER_LONG) * sizeof(unsigned long);
	items = kmalloc(MAX(s.max, 1U) * sizeof(*items), 0);
	r = items ? fdsets_get(&s, u) : -ENOMEM;
	if (!r) {
		unsigned int nitems = fdsets_items(&s, items);

		sigmask_apply(has_mask, mask, &old);
		r = vfs_poll(items, nitems, has_timeout ? &timeout : NULL);
		sigmask_restore(has_mask, old, r == -ERESTARTNOHAND);
		if (r >= 0)
			r = fdsets_answer(&s, items, nitems);
		for (int i = 0; r >= 0 && i < 3; i++)
			if (u[i] && copy_to_user(u[i], s.out[i], s.bytes))
				r = -EFAULT;
		if (has_timeout)
			put_timeout(tsp, timeout);
	}
	fdsets_free(&s);
	kfree(items);
	return r;
}
