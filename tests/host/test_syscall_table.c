/*
 * Host tests for the system-call table (syscall/table.c, syscall/trace.c,
 * generated from syscall/syscall.tbl).
 *
 * - The list: numbers strictly increasing and names unique in the .tbl
 *   file, each line in the table at its number, well-known numbers right.
 * - Every __NR_ the riscv64 user headers define has an entry with that
 *   name at that number, and the table has nothing else.
 * - The wrappers narrow registers as Linux's __se_sys_* do (handlers
 *   defined here record what they got).
 * - -ENOSYS for a missing handler or number, reported once, also when
 *   four threads race.
 * - Trace lines: strings, pointers, modes, errors, calls that do not
 *   return, and the "strace" command-line word.
 *
 * glibc's headers name some of the kernel's types differently (timer_t is
 * a pointer there), so they are renamed away before the kernel headers.
 */
#define timer_t		glibc_timer_t
#define clockid_t	glibc_clockid_t
#define sigset_t	glibc_sigset_t
#define fd_set		glibc_fd_set
#define loff_t		glibc_loff_t
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#undef timer_t
#undef clockid_t
#undef sigset_t
#undef fd_set
#undef loff_t

#include <syscall/syscall.h>
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <kernel/thread.h>
#include <asm/current.h>
#include <lib/errno.h>

/* --- handlers, recording their arguments -------------------------------- */

static struct {
	long l[6];
	unsigned long u[6];
	int calls;
} got;

long sys_lseek(unsigned int fd, off_t offset, unsigned int whence)
{
	got.u[0] = fd;
	got.l[1] = offset;
	got.u[2] = whence;
	got.calls++;
	return offset;
}

long sys_openat(int dfd, const char __user *filename, int flags, umode_t mode)
{
	got.l[0] = dfd;
	got.u[1] = (unsigned long)filename;
	got.l[2] = flags;
	got.u[3] = mode;
	got.calls++;
	return -ENOENT;
}

long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
	      unsigned long flags, unsigned long fd, off_t offset)
{
	got.u[0] = addr;
	got.u[1] = len;
	got.u[2] = prot;
	got.u[3] = flags;
	got.u[4] = fd;
	got.l[5] = offset;
	got.calls++;
	return 0x3fff000000L;
}

long sys_futex(u32 __user *uaddr, int op, u32 val,
	       const struct __kernel_timespec __user *utime, u32 __user *uaddr2, u32 val3)
{
	got.u[0] = (unsigned long)uaddr;
	got.l[1] = op;
	got.u[2] = val;
	got.u[3] = (unsigned long)utime;
	got.u[4] = (unsigned long)uaddr2;
	got.u[5] = val3;
	got.calls++;
	return 0;
}

long sys_getpid(void)
{
	got.calls++;
	return 42;
}

long sys_exit_group(int error_code)
{
	got.l[0] = error_code;
	got.calls++;
	return 0;	/* a real one does not return */
}

/*
 * User memory is host memory here; addresses in the page at BAD_UPTR
 * fault, and the copy stops at n bytes as the kernel's does.
 */
#define BAD_UPTR	0xdead0000UL

long strncpy_from_user(char *dst, const char __user *src, size_t n)
{
	if (((unsigned long)src & ~0xfffUL) == BAD_UPTR)
		return -EFAULT;
	for (size_t i = 0; i < n; i++) {
		dst[i] = src[i];
		if (!src[i])
			return (long)i;
	}
	return -ENAMETOOLONG;
}

/* --- capturing the console ------------------------------------------------ */

static char *captured;
static size_t captured_len;
static FILE *saved_stderr;

static void capture_start(void)
{
	saved_stderr = stderr;
	stderr = open_memstream(&captured, &captured_len);
	assert_non_null(stderr);
}

/* Returns the text printed since capture_start; free() it. */
static char *capture_end(void)
{
	fclose(stderr);
	stderr = saved_stderr;
	return captured;
}

static int count(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static struct thread test_thread;

static int setup(void **state)
{
	(void)state;
	memset(&got, 0, sizeof(got));
	test_thread.tid = 7;
	set_current(&test_thread);
	console_loglevel = LOG_INFO;
	syscall_trace_set(false);
	return 0;
}

static long invoke(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
		   unsigned long a3, unsigned long a4, unsigned long a5)
{
	const unsigned long args[6] = { a0, a1, a2, a3, a4, a5 };

	return syscall_invoke(nr, args);
}

/* --- the list ------------------------------------------------------------- */

static void test_tbl_file(void **state)
{
	char line[1024], names[NR_SYSCALLS][32];
	long prev = -1;
	int lines = 0, entries = 0;
	FILE *f = fopen(SYSCALL_TBL, "r");

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char name[64], params[900];
		int nr, nargs = 0;
		const struct syscall_desc *d;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		assert_int_equal(sscanf(line, "%d %63s %899[^\n]", &nr, name, params), 3);
		assert_true(nr > prev);
		assert_true(nr < NR_SYSCALLS);
		prev = nr;
		for (int i = 0; i < lines; i++)
			assert_string_not_equal(names[i], name);
		strcpy(names[lines++], name);
		if (strcmp(params, "void"))
			for (const char *p = params; p; p = strchr(p + 1, ','))
				nargs++;
		d = syscall_lookup((unsigned long)nr);
		assert_non_null(d);
		assert_string_equal(d->name, name);
		assert_int_equal(d->nargs, nargs);
		assert_non_null(d->call);
	}
	fclose(f);
	assert_int_equal(prev, NR_SYSCALLS - 1);
	for (unsigned long nr = 0; nr < NR_SYSCALLS; nr++)
		entries += syscall_lookup(nr) != NULL;
	assert_int_equal(entries, lines);
	assert_null(syscall_lookup(NR_SYSCALLS));
	assert_null(syscall_lookup(~0UL));
}

static void test_well_known_numbers(void **state)
{
	static const struct { const char *name; unsigned long nr; } known[] = {
		{ "openat", 56 }, { "close", 57 }, { "read", 63 }, { "write", 64 },
		{ "fstat", 80 }, { "newfstatat", 79 }, { "exit", 93 },
		{ "exit_group", 94 }, { "futex", 98 }, { "clock_gettime", 113 },
		{ "rt_sigreturn", 139 }, { "uname", 160 }, { "brk", 214 },
		{ "munmap", 215 }, { "clone", 220 }, { "execve", 221 },
		{ "mmap", 222 }, { "riscv_flush_icache", 259 }, { "wait4", 260 },
		{ "clone3", 435 }, { "set_mempolicy_home_node", 450 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		const struct syscall_desc *d = syscall_lookup(known[i].nr);

		assert_non_null(d);
		assert_string_equal(d->name, known[i].name);
	}
	/* Not on riscv64: renameat (38); 244-258 are the architecture's. */
	assert_null(syscall_lookup(38));
	assert_null(syscall_lookup(244));
	assert_null(syscall_lookup(295));
	assert_int_equal(NR_SYSCALLS, 451);
}

/* __NR_syscalls and __NR_arch_specific_syscall are not system calls. */
static const struct { const char *name; unsigned long nr; } user_nrs[] = {
#define NR(name, nr)	{ #name, nr },
#include "riscv64_nr.h"
#undef NR
};

static void test_user_headers(void **state)
{
	int calls = 0, entries = 0;

	(void)state;
	assert_true(ARRAY_SIZE(user_nrs) > 300);
	for (size_t i = 0; i < ARRAY_SIZE(user_nrs); i++) {
		const struct syscall_desc *d = syscall_lookup(user_nrs[i].nr);

		if (!strcmp(user_nrs[i].name, "syscalls")) {
			assert_int_equal(user_nrs[i].nr, NR_SYSCALLS);
			continue;
		}
		if (!strcmp(user_nrs[i].name, "arch_specific_syscall"))
			continue;
		if (!d || strcmp(d->name, user_nrs[i].name))
			fail_msg("__NR_%s = %lu: the table has %s there", user_nrs[i].name,
				 user_nrs[i].nr, d ? d->name : "nothing");
		calls++;
	}
	for (unsigned long nr = 0; nr < NR_SYSCALLS; nr++)
		entries += syscall_lookup(nr) != NULL;
	assert_int_equal(entries, calls);
}

/* --- argument conversion --------------------------------------------------- */

static void test_narrowing(void **state)
{
	(void)state;
	/* unsigned int fd, off_t offset, unsigned int whence */
	assert_int_equal(invoke(62, 0xffffffff00000005UL, -1L, 0x100000002UL, 9, 9, 9), -1);
	assert_int_equal(got.u[0], 5);
	assert_int_equal(got.l[1], -1);
	assert_int_equal(got.u[2], 2);

	/* int dfd: AT_FDCWD with garbage above bit 31; umode_t mode: 16 bits */
	assert_int_equal(invoke(56, 0x12345678ffffff9cUL, 0x1000, 0xf0080000UL, 0x101edUL, 0, 0),
			 -ENOENT);
	assert_int_equal(got.l[0], -100);
	assert_int_equal(got.u[1], 0x1000);
	assert_int_equal(got.l[2], (int)0xf0080000U);
	assert_int_equal(got.u[3], 0755);

	/* u32 val, u32 val3, int op */
	assert_int_equal(invoke(98, 0x2000, 0x1ffffff81UL, 0xabcdef0012345678UL, 0, 0x3000,
				0xffffffffffffffffUL), 0);
	assert_int_equal(got.l[1], -127);
	assert_int_equal(got.u[2], 0x12345678);
	assert_int_equal(got.u[5], 0xffffffffUL);

	/* all-unsigned long mmap passes every bit */
	assert_int_equal(invoke(222, 0x1000, 0x2000, 3, 0x22, ~0UL, 0x7000), 0x3fff000000L);
	assert_int_equal(got.u[4], ~0UL);
	assert_int_equal(got.l[5], 0x7000);
	assert_int_equal(got.calls, 4);
}

/* --- -ENOSYS ---------------------------------------------------------------- */

static void test_enosys_once(void **state)
{
	char *out;

	(void)state;
	capture_start();
	for (int i = 0; i < 3; i++) {
		assert_int_equal(invoke(63, 0, 0, 0, 0, 0, 0), -ENOSYS);	/* read */
		assert_int_equal(invoke(38, 0, 0, 0, 0, 0, 0), -ENOSYS);	/* renameat */
		assert_int_equal(invoke(5000, 0, 0, 0, 0, 0, 0), -ENOSYS);
		assert_int_equal(invoke(6000, 0, 0, 0, 0, 0, 0), -ENOSYS);
	}
	out = capture_end();
	assert_int_equal(count(out, "syscall read (63) is not implemented\n"), 1);
	assert_int_equal(count(out, "unknown syscall 38\n"), 1);
	assert_int_equal(count(out, "unknown syscall 5000"), 1);
	assert_int_equal(count(out, "unknown syscall 6000"), 0);
	free(out);
}

static void *race_enosys(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++)
		if (invoke(64, 1, 0, 0, 0, 0, 0) != -ENOSYS)	/* write */
			return (void *)1;
	return NULL;
}

static void test_enosys_once_smp(void **state)
{
	pthread_t t[4];
	void *bad;
	char *out;

	(void)state;
	capture_start();
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, race_enosys, NULL), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_null(bad);
	}
	out = capture_end();
	assert_int_equal(count(out, "syscall write (64) is not implemented\n"), 1);
	free(out);
}

/* --- trace formats ----------------------------------------------------------- */

static void check_call(unsigned long nr, const unsigned long args[6], const char *want)
{
	char buf[400];

	assert_int_equal(syscall_format_call(buf, sizeof(buf), nr, args), strlen(want));
	assert_string_equal(buf, want);
}

static void test_format_call(void **state)
{
	static const char path[] = "/etc/passwd";
	static const char quoted[] = "a\"b\\c\nd\t\x01";
	static const char long_name[] =
		"0123456789012345678901234567890123456789012345678901234567890123456789";
	char buf[16];

	(void)state;
	check_call(56, (const unsigned long[6]){ -100L, (unsigned long)path, 0x80000, 0644 },
		   "openat(-100, \"/etc/passwd\", 0x80000, 0644)");
	check_call(56, (const unsigned long[6]){ 3, BAD_UPTR + 8, 0, 0 },
		   "openat(3, 0xdead0008, 0x0, 0)");
	check_call(56, (const unsigned long[6]){ 3, 0, 0, 0 }, "openat(3, NULL, 0x0, 0)");
	check_call(56, (const unsigned long[6]){ 3, (unsigned long)quoted, 0, 0 },
		   "openat(3, \"a\\\"b\\\\c\\nd\\t\\x01\", 0x0, 0)");
	check_call(56, (const unsigned long[6]){ 3, (unsigned long)long_name, 0, 0 },
		   "openat(3, \"0123456789012345678901234567890123456789012345678901234567890123\""
		   "..., 0x0, 0)");
	/* write's buffer is not a string; read's count is unsigned */
	check_call(64, (const unsigned long[6]){ 1, 0x1000, ~0UL }, "write(1, 0x1000, 18446744073709551615)");
	check_call(222, (const unsigned long[6]){ 0, 8192, 3, 0x22, ~0UL, 0 },
		   "mmap(0x0, 8192, 0x3, 0x22, -1, 0)");
	check_call(172, (const unsigned long[6]){ 0 }, "getpid()");
	check_call(94, (const unsigned long[6]){ 0xffffffff00000001UL }, "exit_group(1)");
	check_call(1000, (const unsigned long[6]){ 1, 2, 3, 4, 5, 6 },
		   "syscall_1000(0x1, 0x2, 0x3, 0x4, 0x5, 0x6)");
	/* truncation keeps a NUL and returns what fits */
	assert_int_equal(syscall_format_call(buf, sizeof(buf), 172,
					     (const unsigned long[6]){ 0 }), 8);
	assert_int_equal(syscall_format_call(buf, 5, 172, (const unsigned long[6]){ 0 }), 4);
	assert_string_equal(buf, "getp");
}

static void test_format_result(void **state)
{
	char buf[48];

	(void)state;
	syscall_format_result(buf, sizeof(buf), 63, 12);
	assert_string_equal(buf, "= 12");
	syscall_format_result(buf, sizeof(buf), 63, -EFAULT);
	assert_string_equal(buf, "= -1 errno=14 (EFAULT)");
	syscall_format_result(buf, sizeof(buf), 56, -ENOENT);
	assert_string_equal(buf, "= -1 errno=2 (ENOENT)");
	syscall_format_result(buf, sizeof(buf), 63, -133);
	assert_string_equal(buf, "= -1 errno=133 (EHWPOISON)");
	syscall_format_result(buf, sizeof(buf), 63, -512);
	assert_string_equal(buf, "= -1 errno=512 (ERESTARTSYS)");
	syscall_format_result(buf, sizeof(buf), 63, -4095);
	assert_string_equal(buf, "= -1 errno=4095 (?)");
	syscall_format_result(buf, sizeof(buf), 63, -4096);
	assert_string_equal(buf, "= -4096");
	syscall_format_result(buf, sizeof(buf), 222, 0x3fff000000L);
	assert_string_equal(buf, "= 0x3fff000000");
	syscall_format_result(buf, sizeof(buf), 222, -ENOMEM);
	assert_string_equal(buf, "= -1 errno=12 (ENOMEM)");
	syscall_format_result(buf, sizeof(buf), 5000, -ENOSYS);
	assert_string_equal(buf, "= -1 errno=38 (ENOSYS)");
}

/* --- trace lines ------------------------------------------------------------ */

static void test_trace_lines(void **state)
{
	static const char path[] = "/bin/sh";
	char *out;

	(void)state;
	syscall_trace_set(true);
	capture_start();
	assert_int_equal(invoke(172, 0, 0, 0, 0, 0, 0), 42);
	assert_int_equal(invoke(56, -100L, (unsigned long)path, 0, 0, 0, 0), -ENOENT);
	assert_int_equal(invoke(94, 3, 0, 0, 0, 0, 0), 0);
	assert_int_equal(invoke(221, (unsigned long)path, 0, 0, 0, 0, 0), -ENOSYS);
	out = capture_end();
	syscall_trace_set(false);
	assert_int_equal(count(out, "7 getpid() = 42\n"), 1);
	assert_int_equal(count(out, "7 openat(-100, \"/bin/sh\", 0x0, 0) = -1 errno=2 (ENOENT)\n"), 1);
	/* printed before the call, and the result if it comes back */
	assert_int_equal(count(out, "7 exit_group(3)\n"), 1);
	assert_int_equal(count(out, "7 exit_group = 0\n"), 1);
	assert_int_equal(count(out, "7 execve(\"/bin/sh\", NULL, NULL)\n"), 1);
	assert_int_equal(count(out, "7 execve = -1 errno=38 (ENOSYS)\n"), 1);
	assert_true(strstr(out, "7 exit_group(3)\n") < strstr(out, "7 exit_group = 0\n"));
	assert_int_equal(got.l[0], 3);
	free(out);
}

static void test_trace_cmdline(void **state)
{
	char *out;

	(void)state;
	cmdline_init("console=ttyS0 strace loglevel=7");
	syscall_trace_state = SYSCALL_TRACE_UNDECIDED;
	capture_start();
	assert_int_equal(invoke(172, 0, 0, 0, 0, 0, 0), 42);
	out = capture_end();
	assert_int_equal(syscall_trace_state, SYSCALL_TRACE_ON);
	assert_int_equal(count(out, "7 getpid() = 42\n"), 1);
	free(out);

	cmdline_init("console=ttyS0 stracex");
	syscall_trace_state = SYSCALL_TRACE_UNDECIDED;
	capture_start();
	assert_int_equal(invoke(172, 0, 0, 0, 0, 0, 0), 42);
	out = capture_end();
	assert_int_equal(syscall_trace_state, SYSCALL_TRACE_OFF);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(got.calls, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_tbl_file, setup),
		cmocka_unit_test_setup(test_well_known_numbers, setup),
		cmocka_unit_test_setup(test_user_headers, setup),
		cmocka_unit_test_setup(test_narrowing, setup),
		cmocka_unit_test_setup(test_enosys_once, setup),
		cmocka_unit_test_setup(test_enosys_once_smp, setup),
		cmocka_unit_test_setup(test_format_call, setup),
		cmocka_unit_test_setup(test_format_result, setup),
		cmocka_unit_test_setup(test_trace_lines, setup),
		cmocka_unit_test_setup(test_trace_cmdline, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
