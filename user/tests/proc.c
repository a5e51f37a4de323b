/*
 * Processes: fork and copy-on-write, vfork, the relations between
 * getpid, getppid and gettid, process groups and sessions.
 *
 * A child runs its checks while the parent waits, then exits with 0 when
 * all of them passed; the parent checks that status. Values that differ
 * from machine to machine (pids) are never printed, only how they relate.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define NPAGES 16
#define PAGE 4096

static int global_var = 1;

/* fork; the child starts with no failed checks of its own. */
static pid_t fork_child(void)
{
	pid_t pid = fork();

	if (pid == 0)
		utest_failed = 0;
	return pid;
}

/* Child's exit status: 0 when every check it ran passed. */
static void child_done(void)
{
	_exit(utest_failed ? 1 : 0);
}

/* Wait for pid and check that it exited with status 0. */
static void reap_ok(pid_t pid)
{
	int status = -1;

	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A pid that belonged to a child already reaped: no process has it. */
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static void test_fork_ids(void)
{
	pid_t me = getpid();
	int fds[2];
	pid_t pid, seen = 0;
	ssize_t n;

	SAY("fork and ids\n");
	CHECK(getpid() == syscall(SYS_gettid));
	CHECK(getppid() != getpid());
	CHECK(pipe(fds) == 0);
	pid = fork_child();
	if (pid == 0) {
		pid_t self = getpid();

		close(fds[0]);
		CHECK(getppid() == me);
		CHECK(self != me);
		CHECK(syscall(SYS_gettid) == self);
		CHECK(write(fds[1], &self, sizeof(self)) == sizeof(self));
		child_done();
	}
	close(fds[1]);
	n = read(fds[0], &seen, sizeof(seen));
	close(fds[0]);
	reap_ok(pid);
	CHECK(pid > 0);
	CHECK(pid != me);
	CHECK(n == sizeof(seen));
	CHECK(seen == pid);
}

/* Child writes to data, heap, stack and an anonymous mapping don't reach
 * the parent, and parent writes after the fork don't reach the child. */
static void test_cow(void)
{
	int stack_var = 2;
	int *heap = malloc(sizeof(int));
	unsigned char *map = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int go[2];
	pid_t pid;
	int i, same;
	ssize_t n;
	char c;

	SAY("copy-on-write\n");
	CHECK(heap != NULL);
	CHECK(map != MAP_FAILED);
	*heap = 3;
	for (i = 0; i < NPAGES * PAGE; i++)
		map[i] = (unsigned char)i;
	CHECK(pipe(go) == 0);

	pid = fork_child();
	if (pid == 0) {
		global_var = 10;
		stack_var = 20;
		*heap = 30;
		for (i = 0; i < NPAGES * PAGE; i++)
			map[i] = 0xaa;
		CHECK(global_var == 10 && stack_var == 20 && *heap == 30);
		CHECK(map[0] == 0xaa && map[NPAGES * PAGE - 1] == 0xaa);
		child_done();
	}
	reap_ok(pid);
	CHECK(global_var == 1);
	CHECK(stack_var == 2);
	CHECK(*heap == 3);
	for (same = 1, i = 0; i < NPAGES * PAGE; i++)
		same &= map[i] == (unsigned char)i;
	CHECK(same);

	/* Parent writes after the fork while the child waits to look. */
	pid = fork_child();
	if (pid == 0) {
		close(go[1]);
		CHECK(read(go[0], &c, 1) == 1);
		CHECK(global_var == 1);
		CHECK(*heap == 3);
		CHECK(map[PAGE] == (unsigned char)PAGE);
		child_done();
	}
	close(go[0]);
	global_var = 100;
	*heap = 300;
	map[PAGE] = 0x55;
	n = write(go[1], "x", 1);
	close(go[1]);
	reap_ok(pid);
	CHECK(n == 1);
	global_var = 1;
	free(heap);
	munmap(map, NPAGES * PAGE);
}

/* Nested forks: each generation sees its own copy. */
static void test_fork_chain(void)
{
	int depth = 0;
	pid_t pid;

	SAY("fork chain\n");
	while (depth < 5) {
		pid = fork();
		if (pid < 0)
			_exit(2);
		if (pid > 0) {
			int status = -1;

			waitpid(pid, &status, 0);
			if (depth == 0) {
				CHECK(WIFEXITED(status));
				CHECK(WEXITSTATUS(status) == 5);
				return;
			}
			_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 99);
		}
		depth++;
		global_var = depth;
	}
	_exit(global_var == 5 ? depth : 98);
}

/*
 * vfork: the parent resumes once the child has exited. Whether the
 * child's writes reach the parent is not checked: qemu-riscv64 runs
 * vfork as a plain fork.
 */
static void test_vfork(void)
{
	pid_t pid;
	int status = -1;

	SAY("vfork\n");
	pid = vfork();
	if (pid == 0)
		_exit(42);
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
}

/* A child that moves into group pgid reports 0 if that worked. */
static int join_group(pid_t pgid)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(setpgid(0, pgid) == 0 && getpgrp() == pgid ? 0 : 1);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_pgrp(void)
{
	pid_t dead = dead_pid();
	pid_t mypgrp = getpgrp();
	int go[2];
	pid_t pid;
	ssize_t n;
	char c;

	SAY("process groups\n");
	CHECK(getpgid(0) == mypgrp);
	CHECK(getpgid(getpid()) == mypgrp);
	CHECK_ERR(getpgid(dead), ESRCH);
	CHECK_ERR(setpgid(dead, 0), ESRCH);
	CHECK_ERR(setpgid(0, -1), EINVAL);
	/* A pgid of 0 means "the pid", here -1. */
	CHECK_ERR(setpgid(-1, 0), EINVAL);

	/* A child makes itself a group leader. */
	pid = fork_child();
	if (pid == 0) {
		CHECK(getpgrp() == mypgrp);
		CHECK(setpgid(0, 0) == 0);
		CHECK(getpgrp() == getpid());
		CHECK(getpgid(0) == getpid());
		/*
		 * Its child joins that group, which exists in the same session.
		 * (Not the parent's group: a test started by a pid 1 that never
		 * called setsid is in group 0, which setpgid cannot name.)
		 */
		CHECK(join_group(getpid()) == 0);
		/* No group with that id in this session. */
		CHECK_ERR(setpgid(0, dead), EPERM);
		/* Not the caller nor one of its children. */
		CHECK_ERR(setpgid(getppid(), 0), ESRCH);
		child_done();
	}
	reap_ok(pid);

	/* The parent moves a waiting child into a group of its own. */
	CHECK(pipe(go) == 0);
	pid = fork_child();
	if (pid == 0) {
		close(go[1]);
		CHECK(read(go[0], &c, 1) == 1);
		CHECK(getpgrp() == getpid());
		child_done();
	}
	close(go[0]);
	CHECK(setpgid(pid, pid) == 0);
	CHECK(getpgid(pid) == pid);
	CHECK(getpgrp() == mypgrp);
	n = write(go[1], "x", 1);
	close(go[1]);
	reap_ok(pid);
	CHECK(n == 1);
}

static void test_session(void)
{
	pid_t dead = dead_pid();
	pid_t mysid = getsid(0);
	int go[2], ready[2];
	pid_t pid;
	ssize_t n;
	char c;

	SAY("sessions\n");
	CHECK(mysid >= 0);
	CHECK(getsid(getpid()) == mysid);
	CHECK_ERR(getsid(dead), ESRCH);

	/* A child that is not a group leader starts a session. */
	pid = fork_child();
	if (pid == 0) {
		pid_t self = getpid();

		CHECK(setsid() == self);
		CHECK(getsid(0) == self);
		CHECK(getpgrp() == self);
		CHECK(getsid(getppid()) == mysid);
		/* Already a session (and group) leader. */
		CHECK_ERR(setsid(), EPERM);
		CHECK_ERR(setpgid(0, 0), EPERM);
		child_done();
	}
	reap_ok(pid);

	/* A group leader cannot start a session. */
	pid = fork_child();
	if (pid == 0) {
		CHECK(setpgid(0, 0) == 0);
		CHECK_ERR(setsid(), EPERM);
		CHECK(getsid(0) == mysid);
		child_done();
	}
	reap_ok(pid);

	/* A child in another session cannot be moved by its parent. */
	CHECK(pipe(go) == 0);
	CHECK(pipe(ready) == 0);
	pid = fork_child();
	if (pid == 0) {
		pid_t sid;

		close(go[1]);
		close(ready[0]);
		/* Silent until the parent has done its checks. */
		sid = setsid();
		n = write(ready[1], "r", 1);
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		CHECK(sid == getpid());
		CHECK(n == 1);
		child_done();
	}
	close(go[0]);
	close(ready[1]);
	CHECK(read(ready[0], &c, 1) == 1);
	CHECK(getsid(pid) == pid);
	CHECK_ERR(setpgid(pid, pid), EPERM);
	CHECK_ERR(setpgid(pid, getpgrp()), EPERM);
	n = write(go[1], "x", 1);
	close(go[1]);
	close(ready[0]);
	reap_ok(pid);
	CHECK(n == 1);
}

int main(void)
{
	utest_start("proc");
	test_fork_ids();
	test_cow();
	test_fork_chain();
	test_vfork();
	test_pgrp();
	test_session();
	return utest_done();
}
