/*
 * Running out of memory kills the process that ran out, never the kernel:
 * a child touches fresh pages until it dies; the parent sees SIGKILL,
 * then allocates and uses memory again. Kernel-only: Linux's OOM killer
 * would do the same, but on a host it may pick another process.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define CHUNK	(64UL << 20)

int main(void)
{
	struct sysinfo si;
	int status = -1;
	pid_t pid;

	utest_start("oom");
	CHECK(sysinfo(&si) == 0);
	pid = fork();
	if (pid == 0) {
		/* more than all of RAM, in chunks, each page written */
		for (unsigned long total = 0; total <= si.totalram * 2; total += CHUNK) {
			char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

			if (p == MAP_FAILED)
				_exit(3);
			for (unsigned long off = 0; off < CHUNK; off += 4096)
				p[off] = 1;
		}
		_exit(2);	/* never reached: memory ran out first */
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	/* the memory came back and the kernel works on */
	char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	for (unsigned long off = 0; p != MAP_FAILED && off < CHUNK; off += 4096)
		p[off] = 2;
	CHECK(p != MAP_FAILED && p[CHUNK - 4096] == 2);
	return utest_done();
}
