/*
 * SIGPIPE: a write to a pipe that has no reader sends it to the writer.
 * By default it kills the writer; with a handler, the handler runs once
 * for each such write and the write fails with EPIPE; blocked, it stays
 * pending until taken. The SIG_IGN case, which needs no delivery, is
 * checked in pipe.c.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

static volatile sig_atomic_t caught;

static void on_pipe(int sig)
{
	if (sig == SIGPIPE)
		caught++;
}

static void test_default(void)
{
	int p[2], status = -1;
	pid_t pid;

	SAY("default action: the writer dies\n");
	CHECK(pipe(p) == 0);
	CHECK(close(p[0]) == 0);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		(void)!write(p[1], "x", 1);
		_exit(0);
	}
	close(p[1]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
}

static void test_handler(void)
{
	struct sigaction sa;
	int p[2];

	SAY("handler: runs once a write, which fails with EPIPE\n");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_pipe;
	CHECK(sigaction(SIGPIPE, &sa, NULL) == 0);
	CHECK(pipe(p) == 0);
	CHECK(close(p[0]) == 0);
	caught = 0;
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK(caught == 1);
	CHECK_ERR(write(p[1], "yz", 2), EPIPE);
	CHECK(caught == 2);
	close(p[1]);
	signal(SIGPIPE, SIG_DFL);
}

static void test_blocked(void)
{
	struct timespec zero = { 0, 0 };
	sigset_t set, old, pending;
	int p[2];

	SAY("blocked: pending until taken\n");
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
	CHECK(pipe(p) == 0);
	CHECK(close(p[0]) == 0);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE));
	CHECK(sigtimedwait(&set, NULL, &zero) == SIGPIPE);
	CHECK(sigpending(&pending) == 0 && !sigismember(&pending, SIGPIPE));
	close(p[1]);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
}

int main(void)
{
	utest_start("sig_pipe");
	test_default();
	test_handler();
	test_blocked();
	return utest_done();
}
