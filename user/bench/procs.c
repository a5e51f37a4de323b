/*
 * Rows of the benchmark (user/bench/bench.c) on processes, threads,
 * futexes and memory mappings.
 */
#include "bench.h"
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *const nop_env[] = { "PATH=/bin", NULL };

int64_t loop_fork(long n)
{
	int64_t t = now_ns();

	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		int64_t err;

		if (pid < 0)
			return -errno;
		if (pid == 0)
			_exit(0);
		err = reap(pid);
		if (err)
			return err;
	}
	return now_ns() - t;
}

/* One child that execs NOP_PROGRAM, waited for; apart from the loop, which vfork could clobber. */
static __attribute__((noinline)) int64_t spawn_nop(int use_vfork)
{
	char *argv[] = { NOP_PROGRAM, "0", NULL };
	pid_t pid = use_vfork ? vfork() : fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execve(NOP_PROGRAM, argv, nop_env);
		_exit(127);
	}
	return reap(pid);
}

static int64_t fork_exec(long n, int use_vfork)
{
	int64_t t = now_ns();

	for (long i = 0; i < n; i++) {
		int64_t err = spawn_nop(use_vfork);

		if (err)
			return err;
	}
	return now_ns() - t;
}

int64_t loop_fork_exec(long n)
{
	return fork_exec(n, 0);
}

int64_t loop_vfork_exec(long n)
{
	return fork_exec(n, 1);
}

/* One child that execs NOP_PROGRAM n times in a row (it counts down). */
int64_t loop_exec(long n)
{
	char count[24];
	char *argv[] = { NOP_PROGRAM, count, NULL };
	int64_t t, err;
	pid_t pid;

	snprintf(count, sizeof(count), "%ld", n - 1);
	t = now_ns();
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execve(NOP_PROGRAM, argv, nop_env);
		_exit(127);
	}
	err = reap(pid);
	return err ? err : now_ns() - t;
}

/* --- threads and futexes ------------------------------------------------------ */

static void *thread_nop(void *arg)
{
	return arg;
}

int64_t loop_thread(long n)
{
	int64_t t = now_ns();

	for (long i = 0; i < n; i++) {
		pthread_t th;
		int err = pthread_create(&th, NULL, thread_nop, NULL);

		if (err)
			return -err;
		pthread_join(th, NULL);
	}
	return now_ns() - t;
}

/* Two threads take turns: each waits for its word to turn 1. */
static _Atomic uint32_t turn_a, turn_b;
static long futex_rounds;

static long futex(_Atomic uint32_t *word, int op, uint32_t val)
{
	return syscall(SYS_futex, word, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

static void futex_take(_Atomic uint32_t *mine)
{
	while (*mine == 0)
		futex(mine, FUTEX_WAIT, 0);
	*mine = 0;
}

static void futex_give(_Atomic uint32_t *theirs)
{
	*theirs = 1;
	futex(theirs, FUTEX_WAKE, 1);
}

static void *futex_partner(void *arg)
{
	for (long i = 0; i < futex_rounds; i++) {
		futex_take(&turn_b);
		futex_give(&turn_a);
	}
	return arg;
}

int64_t loop_futex(long n)
{
	pthread_t th;
	int64_t t;
	int err;

	if (futex(&turn_a, FUTEX_WAKE, 1) < 0)
		return -errno;
	turn_a = turn_b = 0;
	futex_rounds = n;
	err = pthread_create(&th, NULL, futex_partner, NULL);
	if (err)
		return -err;
	t = now_ns();
	for (long i = 0; i < n; i++) {
		futex_give(&turn_b);
		futex_take(&turn_a);
	}
	t = now_ns() - t;
	pthread_join(th, NULL);
	return t;
}

/* --- memory ------------------------------------------------------------------- */

/* n first touches of fresh anonymous pages; only the touching is timed */
int64_t loop_page_fault(long n)
{
	int64_t t = 0;

	for (long done = 0; done < n; done += FAULT_PAGES) {
		long pages = n - done < FAULT_PAGES ? n - done : FAULT_PAGES;
		char *p = mmap(NULL, (size_t)(pages * page_size), PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		int64_t start;

		if (p == MAP_FAILED)
			return -errno;
		start = now_ns();
		for (long i = 0; i < pages; i++)
			p[i * page_size] = 1;
		t += now_ns() - start;
		munmap(p, (size_t)(pages * page_size));
	}
	return t;
}

/* n unmappings of MAP_SIZE whose every page was touched; only munmap is timed */
int64_t loop_munmap(long n)
{
	int64_t t = 0;

	for (long i = 0; i < n; i++) {
		char *p = mmap(NULL, MAP_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		int64_t start;

		if (p == MAP_FAILED)
			return -errno;
		for (long off = 0; off < MAP_SIZE; off += page_size)
			p[off] = 1;
		start = now_ns();
		if (munmap(p, MAP_SIZE))
			return -errno;
		t += now_ns() - start;
	}
	return t;
}

int64_t loop_mmap_munmap(long n)
{
	int64_t t = now_ns();

	for (long i = 0; i < n; i++) {
		void *p = mmap(NULL, MAP_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || munmap(p, MAP_SIZE))
			return -errno;
	}
	return now_ns() - t;
}

/* the break moved up a page and back: two brk calls an operation */
int64_t loop_brk(long n)
{
	long base = syscall(SYS_brk, 0);
	int64_t t = now_ns();

	for (long i = 0; i < n; i++) {
		if (syscall(SYS_brk, base + page_size) != base + page_size)
			return -ENOMEM;
		syscall(SYS_brk, base);
	}
	return now_ns() - t;
}
