/*
 * clone directly: threads made by hand with CLONE_PARENT_SETTID,
 * CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID (the kernel clears the word and
 * wakes a futex waiter when the thread exits) and CLONE_SETTLS;
 * set_tid_address; fork-like clones; invalid flag combinations.
 *
 * A hand-made thread shares the creator's thread pointer unless
 * CLONE_SETTLS gives it another, so it calls nothing that uses
 * thread-local storage: only successful raw system calls.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define STACK_SIZE (64 * 1024)
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
		      CLONE_THREAD | CLONE_SYSVSEM)

static pid_t gettid_raw(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/*
 * Wait until *word is 0, sleeping in FUTEX_WAIT. Returns 0, or -1 if a
 * 5-second wait timed out (nobody woke us) or the waits keep failing.
 */
static int wait_cleared(volatile pid_t *word)
{
	struct timespec ts = { 5, 0 };
	int tries = 0;
	pid_t v;

	while ((v = *word) != 0) {
		if (syscall(SYS_futex, word, FUTEX_WAIT, v, &ts, NULL, 0) < 0 &&
		    (errno == ETIMEDOUT || (errno != EAGAIN && errno != EINTR) || ++tries > 1000))
			return -1;
	}
	return 0;
}

static char *new_stack(void)
{
	char *s = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	return s == MAP_FAILED ? NULL : s;
}

/* What a hand-made thread saw. */
struct seen {
	pid_t tid, pid, ctid_in_child;
	volatile pid_t *ctid;
	uintptr_t tp;
	uintptr_t stack_var;
	long set_tid_ret;
	volatile pid_t *cleared;
};

static int thread_fn(void *arg)
{
	struct seen *s = arg;
	char here;

	s->tid = gettid_raw();
	s->pid = getpid();
	s->stack_var = (uintptr_t)&here;
	if (s->ctid)
		s->ctid_in_child = *s->ctid;
	__asm__ volatile("mv %0, tp" : "=r"(s->tp));
	if (s->cleared)
		s->set_tid_ret = syscall(SYS_set_tid_address, s->cleared);
	return 0;
}

static void test_thread(void)
{
	volatile pid_t word = -1;
	struct seen s;
	char *stack = new_stack();
	pid_t tid;

	SAY("a thread by hand: PARENT_SETTID and CHILD_CLEARTID on one word\n");
	CHECK(stack != NULL);
	memset(&s, 0, sizeof(s));
	tid = clone(thread_fn, stack + STACK_SIZE,
		    THREAD_FLAGS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, &s,
		    &word, NULL, &word);
	CHECK(tid > 0);
	CHECK(wait_cleared(&word) == 0);
	CHECK(word == 0);
	CHECK(s.tid == tid);
	CHECK(s.pid == getpid());
	CHECK(s.tid != getpid());
	CHECK(s.stack_var >= (uintptr_t)stack && s.stack_var < (uintptr_t)stack + STACK_SIZE);
	/* A thread cannot be waited for. */
	CHECK_ERR(waitpid(tid, NULL, __WALL | WNOHANG), ECHILD);
	munmap(stack, STACK_SIZE);
}

static void test_child_settid(void)
{
	/* Not 0, or the wait below could end before the thread starts. */
	volatile pid_t word = -1;
	struct seen s;
	char *stack = new_stack();
	pid_t tid;

	SAY("CHILD_SETTID is written before the thread runs\n");
	memset(&s, 0, sizeof(s));
	s.ctid = &word;
	tid = clone(thread_fn, stack + STACK_SIZE,
		    THREAD_FLAGS | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, &s,
		    NULL, NULL, &word);
	CHECK(tid > 0);
	CHECK(wait_cleared(&word) == 0);
	CHECK(s.ctid_in_child == tid);
	munmap(stack, STACK_SIZE);
}

static void test_settls(void)
{
	volatile pid_t word = -1;
	static long fake_tls[16];
	struct seen s;
	char *stack = new_stack();
	pid_t tid;

	SAY("SETTLS sets the thread pointer\n");
	memset(&s, 0, sizeof(s));
	tid = clone(thread_fn, stack + STACK_SIZE,
		    THREAD_FLAGS | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
		    &s, &word, fake_tls, &word);
	CHECK(tid > 0);
	CHECK(wait_cleared(&word) == 0);
	CHECK(s.tp == (uintptr_t)fake_tls);
	munmap(stack, STACK_SIZE);
}

static void test_set_tid_address(void)
{
	static volatile pid_t mine = 5;
	volatile pid_t word = -1;
	struct seen s;
	char *stack = new_stack();
	pid_t tid;

	SAY("set_tid_address\n");
	/* Returns the caller's thread id. (mine is static: the kernel clears
	 * it if the main thread ever leaves by itself.) */
	CHECK(syscall(SYS_set_tid_address, &mine) == getpid());
	CHECK(mine == 5);
	/* A thread moves its clear-on-exit word somewhere else. */
	memset(&s, 0, sizeof(s));
	s.cleared = &word;
	tid = clone(thread_fn, stack + STACK_SIZE, THREAD_FLAGS, &s, NULL, NULL, NULL);
	CHECK(tid > 0);
	CHECK(wait_cleared(&word) == 0);
	CHECK(s.set_tid_ret == tid);
	munmap(stack, STACK_SIZE);
}

/* Many threads at once, each cleared on exit. */
#define MANY 32

static volatile int many_sum;

static int add_one(void *arg)
{
	__atomic_fetch_add(&many_sum, (int)(uintptr_t)arg, __ATOMIC_SEQ_CST);
	return 0;
}

static void test_many(void)
{
	static volatile pid_t words[MANY];
	char *stacks[MANY];
	int i, created = 0, cleared = 0;

	SAY("%d threads by hand\n", MANY);
	many_sum = 0;
	for (i = 0; i < MANY; i++) {
		stacks[i] = new_stack();
		words[i] = -1;
		created += clone(add_one, stacks[i] + STACK_SIZE,
				 THREAD_FLAGS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
				 (void *)(uintptr_t)(i + 1), &words[i], NULL, &words[i]) > 0;
	}
	for (i = 0; i < MANY; i++) {
		cleared += wait_cleared(&words[i]) == 0;
		munmap(stacks[i], STACK_SIZE);
	}
	CHECK(created == MANY);
	CHECK(cleared == MANY);
	CHECK(many_sum == MANY * (MANY + 1) / 2);
}

/*
 * clone without CLONE_VM is fork; CLONE_CHILD_SETTID writes the child's
 * copy only. (CLONE_PARENT_SETTID, which writes the parent's copy only,
 * is checked in user/ktests/native.c: qemu-riscv64 writes it in the
 * child.)
 */
static void test_fork_like(void)
{
	volatile pid_t ctid = 0;
	int status = -1;
	long pid;

	SAY("fork-like clone\n");
	/* riscv64 argument order: flags, stack, parent_tid, tls, child_tid. */
	pid = syscall(SYS_clone, SIGCHLD | CLONE_CHILD_SETTID, NULL, NULL, NULL, &ctid);
	if (pid == 0)
		_exit(ctid == gettid_raw() ? 0 : 1);
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(ctid == 0);
}

static void test_bad_flags(void)
{
	SAY("invalid flag combinations\n");
	/* A thread must share signal handlers, which needs shared memory. */
	CHECK_ERR(syscall(SYS_clone, CLONE_THREAD | CLONE_VM | SIGCHLD, NULL, NULL, NULL, NULL),
		  EINVAL);
	CHECK_ERR(syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, NULL, NULL, NULL, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_clone, CLONE_THREAD | CLONE_SIGHAND | SIGCHLD, NULL, NULL, NULL,
			  NULL), EINVAL);
}

int main(void)
{
	utest_start("clone");
	test_thread();
	test_child_settid();
	test_settls();
	test_set_tid_address();
	test_many();
	test_fork_like();
	test_bad_flags();
	return utest_done();
}
