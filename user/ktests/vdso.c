/*
 * The vDSO: AT_SYSINFO_EHDR points at an ELF shared object exporting
 * Linux's riscv entries with version LINUX_4.15; its clocks agree with
 * the system calls (never behind them) and follow clock_settime; clocks
 * it cannot answer and bad ids fall back to the system call's result;
 * /proc/self/maps shows [vvar] and [vdso]; signal handlers return
 * through __vdso_rt_sigreturn; a fork child has it too; it can never be
 * made writable. Kernel-only: qemu-riscv64 gives no vDSO.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

static const Elf64_Ehdr *eh;
static const Elf64_Sym *symtab;
static const char *strtab;
static const Elf64_Word *hash;
static const Elf64_Half *versym;
static const Elf64_Verdef *verdef;
static uintptr_t bias;

static void parse_vdso(void)
{
	const Elf64_Phdr *ph = (const void *)((const char *)eh + eh->e_phoff);
	const Elf64_Dyn *dyn = NULL;

	bias = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
			bias = (uintptr_t)eh - ph[i].p_vaddr;
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const void *)((const char *)eh + ph[i].p_offset);
	}
	CHECK(dyn != NULL);
	for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
		const void *p = (const void *)(bias + dyn->d_un.d_ptr);

		switch (dyn->d_tag) {
		case DT_SYMTAB: symtab = p; break;
		case DT_STRTAB: strtab = p; break;
		case DT_HASH: hash = p; break;
		case DT_VERSYM: versym = p; break;
		case DT_VERDEF: verdef = p; break;
		}
	}
	CHECK(symtab && strtab && hash && versym && verdef);
}

/* The version name of symbol i. */
static const char *version_of(unsigned int i)
{
	const Elf64_Verdef *d = verdef;
	unsigned int want = versym[i] & 0x7fff;

	for (;;) {
		if (d->vd_ndx == want) {
			const Elf64_Verdaux *aux = (const void *)((const char *)d + d->vd_aux);

			return strtab + aux->vda_name;
		}
		if (!d->vd_next)
			return "";
		d = (const void *)((const char *)d + d->vd_next);
	}
}

static void *vdso_sym(const char *name)
{
	if (!symtab || !hash)
		return NULL;
	for (unsigned int i = 0; i < hash[1]; i++) {
		const Elf64_Sym *s = &symtab[i];

		if (ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_shndx != SHN_UNDEF &&
		    strcmp(strtab + s->st_name, name) == 0 &&
		    strcmp(version_of(i), "LINUX_4.15") == 0)
			return (void *)(bias + s->st_value);
	}
	return NULL;
}

typedef int (*gettime_fn)(clockid_t, struct timespec *);
typedef int (*gettimeofday_fn)(struct timeval *, void *);
static gettime_fn vgettime, vgetres;
static gettimeofday_fn vgettimeofday;

static int64_t ns_of(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static int64_t sys_now(clockid_t c)
{
	struct timespec ts;

	return syscall(SYS_clock_gettime, c, &ts) == 0 ? ns_of(&ts) : -1;
}

static int64_t vdso_now(clockid_t c)
{
	struct timespec ts;

	return vgettime(c, &ts) == 0 ? ns_of(&ts) : -1;
}

/* Alternating reads of both never go back. */
static void test_agree(clockid_t c)
{
	int64_t last = 0;
	int ok = 1;

	for (int i = 0; i < 2000; i++) {
		int64_t a = vdso_now(c), b = sys_now(c);

		ok &= a >= last && b >= a;
		last = b;
	}
	CHECK(ok);
}

static volatile uintptr_t handler_ra;

static void on_usr1(int sig)
{
	(void)sig;
	handler_ra = (uintptr_t)__builtin_return_address(0);
}

static int has_map_line(const char *perms, const char *name)
{
	static char maps[16384];
	long n = utest_slurp("/proc/self/maps", maps, sizeof(maps));
	char want[64];

	snprintf(want, sizeof(want), "%s", name);
	for (char *line = maps; n > 0 && line && *line; ) {
		char *end = strchr(line, '\n');

		if (end)
			*end = 0;
		if (strstr(line, perms) && strstr(line, want)) {
			unsigned long lo = strtoul(line, NULL, 16);

			if (strcmp(name, "[vdso]") == 0 && lo != (uintptr_t)eh)
				return 0;
			return 1;
		}
		line = end ? end + 1 : NULL;
	}
	return 0;
}

int main(void)
{
	struct timespec ts, res;
	struct timeval tv;
	int status;
	pid_t pid;

	utest_start("vdso");
	eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
	CHECK(eh != NULL);
	if (!eh)
		return utest_done();
	CHECK(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_type == ET_DYN &&
	      eh->e_machine == EM_RISCV);
	parse_vdso();
	vgettime = (gettime_fn)vdso_sym("__vdso_clock_gettime");
	vgetres = (gettime_fn)vdso_sym("__vdso_clock_getres");
	vgettimeofday = (gettimeofday_fn)vdso_sym("__vdso_gettimeofday");
	CHECK(vgettime && vgetres && vgettimeofday);
	CHECK(vdso_sym("__vdso_rt_sigreturn") && vdso_sym("__vdso_getcpu") &&
	      vdso_sym("__vdso_flush_icache"));
	CHECK(vdso_sym("__vdso_no_such_thing") == NULL);
	if (!vgettime || !vgetres || !vgettimeofday)
		return utest_done();

	test_agree(CLOCK_MONOTONIC);
	test_agree(CLOCK_REALTIME);
	test_agree(CLOCK_BOOTTIME);
	test_agree(CLOCK_MONOTONIC_RAW);
	/* the coarse clocks are the fine ones here, as clock_getres says */
	test_agree(CLOCK_MONOTONIC_COARSE);
	CHECK(vgetres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec == 1);
	CHECK(vgetres(CLOCK_REALTIME, NULL) == 0);
	/* what the page cannot answer is the system call's answer */
	CHECK(vgettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0 && ns_of(&ts) > 0);
	CHECK(vgettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 && ns_of(&ts) > 0);
	CHECK(vgettime(1000, &ts) == -EINVAL);
	CHECK(vgettime(-1, &ts) == -EINVAL);
	CHECK(vgetres(1000, &res) == -EINVAL);

	/* gettimeofday: between two realtime reads */
	int64_t before = sys_now(CLOCK_REALTIME);
	CHECK(vgettimeofday(&tv, NULL) == 0);
	int64_t after = sys_now(CLOCK_REALTIME);
	int64_t us = tv.tv_sec * 1000000LL + tv.tv_usec;
	CHECK(us >= before / 1000 && us <= after / 1000);
	struct { int a, b; } tz = { 7, 7 };
	CHECK(vgettimeofday(NULL, &tz) == 0 && tz.a == 0 && tz.b == 0);

	/* setting the wall clock moves the vDSO's too */
	struct timespec set = { .tv_sec = 2000000000, .tv_nsec = 0 }, back;
	CHECK(clock_gettime(CLOCK_REALTIME, &back) == 0);
	CHECK(clock_settime(CLOCK_REALTIME, &set) == 0);
	CHECK(vgettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec >= 2000000000 &&
	      ts.tv_sec < 2000000000 + 60);
	CHECK(clock_settime(CLOCK_REALTIME, &back) == 0);
	CHECK(vgettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec < 2000000000);

	/* the maps: data read-only, code read+exec, where the aux vector says */
	CHECK(has_map_line(" r--p ", "[vvar]"));
	CHECK(has_map_line(" r-xp ", "[vdso]"));
	/* shared by every process: never writable */
	CHECK_ERR(mprotect((void *)eh, 4096, PROT_READ | PROT_WRITE), EACCES);
	CHECK(vgettime(CLOCK_MONOTONIC, &ts) == 0);

	/* a handler returns through the vDSO's rt_sigreturn */
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	CHECK(handler_ra == (uintptr_t)vdso_sym("__vdso_rt_sigreturn"));

	pid = fork();
	if (pid == 0) {
		struct timespec c;

		_exit(vgettime(CLOCK_MONOTONIC, &c) == 0 && getauxval(AT_SYSINFO_EHDR) ==
		      (unsigned long)eh ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return utest_done();
}
