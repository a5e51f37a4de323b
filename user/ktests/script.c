/*
 * #! scripts (the files in user/rootfs/exec/): the interpreter gets as
 * argv its own path, the optional argument of the #! line (one string,
 * blanks inside kept), the script's path as given to execve, then the
 * caller's argv[1..]; the caller's argv[0] is dropped. Interpreters may
 * be scripts themselves, up to a depth; the errors are those of the
 * interpreter.
 *
 * Kernel-only: qemu-riscv64 hands execve to the host, which cannot run
 * riscv64 programs here. Exits 0 when every check passed.
 *
 * /bin/script is also the interpreter of /exec/exit.sh ("#!/bin/script
 * exit"): called as "script exit ... N" it exits with status N.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"
#include "utest_run.h"

static char *const test_envp[] = { "HOME=/", "PATH=/bin", "TERM=linux", NULL };

/*
 * Run script with argv and the test environment; its output must be
 * /bin/args's for the argv lines in want (separated by '|').
 */
static int script_gives(const char *script, char *const argv[], const char *want)
{
	char out[2048], expect[2048];
	int argc = 0, n;

	n = 0;
	for (const char *w = want; *w; argc++) {
		const char *bar = strchr(w, '|');
		size_t len = bar ? (size_t)(bar - w) : strlen(w);
		n += snprintf(expect + n, sizeof(expect) - n, "argv[%d] %.*s\n", argc, (int)len, w);
		w += len + (bar != NULL);
	}
	n += snprintf(expect + n, sizeof(expect) - n,
		      "envc 3\nenv HOME=/\nenv PATH=/bin\nenv TERM=linux\n");
	char head[32];
	snprintf(head, sizeof(head), "argc %d\n", argc);

	int status = run(script, argv, test_envp, out, sizeof(out));
	int ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
		 strncmp(out, head, strlen(head)) == 0 && strcmp(out + strlen(head), expect) == 0;
	if (!ok)
		printf("  %s: output:\n%s  wanted:\n%s%s", script, out, head, expect);
	return ok;
}

static void test_argv(void)
{
	char *argv[] = { "argv0 is dropped", "a", "b c", NULL };
	char *only0[] = { "argv0", NULL };

	CHECK(script_gives("/exec/args.sh", argv, "/bin/args|/exec/args.sh|a|b c"));
	CHECK(script_gives("/exec/args.sh", only0, "/bin/args|/exec/args.sh"));
	CHECK(script_gives("/exec/args-arg.sh", argv,
			   "/bin/args|one-arg|/exec/args-arg.sh|a|b c"));
	CHECK(script_gives("/exec/args-blanks.sh", argv,
			   "/bin/args|two  words|/exec/args-blanks.sh|a|b c"));
	CHECK(script_gives("/exec/args-no-newline.sh", only0,
			   "/bin/args|last-line|/exec/args-no-newline.sh"));
	/* The interpreter is a script: its own #! line is applied next. */
	CHECK(script_gives("/exec/nested.sh", argv,
			   "/bin/args|one-arg|/exec/args-arg.sh|nested-arg|/exec/nested.sh|a|b c"));

	/* The script's path is passed as execve got it. */
	CHECK(chdir("/exec") == 0);
	CHECK(script_gives("args.sh", only0, "/bin/args|args.sh"));
	CHECK(script_gives("./args.sh", only0, "/bin/args|./args.sh"));
	CHECK(script_gives("../exec/args-arg.sh", only0, "/bin/args|one-arg|../exec/args-arg.sh"));
	CHECK(chdir("/") == 0);
	CHECK(script_gives("//exec/./args.sh", only0, "/bin/args|//exec/./args.sh"));
}

static void test_status(void)
{
	char out[256];
	char *argv[] = { "x", "7", NULL };
	char *zero[] = { "x", "0", NULL };

	int status = run("/exec/exit.sh", argv, test_envp, out, sizeof(out));
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 7);
	status = run("/exec/exit.sh", zero, test_envp, out, sizeof(out));
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_errors(void)
{
	char *argv[] = { "x", NULL };

	CHECK_ERR(execve("/exec/missing-interp.sh", argv, test_envp), ENOENT);
	CHECK_ERR(execve("/exec/no-interp.sh", argv, test_envp), ENOEXEC);
	CHECK_ERR(execve("/exec/not-executable.sh", argv, test_envp), EACCES);
	CHECK_ERR(execve("/exec/interp-not-executable.sh", argv, test_envp), EACCES);
	CHECK_ERR(execve("/exec/interp-dir.sh", argv, test_envp), EACCES);
	CHECK_ERR(execve("/exec/interp-garbage.sh", argv, test_envp), ENOEXEC);
	CHECK_ERR(execve("/exec/loop.sh", argv, test_envp), ELOOP);
	/* Still this program, and still working. */
	CHECK(access("/exec/args.sh", X_OK) == 0);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "exit") == 0)
		return atoi(argv[argc - 1]);

	utest_start("script");
	test_argv();
	test_status();
	test_errors();
	return utest_done();
}
