/*
 * /proc as Linux shows it: /proc/self, the caller's stat, status,
 * cmdline, comm, statm, maps, fd/, cwd and exe, another process's
 * cmdline, and the system files.
 * Only what is the same on any machine is checked (qemu-riscv64 shows
 * the host's /proc, with its own name and threads for the process; it
 * makes up /proc/self/exe as the host path of the program, and another
 * process's cmdline starts with qemu's own arguments).
 * test-args: first second
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

static char buf[65536];

/* The whole file into buf; its length, or -1. */
static long slurp(const char *path)
{
	return utest_slurp(path, buf, sizeof(buf));
}

static int has_line(const char *prefix)
{
	size_t len = strlen(prefix);

	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, prefix, len) == 0)
			return 1;
	return 0;
}

static const char *last_part(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* /proc/self/exe: the program's absolute path (its name is argv[0]'s), an ELF file */
static void test_exe(const char *argv0)
{
	char link[4096], head[4] = "";
	struct stat st;
	long n;
	int fd;

	n = readlink("/proc/self/exe", link, sizeof(link) - 1);
	CHECK(n > 0);
	link[n > 0 ? n : 0] = '\0';
	CHECK(link[0] == '/');
	CHECK(strcmp(last_part(link), last_part(argv0)) == 0);
	CHECK(stat(link, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111));
	CHECK((fd = open(link, O_RDONLY)) >= 0 && read(fd, head, 4) == 4);
	CHECK(memcmp(head, "\177ELF", 4) == 0);
	if (fd >= 0)
		close(fd);
	CHECK(lstat("/proc/self/exe", &st) == 0 && S_ISLNK(st.st_mode));
}

/*
 * Another process's cmdline: a child (forked, the same argv) waits while
 * its parent reads it from the child's memory.
 */
static void test_child_cmdline(void)
{
	static const char tail[] = "\0first\0second";
	char path[64], c;
	int ready[2], go[2], status;
	long n;
	pid_t pid;

	CHECK(pipe(ready) == 0 && pipe(go) == 0);
	pid = fork();
	if (pid == 0) {
		if (write(ready[1], "r", 1) == 1)
			(void)read(go[0], &c, 1);
		_exit(0);
	}
	CHECK(pid > 0 && read(ready[0], &c, 1) == 1);
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	n = slurp(path);
	/* "argv0\0first\0second\0" after whatever runs it */
	CHECK(n > (long)sizeof(tail));
	CHECK(n > (long)sizeof(tail) && memcmp(buf + n - sizeof(tail), tail, sizeof(tail)) == 0);
	CHECK(write(go[1], "g", 1) == 1);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}

int main(int argc, char **argv)
{
	char link[256], want[64];
	struct stat st;
	long n;
	int pid = getpid(), fd, got_fd = 0;
	DIR *d;
	struct dirent *e;

	utest_start("procfs");
	/* /proc/self */
	n = readlink("/proc/self", link, sizeof(link) - 1);
	CHECK(n > 0);
	link[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "%d", pid);
	CHECK(strcmp(link, want) == 0);
	CHECK(lstat("/proc/self", &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(stat("/proc/self", &st) == 0 && S_ISDIR(st.st_mode));

	/* stat: pid (comm) state ppid ... 52 fields */
	CHECK(slurp("/proc/self/stat") > 0);
	CHECK(atoi(buf) == pid);
	CHECK(strchr(buf, '(') != NULL && strrchr(buf, ')') != NULL);
	CHECK(atoi(strrchr(buf, ')') + 4) == getppid());

	/* status */
	CHECK(slurp("/proc/self/status") > 0);
	CHECK(has_line("State:\tR (running)\n"));
	snprintf(want, sizeof(want), "Pid:\t%d\n", pid);
	CHECK(has_line(want));
	snprintf(want, sizeof(want), "PPid:\t%d\n", getppid());
	CHECK(has_line(want));
	CHECK(has_line("Threads:\t"));
	CHECK(has_line("VmRSS:"));

	/* cmdline: argv, each NUL-terminated */
	n = slurp("/proc/self/cmdline");
	CHECK(n > 0);
	CHECK(strcmp(buf + strlen(buf) + 1, "first") == 0);
	CHECK(n == (long)(strlen(argv[0]) + 1 + 6 + 7));
	CHECK(argc == 3 && strcmp(buf, argv[0]) == 0);

	test_exe(argv[0]);
	test_child_cmdline();

	CHECK(slurp("/proc/self/comm") > 0 && buf[strlen(buf) - 1] == '\n');
	CHECK(slurp("/proc/self/statm") > 0 && atol(buf) > 0);
	CHECK(slurp("/proc/self/maps") > 0 && strstr(buf, "[stack]") != NULL);

	/* fd/ and cwd */
	CHECK(chdir("/tmp") == 0);
	n = readlink("/proc/self/cwd", link, sizeof(link) - 1);
	CHECK(n == 4 && memcmp(link, "/tmp", 4) == 0);
	CHECK((fd = open("/tmp/procfs-test-file", O_CREAT | O_RDWR, 0644)) >= 0);
	snprintf(want, sizeof(want), "/proc/self/fd/%d", fd);
	n = readlink(want, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	CHECK(strcmp(link, "/tmp/procfs-test-file") == 0);
	CHECK((d = opendir("/proc/self/fd")) != NULL);
	while (d && (e = readdir(d)))
		got_fd |= atoi(e->d_name) == fd && e->d_type == DT_LNK;
	CHECK(got_fd);
	if (d)
		closedir(d);
	CHECK(close(fd) == 0 && unlink("/tmp/procfs-test-file") == 0);
	CHECK_ERR(open("/proc/self/fd/999", O_RDONLY), ENOENT);
	CHECK(chdir("/") == 0);

	/* our pid in the listing of /proc */
	got_fd = 0;
	CHECK((d = opendir("/proc")) != NULL);
	while (d && (e = readdir(d)))
		got_fd |= atoi(e->d_name) == pid && e->d_type == DT_DIR;
	CHECK(got_fd);
	if (d)
		closedir(d);
	snprintf(want, sizeof(want), "/proc/%d/stat", pid);
	CHECK(slurp(want) > 0 && atoi(buf) == pid);
	CHECK_ERR(open("/proc/999999/stat", O_RDONLY), ENOENT);

	/* the system files */
	CHECK(slurp("/proc/meminfo") > 0 && has_line("MemTotal:") && has_line("MemFree:"));
	CHECK(strncmp(buf, "MemTotal:       ", 16) == 0 && strstr(buf, " kB\n") != NULL);
	CHECK(slurp("/proc/cpuinfo") > 0 && has_line("processor\t: 0\n"));
	CHECK(slurp("/proc/uptime") > 0 && strchr(buf, '.') != NULL);
	CHECK(slurp("/proc/loadavg") > 0 && strchr(buf, '/') != NULL);
	CHECK(slurp("/proc/stat") > 0 && has_line("cpu ") && has_line("processes "));
	CHECK(slurp("/proc/version") > 0 && strncmp(buf, "Linux version ", 14) == 0);
	CHECK(slurp("/proc/filesystems") > 0 && has_line("nodev\tproc\n") && has_line("nodev\ttmpfs\n"));
	CHECK(slurp("/proc/mounts") > 0 && strstr(buf, " /proc proc rw,") != NULL);
	CHECK(slurp("/proc/self/mounts") > 0 && strstr(buf, " /proc proc ") != NULL);
	CHECK(slurp("/proc/sys/kernel/ostype") > 0 && strcmp(buf, "Linux\n") == 0);
	CHECK(slurp("/proc/sys/kernel/osrelease") > 0 && buf[0] >= '1' && buf[0] <= '9');
	CHECK(slurp("/proc/sys/kernel/pid_max") > 0 && atoi(buf) > 0);
	CHECK(slurp("/proc/sys/kernel/hostname") > 0 && buf[n = (long)strlen(buf) - 1] == '\n');
	return utest_done();
}
