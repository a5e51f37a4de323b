/*
 * Faults: a bad access kills the process with the right signal, which the
 * parent sees through wait. Each fault happens in a forked child; the
 * parent prints WIFSIGNALED and WTERMSIG. What a handler of the fault
 * sees is checked in sig_fault.c.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define PAGE 4096
/* The start of the kernel half of the Sv39 address space. */
#define KERNEL_ADDR 0xffffffc000000000UL

static volatile unsigned char *ro_page, *none_page, *data_page;

static void store_null(void)
{
	*(volatile int *)0 = 1;
}

static void load_kernel(void)
{
	(void)*(volatile long *)KERNEL_ADDR;
}

static void jump_kernel(void)
{
	((void (*)(void))KERNEL_ADDR)();
}

static void jump_null(void)
{
	((void (*)(void))0)();
}

static void write_text(void)
{
	volatile unsigned char *text = (volatile unsigned char *)(uintptr_t)&store_null;

	text[0] = 0;
}

static void illegal_insn(void)
{
	/* All-zero bits are an illegal instruction in every RISC-V variant. */
	__asm__ volatile(".4byte 0");
}

static void breakpoint(void)
{
	__asm__ volatile("ebreak");
}

/* Far deeper than any stack; volatile so the compiler keeps the calls. */
static volatile int depth_limit = 1 << 30;

static int recurse(int n)
{
	volatile char pad[256];

	pad[0] = (char)n;
	if (n >= depth_limit)
		return 0;
	return recurse(n + 1) + pad[0];
}

static void stack_overflow(void)
{
	recurse(0);
}

static void read_none(void)
{
	(void)none_page[0];
}

static void write_ro(void)
{
	ro_page[0] = 1;
}

static void exec_data(void)
{
	((void (*)(void))(uintptr_t)data_page)();
}

static void read_unmapped(void)
{
	volatile unsigned char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap((void *)p, PAGE);
	(void)p[0];
}

struct fault {
	const char *name;
	void (*fn)(void);
	int signo;		/* the signal that must kill the child */
};

static const struct fault faults[] = {
	{ "store to NULL", store_null, SIGSEGV },
	{ "load from a kernel address", load_kernel, SIGSEGV },
	{ "jump to a kernel address", jump_kernel, SIGSEGV },
	{ "jump to NULL", jump_null, SIGSEGV },
	{ "write to own text", write_text, SIGSEGV },
	{ "illegal instruction", illegal_insn, SIGILL },
	{ "ebreak", breakpoint, SIGTRAP },
	{ "stack overflow", stack_overflow, SIGSEGV },
	{ "read from PROT_NONE", read_none, SIGSEGV },
	{ "write to PROT_READ", write_ro, SIGSEGV },
	{ "execute a data page", exec_data, SIGSEGV },
	{ "read an unmapped page", read_unmapped, SIGSEGV },
};

static void run_fault(const struct fault *f)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		f->fn();
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	SAY("%s: signaled %d, signal %d\n", f->name, WIFSIGNALED(status) ? 1 : 0,
	    WIFSIGNALED(status) ? WTERMSIG(status) : -1);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == f->signo);
}

int main(void)
{
	struct rlimit no_core = { 0, 0 };
	unsigned i;

	utest_start("fault");
	/* No core files from the children. */
	CHECK(setrlimit(RLIMIT_CORE, &no_core) == 0);
	ro_page = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	none_page = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	data_page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro_page != MAP_FAILED && none_page != MAP_FAILED && data_page != MAP_FAILED);
	/* A valid "ret" in a page that is not executable. */
	memcpy((void *)data_page, "\x67\x80\x00\x00", 4);

	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		run_fault(&faults[i]);
	return utest_done();
}
