/*
 * The smallest program: one write and exit_group, no C library.
 * Prints "hello, world" and exits with status 0.
 */
#include "nolibc.h"

NOLIBC_START;

static const char greeting[] = "hello, world\n";

void start_c(unsigned long *sp)
{
	(void)sp;
	nl_write(1, greeting, sizeof(greeting) - 1);
	nl_exit(0);
}
