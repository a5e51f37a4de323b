/*
 * The program the exec rows of user/bench/bench.c run: a static glibc
 * program that exits 0, or with an argument N > 0 execs itself with N-1
 * first (a chain of N execs in one process).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	char count[24];

	if (n > 0) {
		char *args[] = { argv[0], count, NULL };

		snprintf(count, sizeof(count), "%ld", n - 1);
		execve(argv[0], args, envp);
		return 127;
	}
	return 0;
}
