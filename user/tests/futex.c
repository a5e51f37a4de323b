/*
 * futex through the raw system call: WAIT (value mismatch, timeouts),
 * WAKE counts, REQUEUE and CMP_REQUEUE, WAIT_BITSET and WAKE_BITSET,
 * WAKE_OP, private and shared futexes (also across fork), and the error
 * cases.
 *
 * To know that n threads are asleep on a futex before waking them, the
 * tests count the sleepers with FUTEX_CMP_REQUEUE from the futex onto
 * itself, waking none: Linux returns how many waiters it moved, and moving
 * them onto the same futex leaves them where they were.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define PAGE 4096

static long futex(volatile int *uaddr, int op, int val, const void *timeout_or_val2,
		  volatile int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout_or_val2, uaddr2, val3);
}

#define VAL2(n) ((const void *)(uintptr_t)(n))

/* Sleepers on f (of kind priv), expecting *f == val; waits up to 10 s for n. */
static long sleepers(volatile int *f, int priv, int n)
{
	struct timespec ts = { 0, 1000000 };
	long r = -1;
	int i;

	for (i = 0; i < 10000; i++) {
		r = futex(f, FUTEX_CMP_REQUEUE | priv, 0, VAL2(INT_MAX), f, *f);
		if (r >= n)
			break;
		nanosleep(&ts, NULL);
	}
	return r;
}

struct waiter {
	pthread_t thread;
	volatile int *f;
	int op, val;
	unsigned mask;
	long ret;
	int err;
	volatile int done;
};

static void *wait_fn(void *arg)
{
	struct waiter *w = arg;

	w->ret = futex(w->f, w->op, w->val, NULL, NULL, (int)w->mask);
	w->err = w->ret < 0 ? errno : 0;
	w->done = 1;
	return NULL;
}

static void start_waiter(struct waiter *w, volatile int *f, int op, unsigned mask)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->op = op;
	w->val = *f;
	w->mask = mask;
	pthread_create(&w->thread, NULL, wait_fn, w);
}

/*
 * Join w; 1 if its WAIT returned 0 (woken by a wake). A waiter the test
 * failed to wake is released with plain wakes after 5 s, so that a
 * missing feature costs a failed check, not a hang.
 */
static int woken(struct waiter *w)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i < 5000 && !w->done; i++)
		nanosleep(&ts, NULL);
	while (!w->done) {
		futex(w->f, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
		futex(w->f, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
		nanosleep(&ts, NULL);
	}
	pthread_join(w->thread, NULL);
	return w->ret == 0;
}

static double now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_wait_basics(void)
{
	static volatile int f = 1;
	struct timespec rel = { 0, 20000000 }, bad = { 0, 1000000000 }, neg = { -1, 0 };
	double t0;

	SAY("FUTEX_WAIT\n");
	CHECK_ERR(futex(&f, FUTEX_WAIT, 2, NULL, NULL, 0), EAGAIN);
	CHECK_ERR(futex(&f, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EAGAIN);
	t0 = now(CLOCK_MONOTONIC);
	CHECK_ERR(futex(&f, FUTEX_WAIT, 1, &rel, NULL, 0), ETIMEDOUT);
	CHECK(now(CLOCK_MONOTONIC) - t0 >= 0.019);
	CHECK_ERR(futex(&f, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0), ETIMEDOUT);
	CHECK_ERR(futex(&f, FUTEX_WAIT, 1, &bad, NULL, 0), EINVAL);
	CHECK_ERR(futex(&f, FUTEX_WAIT, 1, &neg, NULL, 0), EINVAL);
	CHECK(futex(&f, FUTEX_WAKE, 1, NULL, NULL, 0) == 0);
	CHECK(futex(&f, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0) == 0);
}

static void test_wake_count(void)
{
	static volatile int f;
	struct waiter w[3];
	int i, n = 0;

	SAY("FUTEX_WAKE returns the number woken\n");
	for (i = 0; i < 3; i++)
		start_waiter(&w[i], &f, FUTEX_WAIT_PRIVATE, 0);
	CHECK(sleepers(&f, FUTEX_PRIVATE_FLAG, 3) == 3);
	CHECK(futex(&f, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0) == 2);
	CHECK(sleepers(&f, FUTEX_PRIVATE_FLAG, 1) == 1);
	CHECK(futex(&f, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0) == 1);
	CHECK(futex(&f, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0) == 0);
	for (i = 0; i < 3; i++)
		n += woken(&w[i]);
	CHECK(n == 3);
}

static void test_requeue(void)
{
	static volatile int f1, f2 = 7;
	struct waiter w[3];
	int i, n = 0;

	SAY("FUTEX_REQUEUE and FUTEX_CMP_REQUEUE\n");
	for (i = 0; i < 3; i++)
		start_waiter(&w[i], &f1, FUTEX_WAIT, 0);
	CHECK(sleepers(&f1, 0, 3) == 3);
	/* Wake one, move the rest: the result counts both. */
	CHECK(futex(&f1, FUTEX_REQUEUE, 1, VAL2(INT_MAX), &f2, 0) == 3);
	CHECK(sleepers(&f1, 0, 0) == 0);
	CHECK(sleepers(&f2, 0, 2) == 2);
	/* Wake none, move at most one back. */
	CHECK(futex(&f2, FUTEX_REQUEUE, 0, VAL2(1), &f1, 0) == 1);
	CHECK(sleepers(&f1, 0, 1) == 1);
	/* CMP_REQUEUE checks the value first. */
	CHECK_ERR(futex(&f2, FUTEX_CMP_REQUEUE, 0, VAL2(INT_MAX), &f1, 8), EAGAIN);
	CHECK(futex(&f2, FUTEX_CMP_REQUEUE, 0, VAL2(INT_MAX), &f1, 7) == 1);
	CHECK(sleepers(&f2, 0, 0) == 0);
	CHECK_ERR(futex(&f1, FUTEX_CMP_REQUEUE, 0, VAL2(-1), &f2, 0), EINVAL);
	CHECK(futex(&f1, FUTEX_WAKE, INT_MAX, NULL, NULL, 0) == 2);
	for (i = 0; i < 3; i++)
		n += woken(&w[i]);
	CHECK(n == 3);
}

static void test_bitset(void)
{
	static volatile int f;
	struct timespec abs;
	struct waiter a, b, c;

	SAY("FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET\n");
	start_waiter(&a, &f, FUTEX_WAIT_BITSET_PRIVATE, 0x1);
	start_waiter(&b, &f, FUTEX_WAIT_BITSET_PRIVATE, 0x2);
	CHECK(sleepers(&f, FUTEX_PRIVATE_FLAG, 2) == 2);
	CHECK(futex(&f, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x4) == 0);
	CHECK(futex(&f, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x2) == 1);
	CHECK(woken(&b));
	CHECK(!a.done);
	/* A plain FUTEX_WAIT waits with every bit set: any mask wakes it. */
	start_waiter(&c, &f, FUTEX_WAIT_PRIVATE, 0);
	CHECK(sleepers(&f, FUTEX_PRIVATE_FLAG, 2) == 2);
	CHECK(futex(&f, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x4) == 1);
	CHECK(woken(&c));
	CHECK(!a.done);
	/* A plain FUTEX_WAKE wakes every mask. */
	CHECK(futex(&f, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0) == 1);
	CHECK(woken(&a));
	CHECK_ERR(futex(&f, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, 0), EINVAL);
	CHECK_ERR(futex(&f, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0), EINVAL);

	SAY("absolute timeouts\n");
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 20000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	CHECK_ERR(futex(&f, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, -1), ETIMEDOUT);
	CHECK(now(CLOCK_MONOTONIC) >= abs.tv_sec + abs.tv_nsec / 1e9);
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_sec -= 1;
	CHECK_ERR(futex(&f, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, -1),
		  ETIMEDOUT);
}

static void test_wake_op(void)
{
	static volatile int f1, f2;
	struct waiter w;

	SAY("FUTEX_WAKE_OP\n");
	/* No waiters: only the operation on the second word happens. */
	f2 = 10;
	CHECK(futex(&f1, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), &f2,
		    FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 10)) == 0);
	CHECK(f2 == 15);
	/* A waiter on the second word, woken because the old value matched. */
	f2 = 0;
	start_waiter(&w, &f2, FUTEX_WAIT_PRIVATE, 0);
	CHECK(sleepers(&f2, FUTEX_PRIVATE_FLAG, 1) == 1);
	CHECK(futex(&f1, FUTEX_WAKE_OP_PRIVATE, 1, VAL2(1), &f2,
		    FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0)) == 1);
	CHECK(f2 == 1);
	CHECK(woken(&w));
}

static void test_private_shared(void)
{
	static volatile int f;
	struct waiter w;

	SAY("private and shared futexes are distinct\n");
	start_waiter(&w, &f, FUTEX_WAIT_PRIVATE, 0);
	CHECK(sleepers(&f, FUTEX_PRIVATE_FLAG, 1) == 1);
	CHECK(futex(&f, FUTEX_WAKE, INT_MAX, NULL, NULL, 0) == 0);
	CHECK(futex(&f, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0) == 1);
	CHECK(woken(&w));
	start_waiter(&w, &f, FUTEX_WAIT, 0);
	CHECK(sleepers(&f, 0, 1) == 1);
	CHECK(futex(&f, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0) == 0);
	CHECK(futex(&f, FUTEX_WAKE, INT_MAX, NULL, NULL, 0) == 1);
	CHECK(woken(&w));
}

static void test_across_fork(void)
{
	volatile int *f = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			       -1, 0);
	int status = -1;
	pid_t pid;

	SAY("shared futex across fork\n");
	CHECK(f != MAP_FAILED);
	*f = 0;
	pid = fork();
	if (pid == 0) {
		struct timespec limit = { 10, 0 };
		long r = futex(f, FUTEX_WAIT, 0, &limit, NULL, 0);

		_exit(r == 0 && *f == 1 ? 0 : 1);
	}
	CHECK(sleepers(f, 0, 1) == 1);
	*f = 1;
	CHECK(futex(f, FUTEX_WAKE, 1, NULL, NULL, 0) == 1);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	munmap((void *)f, PAGE);
}

static void test_errors(void)
{
	static volatile int f[2];
	struct timespec rel = { 0, 1000000 };
	volatile int *gone = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	SAY("error cases\n");
	munmap((void *)gone, PAGE);
	CHECK_ERR(futex(NULL, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT);
	CHECK_ERR(futex(gone, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0), EFAULT);
	CHECK_ERR(futex(gone, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT);
	CHECK_ERR(futex(f, FUTEX_WAIT, 0, (struct timespec *)8, NULL, 0), EFAULT);
	CHECK_ERR(futex(f, FUTEX_CMP_REQUEUE, 0, VAL2(1), gone, 0), EFAULT);
	/* Not 4-byte aligned. */
	CHECK_ERR(futex((volatile int *)((char *)f + 1), FUTEX_WAIT, 0, &rel, NULL, 0), EINVAL);
	CHECK_ERR(futex((volatile int *)((char *)f + 2), FUTEX_WAKE, 1, NULL, NULL, 0), EINVAL);
	/* Unknown operations, and a clock flag where it means nothing. */
	CHECK_ERR(futex(f, 99, 0, NULL, NULL, 0), ENOSYS);
	CHECK_ERR(futex(f, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS);
}

int main(void)
{
	utest_start("futex");
	test_wait_basics();
	test_wake_count();
	test_requeue();
	test_bitset();
	test_wake_op();
	test_private_shared();
	test_across_fork();
	test_errors();
	return utest_done();
}
