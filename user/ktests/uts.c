/*
 * sethostname and setdomainname: root sets the names uname(2) and
 * /proc/sys/kernel report; Linux's errors (EINVAL past 64 bytes or for a
 * negative length, EFAULT, EPERM for others). Kernel-only: it changes
 * the machine's names (put back at the end).
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

static char buf[256];

int main(void)
{
	char name[65];
	struct utsname u;
	int status;
	pid_t pid;

	utest_start("uts");
	CHECK(uname(&u) == 0 && strcmp(u.nodename, "(none)") == 0);
	CHECK(sethostname("kernel-test", 11) == 0);
	CHECK(uname(&u) == 0 && strcmp(u.nodename, "kernel-test") == 0);
	CHECK(utest_slurp("/proc/sys/kernel/hostname", buf, sizeof(buf)) == 12 &&
	      strcmp(buf, "kernel-test\n") == 0);
	CHECK(gethostname(name, sizeof(name)) == 0 && strcmp(name, "kernel-test") == 0);
	/* only len bytes count, and a shorter name leaves nothing of the longer */
	CHECK(sethostname("shortXXXX", 5) == 0);
	CHECK(uname(&u) == 0 && strcmp(u.nodename, "short") == 0);
	memset(name, 'h', 64);
	CHECK(sethostname(name, 64) == 0);
	CHECK(uname(&u) == 0 && strlen(u.nodename) == 64);
	CHECK_ERR(sethostname(name, 65), EINVAL);
	CHECK_ERR(syscall(SYS_sethostname, name, -1), EINVAL);
	CHECK_ERR(syscall(SYS_sethostname, (char *)1, 5), EFAULT);
	CHECK(setdomainname("example.org", 11) == 0);
	CHECK(uname(&u) == 0 && strcmp(u.domainname, "example.org") == 0);
	CHECK(utest_slurp("/proc/sys/kernel/domainname", buf, sizeof(buf)) > 0 &&
	      strcmp(buf, "example.org\n") == 0);
	CHECK_ERR(setdomainname(name, 65), EINVAL);
	pid = fork();
	if (pid == 0)
		_exit(setuid(1000) == 0 && sethostname("x", 1) == -1 && errno == EPERM &&
		      setdomainname("x", 1) == -1 && errno == EPERM ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(sethostname("(none)", 6) == 0 && setdomainname("(none)", 6) == 0);
	return utest_done();
}
