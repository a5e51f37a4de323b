/*
 * Waiting for children: wait4 and waitid, their options and error cases,
 * status decoding, waiting for one pid among several, zombies reaped
 * exactly once. Stop and continue reports are checked in sig_wait.c,
 * children of a parent that ignores SIGCHLD in sig_exit.c.
 *
 * Children here never print; only the parent does.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

/*
 * A child that exits with code once a byte (or EOF) arrives on fd_read.
 * It closes every other descriptor it inherited, so that it holds no
 * write end of another child's pipe.
 */
static pid_t spawn_blocked(int fd_read, int code)
{
	pid_t pid = fork();
	char c;
	int fd;

	if (pid == 0) {
		for (fd = 3; fd < 64; fd++)
			if (fd != fd_read)
				close(fd);
		if (read(fd_read, &c, 1) < 0)
			_exit(100);
		_exit(code);
	}
	return pid;
}

static pid_t spawn_exit(int code)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(code);
	return pid;
}

static long raw_wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	return syscall(SYS_wait4, pid, status, options, ru);
}

static void test_no_children(void)
{
	siginfo_t si;
	int status;

	SAY("no children\n");
	CHECK_ERR(wait(&status), ECHILD);
	CHECK_ERR(waitpid(-1, &status, WNOHANG), ECHILD);
	CHECK_ERR(waitpid(0, &status, 0), ECHILD);
	CHECK_ERR(waitpid(getppid(), &status, 0), ECHILD);
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED | WNOHANG), ECHILD);
}

static void test_bad_args(void)
{
	siginfo_t si;
	int status;
	pid_t pid = spawn_exit(0);

	SAY("bad arguments\n");
	CHECK_ERR(raw_wait4(-1, &status, 0x4000, NULL), EINVAL);
	CHECK_ERR(waitid(P_ALL, 0, &si, 0), EINVAL);
	CHECK_ERR(waitid(P_ALL, 0, &si, WNOHANG), EINVAL);
	CHECK_ERR(waitid((idtype_t)42, 0, &si, WEXITED), EINVAL);
	CHECK_ERR(waitid(P_PID, 0, &si, WEXITED), EINVAL);
	/* The status is stored after the child is reaped: it is gone. */
	CHECK_ERR(raw_wait4(pid, (int *)8, 0, NULL), EFAULT);
	CHECK_ERR(waitpid(pid, &status, WNOHANG), ECHILD);
}

static void test_status_values(void)
{
	static const int codes[] = { 0, 1, 7, 127, 128, 255 };
	unsigned i;
	int status;
	pid_t pid;

	SAY("exit status decoding\n");
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid = spawn_exit(codes[i]);
		status = -1;
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK(WIFEXITED(status) && !WIFSIGNALED(status) && !WIFSTOPPED(status));
		SAY("exit %d -> status 0x%x, code %d\n", codes[i], status,
		    WEXITSTATUS(status));
	}
}

static void test_wnohang(void)
{
	int fds[2], status = -1;
	struct rusage ru;
	siginfo_t si;
	pid_t pid;

	SAY("WNOHANG with a running child\n");
	CHECK(pipe(fds) == 0);
	pid = spawn_blocked(fds[0], 3);
	close(fds[0]);
	CHECK(waitpid(pid, &status, WNOHANG) == 0);
	CHECK(waitpid(-1, &status, WNOHANG) == 0);
	CHECK(raw_wait4(pid, &status, WNOHANG, &ru) == 0);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOHANG) == 0);
	CHECK(si.si_pid == 0);
	close(fds[1]);
	CHECK(raw_wait4(pid, &status, 0, &ru) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	CHECK_ERR(waitpid(pid, &status, WNOHANG), ECHILD);
}

static void test_specific_pid(void)
{
	int fa[2], fb[2], status;
	siginfo_t si;
	pid_t a, b;

	SAY("waiting for a specific pid\n");
	CHECK(pipe(fa) == 0);
	CHECK(pipe(fb) == 0);
	a = spawn_blocked(fa[0], 11);
	b = spawn_blocked(fb[0], 22);
	close(fa[0]);
	close(fb[0]);
	/* a exits first and stays a zombie while b is waited for. */
	close(fa[1]);
	CHECK(waitid(P_PID, a, &si, WEXITED | WNOWAIT) == 0);
	CHECK(waitpid(b, &status, WNOHANG) == 0);
	close(fb[1]);
	status = -1;
	CHECK(waitpid(b, &status, 0) == b);
	CHECK(WEXITSTATUS(status) == 22);
	CHECK(waitpid(a, &status, 0) == a);
	CHECK(WEXITSTATUS(status) == 11);
	/* Reaped once: neither can be waited for again. */
	CHECK_ERR(waitpid(a, &status, 0), ECHILD);
	CHECK_ERR(waitpid(b, &status, WNOHANG), ECHILD);
	CHECK_ERR(wait(&status), ECHILD);
}

static void test_wait_any(void)
{
	int sum = 0, n = 0, status;
	pid_t pid;
	int i;

	SAY("wait for any of several\n");
	for (i = 1; i <= 5; i++)
		spawn_exit(i);
	while ((pid = wait(&status)) > 0) {
		sum += WEXITSTATUS(status);
		n++;
	}
	CHECK(pid == -1 && errno == ECHILD);
	CHECK(n == 5);
	CHECK(sum == 15);
	/* Same through the process group: waitpid(0) and waitpid(-pgrp). */
	for (i = 1; i <= 3; i++)
		spawn_exit(i);
	n = 0;
	while (waitpid(0, &status, 0) > 0)
		n++;
	CHECK(n == 3);
	spawn_exit(0);
	CHECK(waitpid(-getpgrp(), &status, 0) > 0);
	CHECK_ERR(waitpid(-getpgrp(), &status, 0), ECHILD);
}

static void test_waitid(void)
{
	int fds[2], status;
	siginfo_t si;
	pid_t pid;

	SAY("waitid\n");
	pid = spawn_exit(5);
	memset(&si, 0, sizeof(si));
	/* WNOWAIT leaves the zombie in place. */
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0);
	CHECK(si.si_pid == pid);
	CHECK(si.si_signo == SIGCHLD);
	CHECK(si.si_code == CLD_EXITED);
	CHECK(si.si_status == 5);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_ALL, 0, &si, WEXITED | __WALL) == 0);
	CHECK(si.si_pid == pid);
	CHECK(si.si_code == CLD_EXITED);
	CHECK(si.si_status == 5);
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD);

	/* P_PGID and a killed child. */
	CHECK(pipe(fds) == 0);
	pid = spawn_blocked(fds[0], 0);
	close(fds[0]);
	CHECK(kill(pid, SIGKILL) == 0);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PGID, getpgrp(), &si, WEXITED) == 0);
	CHECK(si.si_pid == pid);
	CHECK(si.si_code == CLD_KILLED);
	CHECK(si.si_status == SIGKILL);
	close(fds[1]);
}

static void test_signaled(void)
{
	int fds[2], status = -1;
	pid_t pid;

	SAY("killed child\n");
	CHECK(pipe(fds) == 0);
	pid = spawn_blocked(fds[0], 0);
	close(fds[0]);
	CHECK(kill(pid, SIGTERM) == 0);
	CHECK(waitpid(pid, &status, __WALL) == pid);
	CHECK(WIFSIGNALED(status) && !WIFEXITED(status));
	SAY("SIGTERM -> status 0x%x, signal %d\n", status, WTERMSIG(status));
	close(fds[1]);
}

static long usec_of(const struct timeval *tv)
{
	return tv->tv_sec * 1000000L + tv->tv_usec;
}

/*
 * A reaped child's rusage counts the children it reaped itself, as
 * Linux's: the child reports what it took from its own child
 * (RUSAGE_CHILDREN) through a pipe, and wait4's figure is not below it.
 */
static void test_rusage_of_grandchildren(void)
{
	int fds[2], status;
	struct rusage ru;
	long inherited = -1;
	pid_t pid;

	SAY("rusage counts the grandchildren\n");
	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		struct rusage mine;
		pid_t g = fork();
		long us;

		if (g == 0) {
			volatile unsigned long x = 0;

			for (unsigned long i = 0; i < 30000000UL; i++)
				x += i;
			_exit(0);
		}
		waitpid(g, NULL, 0);
		getrusage(RUSAGE_CHILDREN, &mine);
		us = usec_of(&mine.ru_utime) + usec_of(&mine.ru_stime);
		_exit(write(fds[1], &us, sizeof(us)) == sizeof(us) ? 0 : 1);
	}
	CHECK(raw_wait4(pid, &status, 0, &ru) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(read(fds[0], &inherited, sizeof(inherited)) == sizeof(inherited));
	CHECK(inherited > 0);
	CHECK(usec_of(&ru.ru_utime) + usec_of(&ru.ru_stime) >= inherited);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	utest_start("wait");
	test_no_children();
	test_bad_args();
	test_status_values();
	test_wnohang();
	test_specific_pid();
	test_wait_any();
	test_waitid();
	test_signaled();
	test_rusage_of_grandchildren();
	return utest_done();
}
