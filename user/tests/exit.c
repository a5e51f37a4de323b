/*
 * Ending a process: the status values of exit, _exit, exit_group and
 * exit (only 8 bits survive), atexit handlers and stdio flushing,
 * zombies until reaped, orphans reparented. SIGCHLD to the parent is
 * checked in sig_exit.c.
 *
 * The new parent of an orphan is not printed: under qemu-riscv64 and on
 * different machines it is a different process. PR_SET_CHILD_SUBREAPER,
 * which qemu-riscv64 rejects, is checked in user/ktests/native.c.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

enum how { HOW_EXIT, HOW__EXIT, HOW_EXIT_GROUP, HOW_SYS_EXIT };
static const char *const how_name[] = { "exit", "_exit", "exit_group", "SYS_exit" };

static int atexit_fd = -1;

static void say_bye(void)
{
	if (write(atexit_fd, "atexit", 6) != 6)
		_exit(101);
}

/* Status that the parent sees when a child ends with code via how. */
static int exit_status(enum how how, int code)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		switch (how) {
		case HOW_EXIT:
			exit(code);
		case HOW__EXIT:
			_exit(code);
		case HOW_EXIT_GROUP:
			syscall(SYS_exit_group, code);
			break;
		case HOW_SYS_EXIT:
			/* The only thread: the process ends. */
			syscall(SYS_exit, code);
			break;
		}
		_exit(99);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void test_codes(void)
{
	static const int codes[] = { 0, 1, 42, 255, 256, 257, 511, -1, -128 };
	enum how how;
	unsigned i;
	int status;

	SAY("exit codes keep their low 8 bits\n");
	for (how = HOW_EXIT; how <= HOW_SYS_EXIT; how++) {
		for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
			status = exit_status(how, codes[i]);
			CHECK(WIFEXITED(status));
			CHECK(WEXITSTATUS(status) == (codes[i] & 0xff));
			SAY("%s(%d) -> %d\n", how_name[how], codes[i],
			    WEXITSTATUS(status));
		}
	}
}

/* exit runs atexit handlers and flushes stdio; _exit does neither. */
static void test_atexit_and_flush(void)
{
	char buf[64];
	int fds[2];
	ssize_t n;
	pid_t pid;
	int i;

	SAY("atexit and stdio flush\n");
	for (i = 0; i < 2; i++) {
		CHECK(pipe(fds) == 0);
		pid = fork();
		if (pid == 0) {
			FILE *f;

			close(fds[0]);
			atexit_fd = fds[1];
			atexit(say_bye);
			f = fdopen(dup(fds[1]), "w");
			setvbuf(f, NULL, _IOFBF, 256);
			fputs("+buffered", f);
			if (i == 0)
				exit(0);
			_exit(0);
		}
		close(fds[1]);
		memset(buf, 0, sizeof(buf));
		n = 0;
		for (;;) {
			ssize_t r = read(fds[0], buf + n, sizeof(buf) - 1 - n);

			if (r <= 0)
				break;
			n += r;
		}
		close(fds[0]);
		waitpid(pid, NULL, 0);
		/* Order: atexit handlers run before stdio is flushed. */
		SAY("%s wrote \"%s\"\n", i == 0 ? "exit" : "_exit", buf);
	}
}

/* A child that has exited stays a zombie until it is reaped. */
static void test_zombie(void)
{
	siginfo_t si;
	pid_t pid;

	SAY("zombies until reaped\n");
	pid = fork();
	if (pid == 0)
		_exit(17);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0);
	CHECK(si.si_pid == pid);
	CHECK(si.si_code == CLD_EXITED);
	CHECK(si.si_status == 17);
	/* Still a zombie: it exists until reaped. */
	CHECK(kill(pid, 0) == 0);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK_ERR(kill(pid, 0), ESRCH);
}

/* Returns 1 once getppid() differs from parent, 0 after about 5 s. */
static int await_new_parent(pid_t parent)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i < 5000; i++) {
		if (getppid() != parent)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

static void test_orphan(void)
{
	int fds[2], status = -1;
	char c = 0;
	pid_t mid;

	SAY("orphans are reparented\n");
	CHECK(pipe(fds) == 0);
	mid = fork();
	if (mid == 0) {
		pid_t me = getpid();

		if (fork() == 0) {
			c = await_new_parent(me) && getppid() != me ? 'R' : 'N';
			if (write(fds[1], &c, 1) != 1)
				_exit(1);
			_exit(0);
		}
		_exit(0);
	}
	close(fds[1]);
	CHECK(waitpid(mid, &status, 0) == mid);
	CHECK(read(fds[0], &c, 1) == 1);
	CHECK(c == 'R');
	close(fds[0]);
}

int main(void)
{
	utest_start("exit");
	test_codes();
	test_atexit_and_flush();
	test_zombie();
	test_orphan();
	return utest_done();
}
