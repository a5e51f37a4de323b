/*
 * Fault handlers: a SIGSEGV handler sees the faulting address and the
 * kind of fault (SEGV_MAPERR, SEGV_ACCERR) and recovers with siglongjmp;
 * the handler keeps working after each recovery. That a fault kills the
 * process with the right signal is checked in fault.c.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>
#include "utest.h"

#define PAGE 4096

static sigjmp_buf recover;
static volatile void *fault_addr;
static volatile int fault_code, fault_signo;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	fault_signo = sig;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(recover, 1);
}

/* Touch p (write or read) under the handler; 1 if it faulted. */
static int try_access(volatile unsigned char *p, int write)
{
	fault_signo = 0;
	fault_code = 0;
	fault_addr = NULL;
	if (sigsetjmp(recover, 1) == 0) {
		if (write)
			*p = 1;
		else
			(void)*p;
		return 0;
	}
	return 1;
}

static void test_handler(void)
{
	struct sigaction sa;
	unsigned char *map;

	SAY("SIGSEGV handler\n");
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);

	map = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(map != MAP_FAILED);
	CHECK(try_access(map + 8, 0) == 0);
	CHECK(try_access(map + 8, 1) == 1);
	CHECK(fault_signo == SIGSEGV);
	CHECK(fault_code == SEGV_ACCERR);
	CHECK(fault_addr == map + 8);
	CHECK(munmap(map + PAGE, PAGE) == 0);
	CHECK(try_access(map + PAGE + 16, 0) == 1);
	CHECK(fault_code == SEGV_MAPERR);
	CHECK(fault_addr == map + PAGE + 16);
	/* The handler still works after recovering (the signal was unmasked). */
	CHECK(try_access((unsigned char *)16, 1) == 1);
	CHECK(fault_code == SEGV_MAPERR);
	CHECK(fault_addr == (void *)16);
	/* After mprotect the same access succeeds. */
	CHECK(mprotect(map, PAGE, PROT_READ | PROT_WRITE) == 0);
	CHECK(try_access(map + 8, 1) == 0);
	CHECK(map[8] == 1);
	CHECK(munmap(map, PAGE) == 0);
	signal(SIGSEGV, SIG_DFL);
}

int main(void)
{
	utest_start("sig_fault");
	test_handler();
	return utest_done();
}
