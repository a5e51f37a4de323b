/*
 * What execve leaves on the stack: argc, argv, envp and the auxiliary
 * vector, checked against the program's own ELF headers.
 *
 * The runners start every program as /bin/NAME with argv[0] = /bin/NAME
 * and exactly the environment HOME=/, PATH=/bin, TERM=linux.
 *
 * AT_EXECFN is the path given to execve. On our kernel that is argv[0];
 * qemu-riscv64 gives the host path of the binary instead, so only the
 * last path component is compared.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "utest.h"

#define PAGE_SIZE 4096
#define HWCAP_LETTER(c) (1UL << ((c) - 'A'))

extern const ElfW(Ehdr) __ehdr_start;
extern void _start(void);
extern char **environ;

static int data_word = 1;

static unsigned long *auxv_start(char **envp)
{
	while (*envp)
		envp++;
	return (unsigned long *)(envp + 1);
}

/* Value of type in the vector found on the stack; found says whether. */
static unsigned long auxv_lookup(unsigned long *auxv, unsigned long type, int *found)
{
	for (; auxv[0] != AT_NULL; auxv += 2)
		if (auxv[0] == type) {
			*found = 1;
			return auxv[1];
		}
	*found = 0;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void test_args(int argc, char **argv, char **envp)
{
	CHECK(argc == 1);
	SAY("argv[0] %s\n", argv[0]);
	CHECK(argv[argc] == NULL);
	CHECK(envp == argv + argc + 1);
	CHECK(environ == envp);

	int envc = 0;
	while (envp[envc])
		envc++;
	CHECK(envc == 3);
	if (envc != 3)
		return;
	char *sorted[3] = { envp[0], envp[1], envp[2] };
	qsort(sorted, 3, sizeof(sorted[0]), cmp_str);
	for (int i = 0; i < 3; i++)
		SAY("env %s\n", sorted[i]);
	CHECK(strcmp(sorted[0], "HOME=/") == 0 && strcmp(sorted[1], "PATH=/bin") == 0 &&
	      strcmp(sorted[2], "TERM=linux") == 0);
	CHECK(getenv("PATH") && strcmp(getenv("PATH"), "/bin") == 0);
}

static void test_auxv(char **argv, char **envp)
{
	static const struct { unsigned long type; const char *name; } needed[] = {
		{ AT_PHDR, "AT_PHDR" }, { AT_PHENT, "AT_PHENT" }, { AT_PHNUM, "AT_PHNUM" },
		{ AT_PAGESZ, "AT_PAGESZ" }, { AT_BASE, "AT_BASE" }, { AT_FLAGS, "AT_FLAGS" },
		{ AT_ENTRY, "AT_ENTRY" }, { AT_UID, "AT_UID" }, { AT_EUID, "AT_EUID" },
		{ AT_GID, "AT_GID" }, { AT_EGID, "AT_EGID" }, { AT_HWCAP, "AT_HWCAP" },
		{ AT_CLKTCK, "AT_CLKTCK" }, { AT_SECURE, "AT_SECURE" },
		{ AT_RANDOM, "AT_RANDOM" }, { AT_EXECFN, "AT_EXECFN" },
	};
	unsigned long *auxv = auxv_start(envp);
	int found, n = 0;

	/* The vector ends with AT_NULL; each type comes once; libc agrees. */
	int dup = 0, agree = 1;
	for (unsigned long *a = auxv; a[0] != AT_NULL && n < 100; a += 2, n++) {
		for (unsigned long *b = auxv; b < a; b += 2)
			dup |= b[0] == a[0];
		agree &= getauxval(a[0]) == a[1];
	}
	CHECK(n < 100 && !dup && agree);
	for (unsigned i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		auxv_lookup(auxv, needed[i].type, &found);
		SAY("%s %s\n", needed[i].name, found ? "present" : "missing");
	}

	/* Strings sit above the pointer arrays and the vector. */
	CHECK((unsigned long)argv[0] > (unsigned long)(auxv + 2 * n + 2));
	CHECK((unsigned long)envp[0] > (unsigned long)(auxv + 2 * n + 2));

	CHECK(getauxval(AT_PAGESZ) == PAGE_SIZE);
	CHECK(sysconf(_SC_PAGESIZE) == PAGE_SIZE);
	CHECK(getauxval(AT_CLKTCK) == 100);
	CHECK(sysconf(_SC_CLK_TCK) == 100);
	CHECK(getauxval(AT_SECURE) == 0);
	CHECK(getauxval(AT_BASE) == 0); /* static: no interpreter */
	CHECK(getauxval(AT_FLAGS) == 0);
	CHECK(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid());
	CHECK(getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid());
	CHECK(getauxval(AT_ENTRY) == (unsigned long)&_start);
	CHECK(getauxval(AT_ENTRY) == __ehdr_start.e_entry);

	/* The kernel is built for rv64imac: at least these letters. */
	unsigned long hwcap = getauxval(AT_HWCAP);
	CHECK(hwcap != 0);
	CHECK((hwcap & HWCAP_LETTER('I')) && (hwcap & HWCAP_LETTER('M')) &&
	      (hwcap & HWCAP_LETTER('A')) && (hwcap & HWCAP_LETTER('C')));

	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	CHECK(rnd != NULL);
	if (rnd) {
		unsigned char any = 0;
		for (int i = 0; i < 16; i++)
			any |= rnd[i];
		CHECK(any != 0);
	}

	const char *execfn = (const char *)getauxval(AT_EXECFN);
	CHECK(execfn && strcmp(basename_of(execfn), basename_of(argv[0])) == 0);
	CHECK(execfn && execfn[0] == '/');
}

/* AT_PHDR, AT_PHENT and AT_PHNUM describe this very program. */
static void test_phdrs(void)
{
	const ElfW(Ehdr) *eh = &__ehdr_start;
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	unsigned long phnum = getauxval(AT_PHNUM);

	CHECK(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0);
	CHECK(eh->e_ident[EI_CLASS] == ELFCLASS64 && eh->e_machine == EM_RISCV);
	CHECK(eh->e_type == ET_EXEC);
	CHECK(getauxval(AT_PHENT) == sizeof(ElfW(Phdr)) && eh->e_phentsize == sizeof(ElfW(Phdr)));
	CHECK(phnum == eh->e_phnum && phnum > 0);
	CHECK(ph == (const ElfW(Phdr) *)((const char *)eh + eh->e_phoff));

	int loads = 0, text = 0, data = 0, aligned = 1, headers = 0;
	unsigned long entry = getauxval(AT_ENTRY), word = (unsigned long)&data_word;
	for (unsigned long i = 0; i < phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		loads++;
		unsigned long lo = ph[i].p_vaddr, hi = lo + ph[i].p_memsz;
		aligned &= lo % PAGE_SIZE == ph[i].p_offset % PAGE_SIZE;
		aligned &= ph[i].p_filesz <= ph[i].p_memsz;
		if (entry >= lo && entry < hi)
			text += (ph[i].p_flags & (PF_X | PF_W)) == PF_X;
		if (word >= lo && word < hi)
			data += (ph[i].p_flags & PF_W) != 0;
		if ((unsigned long)ph >= lo && (unsigned long)(ph + phnum) <= hi)
			headers++;
	}
	SAY("PT_LOAD segments found\n");
	CHECK(loads >= 1);
	CHECK(aligned);
	CHECK(text == 1);	/* the entry point is in one r-x segment */
	CHECK(data == 1);	/* writable data is in one rw- segment */
	CHECK(headers == 1);	/* the headers are mapped */
	data_word = 2;
	CHECK(data_word == 2);
}

int main(int argc, char **argv, char **envp)
{
	utest_start("auxv");
	test_args(argc, argv, envp);
	test_auxv(argv, envp);
	test_phdrs();
	return utest_done();
}
