/*
 * busybox linked dynamically against glibc (/bin/busybox-glibc, from
 * tools/build-busybox.sh) runs on the kernel: a few applets, a shell
 * that runs more of them through exec (a dynamically linked program
 * starting others) and pipes, checked against what they must print.
 * Kernel-only: under qemu-riscv64 the shell's execve would go to the
 * host. In the glibc image only, when the userland cache has the
 * program (else pending).
 *
 * libc: glibc
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/wait.h>
#include "utest.h"

#define BB "/bin/busybox-glibc"
#define FILE_NAME "/tmp/utest-bbglibc"

static char out[65536];

/* Run argv, its stdout and stderr into out; its wait status, or -1. */
static int run(char *const argv[])
{
	int p[2], st;
	long n, got = 0;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	while ((n = read(p[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += n;
	out[got] = '\0';
	close(p[0]);
	return waitpid(pid, &st, 0) == pid ? st : -1;
}

/* argv must exit 0 and print exactly want. */
static void expect(char *const argv[], const char *want)
{
	int st = run(argv);
	int ok = st == 0 && strcmp(out, want) == 0;

	utest_report(ok, __FILE__, __LINE__, argv[1]);
	if (!ok)
		printf("  %s %s: status %#x, printed \"%s\", wanted \"%s\"\n", argv[0], argv[1], st,
		       out, want);
}

int main(void)
{
	char size[32];
	struct stat st;
	int fd;

	utest_start("bbglibc");
	fd = open(FILE_NAME, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "abc", 3) == 3 && close(fd) == 0);
	CHECK(stat("/lib/riscv64-linux-gnu/libc.so.6", &st) == 0);
	snprintf(size, sizeof(size), "%lld\n", (long long)st.st_size);

	expect((char *[]){ BB, "echo", "hello", "from", "glibc", NULL }, "hello from glibc\n");
	expect((char *[]){ BB, "sha256sum", FILE_NAME, NULL },
	       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  "
	       FILE_NAME "\n");
	expect((char *[]){ BB, "awk", "BEGIN { for (i = 1; i <= 10; i++) s += i * i; print s }",
			   NULL }, "385\n");
	/* the shell finds the other applets as busybox-glibc on PATH (/bin) */
	expect((char *[]){ BB, "sh", "-c", "busybox-glibc wc -c < /lib/riscv64-linux-gnu/libc.so.6",
			   NULL }, size);
	expect((char *[]){ BB, "sh", "-c",
			   "b=busybox-glibc; for i in 1 2 3; do echo $i; done | $b sort -r | "
			   "$b tr '\\n' ' '; $b ls /lib/riscv64-linux-gnu | $b grep -c '^libc.so.6$'",
			   NULL }, "3 2 1 1\n");
	expect((char *[]){ BB, "sh", "-c", "x=$(echo dyn | busybox-glibc sed s/d/D/); echo $x ${#x}",
			   NULL }, "Dyn 3\n");
	CHECK(unlink(FILE_NAME) == 0);
	return utest_done();
}
