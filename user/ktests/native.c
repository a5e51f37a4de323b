/*
 * Linux behaviour of the process, thread and memory calls that
 * qemu-riscv64 (user-mode QEMU, used to check user/tests/ against Linux's
 * ABI) does not reproduce, so it is checked here, on the kernel only.
 * Self-checking: exit status 0 when every check passed.
 *
 * What qemu-riscv64 7.2 gets wrong, and so lives here:
 *   - vfork runs as fork: the child does not share memory, the parent
 *     does not wait for it;
 *   - clone with CLONE_VM but not CLONE_THREAD, or with an exit signal
 *     other than SIGCHLD, is refused;
 *   - CLONE_PARENT_SETTID on a fork-like clone is written in the child;
 *   - set_robust_list and get_robust_list are ENOSYS;
 *   - PR_SET_CHILD_SUBREAPER is refused;
 *   - MAP_FIXED_NOREPLACE is only a hint, never EEXIST;
 *   - madvise accepts unknown advice;
 *   - mremap: old size 0 is refused, new size 0 is ENOMEM, not EINVAL;
 *   - brk keeps the pages above a lowered break mapped;
 *   - a new RLIMIT_STACK is accepted but not reported back.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define PAGE 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define STACK_SIZE (64 * 1024)

static pid_t gettid_raw(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	syscall(SYS_nanosleep, &ts, NULL);
}

/* Signal that kills a child writing to p (0 if the write works). */
static int write_signal(volatile unsigned char *p)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		*p = 1;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

/* ---- processes ---- */

static volatile int vfork_var;

static void test_vfork(void)
{
	int status = -1;
	pid_t pid;

	SAY("vfork shares memory and suspends the parent\n");
#ifndef __GLIBC__
	/* musl 1.2.3's riscv64 vfork() is fork(): nothing to check here */
	return;
#endif
	vfork_var = 0;
	pid = vfork();
	if (pid == 0) {
		vfork_var = 1;
		sleep_ms(50);
		vfork_var = 2;
		_exit(4);
	}
	/* The child has exited by the time the parent runs again. */
	CHECK(vfork_var == 2);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 4);
}

static int set_var(void *arg)
{
	*(volatile int *)arg = 7;
	return 9;
}

static void test_clone_vm_process(void)
{
	static volatile int shared;
	char *stack = mmap(NULL, STACK_SIZE, RW, ANON, -1, 0);
	int status = -1;
	pid_t pid;

	SAY("CLONE_VM without CLONE_THREAD: a process sharing memory\n");
	CHECK(stack != MAP_FAILED);
	pid = clone(set_var, stack + STACK_SIZE, CLONE_VM | SIGCHLD, (void *)&shared);
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 9);
	CHECK(shared == 7);
	munmap(stack, STACK_SIZE);
}

static void test_exit_signal(void)
{
	int status = -1;
	long pid;

	SAY("exit signal other than SIGCHLD: __WCLONE and __WALL\n");
	/* Exit signal 0: the parent gets no signal, plain waits skip it. */
	pid = syscall(SYS_clone, 0, NULL, NULL, NULL, NULL);
	if (pid == 0)
		_exit(5);
	CHECK(pid > 0);
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD);
	CHECK(waitpid(pid, &status, __WCLONE) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5);
	pid = syscall(SYS_clone, SIGURG, NULL, NULL, NULL, NULL);
	if (pid == 0)
		_exit(6);
	CHECK(waitpid(pid, &status, __WALL) == pid);
	CHECK(WEXITSTATUS(status) == 6);
	/* And a SIGCHLD child is not a __WCLONE child. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK_ERR(waitpid(pid, &status, __WCLONE), ECHILD);
	CHECK(waitpid(pid, &status, 0) == pid);
}

static void test_parent_settid(void)
{
	volatile pid_t ptid = 0;
	int status = -1;
	long pid;

	SAY("CLONE_PARENT_SETTID on a fork-like clone writes the parent's copy\n");
	pid = syscall(SYS_clone, SIGCHLD | CLONE_PARENT_SETTID, NULL, &ptid, NULL, NULL);
	if (pid == 0)
		_exit(ptid == 0 ? 0 : 1);
	CHECK(pid > 0);
	CHECK(ptid == pid);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_subreaper(void)
{
	int fds[2], status = -1, flag = -1;
	pid_t mid, grandchild = 0, me = getpid();

	SAY("child subreaper\n");
	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0);
	CHECK(prctl(PR_GET_CHILD_SUBREAPER, &flag, 0, 0, 0) == 0);
	CHECK(flag == 1);
	CHECK(pipe(fds) == 0);
	mid = fork();
	if (mid == 0) {
		pid_t g = fork();

		if (g == 0) {
			int i;

			/* Reparented to the subreaper once mid is gone. */
			for (i = 0; i < 5000 && getppid() != me; i++)
				sleep_ms(1);
			_exit(getppid() == me ? 33 : 34);
		}
		if (write(fds[1], &g, sizeof(g)) != sizeof(g))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	CHECK(read(fds[0], &grandchild, sizeof(grandchild)) == sizeof(grandchild));
	close(fds[0]);
	CHECK(waitpid(mid, &status, 0) == mid);
	CHECK(waitpid(grandchild, &status, 0) == grandchild);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 33);
	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0) == 0);
}

/* ---- robust futexes ---- */

struct robust_lock {
	struct robust_list list;
	volatile uint32_t word;
};

static struct robust_list_head head;
static struct robust_lock owned, foreign;
static long robust_err[4];

static void *robust_thread(void *arg)
{
	struct robust_list_head *got = NULL;
	size_t len = 0;

	(void)arg;
	robust_err[0] = syscall(SYS_set_robust_list, &head, sizeof(head) + 8) == -1 &&
			errno == EINVAL;
	robust_err[1] = syscall(SYS_set_robust_list, &head, sizeof(head)) == 0;
	robust_err[2] = syscall(SYS_get_robust_list, 0, &got, &len) == 0 && got == &head &&
			len == sizeof(head);
	/* Exit holding "owned"; "foreign" belongs to some other thread. */
	owned.word = gettid_raw();
	foreign.word = 1;
	return NULL;
}

static void test_robust(void)
{
	struct robust_list_head *got = NULL;
	pthread_t t;
	size_t len = 0;
	pid_t dead;

	SAY("robust futex lists\n");
	head.list.next = &owned.list;
	owned.list.next = &foreign.list;
	foreign.list.next = &head.list;
	head.futex_offset = offsetof(struct robust_lock, word) - offsetof(struct robust_lock, list);
	head.list_op_pending = NULL;
	CHECK(pthread_create(&t, NULL, robust_thread, NULL) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(robust_err[0]);
	CHECK(robust_err[1]);
	CHECK(robust_err[2]);
	/* The kernel marked the dead owner's lock, and only that one. */
	CHECK(owned.word == FUTEX_OWNER_DIED);
	CHECK(foreign.word == 1);
	CHECK(syscall(SYS_get_robust_list, 0, &got, &len) == 0);
	CHECK(len == sizeof(struct robust_list_head));
	dead = fork();
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	CHECK_ERR(syscall(SYS_get_robust_list, dead, &got, &len), ESRCH);
	CHECK_ERR(syscall(SYS_get_robust_list, 0, (void *)8, &len), EFAULT);
}

static pthread_mutex_t robust_mutex;

static void *lock_and_die(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&robust_mutex);
	return NULL;
}

static void test_robust_mutex(void)
{
	pthread_mutexattr_t attr;
	pthread_t t;

	SAY("robust pthread mutex: owner died\n");
	CHECK(pthread_mutexattr_init(&attr) == 0);
	/* musl refuses robust mutexes when the kernel lacks robust lists:
	 * going on would deadlock. */
	errno = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	CHECK(errno == 0);
	if (errno)
		return;
	CHECK(pthread_mutex_init(&robust_mutex, &attr) == 0);
	CHECK(pthread_create(&t, NULL, lock_and_die, NULL) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(pthread_mutex_lock(&robust_mutex) == EOWNERDEAD);
	CHECK(pthread_mutex_consistent(&robust_mutex) == 0);
	CHECK(pthread_mutex_unlock(&robust_mutex) == 0);
	CHECK(pthread_mutex_lock(&robust_mutex) == 0);
	CHECK(pthread_mutex_unlock(&robust_mutex) == 0);
}

/* ---- memory ---- */

static void test_mmap(void)
{
	unsigned char *p, *q;

	SAY("MAP_FIXED_NOREPLACE, madvise\n");
	p = mmap(NULL, 4 * PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 0x44, 4 * PAGE);
	CHECK(mmap(p + 2 * PAGE, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED &&
	      errno == EEXIST);
	CHECK(mmap(p - PAGE, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED &&
	      errno == EEXIST);
	CHECK(p[2 * PAGE] == 0x44 && p[0] == 0x44);
	CHECK_ERR(madvise(p, PAGE, 12345), EINVAL);

	SAY("mremap: new size 0, old size 0\n");
	CHECK(mremap(p, PAGE, 0, MREMAP_MAYMOVE) == MAP_FAILED && errno == EINVAL);
	CHECK(munmap(p, 4 * PAGE) == 0);
	p = mmap(NULL, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	p[10] = 0x80;
	/* Old size 0 makes a second mapping of the same shared pages. */
	q = mremap(p, 0, PAGE, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED && q != p);
	if (q != MAP_FAILED) {
		CHECK(q[10] == 0x80);
		q[11] = 0x81;
		CHECK(p[11] == 0x81);
		CHECK(munmap(q, PAGE) == 0);
	}
	CHECK(munmap(p, PAGE) == 0);
}

static void test_brk(void)
{
	uintptr_t start = (uintptr_t)syscall(SYS_brk, 0);
	uintptr_t top = start + 4 * PAGE;
	uintptr_t above = ((start + PAGE - 1) & ~(PAGE - 1)) + PAGE;

	SAY("brk: a lowered break unmaps the pages above\n");
	CHECK((uintptr_t)syscall(SYS_brk, top) == top);
	CHECK(write_signal((unsigned char *)above) == 0);
	CHECK((uintptr_t)syscall(SYS_brk, start) == start);
	CHECK(write_signal((unsigned char *)above) == SIGSEGV);
}

static void test_rlimit_stack(void)
{
	struct rlimit old, set, back;

	SAY("RLIMIT_STACK lowered and read back\n");
	CHECK(getrlimit(RLIMIT_STACK, &old) == 0);
	set.rlim_cur = 1 << 20;
	set.rlim_max = old.rlim_max;
	if (old.rlim_max != RLIM_INFINITY && old.rlim_max < set.rlim_cur)
		set.rlim_cur = old.rlim_max;
	CHECK(setrlimit(RLIMIT_STACK, &set) == 0);
	CHECK(getrlimit(RLIMIT_STACK, &back) == 0);
	CHECK(back.rlim_cur == set.rlim_cur && back.rlim_max == old.rlim_max);
	CHECK(setrlimit(RLIMIT_STACK, &old) == 0);
	CHECK(getrlimit(RLIMIT_STACK, &back) == 0);
	CHECK(back.rlim_cur == old.rlim_cur);
}

int main(void)
{
	utest_start("native");
	test_vfork();
	test_clone_vm_process();
	test_exit_signal();
	test_parent_settid();
	test_subreaper();
	test_robust();
	test_robust_mutex();
	test_mmap();
	test_brk();
	test_rlimit_stack();
	return utest_done();
}
