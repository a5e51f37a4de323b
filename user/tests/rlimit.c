/*
 * Resource limits: getrlimit, setrlimit and prlimit64 (the raw calls and
 * libc's), lowering a limit and reading it back, RLIMIT_NOFILE enforced
 * on new descriptors, inheritance across fork, and the EINVAL, EPERM,
 * ESRCH and EFAULT cases.
 *
 * The starting limits depend on the machine and are not printed; only
 * values the test set itself are.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define NOBODY 65534

static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static int le(rlim_t a, rlim_t b)
{
	return b == RLIM_INFINITY || (a != RLIM_INFINITY && a <= b);
}

static void test_read(void)
{
	struct rlimit r, raw;
	int res, ok = 1;

	SAY("every limit reads back with cur <= max\n");
	for (res = 0; res < RLIM_NLIMITS; res++) {
		ok &= getrlimit(res, &r) == 0 && le(r.rlim_cur, r.rlim_max);
		ok &= syscall(SYS_prlimit64, 0, res, NULL, &raw) == 0 &&
		      raw.rlim_cur == r.rlim_cur && raw.rlim_max == r.rlim_max;
	}
	CHECK(ok);
	CHECK(getrlimit(RLIMIT_STACK, &r) == 0);
	CHECK(r.rlim_cur > 0);
	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0);
	CHECK(r.rlim_cur >= 3);
}

static void test_stack(void)
{
	struct rlimit old, set, back;

	/*
	 * qemu-riscv64 accepts a new RLIMIT_STACK but keeps reporting the
	 * old one, so that it reads back lowered is checked in
	 * user/ktests/native.c. Here: setting it is accepted, and setting
	 * it back leaves it as it was.
	 */
	SAY("RLIMIT_STACK set\n");
	CHECK(getrlimit(RLIMIT_STACK, &old) == 0);
	set.rlim_cur = 1 << 20;
	set.rlim_max = old.rlim_max;
	if (!le(set.rlim_cur, set.rlim_max))
		set.rlim_cur = set.rlim_max;
	CHECK(setrlimit(RLIMIT_STACK, &set) == 0);
	CHECK(setrlimit(RLIMIT_STACK, &old) == 0);
	CHECK(getrlimit(RLIMIT_STACK, &back) == 0);
	CHECK(back.rlim_cur == old.rlim_cur);
}

static void test_nofile(void)
{
	struct rlimit old, set, prev, back;
	int fd, last = -1, status = -1, mine[16], n = 0;
	pid_t pid;

	SAY("RLIMIT_NOFILE through prlimit64\n");
	CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
	set.rlim_cur = 16;
	set.rlim_max = old.rlim_max;
	/* prlimit64 returns the old limit while setting the new. */
	CHECK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &set, &prev) == 0);
	CHECK(prev.rlim_cur == old.rlim_cur && prev.rlim_max == old.rlim_max);
	CHECK(prlimit(getpid(), RLIMIT_NOFILE, NULL, &back) == 0);
	SAY("nofile cur %lu\n", (unsigned long)back.rlim_cur);
	CHECK(back.rlim_max == old.rlim_max);

	/* New descriptors stop at 15. */
	while (n < 16 && (fd = dup(1)) >= 0)
		mine[n++] = last = fd;
	CHECK(errno == EMFILE);
	SAY("highest descriptor %d\n", last);
	CHECK_ERR(dup2(1, 16), EBADF);
	CHECK_ERR(fcntl(1, F_DUPFD, 16), EINVAL);
	CHECK(dup2(1, 15) == 15);

	/* A child inherits the limit. */
	pid = fork();
	if (pid == 0)
		_exit(getrlimit(RLIMIT_NOFILE, &back) == 0 && back.rlim_cur == 16 ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	while (n > 0)
		close(mine[--n]);
	CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
	CHECK(dup2(1, 16) == 16);
	close(16);
}

static void test_core(void)
{
	struct rlimit set = { 0, 0 }, back;
	int status = -1;
	pid_t pid;

	SAY("lowering the hard limit is for good when unprivileged\n");
	pid = fork();
	if (pid == 0) {
		utest_failed = 0;
		/* Give up root silently, so the output is the same for anyone. */
		if (geteuid() == 0 &&
		    (setresgid(NOBODY, NOBODY, NOBODY) != 0 || setresuid(NOBODY, NOBODY, NOBODY) != 0))
			_exit(50);
		CHECK(setrlimit(RLIMIT_CORE, &set) == 0);
		CHECK(getrlimit(RLIMIT_CORE, &back) == 0);
		CHECK(back.rlim_cur == 0 && back.rlim_max == 0);
		set.rlim_max = 1;
		CHECK_ERR(setrlimit(RLIMIT_CORE, &set), EPERM);
		_exit(utest_failed ? 1 : 0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_errors(void)
{
	struct rlimit r, bad;

	SAY("error cases\n");
	CHECK_ERR(getrlimit(99, &r), EINVAL);
	CHECK_ERR(setrlimit(99, &r), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0, 99, NULL, &r), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0, -1, NULL, &r), EINVAL);
	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0);
	bad.rlim_max = 8;
	bad.rlim_cur = 9;
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &bad), EINVAL);
	CHECK_ERR(prlimit(dead_pid(), RLIMIT_NOFILE, NULL, &r), ESRCH);
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, (struct rlimit *)8), EFAULT);
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, (struct rlimit *)8, NULL), EFAULT);
	CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_NOFILE, (struct rlimit *)8), EFAULT);
}

int main(void)
{
	utest_start("rlimit");
	test_read();
	test_stack();
	test_nofile();
	test_core();
	test_errors();
	return utest_done();
}
