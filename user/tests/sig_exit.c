/*
 * SIGCHLD: a child's exit sends it to the parent, which takes it with
 * sigtimedwait (si_pid, si_code, si_status) while the child stays a
 * zombie until reaped; a parent that ignores SIGCHLD has children that
 * reap themselves, so wait blocks until all are gone and reports none.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

static pid_t spawn_exit(int code)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(code);
	return pid;
}

static void test_sigchld(void)
{
	struct timespec ts = { 5, 0 };
	sigset_t set, old;
	siginfo_t si;
	pid_t pid;

	SAY("SIGCHLD to the parent\n");
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
	pid = fork();
	if (pid == 0)
		_exit(17);
	memset(&si, 0, sizeof(si));
	CHECK(sigtimedwait(&set, &si, &ts) == SIGCHLD);
	CHECK(si.si_pid == pid);
	CHECK(si.si_code == CLD_EXITED);
	CHECK(si.si_status == 17);
	/* Still a zombie: it exists until reaped. */
	CHECK(kill(pid, 0) == 0);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK_ERR(kill(pid, 0), ESRCH);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
}

static void test_sigchld_ignored(void)
{
	struct sigaction sa, old;
	int status, i;

	SAY("SIGCHLD ignored: children reap themselves\n");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	CHECK(sigaction(SIGCHLD, &sa, &old) == 0);
	for (i = 0; i < 3; i++)
		spawn_exit(1);
	/* Blocks until all children are gone, then reports none. */
	CHECK_ERR(wait(&status), ECHILD);
	CHECK(sigaction(SIGCHLD, &old, NULL) == 0);
}

int main(void)
{
	utest_start("sig_exit");
	test_sigchld();
	test_sigchld_ignored();
	return utest_done();
}
