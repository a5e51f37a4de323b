/*
 * Dynamic loaders seen from exec (kernel-only: qemu-riscv64 hands execve
 * to the host). The image's loader (/lib/ld-linux-riscv64-lp64d.so.1 or
 * /lib/ld-musl-riscv64.so.1) run as a program, with a dynamically linked
 * program to load (an ET_DYN without PT_INTERP, which then maps the
 * program itself with mmap) and with --list; and exec's errors for a
 * program whose PT_INTERP names a missing file (ENOENT), a directory or a
 * file without execute permission (EACCES), a file that is not ELF
 * (ELIBBAD) or too short for an ELF header (EIO), as Linux's.
 * Works inside /tmp/utest-ldso, removed at the end.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/wait.h>
#include "utest.h"

#define DIR_NAME "/tmp/utest-ldso"
#define PROGRAM "/bin/dyn_tls"
#define PROGRAM_OK "29 checks, 0 failed"

static const char *loader;
static char out[65536];
static char image[1 << 20];

/* Run argv with stdout and stderr into out; its wait status, or -errno of execve. */
static int run(char *const argv[])
{
	int p[2], err[2], st, e = 0;
	long n, got = 0;
	pid_t pid;

	if (pipe(p) || pipe2(err, O_CLOEXEC))
		return -EPIPE;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		execv(argv[0], argv);
		e = errno;
		write(err[1], &e, sizeof(e));
		_exit(127);
	}
	close(p[1]);
	close(err[1]);
	while ((n = read(p[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += n;
	out[got] = '\0';
	close(p[0]);
	n = read(err[0], &e, sizeof(e));
	close(err[0]);
	waitpid(pid, &st, 0);
	return n == sizeof(e) ? -e : st;
}

/* A copy of PROGRAM whose PT_INTERP names interp (as long as the loader's name). */
static int make_program(const char *path, const char *interp)
{
	int fd = open(PROGRAM, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, image, sizeof(image));
	char *at;

	close(fd);
	if (n <= 0 || strlen(interp) != strlen(loader))
		return -1;
	at = memmem(image, (size_t)n, loader, strlen(loader) + 1);
	if (!at)
		return -1;
	memcpy(at, interp, strlen(interp));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, image, (size_t)n) != n)
		return -1;
	return close(fd);
}

static int write_file(const char *path, const void *data, size_t n, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || write(fd, data, n) != (long)n)
		return -1;
	return close(fd);
}

static void loader_as_program(void)
{
	char *load[] = { (char *)loader, PROGRAM, NULL };
	char *list[] = { (char *)loader, "--list", PROGRAM, NULL };
	int st;

	st = run(load);
	CHECK(st == 0);
	CHECK(strstr(out, PROGRAM_OK) != NULL);
	if (st != 0 || !strstr(out, PROGRAM_OK))
		printf("  %s %s: status %#x:\n%s\n", loader, PROGRAM, st, out);
	st = run(list);
	CHECK(st == 0);
	CHECK(strstr(out, "libdyntls.so") != NULL);
	if (st != 0 || !strstr(out, "libdyntls.so"))
		printf("  %s --list %s: status %#x:\n%s\n", loader, PROGRAM, st, out);
}

static void interp_errors(void)
{
	char interp[256], prog[] = DIR_NAME "/prog";
	char *argv[] = { prog, NULL }, text[200];
	size_t len = strlen(loader);
	int st;

	/* a path under DIR_NAME as long as the loader's: DIR_NAME/iiii... */
	snprintf(interp, sizeof(interp), "%s/%0*d", DIR_NAME, (int)(len - strlen(DIR_NAME) - 1), 0);
	CHECK(strlen(interp) == len);
	CHECK(make_program(prog, interp) == 0);
	CHECK(run(argv) == -ENOENT);
	CHECK(mkdir(interp, 0755) == 0);
	CHECK(run(argv) == -EACCES);
	CHECK(rmdir(interp) == 0);
	memset(text, '#', sizeof(text));
	memcpy(text, "#!/bin/sh\n", 10);
	CHECK(write_file(interp, text, sizeof(text), 0644) == 0);
	if (utest_fs_keeps_modes(interp))
		CHECK(run(argv) == -EACCES);
	CHECK(chmod(interp, 0755) == 0);
	CHECK(run(argv) == -ELIBBAD);	/* not ELF, even with "#!" */
	CHECK(write_file(interp, "\177ELF", 4, 0755) == 0);
	CHECK(run(argv) == -EIO);	/* no whole ELF header */
	/* the real loader under that name runs it */
	{
		int in = open(loader, O_RDONLY);
		long n = in < 0 ? -1 : read(in, image, sizeof(image));

		close(in);
		CHECK(n > 0 && write_file(interp, image, (size_t)n, 0755) == 0);
	}
	st = run(argv);
	CHECK(st == 0 && strstr(out, PROGRAM_OK) != NULL);
	CHECK(unlink(interp) == 0);
	CHECK(unlink(prog) == 0);
}

int main(void)
{
	utest_start("ldso");
	loader = access("/lib/ld-linux-riscv64-lp64d.so.1", X_OK) == 0 ?
		 "/lib/ld-linux-riscv64-lp64d.so.1" : "/lib/ld-musl-riscv64.so.1";
	CHECK(access(loader, X_OK) == 0);
	mkdir(DIR_NAME, 0755);
	loader_as_program();
	interp_errors();
	CHECK(rmdir(DIR_NAME) == 0);
	return utest_done();
}
