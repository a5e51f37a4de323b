/*
 * Futexes (see <kernel/futex.h>). Waiters hang on a hash of lists under
 * one mutex: the waiter checks the user word and queues itself under
 * it, a waker marks and wakes under it, so no wakeup is lost; sleeping
 * happens after the mutex is dropped, and the wake token of
 * thread_wake() covers a wake that comes before the sleep.
 */
#include <kernel/futex.h>
#include <kernel/mutex.h>
#include <kernel/sched.h>
#include <kernel/timer.h>
#include <kernel/time.h>
#include <mm/vm.h>
#include <mm/vm_internal.h>
#include <mm/uaccess.h>
#include <lib/errno.h>

#define FUTEX_HASH	64

struct futex_key {
	uintptr_t space;	/* mm, or 0 for a physical address */
	uintptr_t addr;
};

struct futex_waiter {
	struct futex_key key;
	uint32_t bitset;
	bool woken;		/* [futex_lock] */
	struct thread *thread;
	struct list_head node;	/* [futex_lock] */
};

static struct mutex futex_lock = MUTEX_INIT(futex_lock, "futex");
static struct list_head futex_hash[FUTEX_HASH];	/* [futex_lock] */
static bool futex_ready;				/* [futex_lock] */

static struct list_head *bucket(const struct futex_key *k)
{
	if (!futex_ready) {
		for (int i = 0; i < FUTEX_HASH; i++)
			list_init(&futex_hash[i]);
		futex_ready = true;
	}
	return &futex_hash[((k->addr >> 2) ^ (k->space >> 6)) % FUTEX_HASH];
}

/*
 * As Linux: a futex used with FUTEX_PRIVATE_FLAG is (mm, address); without
 * it, a word in shared memory is its physical address and a word in
 * private memory is (mm, address) marked shared, so the two kinds of
 * operation on one private word do not meet.
 */
#define KEY_SHARED_OP	1UL

static int get_key(uintptr_t uaddr, bool private, struct futex_key *k)
{
	struct mm *mm = current_mm();
	struct vm_area *a;
	int err = 0;

	if (uaddr % 4)
		return -EINVAL;
	if (!mm || uaddr >= USER_TOP)
		return -EFAULT;
	mutex_lock(&mm->lock);
	a = vm_find_area(mm, uaddr);
	if (!a) {
		err = -EFAULT;
	} else if (private) {
		k->space = (uintptr_t)mm;
		k->addr = uaddr;
	} else if (a->flags & VM_SHARED) {
		pte_t *pte = pt_lookup(mm->root, uaddr, false);

		if (!pte || !pte_present(*pte)) {
			err = vm_fault_locked(mm, uaddr, FAULT_READ);
			pte = pt_lookup(mm->root, uaddr, false);
		}
		if (!err && pte && pte_present(*pte)) {
			k->space = 0;
			k->addr = pte_to_phys(*pte) + (uaddr & (PAGE_SIZE - 1));
		} else {
			err = -EFAULT;
		}
	} else {
		k->space = (uintptr_t)mm;
		k->addr = uaddr | KEY_SHARED_OP;
	}
	mutex_unlock(&mm->lock);
	return err;
}

static bool key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->addr == b->addr;
}

static void wake_sleeper(void *arg)
{
	thread_wake(arg);
}

int futex_wait(uintptr_t uaddr, bool private, uint32_t val, uint64_t deadline, uint32_t bitset)
{
	struct futex_waiter w = { .bitset = bitset, .thread = current };
	struct timer timer;
	uint32_t cur;
	int err;

	if (!bitset)
		return -EINVAL;
	err = get_key(uaddr, private, &w.key);
	if (err)
		return err;
	mutex_lock(&futex_lock);
	if (copy_from_user(&cur, (const void *)uaddr, sizeof(cur))) {
		mutex_unlock(&futex_lock);
		return -EFAULT;
	}
	if (cur != val) {
		mutex_unlock(&futex_lock);
		return -EAGAIN;
	}
	list_add_tail(&w.node, bucket(&w.key));
	mutex_unlock(&futex_lock);

	timer_init(&timer, wake_sleeper, current);
	if (deadline != FUTEX_NO_TIMEOUT)
		timer_add(&timer, deadline);
	for (;;) {
		if (READ_ONCE(w.woken))
			break;
		if (thread_interrupted()) {
			/* as Linux: SA_RESTART restarts an untimed wait only */
			err = deadline == FUTEX_NO_TIMEOUT ? -ERESTARTSYS : -ERESTARTNOHAND;
			break;
		}
		if (deadline != FUTEX_NO_TIMEOUT && time_ns() >= deadline) {
			err = -ETIMEDOUT;
			break;
		}
		thread_sleep();
	}
	timer_cancel(&timer);
	mutex_lock(&futex_lock);
	if (w.woken)
		err = 0;
	else
		list_del(&w.node);
	mutex_unlock(&futex_lock);
	return err;
}

/* futex_lock held: wake up to n waiters of key matching bitset. */
static int wake_locked(const struct futex_key *key, int n, uint32_t bitset)
{
	struct futex_waiter *w, *tmp;
	int woken = 0;

	list_for_each_entry_safe(w, tmp, bucket(key), node) {
		if (woken >= n)
			break;
		if (!key_eq(&w->key, key) || !(w->bitset & bitset))
			continue;
		list_del(&w->node);
		WRITE_ONCE(w->woken, true);
		thread_wake(w->thread);
		woken++;
	}
	return woken;
}

int futex_wake(uintptr_t uaddr, bool private, int n, uint32_t bitset)
{
	struct futex_key key;
	int err, woken;

	if (!bitset)
		return -EINVAL;
	err = get_key(uaddr, private, &key);
	if (err)
		return err;
	mutex_lock(&futex_lock);
	woken = wake_locked(&key, n, bitset);
	mutex_unlock(&futex_lock);
	return woken;
}

int futex_wake_addr(uintptr_t uaddr, int n)
{
	int r = futex_wake(uaddr, false, n, FUTEX_BITSET_ANY);

	return r < 0 ? 0 : r;
}

int futex_requeue(uintptr_t uaddr, uintptr_t uaddr2, bool private, int n_wake, int n_move,
		  bool cmp, uint32_t cmpval)
{
	struct futex_key k1, k2;
	struct futex_waiter *w, *tmp;
	LIST_HEAD(moved);
	int err, done;

	if (n_wake < 0 || n_move < 0)
		return -EINVAL;
	err = get_key(uaddr, private, &k1);
	if (!err)
		err = get_key(uaddr2, private, &k2);
	if (err)
		return err;
	mutex_lock(&futex_lock);
	if (cmp) {
		uint32_t cur;

		if (copy_from_user(&cur, (const void *)uaddr, sizeof(cur))) {
			mutex_unlock(&futex_lock);
			return -EFAULT;
		}
		if (cur != cmpval) {
			mutex_unlock(&futex_lock);
			return -EAGAIN;
		}
	}
	done = wake_locked(&k1, n_wake, FUTEX_BITSET_ANY);
	/* gather first: uaddr2 may hash to the same list (or be uaddr) */
	list_for_each_entry_safe(w, tmp, bucket(&k1), node) {
		if (n_move == 0)
			break;
		if (!key_eq(&w->key, &k1))
			continue;
		list_del(&w->node);
		list_add_tail(&w->node, &moved);
		n_move--;
		done++;
	}
	while (!list_empty(&moved)) {
		w = list_first_entry(&moved, struct futex_waiter, node);
		list_del(&w->node);
		w->key = k2;
		list_add_tail(&w->node, bucket(&k2));
	}
	mutex_unlock(&futex_lock);
	return done;
}

/* Linux's robust futex list ABI (include/uapi/linux/futex.h). */
#define FUTEX_WAITERS		0x80000000U
#define FUTEX_OWNER_DIED	0x40000000U
#define FUTEX_TID_MASK		0x3fffffffU
#define ROBUST_LIST_LIMIT	2048

struct robust_list_head_k {
	uintptr_t next;
	long futex_offset;
	uintptr_t list_op_pending;
};

static void robust_release(uintptr_t entry, long offset, int tid)
{
	uintptr_t uaddr = (entry & ~1UL) + offset;
	uint32_t word, new;

	if (copy_from_user(&word, (const void *)uaddr, sizeof(word)))
		return;
	if ((word & FUTEX_TID_MASK) != (uint32_t)tid)
		return;
	new = (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (copy_to_user((void *)uaddr, &new, sizeof(new)))
		return;
	if (word & FUTEX_WAITERS)
		futex_wake_addr(uaddr, 1);
}

void futex_exit_robust(struct thread *t)
{
	struct robust_list_head_k head;
	uintptr_t entry;

	if (!t->robust_list || t->robust_len != sizeof(head))
		return;
	if (copy_from_user(&head, (const void *)t->robust_list, sizeof(head)))
		return;
	entry = head.next;
	for (int i = 0; i < ROBUST_LIST_LIMIT && entry != t->robust_list; i++) {
		uintptr_t next;

		if (copy_from_user(&next, (const void *)(entry & ~1UL), sizeof(next)))
			return;
		if (entry != head.list_op_pending)
			robust_release(entry, head.futex_offset, t->tid);
		entry = next;
	}
	if (head.list_op_pending)
		robust_release(head.list_op_pending, head.futex_offset, t->tid);
}

int futex_wake_op(uintptr_t uaddr, uintptr_t uaddr2, bool private, int n, int n2,
		  uint32_t encoded)
{
	unsigned int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	int32_t oparg = (int32_t)(encoded << 8) >> 20, cmparg = (int32_t)(encoded << 20) >> 20;
	struct futex_key k1, k2;
	uint32_t old;
	bool hit;
	int err, done;

	if (encoded & (8U << 28))	/* FUTEX_OP_OPARG_SHIFT */
		oparg = (oparg < 0 || oparg > 31) ? 0 : 1 << oparg;
	if (op > UATOMIC_XOR || cmp > 5)
		return -ENOSYS;
	err = get_key(uaddr, private, &k1);
	if (!err)
		err = get_key(uaddr2, private, &k2);
	if (err)
		return err;
	mutex_lock(&futex_lock);
	err = user_atomic_op((uint32_t *)uaddr2, (int)op, (uint32_t)oparg, &old);
	if (err) {
		mutex_unlock(&futex_lock);
		return err;
	}
	switch (cmp) {
	case 0: hit = (int32_t)old == cmparg; break;
	case 1: hit = (int32_t)old != cmparg; break;
	case 2: hit = (int32_t)old < cmparg; break;
	case 3: hit = (int32_t)old <= cmparg; break;
	case 4: hit = (int32_t)old > cmparg; break;
	default: hit = (int32_t)old >= cmparg; break;
	}
	done = wake_locked(&k1, n, FUTEX_BITSET_ANY);
	if (hit)
		done += wake_locked(&k2, n2, FUTEX_BITSET_ANY);
	mutex_unlock(&futex_lock);
	return done;
}
