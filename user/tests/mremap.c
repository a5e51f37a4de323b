/*
 * mremap of anonymous memory: growing in place, moving with
 * MREMAP_MAYMOVE and MREMAP_FIXED, shrinking, moving part of a mapping,
 * and the EINVAL, EFAULT and ENOMEM cases. Accesses that must fault are
 * made in a forked child. An old size of 0, which duplicates a shared
 * mapping, is checked in user/ktests/native.c: qemu-riscv64 refuses it.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define PAGE 4096UL
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

static int read_signal(volatile unsigned char *p)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		(void)*p;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static int all_byte(const unsigned char *p, size_t len, unsigned char b)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != b)
			return 0;
	return 1;
}

/* A mapping of npages followed by at least room free pages. */
static unsigned char *map_with_room(size_t npages, size_t room)
{
	unsigned char *p = mmap(NULL, (npages + room) * PAGE, RW, ANON, -1, 0);

	if (p == MAP_FAILED)
		return p;
	munmap(p + npages * PAGE, room * PAGE);
	return p;
}

static void test_grow_in_place(void)
{
	unsigned char *p, *q;

	SAY("grow in place\n");
	p = map_with_room(2, 8);
	CHECK(p != MAP_FAILED);
	memset(p, 0x31, 2 * PAGE);
	q = mremap(p, 2 * PAGE, 6 * PAGE, 0);
	CHECK(q == p);
	CHECK(all_byte(p, 2 * PAGE, 0x31));
	CHECK(all_byte(p + 2 * PAGE, 4 * PAGE, 0));
	memset(p + 2 * PAGE, 0x32, 4 * PAGE);
	CHECK(all_byte(p + 2 * PAGE, 4 * PAGE, 0x32));
	CHECK(munmap(p, 6 * PAGE) == 0);
}

static void test_blocked(void)
{
	unsigned char *p, *wall, *q;

	SAY("growth blocked by a neighbour\n");
	p = map_with_room(2, 8);
	CHECK(p != MAP_FAILED);
	memset(p, 0x41, 2 * PAGE);
	wall = mmap(p + 2 * PAGE, PAGE, RW, ANON | MAP_FIXED, -1, 0);
	CHECK(wall == p + 2 * PAGE);
	/* Distinct protections keep the neighbour a separate mapping. */
	CHECK(mprotect(wall, PAGE, PROT_READ) == 0);
	CHECK(mremap(p, 2 * PAGE, 4 * PAGE, 0) == MAP_FAILED && errno == ENOMEM);
	CHECK(all_byte(p, 2 * PAGE, 0x41));

	SAY("MREMAP_MAYMOVE\n");
	q = mremap(p, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED);
	CHECK(q != p);
	CHECK(all_byte(q, 2 * PAGE, 0x41));
	CHECK(all_byte(q + 2 * PAGE, 2 * PAGE, 0));
	CHECK(read_signal(p) == SIGSEGV);
	CHECK(read_signal(p + PAGE) == SIGSEGV);
	CHECK(read_signal(wall) == 0);
	CHECK(munmap(q, 4 * PAGE) == 0);
	CHECK(munmap(wall, PAGE) == 0);
}

static void test_shrink(void)
{
	unsigned char *p;

	SAY("shrink\n");
	p = mmap(NULL, 4 * PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 0x51, 4 * PAGE);
	CHECK(mremap(p, 4 * PAGE, PAGE, 0) == p);
	CHECK(all_byte(p, PAGE, 0x51));
	CHECK(read_signal(p + PAGE) == SIGSEGV);
	CHECK(read_signal(p + 3 * PAGE) == SIGSEGV);
	/* Growing back brings zeroes, not the old contents. */
	if (mremap(p, PAGE, 4 * PAGE, 0) == p) {
		CHECK(all_byte(p + PAGE, 3 * PAGE, 0));
		CHECK(munmap(p, 4 * PAGE) == 0);
	} else {
		CHECK(munmap(p, PAGE) == 0);
	}
}

static void test_fixed(void)
{
	unsigned char *p, *dst, *q;

	SAY("MREMAP_FIXED\n");
	p = mmap(NULL, 2 * PAGE, RW, ANON, -1, 0);
	dst = mmap(NULL, 4 * PAGE, PROT_READ, ANON, -1, 0);
	CHECK(p != MAP_FAILED && dst != MAP_FAILED);
	memset(p, 0x61, 2 * PAGE);
	/* Moves onto dst, replacing what was there. */
	q = mremap(p, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	CHECK(q == dst);
	CHECK(all_byte(dst, 2 * PAGE, 0x61));
	CHECK(all_byte(dst + 2 * PAGE, PAGE, 0));
	dst[0] = 0x62;		/* writable now: it took p's protection */
	CHECK(read_signal(p) == SIGSEGV);
	CHECK(read_signal(dst + 3 * PAGE) == 0);
	CHECK(munmap(dst, 4 * PAGE) == 0);
}

static void test_part(void)
{
	unsigned char *p, *q;
	int i;

	SAY("move part of a mapping\n");
	p = mmap(NULL, 3 * PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	for (i = 0; i < 3; i++)
		memset(p + i * PAGE, 0x70 + i, PAGE);
	q = mremap(p + PAGE, PAGE, 2 * PAGE, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED);
	CHECK(all_byte(q, PAGE, 0x71));
	CHECK(all_byte(p, PAGE, 0x70));
	CHECK(all_byte(p + 2 * PAGE, PAGE, 0x72));
	CHECK(read_signal(p + PAGE) == SIGSEGV);
	CHECK(munmap(q, 2 * PAGE) == 0);
	CHECK(munmap(p, 3 * PAGE) == 0);
}

static void test_errors(void)
{
	unsigned char *p, *hole;

	SAY("error cases\n");
	p = mmap(NULL, 2 * PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	CHECK(mremap(p + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE) == MAP_FAILED && errno == EINVAL);
	/* A new size of 0 (EINVAL): in user/ktests/native.c, qemu says ENOMEM. */
	CHECK(mremap(p, PAGE, 2 * PAGE, 0x100) == MAP_FAILED && errno == EINVAL);
	/* MREMAP_FIXED needs MREMAP_MAYMOVE. */
	CHECK(mremap(p, PAGE, PAGE, MREMAP_FIXED, p + PAGE) == MAP_FAILED && errno == EINVAL);
	/* Overlapping source and destination. */
	CHECK(mremap(p, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, p + PAGE) ==
	      MAP_FAILED && errno == EINVAL);
	CHECK(munmap(p, 2 * PAGE) == 0);
	/* Nothing mapped at the old address. */
	hole = mmap(NULL, PAGE, RW, ANON, -1, 0);
	CHECK(munmap(hole, PAGE) == 0);
	CHECK(mremap(hole, PAGE, 2 * PAGE, MREMAP_MAYMOVE) == MAP_FAILED && errno == EFAULT);
	/*
	 * Growing past the end of the address space is not checked: Linux
	 * answers ENOMEM or EINVAL depending on its version.
	 */
}

int main(void)
{
	utest_start("mremap");
	test_grow_in_place();
	test_blocked();
	test_shrink();
	test_fixed();
	test_part();
	test_errors();
	return utest_done();
}
