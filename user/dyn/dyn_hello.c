/*
 * A dynamically linked program (a PIE, as the compilers make them): the
 * kernel maps it and its interpreter (PT_INTERP), starts the interpreter,
 * and tells it through the auxiliary vector where everything is; the
 * loader then maps the libraries with mmap. A kernel that ignored
 * PT_INTERP would start the program unrelocated, and it would crash.
 * Checks AT_BASE (the loader's own load address), AT_PHDR and AT_ENTRY
 * (the program's), the heap (brk above the program), the objects the
 * loader reports, the files /proc/self/maps names for the code, and that
 * exec let go of the loader's file (writable).
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include "utest.h"

extern char _start[];

struct seen {
	int n, loader, program;
};

static int each_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct seen *s = arg;
	const char *name = info->dlpi_name, *slash = strrchr(name, '/');

	(void)size;
	/* the vDSO (musl names it "", glibc linux-vdso.so.1): qemu-riscv64 has none */
	if (getauxval(AT_SYSINFO_EHDR) && info->dlpi_addr == getauxval(AT_SYSINFO_EHDR))
		return 0;	/* linked at 0, as Linux's: its base is its header */
	s->n++;
	if (info->dlpi_addr == getauxval(AT_BASE))
		s->loader = 1;
	for (int i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_PHDR &&
		    info->dlpi_addr + info->dlpi_phdr[i].p_vaddr == getauxval(AT_PHDR))
			s->program = 1;
	printf("object %s\n", slash ? slash + 1 : name[0] ? name : "(the program)");
	return 0;
}

/* The file name (its last part) /proc/self/maps shows for addr, or "?". */
static const char *mapped_from(const void *addr)
{
	static char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	const char *name = "?";

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char *slash = strrchr(line, '/');

		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= (uintptr_t)addr &&
		    (uintptr_t)addr < hi) {
			line[strcspn(line, "\n")] = '\0';
			name = slash ? slash + 1 : "(no file)";
			break;
		}
	}
	if (f)
		fclose(f);
	return name;
}

/* Where the program is, from its headers' address and PT_PHDR. */
static uintptr_t load_bias(void)
{
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);

	for (int i = 0; i < (int)getauxval(AT_PHNUM); i++)
		if (ph[i].p_type == PT_PHDR)
			return (uintptr_t)ph - ph[i].p_vaddr;
	return 0;
}

int main(void)
{
	struct seen s = { 0 };
	extern char _end[];
	char *heap, buf[16];

	utest_start("dyn_hello");
	printf("hello from a dynamically linked program\n");
	CHECK(getauxval(AT_BASE) != 0);
	CHECK(getauxval(AT_ENTRY) == (unsigned long)_start);
	CHECK(getauxval(AT_PHNUM) > 0);
	CHECK(getauxval(AT_PHENT) == sizeof(ElfW(Phdr)));
	CHECK(getauxval(AT_PAGESZ) == 4096);
	CHECK(getauxval(AT_EXECFN) != 0);
	/* the code is mapped from the files, as Linux's exec and the loader map it */
	printf("main is in %s\n", mapped_from((void *)main));
	printf("getauxval is in %s\n", mapped_from((void *)getauxval));
	dl_iterate_phdr(each_object, &s);
	CHECK(s.n >= 2);
	CHECK(s.loader);	/* AT_BASE is where the loader is */
	CHECK(s.program);	/* AT_PHDR is where the program's headers are */

	/* the heap starts above the program and grows */
	heap = (char *)syscall(SYS_brk, 0);	/* musl's sbrk() only reads it */
	CHECK(heap >= _end);
	CHECK((char *)syscall(SYS_brk, heap + 3 * 4096) == heap + 3 * 4096);
	memset(heap, 'x', 3 * 4096);
	CHECK(heap[3 * 4096 - 1] == 'x');
	CHECK(getrandom(buf, sizeof(buf), 0) == sizeof(buf));

	/* exec let go of the loader's file: it may be opened for writing */
	for (int i = 0; i < (int)getauxval(AT_PHNUM); i++) {
		const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR) + i;

		if (ph->p_type == PT_INTERP) {
			const char *interp = (const char *)(ph->p_vaddr + load_bias());
			int fd = open(interp, O_WRONLY);

			CHECK(fd >= 0);
			close(fd);
		}
	}
	return utest_done();
}
