/*
 * Signals and sleeping system calls: a handler ends a blocking read with
 * EINTR, or restarts it with SA_RESTART; nanosleep gives back what is
 * left, and goes on after a stop and continue; sigsuspend waits with a temporary mask; sigtimedwait times out
 * with EAGAIN and checks its arguments; ppoll's mask; and kill's and
 * sigqueue's targets and checks (signal 0, ESRCH, EINVAL, EPERM), a
 * process group, SIGCHLD's handler through a stop and a continue, and a
 * SIGCONT handler.
 *
 * Children never print; only the parent does.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

static volatile sig_atomic_t caught, chld_code, chld_status;

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

static void on_chld(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	chld_code = si->si_code;
	chld_status = si->si_status;
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	CHECK(sigaction(sig, &sa, NULL) == 0);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* A child that signals the parent after ms, then writes to fd after ms more. */
static pid_t poke_later(int sig, int ms, int fd)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		sleep_ms(ms);
		kill(parent, sig);
		if (fd >= 0) {
			sleep_ms(ms);
			(void)!write(fd, "z", 1);
		}
		_exit(0);
	}
	return pid;
}

static void test_read_interrupted(void)
{
	int p[2];
	char c = 0;
	pid_t pid;

	SAY("a handler interrupts a read: EINTR, or a restart with SA_RESTART\n");
	CHECK(pipe(p) == 0);
	handle(SIGUSR1, on_usr1, 0);
	caught = 0;
	pid = poke_later(SIGUSR1, 100, p[1]);
	CHECK_ERR(read(p[0], &c, 1), EINTR);
	CHECK(caught == 1);
	CHECK(read(p[0], &c, 1) == 1 && c == 'z');
	CHECK(waitpid(pid, NULL, 0) == pid);
	handle(SIGUSR1, on_usr1, SA_RESTART);
	pid = poke_later(SIGUSR1, 100, p[1]);
	CHECK(read(p[0], &c, 1) == 1 && c == 'z');
	CHECK(caught == 2);
	CHECK(waitpid(pid, NULL, 0) == pid);
	close(p[0]);
	close(p[1]);
}

static void test_nanosleep(void)
{
	struct timespec ts = { 5, 0 }, rem = { 0, 0 };
	int status;
	pid_t pid;

	SAY("nanosleep: EINTR with the time left\n");
	pid = poke_later(SIGUSR1, 100, -1);
	CHECK_ERR(nanosleep(&ts, &rem), EINTR);
	CHECK(rem.tv_sec >= 3 && rem.tv_sec < 5);
	CHECK(waitpid(pid, NULL, 0) == pid);

	SAY("nanosleep: a stop and continue do not end it\n");
	pid = fork();
	if (pid == 0) {
		struct timespec t = { 0, 300000000 };

		_exit(nanosleep(&t, NULL) == 0 ? 0 : 1);
	}
	sleep_ms(50);
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status));
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_sigsuspend(void)
{
	sigset_t block, old, during;
	pid_t pid;

	SAY("sigsuspend\n");
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &block, &old) == 0);
	caught = 0;
	pid = poke_later(SIGUSR1, 50, -1);
	sigfillset(&during);
	sigdelset(&during, SIGUSR1);
	CHECK_ERR(sigsuspend(&during), EINTR);
	CHECK(caught == 1);
	CHECK(sigprocmask(SIG_SETMASK, NULL, &during) == 0 && sigismember(&during, SIGUSR1));
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
}

static void test_ppoll_mask(void)
{
	sigset_t block, old, during;
	struct timespec ts = { 5, 0 };
	int p[2];
	pid_t pid;

	SAY("ppoll with a mask\n");
	CHECK(pipe(p) == 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &block, &old) == 0);
	caught = 0;
	pid = poke_later(SIGUSR1, 50, -1);
	{
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };

		sigemptyset(&during);
		CHECK_ERR(ppoll(&pfd, 1, &ts, &during), EINTR);
	}
	CHECK(caught == 1);
	CHECK(sigprocmask(SIG_SETMASK, NULL, &during) == 0 && sigismember(&during, SIGUSR1));
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	close(p[0]);
	close(p[1]);
}

static void test_sigtimedwait(void)
{
	struct timespec zero = { 0, 0 }, short_ts = { 0, 20000000 }, bad = { 0, 1000000000 };
	sigset_t set;
	uint64_t raw = 1ULL << (SIGUSR2 - 1);
	siginfo_t si;

	SAY("sigtimedwait\n");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK_ERR(sigtimedwait(&set, NULL, &zero), EAGAIN);
	CHECK_ERR(sigtimedwait(&set, NULL, &short_ts), EAGAIN);
	CHECK_ERR(sigtimedwait(&set, NULL, &bad), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigtimedwait, &raw, NULL, &zero, 4), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigtimedwait, (void *)8, NULL, &zero, 8), EFAULT);
	CHECK(raise(SIGUSR2) == 0);
	CHECK(sigpending(&set) == 0 && sigismember(&set, SIGUSR2));
	memset(&si, 0, sizeof(si));
	CHECK(sigtimedwait(&set, &si, &zero) == SIGUSR2);
	CHECK(si.si_signo == SIGUSR2 && si.si_pid == getpid());
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
}

static void test_kill_checks(void)
{
	siginfo_t si;
	pid_t pid;
	int status;

	SAY("kill and sigqueue checks\n");
	CHECK(kill(getpid(), 0) == 0);
	CHECK_ERR(kill(getpid(), 65), EINVAL);
	CHECK_ERR(kill(4000000, 0), ESRCH);
	CHECK_ERR(kill(-4000000, SIGUSR1), ESRCH);
	CHECK_ERR(syscall(SYS_tgkill, getpid(), 4000000, SIGUSR1), ESRCH);
	CHECK_ERR(syscall(SYS_tgkill, 0, getpid(), SIGUSR1), EINVAL);
	CHECK_ERR(syscall(SYS_tkill, -1, SIGUSR1), EINVAL);
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	memset(&si, 0, sizeof(si));
	si.si_code = SI_USER;
	CHECK_ERR(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si), EPERM);
	si.si_code = SI_QUEUE;
	CHECK_ERR(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, (void *)8), EFAULT);
	CHECK(syscall(SYS_rt_sigqueueinfo, pid, SIGTERM, &si) == 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);

	SAY("kill of a process group\n");
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		if (fork() == 0)
			pause();
		pause();
		_exit(0);
	}
	CHECK(setpgid(pid, pid) == 0 || errno == EACCES);
	sleep_ms(50);
	CHECK(kill(-pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static void test_sigchld_handler(void)
{
	struct sigaction sa;
	int status, p[2];
	pid_t pid;

	SAY("SIGCHLD handler: stop, continue, exit\n");
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	CHECK(sigaction(SIGCHLD, &sa, NULL) == 0);
	CHECK(pipe(p) == 0);
	pid = fork();
	if (pid == 0) {
		char c;

		close(p[1]);
		signal(SIGCONT, on_usr1);
		caught = 0;
		raise(SIGSTOP);	/* (SIGTSTP: none in an orphaned group, as under qemu's runner) */
		(void)!read(p[0], &c, 1);
		_exit(caught == 1 ? 7 : 8);	/* SIGCONT's handler ran once */
	}
	close(p[0]);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	CHECK(chld_code == CLD_STOPPED && chld_status == SIGSTOP);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status));
	sleep_ms(50);	/* the continue's SIGCHLD comes and goes before the exit's */
	close(p[1]);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 7);
	CHECK(chld_code == CLD_EXITED && chld_status == 7);
	signal(SIGCHLD, SIG_DFL);
}

int main(void)
{
	utest_start("sig_intr");
	test_read_interrupted();
	handle(SIGUSR1, on_usr1, 0);
	test_nanosleep();
	test_sigsuspend();
	test_ppoll_mask();
	test_sigtimedwait();
	test_kill_checks();
	test_sigchld_handler();
	return utest_done();
}
