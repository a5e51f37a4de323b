/*
 * Futexes: sleep until another thread wakes the same user word. A word
 * is known by (address space, address) in private memory and by its
 * physical address in shared memory, so processes sharing a page meet;
 * "private" operations (FUTEX_PRIVATE_FLAG) always use the first form.
 */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include <lib/compiler.h>

#define FUTEX_BITSET_ANY	0xffffffffU
#define FUTEX_NO_TIMEOUT	(~0ULL)

struct thread;

/*
 * Sleep if *uaddr == val until woken with a matching bitset, the deadline
 * (time_ns()) passes, or the thread is killed: 0, -EAGAIN, -ETIMEDOUT,
 * -ERESTARTSYS (untimed) or -ERESTARTNOHAND (timed) on a signal, -EFAULT.
 */
int futex_wait(uintptr_t uaddr, bool private, uint32_t val, uint64_t deadline, uint32_t bitset);
/* Wake up to n waiters; returns how many. */
int futex_wake(uintptr_t uaddr, bool private, int n, uint32_t bitset);
int futex_wake_addr(uintptr_t uaddr, int n);
/* Wake n_wake, move up to n_move to uaddr2; cmp: *uaddr must equal cmpval. */
int futex_requeue(uintptr_t uaddr, uintptr_t uaddr2, bool private, int n_wake, int n_move,
		  bool cmp, uint32_t cmpval);
/* FUTEX_WAKE_OP: atomically change *uaddr2, wake on uaddr, maybe on uaddr2. */
int futex_wake_op(uintptr_t uaddr, uintptr_t uaddr2, bool private, int n, int n2,
		  uint32_t encoded);
/* Exit: mark the robust futexes the thread holds as owner-died. */
void futex_exit_robust(struct thread *t);

#endif
