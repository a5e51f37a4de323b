/*
 * The stack at the entry point, seen before any C library could touch
 * it: sp is 16-byte aligned, argc and argv come first, envp follows
 * argv's NULL, and the auxiliary vector follows envp's NULL.
 *
 * Run as /bin/entry with exactly HOME=/, PATH=/bin, TERM=linux. Prints
 * one line per check ("ok ..." or "FAIL ...") and exits 0 when all pass.
 */
#include <elf.h>

#include "nolibc.h"

NOLIBC_START;

#define PAGE_SIZE 4096

static int failed;

static void check(int ok, const char *what)
{
	nl_puts(ok ? "ok " : "FAIL ");
	nl_puts(what);
	nl_puts("\n");
	failed |= !ok;
}

static unsigned long auxv_get(const unsigned long *auxv, unsigned long type, int *found)
{
	for (; auxv[0] != AT_NULL; auxv += 2)
		if (auxv[0] == type) {
			*found = 1;
			return auxv[1];
		}
	*found = 0;
	return 0;
}

static int has_env(char **envp, const char *want)
{
	for (; *envp; envp++)
		if (nl_strcmp(*envp, want) == 0)
			return 1;
	return 0;
}

void start_c(unsigned long *sp)
{
	long argc = (long)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	int envc = 0, found;

	nl_puts("entry\n");
	check((unsigned long)sp % 16 == 0, "sp is 16-byte aligned at entry");
	check(argc == 1, "argc is 1");
	check(argv[argc] == 0, "argv[argc] is NULL");
	check(argc >= 1 && nl_strcmp(argv[0], "/bin/entry") == 0, "argv[0] is /bin/entry");

	while (envp[envc])
		envc++;
	check(envc == 3, "three environment strings");
	check(has_env(envp, "HOME=/"), "HOME=/");
	check(has_env(envp, "PATH=/bin"), "PATH=/bin");
	check(has_env(envp, "TERM=linux"), "TERM=linux");

	const unsigned long *auxv = (const unsigned long *)(envp + envc + 1);
	check(auxv_get(auxv, AT_PAGESZ, &found) == PAGE_SIZE && found, "AT_PAGESZ is 4096");
	check(auxv_get(auxv, AT_ENTRY, &found) == (unsigned long)&_start, "AT_ENTRY is _start");
	check(auxv_get(auxv, AT_PHDR, &found) != 0, "AT_PHDR is set");
	check(auxv_get(auxv, AT_PHENT, &found) == sizeof(Elf64_Phdr), "AT_PHENT is 56");
	check(auxv_get(auxv, AT_SECURE, &found) == 0 && found, "AT_SECURE is 0");
	const unsigned char *rnd = (const unsigned char *)auxv_get(auxv, AT_RANDOM, &found);
	unsigned char any = 0;
	for (int i = 0; rnd && i < 16; i++)
		any |= rnd[i];
	check(rnd && any, "AT_RANDOM points to 16 bytes, not all zero");

	/* The strings lie above the vector, inside the stack. */
	const unsigned long *end = auxv;
	while (end[0] != AT_NULL)
		end += 2;
	check((unsigned long)argv[0] > (unsigned long)(end + 2), "strings above the vector");

	nl_puts(failed ? "entry: failed\n" : "entry: all passed\n");
	nl_exit(failed);
}
