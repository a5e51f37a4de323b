/*
 * Prints its arguments, one a line, then its environment sorted (the
 * order of the environment is the runner's, not the program's).
 * #! scripts use it as their interpreter to show what execve passed.
 *
 * test-args: one two
 *
 *	argc 2
 *	argv[0] /bin/args
 *	argv[1] x
 *	envc 3
 *	env HOME=/
 *	...
 */
#include "nolibc.h"

NOLIBC_START;

#define MAX_ENV 64

void start_c(unsigned long *sp)
{
	long argc = (long)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	const char *env[MAX_ENV];
	int envc = 0;

	nl_puts("argc ");
	nl_putu(argc);
	nl_puts("\n");
	for (long i = 0; i < argc; i++) {
		nl_puts("argv[");
		nl_putu(i);
		nl_puts("] ");
		nl_puts(argv[i]);
		nl_puts("\n");
	}

	/* Insertion sort of the environment. */
	for (; envp[envc] && envc < MAX_ENV; envc++) {
		int j = envc;
		while (j > 0 && nl_strcmp(env[j - 1], envp[envc]) > 0) {
			env[j] = env[j - 1];
			j--;
		}
		env[j] = envp[envc];
	}
	nl_puts("envc ");
	nl_putu(envc);
	nl_puts("\n");
	for (int i = 0; i < envc; i++) {
		nl_puts("env ");
		nl_puts(env[i]);
		nl_puts("\n");
	}
	nl_exit(0);
}
