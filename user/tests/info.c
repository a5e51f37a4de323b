/*
 * System information: uname, sysinfo, getrandom, umask, process ids,
 * resource limits and the process name.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define DIR_NAME "/tmp/utest-info"

static void test_uname(void)
{
	struct utsname u;

	memset(&u, 0xff, sizeof(u));
	CHECK(syscall(SYS_uname, &u) == 0);
	SAY("sysname %s\n", u.sysname);
	SAY("machine %s\n", u.machine);
	CHECK(strnlen(u.release, sizeof(u.release)) > 0 &&
	      strnlen(u.release, sizeof(u.release)) < sizeof(u.release));
	CHECK(strnlen(u.version, sizeof(u.version)) < sizeof(u.version));
	CHECK(strnlen(u.nodename, sizeof(u.nodename)) < sizeof(u.nodename));
	CHECK(strnlen(u.domainname, sizeof(u.domainname)) < sizeof(u.domainname));
}

static void test_sysinfo(void)
{
	struct sysinfo si;

	memset(&si, 0xff, sizeof(si));
	CHECK(syscall(SYS_sysinfo, &si) == 0);
	CHECK(si.mem_unit >= 1);
	CHECK(si.totalram > 0 && si.freeram <= si.totalram);
	CHECK(si.sharedram <= si.totalram && si.bufferram <= si.totalram);
	CHECK(si.freeswap <= si.totalswap);
	CHECK(si.freehigh <= si.totalhigh);
	CHECK(si.procs >= 1);
	/* At least 1 MiB of memory, and less than 2^50 bytes. */
	unsigned long long total = (unsigned long long)si.totalram * si.mem_unit;
	CHECK(total >= (1ULL << 20) && total < (1ULL << 50));
}

static long sys_getrandom(void *buf, size_t len, unsigned flags)
{
	return syscall(SYS_getrandom, buf, len, flags);
}

static void test_getrandom(void)
{
	unsigned char a[64], b[64], big[4096];

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CHECK(sys_getrandom(a, sizeof(a), 0) == sizeof(a));
	CHECK(sys_getrandom(b, sizeof(b), 0) == sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK(sys_getrandom(a, 1, 0) == 1);
	CHECK(sys_getrandom(a, 0, 0) == 0);
	CHECK(sys_getrandom(a, 16, GRND_NONBLOCK) == 16);
	CHECK(sys_getrandom(a, 16, GRND_RANDOM) == 16);
	CHECK(sys_getrandom(a, 16, GRND_RANDOM | GRND_NONBLOCK) == 16);
	CHECK(sys_getrandom(big, sizeof(big), 0) == sizeof(big));
	/* 4096 random bytes are not all the same. */
	int counts[256] = { 0 }, most = 0;
	for (size_t i = 0; i < sizeof(big); i++)
		counts[big[i]]++;
	for (int i = 0; i < 256; i++)
		most = counts[i] > most ? counts[i] : most;
	CHECK(most < 100);

	CHECK_ERR(sys_getrandom(a, 16, 0x100), EINVAL);
	CHECK_ERR(sys_getrandom(a, 16, ~0u), EINVAL);
	CHECK_ERR(sys_getrandom(a, 16, GRND_INSECURE | GRND_RANDOM), EINVAL);
	CHECK_ERR(sys_getrandom((void *)1, 16, 0), EFAULT);

	/* /dev/urandom gives bytes too. */
	int fd = open("/dev/urandom", O_RDONLY);
	CHECK(fd >= 0 && read(fd, a, sizeof(a)) == sizeof(a));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	close(fd);
}

static void test_umask(void)
{
	struct stat st;

	umask(022);
	CHECK(umask(027) == 022);
	CHECK(umask(027) == 027);
	CHECK(umask(07777) == 027); /* only the permission bits are kept */
	CHECK(umask(022) == 0777);

	CHECK(mkdir(DIR_NAME, 0777) == 0);
	int modes = utest_fs_keeps_modes(DIR_NAME);
	CHECK(stat(DIR_NAME, &st) == 0 && (!modes || (st.st_mode & 07777) == 0755));
	umask(077);
	int fd = open(DIR_NAME "/f", O_CREAT | O_WRONLY, 0666);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && (!modes || (st.st_mode & 07777) == 0600));
	close(fd);
	umask(0);
	CHECK(mkdir(DIR_NAME "/d", 0777) == 0);
	CHECK(stat(DIR_NAME "/d", &st) == 0 && (!modes || (st.st_mode & 07777) == 0777));
	umask(022);
	CHECK(rmdir(DIR_NAME "/d") == 0);
	CHECK(unlink(DIR_NAME "/f") == 0);
	CHECK(rmdir(DIR_NAME) == 0);

	/* A child inherits the mask; its changes stay its own. */
	umask(023);
	pid_t pid = fork();
	if (pid == 0)
		_exit(umask(0) == 023 ? 0 : 1);
	int status;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(umask(022) == 023);
}

static void test_ids(void)
{
	pid_t pid = getpid();

	CHECK(pid > 0);
	CHECK(syscall(SYS_gettid) == pid);
	CHECK(getuid() == geteuid() && getgid() == getegid());
	uid_t r, e, s;
	gid_t gr, ge, gs;
	CHECK(getresuid(&r, &e, &s) == 0 && r == getuid() && e == geteuid() && s == e);
	CHECK(getresgid(&gr, &ge, &gs) == 0 && gr == getgid() && ge == getegid() && gs == ge);

	int p[2];
	CHECK(pipe(p) == 0);
	pid_t child = fork();
	if (child == 0) {
		pid_t ids[2] = { getpid(), getppid() };
		_exit(write(p[1], ids, sizeof(ids)) == sizeof(ids) ? 0 : 1);
	}
	pid_t ids[2] = { 0, 0 };
	CHECK(child > 0 && read(p[0], ids, sizeof(ids)) == sizeof(ids));
	CHECK(ids[0] == child && ids[1] == pid);
	int status;
	CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_ERR(waitpid(child, &status, 0), ECHILD);
	close(p[0]);
	close(p[1]);
}

static void test_limits(void)
{
	struct rlimit rl;

	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	CHECK(rl.rlim_cur >= 64 && rl.rlim_cur <= rl.rlim_max);
	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0);
	CHECK(rl.rlim_cur >= 65536 && rl.rlim_cur <= rl.rlim_max);
	CHECK_ERR(getrlimit(1000, &rl), EINVAL);

	/* Lowering the fd limit makes higher fds unavailable. */
	struct rlimit old, low = { 32, 32 };
	CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		int ok = setrlimit(RLIMIT_NOFILE, &low) == 0;
		ok = ok && dup2(0, 40) == -1 && errno == EBADF;
		ok = ok && fcntl(0, F_DUPFD, 32) == -1 && errno == EINVAL;
		ok = ok && dup2(0, 31) == 31;
		_exit(ok ? 0 : 1);
	}
	int status;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_name(void)
{
	char name[32] = "";

	CHECK(prctl(PR_SET_NAME, "utest-info") == 0);
	CHECK(prctl(PR_GET_NAME, name) == 0 && strcmp(name, "utest-info") == 0);
	/* At most 15 characters are kept. */
	CHECK(prctl(PR_SET_NAME, "a-very-long-process-name") == 0);
	CHECK(prctl(PR_GET_NAME, name) == 0 && strcmp(name, "a-very-long-pro") == 0);
}

int main(void)
{
	utest_start("info");
	rmdir(DIR_NAME "/d");
	unlink(DIR_NAME "/f");
	rmdir(DIR_NAME);

	test_uname();
	test_sysinfo();
	test_getrandom();
	test_umask();
	test_ids();
	test_limits();
	test_name();
	return utest_done();
}
