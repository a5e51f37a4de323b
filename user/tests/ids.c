/*
 * User and group ids. Their values depend on who runs the test, so only
 * relations are printed: real and effective ids agree, the saved ids
 * follow, threads and children see the same ids, an unprivileged process
 * can only switch among its own ids.
 *
 * The unprivileged checks run in a child. When the test runs as root the
 * child first gives up root (silently, so the output is the same either
 * way); the rules for distinct real, effective and saved ids need root to
 * set up and are checked in a silent child whose exit status is checked.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define NOBODY 65534
#define OTHER_ID 12345

/* A thread sees the process's ids: 1 when they match main's. */
static uid_t main_uid, main_euid;
static gid_t main_gid;

static void *thread_ids(void *arg)
{
	(void)arg;
	return (void *)(long)(getuid() == main_uid && geteuid() == main_euid &&
			      getgid() == main_gid);
}

static void test_relations(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	pthread_t t;
	void *ret;
	int n;
	gid_t list[256];

	SAY("relations\n");
	CHECK(getuid() == geteuid());
	CHECK(getgid() == getegid());
	CHECK(getresuid(&r, &e, &s) == 0);
	CHECK(r == getuid() && e == geteuid() && s == e);
	CHECK(getresgid(&gr, &ge, &gs) == 0);
	CHECK(gr == getgid() && ge == getegid() && gs == ge);
	CHECK(syscall(SYS_getuid) == getuid());
	main_uid = getuid();
	main_euid = geteuid();
	main_gid = getgid();
	CHECK(pthread_create(&t, NULL, thread_ids, NULL) == 0);
	CHECK(pthread_join(t, &ret) == 0);
	CHECK((long)ret == 1);
	n = getgroups(0, NULL);
	CHECK(n >= 0 && n <= 256);
	CHECK(getgroups(256, list) == n);
	CHECK(n == 0 || (getgroups(n - 1, list) == -1 && errno == EINVAL));
	CHECK_ERR(syscall(SYS_getresuid, (uid_t *)8, &e, &s), EFAULT);
	CHECK_ERR(syscall(SYS_getresgid, &gr, &ge, (gid_t *)8), EFAULT);
	/* Setting what is already set is always allowed. */
	CHECK(setuid(getuid()) == 0);
	CHECK(setgid(getgid()) == 0);
	CHECK(setresuid(-1, -1, -1) == 0);
	CHECK(setresgid(-1, -1, -1) == 0);
	CHECK(setreuid(-1, -1) == 0);
}

/* Drop root, silently; exits the child if that fails. */
static void become_unprivileged(void)
{
	gid_t groups[2] = { 100, 200 };

	if (getuid() != 0 && geteuid() != 0)
		return;
	if (setgroups(2, groups) != 0 || setresgid(NOBODY, NOBODY, NOBODY) != 0 ||
	    setresuid(NOBODY, NOBODY, NOBODY) != 0)
		_exit(50);
}

static void test_unprivileged(void)
{
	int status = -1;
	pid_t pid;

	SAY("unprivileged\n");
	pid = fork();
	if (pid == 0) {
		uid_t me;
		gid_t g;

		utest_failed = 0;
		become_unprivileged();
		me = getuid();
		g = getgid();
		CHECK(me != 0 && geteuid() == me);
		CHECK_ERR(setuid(0), EPERM);
		CHECK_ERR(setuid(OTHER_ID), EPERM);
		CHECK_ERR(seteuid(0), EPERM);
		CHECK_ERR(setresuid(-1, 0, -1), EPERM);
		CHECK_ERR(setgid(OTHER_ID), EPERM);
		CHECK_ERR(setgroups(0, NULL), EPERM);
		CHECK(setuid(me) == 0);
		CHECK(seteuid(me) == 0);
		CHECK(setresuid(me, me, me) == 0);
		CHECK(setgid(g) == 0);
		CHECK(getuid() == me && geteuid() == me && getgid() == g);
		_exit(utest_failed ? 1 : 0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/*
 * With real 1000, effective 2000, saved 3000, the effective id may become
 * the real or the saved id and nothing else. 0 when the rules hold (or when not
 * running as root, where the ids cannot be set up).
 */
static int saved_ids_child(void)
{
	uid_t r, e, s;

	if (geteuid() != 0)
		return 0;
	if (setresgid(NOBODY, NOBODY, NOBODY) != 0 || setresuid(1000, 2000, 3000) != 0)
		return 10;
	if (getresuid(&r, &e, &s) != 0 || r != 1000 || e != 2000 || s != 3000)
		return 11;
	if (seteuid(3000) != 0 || geteuid() != 3000)
		return 12;
	if (seteuid(1000) != 0 || geteuid() != 1000)
		return 13;
	/* 2000 was only the effective id: it is gone. */
	if (seteuid(2000) != -1 || errno != EPERM)
		return 14;
	if (seteuid(4000) != -1 || errno != EPERM)
		return 15;
	/* An unprivileged setuid sets the effective id only. */
	if (setuid(3000) != 0 || getresuid(&r, &e, &s) != 0 || r != 1000 || e != 3000 ||
	    s != 3000)
		return 16;
	/* Setting the real id makes the saved id the effective one. */
	if (setreuid(3000, -1) != 0 || getresuid(&r, &e, &s) != 0 || r != 3000 || e != 3000 ||
	    s != 3000)
		return 17;
	if (seteuid(1000) != -1 || errno != EPERM)
		return 18;
	return 0;
}

static void test_saved_ids(void)
{
	int status = -1;
	pid_t pid;

	SAY("real, effective and saved ids\n");
	pid = fork();
	if (pid == 0)
		_exit(saved_ids_child());
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		SAY("  saved_ids_child: %d\n", WEXITSTATUS(status));
}

int main(void)
{
	utest_start("ids");
	test_relations();
	test_unprivileged();
	test_saved_ids();
	return utest_done();
}
