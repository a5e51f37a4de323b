/*
 * /proc/PID/exe and /proc/PID/cmdline of other processes, across exec
 * (kernel-only: qemu-riscv64 hands execve to the host, which cannot run
 * riscv64 programs here, and shows qemu itself as another process's exe).
 *
 * exe names the program exec loaded: a copy of this program elsewhere
 * is that copy, a #! script is its interpreter, a fork inherits it, a
 * zombie has none. cmdline is read from the other process's memory. A
 * running program keeps the mount it came from busy.
 *
 * Called as "procexe child ...", it writes a byte on fd 5 and waits to
 * be killed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define READY_FD	5
/* a cmdline: the strings and their NULs, the last one the literal's own */
#define CMDLINE(s)	(s), sizeof(s)

static char buf[4096];

/* The whole file into buf; its length, or -1. */
static long slurp(const char *path)
{
	return utest_slurp(path, buf, sizeof(buf));
}

/* readlink into buf; 1 when it says want */
static int link_is(const char *path, const char *want)
{
	long n = readlink(path, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	if (n < 0 || strcmp(buf, want) != 0) {
		printf("  %s: \"%s\" (%s), wanted \"%s\"\n", path, buf, n < 0 ? strerror(errno) : "",
		       want);
		return 0;
	}
	return 1;
}

/* Start path with argv, its fd 5 the write end of a pipe; read its byte. Its pid or -1. */
static pid_t start(const char *path, char *const argv[])
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], READY_FD);
		execv(path, argv);
		_exit(127);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &c, 1) != 1)
		pid = -1;
	close(p[0]);
	return pid;
}

/* exe and cmdline (len bytes) of the running pid, then kill and reap it */
static void check_running(pid_t pid, const char *exe, const char *cmdline, size_t len)
{
	char path[64];
	int status;

	CHECK(pid > 0);
	if (pid <= 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	CHECK(link_is(path, exe));
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	CHECK(slurp(path) == (long)len && memcmp(buf, cmdline, len) == 0);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status));
}

static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY), out = open(to, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	long n;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	close(in);
	return close(out) == 0 && in >= 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const char script[] = "#!/bin/procexe child\n";
	char path[64];
	siginfo_t si;
	pid_t pid;
	int fd, status;

	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		if (write(READY_FD, "r", 1) == 1)
			for (;;)
				pause();
		return 1;
	}
	utest_start("procexe");
	CHECK(link_is("/proc/self/exe", "/bin/procexe"));

	/* exec'd: exe is the program, cmdline its argv as exec gave it */
	char *args[] = { "/bin/procexe", "child", "a b", "", NULL };
	pid = start("/bin/procexe", args);
	check_running(pid, "/bin/procexe", CMDLINE("/bin/procexe\0child\0a b\0"));

	/* argv[0] is anything; exe is still the file */
	char *args2[] = { "renamed", "child", NULL };
	pid = start("/bin/procexe", args2);
	check_running(pid, "/bin/procexe", CMDLINE("renamed\0child"));

	/* a script: exe is its interpreter */
	CHECK((fd = open("/tmp/procexe.sh", O_CREAT | O_WRONLY | O_TRUNC, 0755)) >= 0);
	CHECK(write(fd, script, sizeof(script) - 1) == (long)sizeof(script) - 1 && close(fd) == 0);
	char *args3[] = { "ignored", "z", NULL };
	pid = start("/tmp/procexe.sh", args3);
	check_running(pid, "/bin/procexe", CMDLINE("/bin/procexe\0child\0/tmp/procexe.sh\0z"));
	CHECK(unlink("/tmp/procexe.sh") == 0);

	/* a fork has its parent's exe; a zombie has none, nor a cmdline */
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	CHECK(link_is(path, "/bin/procexe"));
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == 0);
	CHECK_ERR(readlink(path, buf, sizeof(buf)), ENOENT);
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	CHECK(slurp(path) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);

	/* a copy on a mount of its own: exe is the copy, the mount busy while it runs */
	CHECK(mkdir("/tmp/pe", 0755) == 0 && mount("tmpfs", "/tmp/pe", "tmpfs", 0, NULL) == 0);
	CHECK(copy_file("/bin/procexe", "/tmp/pe/copy") == 0);
	char *args4[] = { "copy", "child", NULL };
	pid = start("/tmp/pe/copy", args4);
	CHECK(pid > 0);
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	CHECK(link_is(path, "/tmp/pe/copy"));
	CHECK_ERR(umount("/tmp/pe"), EBUSY);
	if (pid > 0) {
		CHECK(kill(pid, SIGKILL) == 0);
		CHECK(waitpid(pid, &status, 0) == pid);
	}
	CHECK(umount("/tmp/pe") == 0 && rmdir("/tmp/pe") == 0);
	return utest_done();
}
