/*
 * The program break, through the raw system call: brk(0) queries it, a
 * successful brk returns the new break exactly as asked, a failed one
 * returns the old break unchanged. Memory above the old break is zeroed,
 * also when it comes back after a shrink; a mapping in the way stops the
 * break from growing.
 *
 * malloc is not used between the first and last brk (glibc's malloc
 * moves the break too); stdout is unbuffered, so printing needs no heap.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define PAGE 4096UL
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

static uintptr_t sys_brk(uintptr_t addr)
{
	return (uintptr_t)syscall(SYS_brk, addr);
}

static int all_byte(uintptr_t from, uintptr_t to, unsigned char b)
{
	for (; from < to; from++)
		if (*(volatile unsigned char *)from != b)
			return 0;
	return 1;
}

/* Signal that kills a child writing to addr (0 if the write works). */
static int write_signal(uintptr_t addr)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		*(volatile unsigned char *)addr = 1;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

int main(void)
{
	uintptr_t start, top, cur, wall;
	void *m;

	utest_start("brk");
	start = sys_brk(0);
	CHECK(start != 0);
	CHECK(sys_brk(0) == start);
	CHECK((uintptr_t)sbrk(0) == start);

	SAY("grow\n");
	top = start + 3 * PAGE + 100;
	CHECK(sys_brk(top) == top);
	CHECK(sys_brk(0) == top);
	CHECK(all_byte(start, top, 0));
	memset((void *)start, 0xab, top - start);
	CHECK(all_byte(start, top, 0xab));
	CHECK(write_signal(top - 1) == 0);

	SAY("shrink and grow again\n");
	CHECK(sys_brk(start) == start);
	CHECK(sys_brk(0) == start);
	/*
	 * That the pages above are unmapped (a write faults) is checked in
	 * user/ktests/native.c: qemu-riscv64 keeps them mapped.
	 */
	CHECK(sys_brk(top) == top);
	/* Whole pages above the old break come back zeroed. */
	CHECK(all_byte(PAGE_UP(start), top, 0));

	SAY("refused requests leave the break alone\n");
	CHECK(sys_brk(start - (64UL << 20)) == top);
	CHECK(sys_brk(1UL << 62) == top);
	CHECK(sys_brk((uintptr_t)-PAGE) == top);
	CHECK(sys_brk(0) == top);

	SAY("a mapping in the way\n");
	wall = PAGE_UP(top) + 16 * PAGE;
	m = mmap((void *)wall, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		 -1, 0);
	CHECK(m == (void *)wall);
	CHECK(sys_brk(wall + PAGE) == top);
	CHECK(sys_brk(wall + 8 * PAGE) == top);
	cur = wall - 4 * PAGE;
	CHECK(sys_brk(cur) == cur);
	CHECK(all_byte(PAGE_UP(top), cur, 0));
	CHECK(munmap(m, PAGE) == 0);
	CHECK(sys_brk(wall + 8 * PAGE) == wall + 8 * PAGE);
	CHECK(all_byte(cur, wall + 8 * PAGE, 0));

	SAY("back to the start\n");
	CHECK(sys_brk(start) == start);
	CHECK(sys_brk(0) == start);
	return utest_done();
}
