/*
 * /init of the test images: runs every program /tests.list names, one at
 * a time, and frames each one's console output for tools/runtests.py:
 *
 *	=== BEGIN NAME
 *	...whatever /bin/NAME prints...
 *	=== END NAME exit N		(or: signal N)
 *	...
 *	=== DONE
 *
 * /tests.list holds one test a line, "NAME [args...]" (split at blanks,
 * no quoting); blank lines and lines starting with # are skipped. Each
 * test runs in a child, in /, as argv {"/bin/NAME", args...} with a fixed
 * environment, so its output can be compared with the same program run
 * under qemu-riscv64. When fork or wait4 itself fails, the END line says
 * "error ERRNO". Nothing else is printed, and all output is written
 * unbuffered, straight to fd 1. When the list is done, init exits 0 and
 * the kernel powers off.
 *
 * Its arguments (the kernel command line's words after "--") choose
 * where the tests' files go: "tmpfs" mounts a tmpfs on /tmp first (else
 * /tmp is the root file system's: the initramfs or a disk).
 *
 * A test that runs longer than TEST_TIMEOUT seconds is killed (SIGKILL),
 * so one hung test does not cost the rest of the boot; on a kernel
 * without alarm() or signals this quietly does nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define TESTS_LIST	"/tests.list"
#define MAX_ARGS	64
#ifndef TEST_TIMEOUT
#define TEST_TIMEOUT	120	/* seconds */
#endif

static char *const test_envp[] = { "HOME=/", "PATH=/bin", "TERM=linux", NULL };

static volatile sig_atomic_t timed_out;
static int have_timeout;	/* SIGALRM is caught, so alarm() is safe */

/* Write all of buf to fd 1, riding out short writes and EINTR. */
static void put(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(1, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	put(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/*
 * Linux opens /dev/console as fds 0, 1 and 2 before it starts init; do it
 * here when the kernel did not, so the tests inherit a console either way.
 */
static void open_console(void)
{
	int fd;

	if (fcntl(1, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (i != fd)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/* The whole file, NUL-terminated, or NULL. */
static char *read_file(const char *path)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY);

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger)
				break;
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static void run_test(char **args)
{
	const char *name = args[0];
	char path[256];
	int status;
	pid_t pid;

	snprintf(path, sizeof(path), "/bin/%s", name);
	say("=== BEGIN %s\n", name);
	pid = fork();
	if (pid < 0) {
		say("=== END %s error %d\n", name, errno);
		return;
	}
	if (pid == 0) {
		args[0] = path;
		if (chdir("/") == 0)
			execve(path, args, test_envp);
		_exit(127);
	}

	timed_out = 0;
	if (have_timeout)
		alarm(TEST_TIMEOUT);
	for (;;) {
		pid_t r = wait4(pid, &status, 0, NULL);

		if (r == pid)
			break;
		if (r < 0 && errno == EINTR) {
			if (timed_out)
				kill(pid, SIGKILL);
			continue;
		}
		if (have_timeout)
			alarm(0);
		say("=== END %s error %d\n", name, r < 0 ? errno : 0);
		return;
	}
	if (have_timeout)
		alarm(0);
	if (WIFSIGNALED(status))
		say("=== END %s signal %d\n", name, WTERMSIG(status));
	else
		say("=== END %s exit %d\n", name, WEXITSTATUS(status));

	/* Reap orphans the test left behind, without waiting for them. */
	while (waitpid(-1, &status, WNOHANG) > 0)
		;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	char *list, *line, *next;

	open_console();
	/* as a system's init does: the tests may read /proc (failure is theirs to see) */
	mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "tmpfs") == 0 &&
		    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") != 0)
			say("init: cannot mount a tmpfs on /tmp (errno %d)\n", errno);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	/* no SA_RESTART: wait4 returns EINTR when the alarm fires */
	have_timeout = sigaction(SIGALRM, &sa, NULL) == 0;

	list = read_file(TESTS_LIST);
	for (line = list; line && *line; line = next) {
		char *args[MAX_ARGS + 1];
		int n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		for (char *tok = strtok(line, " \t\r"); tok && n < MAX_ARGS;
		     tok = strtok(NULL, " \t\r"))
			args[n++] = tok;
		if (n == 0 || args[0][0] == '#')
			continue;
		args[n] = NULL;
		run_test(args);
	}
	say("=== DONE\n");
	return 0;
}
