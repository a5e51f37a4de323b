/*
 * Stopping and continuing a child: a stop (raise(SIGSTOP), then
 * kill(SIGSTOP)) and a continue (kill(SIGCONT)) are each reported once,
 * to wait4 with WUNTRACED and WCONTINUED and to waitid with WSTOPPED and
 * WCONTINUED (CLD_STOPPED, CLD_CONTINUED).
 *
 * Children here never print; only the parent does.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

/*
 * waitpid(pid, options) polled with WNOHANG for up to 10 s, so that a
 * stop or continue that is never reported fails a check instead of
 * hanging the test. 0 when nothing was reported.
 */
static pid_t wait_bounded(pid_t pid, int *status, int options)
{
	struct timespec ts = { 0, 1000000 };
	pid_t r = 0;
	int i;

	for (i = 0; i < 10000 && r == 0; i++) {
		r = waitpid(pid, status, options | WNOHANG);
		if (r == 0)
			nanosleep(&ts, NULL);
	}
	return r;
}

/* The same for waitid(P_PID, pid): 0 when a report came. */
static int waitid_bounded(pid_t pid, siginfo_t *si, int options)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i < 10000; i++) {
		memset(si, 0, sizeof(*si));
		if (waitid(P_PID, pid, si, options | WNOHANG) != 0)
			return -1;
		if (si->si_pid == pid)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

static void test_stop_continue(void)
{
	int fds[2], status = -1;
	siginfo_t si;
	pid_t pid;

	SAY("stop and continue\n");
	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		char c;

		close(fds[1]);
		raise(SIGSTOP);
		if (read(fds[0], &c, 1) < 0)
			_exit(100);
		_exit(9);
	}
	close(fds[0]);
	CHECK(wait_bounded(pid, &status, WUNTRACED) == pid);
	CHECK(WIFSTOPPED(status));
	SAY("stopped: signal %d\n", WSTOPSIG(status));
	/* Reported once only. */
	CHECK(waitpid(pid, &status, WUNTRACED | WNOHANG) == 0);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(wait_bounded(pid, &status, WCONTINUED) == pid);
	CHECK(WIFCONTINUED(status));
	/* Stop again, observed through waitid this time. */
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitid_bounded(pid, &si, WSTOPPED) == 0);
	CHECK(si.si_code == CLD_STOPPED);
	CHECK(si.si_status == SIGSTOP);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitid_bounded(pid, &si, WCONTINUED) == 0);
	CHECK(si.si_code == CLD_CONTINUED);
	CHECK(si.si_status == SIGCONT);
	/* Running now (one more SIGCONT changes nothing): EOF lets it exit. */
	kill(pid, SIGCONT);
	close(fds[1]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 9);
}

int main(void)
{
	utest_start("sig_wait");
	test_stop_continue();
	return utest_done();
}
