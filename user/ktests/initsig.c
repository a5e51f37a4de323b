/*
 * Init takes only the signals it has handlers for, as Linux's init does
 * (SIGNAL_UNKILLABLE): SIGTERM, SIGUSR2 (busybox poweroff's request),
 * SIGKILL and SIGSTOP sent to pid 1 (the test runner, which handles only
 * SIGALRM) succeed and are dropped; init runs on and is not stopped.
 * Kernel-only: under qemu-riscv64, pid 1 is the host's init.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

static char buf[4096];

/* The state letter of /proc/1/stat, or '?'. */
static char init_state(void)
{
	char *p;

	if (utest_slurp("/proc/1/stat", buf, sizeof(buf)) <= 0)
		return '?';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

static void pause_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000 };

	nanosleep(&ts, NULL);
}

int main(void)
{
	utest_start("initsig");
	CHECK(getppid() == 1);
	CHECK(kill(1, SIGTERM) == 0);
	CHECK(kill(1, SIGUSR2) == 0);
	CHECK(kill(1, SIGKILL) == 0);
	pause_ms(50);
	CHECK(kill(1, 0) == 0);
	CHECK(getppid() == 1);
	CHECK(kill(1, SIGSTOP) == 0);
	pause_ms(50);
	CHECK(init_state() == 'S');
	kill(1, SIGCONT);	/* should it have stopped after all */
	return utest_done();
}
