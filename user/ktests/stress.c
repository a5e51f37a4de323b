/*
 * Stress of processes, threads and futexes together, on the kernel only
 * (it checks the kernel's free memory, which under qemu-riscv64 would be
 * the host's). Self-checking: exit status 0 on success.
 *
 * While 8 threads of this process contend for one futex-based lock, each
 * incrementing a shared counter 10000 times, the main thread forks 100
 * children in waves of 10; each child forks a grandchild, waits for it
 * and exits; the main thread reaps each wave before starting the next.
 * The whole round runs twice: the first warms up the caches, and around
 * the second the free memory reported by sysinfo must stay the same,
 * within a few pages; in each the counter must be exact and every exit
 * status right.
 * An alarm fails the test if it does not finish.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define NTHREADS	8
#define NINCR		10000
#define NPROCS		100	/* at most 254: exit codes carry i + 1 */
#define WAVE		10
#define STACK_SIZE	(128 * 1024)
#define TIME_LIMIT	100	/* seconds, within the test runner's limit */
#define PAGE		4096UL

/*
 * Free memory may differ by this much between the two measurements
 * without a leak. The kernel keeps freed kernel stacks (4 pages each) in
 * a small cache, and how many are in it at the end depends on how many
 * tasks happened to be alive at once, which varies by a few from round
 * to round; kmalloc keeps partly used slab pages and per-CPU magazines
 * whose fill level depends on the order things were freed. A leak of
 * one page for each of the 200 processes, or a kernel stack for each
 * thread, is well beyond it.
 */
#define ALLOWANCE_PAGES	32

/* ---- a lock on one futex word: 0 free, 1 held, 2 held with waiters ---- */

static volatile int lock_word;
static long counter;
static volatile long futex_waits;

static void futex_lock(volatile int *f)
{
	int c = __sync_val_compare_and_swap(f, 0, 1);

	if (c == 0)
		return;
	if (c != 2)
		c = __atomic_exchange_n(f, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		syscall(SYS_futex, f, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
		__atomic_fetch_add(&futex_waits, 1, __ATOMIC_RELAXED);
		c = __atomic_exchange_n(f, 2, __ATOMIC_ACQUIRE);
	}
}

static void futex_unlock(volatile int *f)
{
	if (__atomic_fetch_sub(f, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(f, 0, __ATOMIC_RELEASE);
		syscall(SYS_futex, f, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
}

static volatile int go;

static void *incrementer(void *arg)
{
	int i;

	(void)arg;
	while (!go)
		sched_yield();
	for (i = 0; i < NINCR; i++) {
		futex_lock(&lock_word);
		counter++;
		/* Now and then give the CPU away holding the lock: the other
		 * threads then sleep in FUTEX_WAIT. */
		if (i % 64 == 0)
			sched_yield();
		futex_unlock(&lock_word);
	}
	return NULL;
}

/* ---- processes ---- */

/* A child: fork a grandchild that exits with n, wait, exit with n + 1. */
static void child(int n)
{
	int status = -1;
	pid_t pid = fork();

	if (pid < 0)
		_exit(200);
	if (pid == 0)
		_exit(n);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		_exit(201);
	_exit(WEXITSTATUS(status) + 1);
}

/* Run nprocs children in waves; returns how many ended as expected. */
static int run_waves(int nprocs)
{
	int good = 0, base, i, status;
	pid_t pid;

	for (base = 0; base < nprocs; base += WAVE) {
		for (i = base; i < base + WAVE && i < nprocs; i++) {
			pid = fork();
			if (pid == 0)
				child(i);
			if (pid < 0)
				SAY("fork failed: %s\n", strerror(errno));
		}
		/* Child i exits with i + 1: it must be one of this wave. */
		while ((pid = wait(&status)) > 0) {
			if (WIFEXITED(status) && WEXITSTATUS(status) > base &&
			    WEXITSTATUS(status) <= base + WAVE)
				good++;
			else
				SAY("bad status 0x%x\n", status);
		}
	}
	return good;
}

/* Start n incrementer threads on stacks of our own (freed again below). */
static int start_threads(pthread_t *t, void **stacks, int n)
{
	pthread_attr_t attr;
	int i, started = 0;

	pthread_attr_init(&attr);
	for (i = 0; i < n; i++) {
		stacks[i] = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (stacks[i] == MAP_FAILED)
			break;
		pthread_attr_setstack(&attr, stacks[i], STACK_SIZE);
		if (pthread_create(&t[i], &attr, incrementer, NULL) != 0) {
			munmap(stacks[i], STACK_SIZE);
			break;
		}
		started++;
	}
	pthread_attr_destroy(&attr);
	return started;
}

static int join_threads(pthread_t *t, void **stacks, int n)
{
	int i, joined = 0;

	for (i = 0; i < n; i++) {
		joined += pthread_join(t[i], NULL) == 0;
		munmap(stacks[i], STACK_SIZE);
	}
	return joined;
}

static unsigned long free_bytes(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0)
		return 0;
	return (unsigned long)si.freeram * si.mem_unit;
}

static void on_alarm(int sig)
{
	static const char msg[] = "FAIL stress: did not finish in time\n";

	(void)sig;
	(void)!write(1, msg, sizeof(msg) - 1);
	_exit(2);
}

/* One round: nthreads incrementing while nprocs children come and go. */
static void round_of(int nthreads, int nprocs)
{
	pthread_t t[NTHREADS];
	void *stacks[NTHREADS];
	int started, good;

	counter = 0;
	futex_waits = 0;
	go = 0;
	started = start_threads(t, stacks, nthreads);
	go = 1;
	good = run_waves(nprocs);
	CHECK(started == nthreads);
	CHECK(join_threads(t, stacks, started) == nthreads);
	SAY("children that exited as expected: %d of %d\n", good, nprocs);
	CHECK(good == nprocs);
	SAY("counter %ld (expected %ld), futex waits %ld\n", counter,
	    (long)nthreads * NINCR, futex_waits);
	CHECK(counter == (long)nthreads * NINCR);
	CHECK(lock_word == 0);
	CHECK_ERR(wait(NULL), ECHILD);
}

int main(void)
{
	unsigned long before, after, diff;

	utest_start("stress");
	signal(SIGALRM, on_alarm);
	alarm(TIME_LIMIT);

	/*
	 * A first round just like the measured one, so that the caches of
	 * libc and of the kernel grow to their working size before the
	 * first measurement.
	 */
	SAY("warm-up\n");
	round_of(NTHREADS, NPROCS);
	before = free_bytes();
	CHECK(before > 0);

	SAY("%d threads x %d increments, %d processes in waves of %d\n", NTHREADS, NINCR,
	    NPROCS, WAVE);
	round_of(NTHREADS, NPROCS);

	after = free_bytes();
	diff = after > before ? after - before : before - after;
	SAY("free memory before %lu KiB, after %lu KiB, difference %lu pages (allowed %d)\n",
	    before / 1024, after / 1024, diff / PAGE, ALLOWANCE_PAGES);
	CHECK(diff <= ALLOWANCE_PAGES * PAGE);
	alarm(0);
	return utest_done();
}
