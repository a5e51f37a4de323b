/*
 * File mappings as dynamic loaders use them, on a file of the test's own:
 * a whole-span reservation replaced piece by piece with MAP_FIXED (file
 * pages at other offsets, anonymous zeros over the rest), mprotect of file
 * pages (read-only made writable, writable made read-only: RELRO), stores
 * to MAP_PRIVATE pages (copies: the file must not change), stores to
 * MAP_SHARED pages and msync (the file changes), the program's own
 * file through /proc/self/exe, and mprotect's PROT_GROWSDOWN (the stack
 * only) and PROT_GROWSUP (nothing). Faulting accesses are made in children.
 *
 * Works inside /tmp/utest-dyn_mmap, removed at the end.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "utest.h"

#define DIR_NAME "/tmp/utest-dyn_mmap"
#define FILE_NAME DIR_NAME "/f"
#define PAGE 4096
#define NPAGES 4
#define RW (PROT_READ | PROT_WRITE)

static int file_byte(int fd, off_t off)
{
	unsigned char c;

	return pread(fd, &c, 1, off) == 1 ? c : -1;
}

/* Which signal a store to p ends a child with (0: none). */
static int store_signal(volatile char *p)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		*p = 'z';
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

static void loader_style(int fd)
{
	/* reserve the span with the file, as a loader maps the first segment */
	char *base = mmap(NULL, NPAGES * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	char *p;

	CHECK(base != MAP_FAILED);
	if (base == MAP_FAILED)
		return;
	CHECK(base[0] == 'A' && base[3 * PAGE] == 'D');
	/* page 1 <- file page 3, writable private (a data segment) */
	p = mmap(base + PAGE, PAGE, RW, MAP_PRIVATE | MAP_FIXED, fd, 3 * PAGE);
	CHECK(p == base + PAGE);
	CHECK(base[PAGE] == 'D');
	base[PAGE + 1] = 'w';
	CHECK(file_byte(fd, 3 * PAGE + 1) == 'D');
	/* page 2 <- anonymous zeros (.bss) */
	p = mmap(base + 2 * PAGE, PAGE, RW, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
	CHECK(p == base + 2 * PAGE);
	CHECK(base[2 * PAGE] == 0 && base[3 * PAGE - 1] == 0);
	/* RELRO: the written page becomes read-only, keeping what was written */
	CHECK(mprotect(base + PAGE, PAGE, PROT_READ) == 0);
	CHECK(base[PAGE + 1] == 'w');
	CHECK(store_signal(base + PAGE) == SIGSEGV);
	/* a read-only file page made writable: a private copy */
	CHECK(store_signal(base) == SIGSEGV);
	CHECK(mprotect(base, PAGE, RW) == 0);
	base[0] = 'x';
	CHECK(base[0] == 'x' && file_byte(fd, 0) == 'A');
	/* made executable and back, as text relocations do */
	CHECK(mprotect(base + 3 * PAGE, PAGE, PROT_READ | PROT_EXEC) == 0);
	CHECK(base[3 * PAGE] == 'D');
	CHECK(munmap(base, NPAGES * PAGE) == 0);
	for (int i = 0; i < NPAGES; i++)
		CHECK(file_byte(fd, (off_t)i * PAGE) == 'A' + i);
}

static void private_and_shared(int fd)
{
	char *priv = mmap(NULL, NPAGES * PAGE, RW, MAP_PRIVATE, fd, 0);
	char *shared = mmap(NULL, NPAGES * PAGE, RW, MAP_SHARED, fd, 0);
	char *other = mmap(NULL, NPAGES * PAGE, PROT_READ, MAP_SHARED, fd, 0);

	CHECK(priv != MAP_FAILED && shared != MAP_FAILED && other != MAP_FAILED);
	if (priv == MAP_FAILED || shared == MAP_FAILED || other == MAP_FAILED)
		return;
	/* private stores stay private */
	memset(priv + PAGE, 'p', 100);
	CHECK(file_byte(fd, PAGE) == 'B');
	CHECK(other[PAGE] == 'B' && shared[PAGE] == 'B');
	/* shared stores reach the file, and every mapping of it */
	memset(shared + 2 * PAGE, 's', 100);
	CHECK(msync(shared, NPAGES * PAGE, MS_SYNC) == 0);
	CHECK(file_byte(fd, 2 * PAGE + 99) == 's');
	CHECK(file_byte(fd, 2 * PAGE + 100) == 'C');
	CHECK(other[2 * PAGE] == 's');
	/* a private page not yet written follows the file; a written one not */
	CHECK(priv[2 * PAGE] == 's');
	shared[PAGE] = 'S';
	CHECK(priv[PAGE] == 'p');
	/* write(2) is seen through the shared mapping */
	CHECK(pwrite(fd, "W", 1, 3 * PAGE) == 1);
	CHECK(shared[3 * PAGE] == 'W');
	CHECK(munmap(priv, NPAGES * PAGE) == 0);
	CHECK(munmap(shared, NPAGES * PAGE) == 0);
	CHECK(munmap(other, NPAGES * PAGE) == 0);
	CHECK(file_byte(fd, PAGE) == 'S');
}

/* PROT_GROWSDOWN is for the stack only (glibc's loader uses it); nothing grows up. */
static void grows(void)
{
	char *p = mmap(NULL, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char here = 0;
	uintptr_t stack_page = (uintptr_t)&here & ~(uintptr_t)(PAGE - 1);

	CHECK(p != MAP_FAILED);
	CHECK_ERR(mprotect(p, PAGE, PROT_READ | PROT_GROWSDOWN), EINVAL);
	CHECK_ERR(mprotect(p, PAGE, PROT_READ | PROT_GROWSUP), EINVAL);
	CHECK(mprotect((void *)stack_page, PAGE, RW | PROT_GROWSDOWN) == 0);
	here = 1;
	CHECK(here == 1);
	munmap(p, PAGE);
}

static void own_file(void)
{
	int fd = open("/proc/self/exe", O_RDONLY);
	char *p;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		CHECK(memcmp(p, "\177ELF", 4) == 0);
		CHECK(munmap(p, PAGE) == 0);
	}
	close(fd);
}

int main(void)
{
	char page[PAGE];
	int fd;

	utest_start("dyn_mmap");
	mkdir(DIR_NAME, 0755);
	fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	if (fd < 0)
		return utest_done();
	for (int i = 0; i < NPAGES; i++) {
		memset(page, 'A' + i, PAGE);
		CHECK(write(fd, page, PAGE) == PAGE);
	}
	loader_style(fd);
	private_and_shared(fd);
	own_file();
	grows();
	close(fd);
	CHECK(unlink(FILE_NAME) == 0);
	CHECK(rmdir(DIR_NAME) == 0);
	return utest_done();
}
