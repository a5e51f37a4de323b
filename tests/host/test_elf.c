/*
 * Host tests for lib/elf.c and lib/binfmt_script.c.
 *
 * The ELF checks parse real riscv64 executables (see tests/host/elf.mk),
 * compare what they find with readelf, then reject corrupted copies with
 * the error Linux gives. The "#!" cases follow fs/binfmt_script.c of
 * Linux 6.1, including its handling of a line cut by the 256-byte buffer.
 *
 * Built with -DELF_TEST_PROGRAM, this file is instead the riscv64 program
 * those executables are made of.
 */
#ifdef ELF_TEST_PROGRAM

#if ELF_TEST_PROGRAM == 1
int main(void)
{
	return 0;
}
#else
/* No libc: data, a relocated pointer (for static-pie) and bss. */
static int value = 3;
int *volatile value_ptr = &value;
char zeros[8192];

void _start(void)
{
	register long a0 __asm__("a0") = *value_ptr + zeros[0];
	register long a7 __asm__("a7") = 93;	/* exit */

	__asm__ volatile("ecall" :: "r"(a0), "r"(a7));
	for (;;)
		;
}
#endif

#else /* the host tests */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <lib/elf.h>
#include <lib/binfmt_script.h>
#include <lib/errno.h>

#define USER_TOP	0x4000000000UL	/* Sv39: 256 GiB of user space */
#define INTERP		"/lib/ld-linux-riscv64-lp64d.so.1"

/* What readelf says about each program (name, type, entry, phoff, phnum). */
static const struct expect {
	const char *name;
	unsigned int type;
	uint64_t entry;
	uint64_t phoff;
	unsigned int phnum;
} expects[] = {
#include "expect.h"
};

struct file {
	unsigned char *data;
	size_t size;
};

static struct file load(const char *name)
{
	char path[512];
	struct file f;
	FILE *fp;
	long size;

	snprintf(path, sizeof(path), "%s/%s", ELF_DIR, name);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	size = ftell(fp);
	assert_true(size > 0);
	rewind(fp);
	f.size = (size_t)size;
	f.data = malloc(f.size);
	assert_non_null(f.data);
	assert_int_equal(fread(f.data, 1, f.size, fp), f.size);
	fclose(fp);
	return f;
}

static const struct expect *expected(const char *name)
{
	for (size_t i = 0; i < sizeof(expects) / sizeof(expects[0]); i++)
		if (!strcmp(expects[i].name, name))
			return &expects[i];
	fail_msg("no readelf data for %s", name);
	return NULL;
}

/* Both checks, as a loader makes them; the headers are read at phoff. */
static int check(const unsigned char *data, size_t size, struct elf_image *img)
{
	Elf64_Phdr ph[ELF_MAX_PHDR_BYTES / sizeof(Elf64_Phdr)];
	size_t bytes;
	int err;

	err = elf_check_header(data, size, img);
	if (err)
		return err;
	bytes = img->phnum * sizeof(Elf64_Phdr);
	memset(ph, 0, sizeof(ph));
	if (img->phoff <= size && bytes <= size - img->phoff)
		memcpy(ph, data + img->phoff, bytes);
	return elf_check_phdrs(ph, img->phnum, size, USER_TOP, img);
}

/* The i-th program header of a file, read and written in place. */
static Elf64_Phdr get_phdr(const struct file *f, unsigned int i)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)f->data;
	Elf64_Phdr ph;

	memcpy(&ph, f->data + eh->e_phoff + i * sizeof(ph), sizeof(ph));
	return ph;
}

static void put_phdr(struct file *f, unsigned int i, const Elf64_Phdr *ph)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)f->data;

	memcpy(f->data + eh->e_phoff + i * sizeof(*ph), ph, sizeof(*ph));
}

/* Index of the n-th program header of a type, or fail. */
static unsigned int find_phdr(const struct file *f, uint32_t type, unsigned int n)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)f->data;

	for (unsigned int i = 0; i < eh->e_phnum; i++)
		if (get_phdr(f, i).p_type == type && n-- == 0)
			return i;
	fail_msg("no program header of type %#x", type);
	return 0;
}

static void check_common(const char *name, struct file *f, struct elf_image *img)
{
	const struct expect *e = expected(name);

	*f = load(name);
	assert_int_equal(check(f->data, f->size, img), 0);
	assert_int_equal(img->type, e->type);
	assert_int_equal(img->entry, e->entry);
	assert_int_equal(img->phoff, e->phoff);
	assert_int_equal(img->phnum, e->phnum);
	assert_true(img->entry >= img->load_lo && img->entry < img->load_hi);
	assert_int_equal(img->load_lo % ELF_PAGE_SIZE, 0);
	assert_int_equal(img->load_hi % ELF_PAGE_SIZE, 0);
	assert_int_equal(img->max_align, 0x1000);
}

/* --- real executables ----------------------------------------------------- */

static void test_static(void **state)
{
	struct elf_image img;
	struct file f;

	(void)state;
	check_common("static", &f, &img);
	assert_int_equal(img.type, ET_EXEC);
	assert_int_equal(img.load_lo, 0x10000);	/* ld's riscv64 text start */
	assert_int_equal(img.nload, 2);
	assert_false(img.has_interp);
	assert_true(img.has_gnu_stack);
	assert_false(img.exec_stack);
	/* no PT_PHDR: found in the first PT_LOAD, as Linux does */
	assert_int_equal(img.phdr_vaddr, img.load_lo + img.phoff);
	free(f.data);
}

static void test_dynamic(void **state)
{
	struct elf_image img;
	struct file f;

	(void)state;
	check_common("dynamic", &f, &img);
	assert_int_equal(img.type, ET_DYN);
	assert_int_equal(img.load_lo, 0);
	assert_true(img.has_interp);
	assert_int_equal(img.interp_size, sizeof(INTERP));
	assert_memory_equal(f.data + img.interp_offset, INTERP, sizeof(INTERP));
	assert_true(img.has_gnu_stack);
	assert_false(img.exec_stack);
	assert_int_equal(img.phdr_vaddr, get_phdr(&f, find_phdr(&f, PT_PHDR, 0)).p_vaddr);
	assert_int_equal(img.phdr_vaddr, img.phoff);
	free(f.data);
}

static void test_static_pie(void **state)
{
	struct elf_image img;
	struct file f;

	(void)state;
	check_common("static-pie", &f, &img);
	assert_int_equal(img.type, ET_DYN);
	assert_int_equal(img.load_lo, 0);
	assert_false(img.has_interp);
	assert_int_equal(img.phdr_vaddr, img.phoff);
	free(f.data);
}

static void test_raw(void **state)
{
	struct elf_image img;
	struct file f;
	Elf64_Phdr ph;

	(void)state;
	check_common("raw", &f, &img);
	assert_int_equal(img.type, ET_EXEC);
	assert_int_equal(img.phnum, 1);
	assert_int_equal(img.nload, 1);
	assert_int_equal(img.entry, 0x1000);
	assert_int_equal(img.load_lo, 0x1000);
	assert_true(img.load_hi >= 0x1000 + 8192);
	assert_false(img.has_interp);
	assert_false(img.has_gnu_stack);
	assert_int_equal(img.phdr_vaddr, 0);	/* headers not loaded */
	ph = get_phdr(&f, 0);
	assert_int_equal(ph.p_flags, PF_R | PF_W | PF_X);
	assert_true(ph.p_memsz > ph.p_filesz);
	free(f.data);
}

/* --- corrupted copies ------------------------------------------------------ */

static void test_bad_header(void **state)
{
	struct file f = load("static");
	unsigned char *c = malloc(f.size);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)c;
	struct elf_image img;

	(void)state;
#define REJECT(change, err) do {					\
		memcpy(c, f.data, f.size);				\
		change;							\
		assert_int_equal(check(c, f.size, &img), err);		\
	} while (0)
	REJECT(c[1] = 'X', -ENOEXEC);				/* magic */
	REJECT(eh->e_machine = 62, -ENOEXEC);			/* x86-64 */
	REJECT(c[EI_CLASS] = ELFCLASS32, -ENOEXEC);
	REJECT(c[EI_DATA] = ELFDATA2MSB, -ENOEXEC);
	REJECT(c[EI_VERSION] = 0, -ENOEXEC);
	REJECT(eh->e_version = 2, -ENOEXEC);
	REJECT(eh->e_type = ET_REL, -ENOEXEC);
	REJECT(eh->e_type = ET_CORE, -ENOEXEC);
	REJECT(eh->e_phentsize = 32, -ENOEXEC);
	REJECT(eh->e_phnum = 0, -ENOEXEC);
	REJECT(eh->e_phnum = 0xffff, -ENOEXEC);
	REJECT(eh->e_phnum = ELF_MAX_PHDR_BYTES / sizeof(Elf64_Phdr) + 1, -ENOEXEC);
	REJECT(eh->e_phoff = UINT64_MAX - 64, -ENOEXEC);	/* overflows */
	REJECT(eh->e_phoff = f.size, -ENOEXEC);			/* past EOF */
	REJECT(eh->e_phoff = f.size - 8, -ENOEXEC);		/* runs past EOF */
	/* the header must be whole */
	assert_int_equal(elf_check_header(f.data, sizeof(Elf64_Ehdr) - 1, &img), -ENOEXEC);
	assert_int_equal(elf_check_header(f.data, sizeof(Elf64_Ehdr), &img), 0);
	/* the most headers Linux takes: 73 fit in 4096 bytes */
	memcpy(c, f.data, f.size);
	eh->e_phnum = ELF_MAX_PHDR_BYTES / sizeof(Elf64_Phdr);
	assert_int_equal(elf_check_header(c, f.size, &img), 0);
	assert_int_equal(img.phnum, 73);
	free(c);
	free(f.data);
}

static void test_bad_phdrs(void **state)
{
	struct file f = load("static");
	unsigned char *c = malloc(f.size);
	unsigned int l0 = find_phdr(&f, PT_LOAD, 0), l1 = find_phdr(&f, PT_LOAD, 1);
	unsigned int stack = find_phdr(&f, PT_GNU_STACK, 0);
	struct file copy = { c, f.size };
	struct elf_image img;
	Elf64_Phdr ph;

	(void)state;
#define PHDR(i, change, err)	REJECT((ph = get_phdr(&copy, i), change, put_phdr(&copy, i, &ph)), err)
	PHDR(l1, ph.p_filesz = ph.p_memsz + 1, -EINVAL);
	PHDR(l1, ph.p_offset = f.size, -ENOEXEC);		/* past EOF */
	PHDR(l1, (ph.p_offset = f.size - ph.p_filesz + 1), -ENOEXEC);
	PHDR(l1, (ph.p_offset = UINT64_MAX - 0xfff, ph.p_vaddr = 0x100000 + ph.p_offset % 4096),
	     -ENOEXEC);					/* offset + filesz overflows */
	PHDR(l1, (ph.p_vaddr = UINT64_MAX - 0xfff + ph.p_offset % 4096), -EINVAL);
	PHDR(l1, (ph.p_vaddr = USER_TOP - ph.p_memsz + 1), -EINVAL);
	PHDR(l1, ph.p_memsz = UINT64_MAX, -EINVAL);
	PHDR(l1, ph.p_vaddr += 8, -EINVAL);			/* congruence */
	PHDR(l0, ph.p_offset += 0x800, -EINVAL);
	PHDR(l1, ph.p_vaddr = 0x1000 + ph.p_offset % 4096, -ENOEXEC);	/* below l0 */
	/* no PT_LOAD left */
	REJECT((ph = get_phdr(&copy, l0), ph.p_type = PT_NULL, put_phdr(&copy, l0, &ph),
		ph = get_phdr(&copy, l1), ph.p_type = PT_NOTE, put_phdr(&copy, l1, &ph)), -ENOEXEC);
	REJECT((ph = get_phdr(&copy, l0), ph.p_type = PT_NULL, put_phdr(&copy, l0, &ph),
		ph = get_phdr(&copy, l1), ph.p_type = PT_NOTE, put_phdr(&copy, l1, &ph),
		((Elf64_Ehdr *)c)->e_type = ET_DYN), -EINVAL);
	/* a PT_INTERP of 1 or 4097 bytes, or past EOF */
	PHDR(stack, (ph.p_type = PT_INTERP, ph.p_offset = 0x100, ph.p_filesz = 1), -ENOEXEC);
	PHDR(stack, (ph.p_type = PT_INTERP, ph.p_offset = 0x100, ph.p_filesz = 4097), -ENOEXEC);
	PHDR(stack, (ph.p_type = PT_INTERP, ph.p_offset = f.size - 8, ph.p_filesz = 9), -ENOEXEC);
	PHDR(stack, (ph.p_type = PT_INTERP, ph.p_offset = 0x100, ph.p_filesz = 4096), 0);
	assert_true(img.has_interp);
	assert_int_equal(img.interp_offset, 0x100);
	assert_int_equal(img.interp_size, 4096);

	/* accepted: an executable stack, a bss-only load at any offset, a
	   non-power-of-two alignment (ignored), a larger one (kept) */
	PHDR(stack, ph.p_flags |= PF_X, 0);
	assert_true(img.exec_stack);
	PHDR(l1, (ph.p_filesz = 0, ph.p_offset = 12345), 0);
	PHDR(l1, ph.p_align = 0x3000, 0);
	assert_int_equal(img.max_align, 0x1000);
	PHDR(l1, ph.p_align = 0x10000, 0);
	assert_int_equal(img.max_align, 0x10000);
	/* the load range is whole pages around every PT_LOAD */
	PHDR(l1, ph.p_memsz += 0x5000, 0);
	ph = get_phdr(&f, l1);
	assert_int_equal(img.load_hi, (ph.p_vaddr + ph.p_memsz + 0x5000 + 0xfff) & ~0xfffUL);
	/* headers out of the file */
	memcpy(c, f.data, f.size);
	assert_int_equal(elf_check_header(c, f.size, &img), 0);
	assert_int_equal(elf_check_phdrs((const Elf64_Phdr *)(c + img.phoff), img.phnum,
					 img.phoff + 8, USER_TOP, &img), -ENOEXEC);
	free(c);
	free(f.data);
}

/* --- "#!" lines -------------------------------------------------------------- */

static int parse(const char *text, size_t len, const char **interp, const char **arg)
{
	static struct script_line line;
	int err = script_parse(text, len, &line);

	*interp = line.interp;
	*arg = line.arg;
	return err;
}

static void expect_script_n(const char *text, size_t len, const char *interp, const char *arg)
{
	const char *i, *a;

	assert_int_equal(parse(text, len, &i, &a), 0);
	assert_string_equal(i, interp);
	if (arg)
		assert_string_equal(a, arg);
	else
		assert_null(a);
}

static void expect_script(const char *text, const char *interp, const char *arg)
{
	expect_script_n(text, strlen(text), interp, arg);
}

static void expect_noexec(const char *text, size_t len)
{
	const char *i, *a;

	assert_int_equal(parse(text, len, &i, &a), -ENOEXEC);
}

static void test_script_lines(void **state)
{
	(void)state;
	expect_script("#!/bin/sh\necho hi\n", "/bin/sh", NULL);
	expect_script("#!/bin/sh", "/bin/sh", NULL);		/* short file */
	expect_script("#! /bin/sh -e\n", "/bin/sh", "-e");
	expect_script("#!\t/usr/bin/awk\t-f\t\n", "/usr/bin/awk", "-f");
	/* one argument: the rest of the line, trimmed */
	expect_script("#!/usr/bin/env  python3  -u \t \nx", "/usr/bin/env", "python3  -u");
	expect_script("#!/usr/bin/env -S a\tb  c\n", "/usr/bin/env", "-S a\tb  c");
	expect_script("#!/bin/sh  \n", "/bin/sh", NULL);
	/* CR is not special: it stays in the last word, as on Linux */
	expect_script("#!/bin/sh\r\n", "/bin/sh\r", NULL);
	expect_script("#!/bin/sh -x\r\n", "/bin/sh", "-x\r");
	/* a NUL ends a word, and the search for the newline */
#define TEXT(s)	s, sizeof(s) - 1
	expect_script_n(TEXT("#!/bin/sh\0 -x\n"), "/bin/sh", NULL);
	expect_script_n(TEXT("#!/bin/sh -x\0y z\n"), "/bin/sh", "-x");
	expect_script_n(TEXT("#!/bin/sh -x y\0z\n"), "/bin/sh", "-x y");

	expect_noexec("", 0);
	expect_noexec("#", 1);
	expect_noexec("!#/bin/sh\n", 10);
	expect_noexec("\x7f" "ELF", 4);
	expect_noexec("#!\n", 3);
	expect_noexec("#!   \t \n/bin/sh\n", 16);
	/* "#!" must be the first two bytes */
	expect_noexec("# !/bin/sh\n", 11);
	expect_noexec(" #!/bin/sh\n", 11);
}

static void test_script_empty_name(void **state)
{
	const char *i, *a;

	(void)state;
	/*
	 * "#!" then only blanks and NULs: Linux finds an empty name (and
	 * its exec of "" fails with ENOENT), not ENOEXEC.
	 */
	assert_int_equal(parse("#!", 2, &i, &a), 0);
	assert_string_equal(i, "");
	assert_null(a);
	assert_int_equal(parse("#!  ", 4, &i, &a), 0);
	assert_string_equal(i, "");
}

static void test_script_buffer_limit(void **state)
{
	char text[400];
	const char *i, *a;

	(void)state;
	/* A newline beyond byte 256 is not seen: the last byte is dropped. */
	memset(text, 'a', sizeof(text));
	memcpy(text, "#!/bin/sh ", 10);
	text[300] = '\n';
	assert_int_equal(parse(text, sizeof(text), &i, &a), 0);
	assert_string_equal(i, "/bin/sh");
	assert_int_equal(strlen(a), BINPRM_BUF_SIZE - 1 - 10);
	assert_int_equal(a[0], 'a');

	/* The same with a newline at byte 255: now it ends the line. */
	text[255] = '\n';
	assert_int_equal(parse(text, sizeof(text), &i, &a), 0);
	assert_int_equal(strlen(a), 255 - 10);

	/* An interpreter name cut by the buffer is refused... */
	memset(text, 'b', sizeof(text));
	memcpy(text, "#!/", 3);
	expect_noexec(text, sizeof(text));
	expect_noexec(text, BINPRM_BUF_SIZE);
	/* ...also after leading blanks... */
	memset(text + 2, ' ', 100);
	expect_noexec(text, sizeof(text));
	/* ...but not when it ends at the buffer's last byte (dropped, then). */
	memset(text, 'b', sizeof(text));
	memcpy(text, "#!/", 3);
	text[255] = ' ';
	assert_int_equal(parse(text, sizeof(text), &i, &a), 0);
	assert_int_equal(strlen(i), 253);
	assert_null(a);
	/* All blanks after "#!" up to the buffer's end. */
	memset(text, ' ', sizeof(text));
	memcpy(text, "#!", 2);
	expect_noexec(text, sizeof(text));
	/* A name that ends at byte 254 of a full line: the argument is cut. */
	memset(text, 'c', sizeof(text));
	memcpy(text, "#!/bin/sh", 9);
	text[9] = '\t';
	text[250] = ' ';
	assert_int_equal(parse(text, sizeof(text), &i, &a), 0);
	assert_string_equal(i, "/bin/sh");
	assert_int_equal(strlen(a), 255 - 10);
	assert_int_equal(a[240], ' ');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_static),
		cmocka_unit_test(test_dynamic),
		cmocka_unit_test(test_static_pie),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_phdrs),
		cmocka_unit_test(test_script_lines),
		cmocka_unit_test(test_script_empty_name),
		cmocka_unit_test(test_script_buffer_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
