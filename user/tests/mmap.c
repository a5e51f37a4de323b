/*
 * Anonymous memory mappings: private and shared (across fork), MAP_FIXED
 * and MAP_FIXED_NOREPLACE, hints, the flags that only change policy
 * (MAP_STACK, MAP_NORESERVE, MAP_POPULATE), zero-filled pages, munmap of
 * part of a mapping, mprotect, madvise, and the EINVAL, EBADF and ENOMEM
 * cases. Accesses that must fault are made in a forked child.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define PAGE 4096
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

static int all_zero(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

static int all_byte(const unsigned char *p, size_t len, unsigned char b)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != b)
			return 0;
	return 1;
}

/* An address range of npages that is free right now. */
static unsigned char *free_range(size_t npages)
{
	unsigned char *p = mmap(NULL, npages * PAGE, PROT_NONE, ANON, -1, 0);

	if (p != MAP_FAILED)
		munmap(p, npages * PAGE);
	return p;
}

static void test_private(void)
{
	unsigned char *p;

	SAY("private anonymous\n");
	p = mmap(NULL, 8 * PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	CHECK(((uintptr_t)p & (PAGE - 1)) == 0);
	CHECK(all_zero(p, 8 * PAGE));
	memset(p, 0x11, 8 * PAGE);
	CHECK(all_byte(p, 8 * PAGE, 0x11));
	CHECK(munmap(p, 8 * PAGE) == 0);

	/* A length that is not a page multiple covers the whole last page. */
	p = mmap(NULL, PAGE + 1, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	p[2 * PAGE - 1] = 1;
	CHECK(all_zero(p, 2 * PAGE - 1));
	CHECK(munmap(p, PAGE + 1) == 0);

	/* Large and sparse: only touched pages matter. */
	p = mmap(NULL, 1024 * PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	p[0] = 1;
	p[512 * PAGE] = 2;
	p[1024 * PAGE - 1] = 3;
	CHECK(p[0] == 1 && p[512 * PAGE] == 2 && p[1024 * PAGE - 1] == 3);
	CHECK(p[PAGE] == 0 && p[513 * PAGE] == 0);
	CHECK(munmap(p, 1024 * PAGE) == 0);
}

static void test_shared(void)
{
	volatile int *counter;
	unsigned char *p;
	int go[2], status = -1, i;
	pid_t pid;
	char c;

	SAY("shared anonymous across fork\n");
	p = mmap(NULL, 4 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	CHECK(all_zero(p, 4 * PAGE));
	counter = (volatile int *)(p + 3 * PAGE);
	CHECK(pipe(go) == 0);
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		memset(p, 0x22, 2 * PAGE);
		for (i = 0; i < 1000; i++)
			__atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST);
		/* Sees what the parent wrote after the fork. */
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		_exit(p[2 * PAGE] == 0x33 ? 0 : 1);
	}
	close(go[0]);
	for (i = 0; i < 1000; i++)
		__atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST);
	p[2 * PAGE] = 0x33;
	CHECK(write(go[1], "x", 1) == 1);
	close(go[1]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(all_byte(p, 2 * PAGE, 0x22));
	CHECK(*counter == 2000);
	CHECK(munmap(p, 4 * PAGE) == 0);

	/* A private mapping is copied instead. */
	p = mmap(NULL, PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	p[0] = 1;
	pid = fork();
	if (pid == 0) {
		p[0] = 2;
		_exit(p[0] == 2 ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(p[0] == 1);
	CHECK(munmap(p, PAGE) == 0);
}

static void test_fixed(void)
{
	unsigned char *p, *q, *hole;

	SAY("MAP_FIXED and MAP_FIXED_NOREPLACE\n");
	p = mmap(NULL, 4 * PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 0x44, 4 * PAGE);
	/* Replaces page 1 only, with fresh zeroes. */
	q = mmap(p + PAGE, PAGE, RW, ANON | MAP_FIXED, -1, 0);
	CHECK(q == p + PAGE);
	CHECK(all_zero(p + PAGE, PAGE));
	CHECK(all_byte(p, PAGE, 0x44));
	CHECK(all_byte(p + 2 * PAGE, 2 * PAGE, 0x44));
	CHECK(munmap(p, 4 * PAGE) == 0);
	/*
	 * MAP_FIXED_NOREPLACE maps exactly there when the range is free.
	 * Its EEXIST on overlap is checked in user/ktests/native.c:
	 * qemu-riscv64 7.2 treats the flag as a mere hint.
	 */
	hole = free_range(2);
	q = mmap(hole, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(q == hole);
	CHECK(all_zero(q, 2 * PAGE));
	CHECK(munmap(q, 2 * PAGE) == 0);
	/* MAP_FIXED must be page aligned. */
	CHECK(mmap(hole + 1, PAGE, RW, ANON | MAP_FIXED, -1, 0) == MAP_FAILED &&
	      errno == EINVAL);
}

static void test_hint(void)
{
	unsigned char *hole, *p, *q;

	SAY("hints\n");
	hole = free_range(4);
	p = mmap(hole, 4 * PAGE, RW, ANON, -1, 0);
	CHECK(p == hole);
	memset(p, 0x55, 4 * PAGE);
	/* A hint over a mapping is not taken and does not clobber it. */
	q = mmap(p, PAGE, RW, ANON, -1, 0);
	CHECK(q != MAP_FAILED);
	CHECK(q != p);
	CHECK(all_zero(q, PAGE));
	CHECK(all_byte(p, 4 * PAGE, 0x55));
	CHECK(munmap(q, PAGE) == 0);
	CHECK(munmap(p, 4 * PAGE) == 0);
	/* An unaligned hint is only a hint. */
	p = mmap(hole + 123, PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	CHECK(((uintptr_t)p & (PAGE - 1)) == 0);
	CHECK(munmap(p, PAGE) == 0);
}

static void test_policy_flags(void)
{
	static const struct {
		const char *name;
		int flags;
	} f[] = {
		{ "MAP_STACK", MAP_STACK },
		{ "MAP_NORESERVE", MAP_NORESERVE },
		{ "MAP_POPULATE", MAP_POPULATE },
		{ "MAP_POPULATE|MAP_SHARED", MAP_POPULATE | MAP_SHARED },
	};
	unsigned i;

	SAY("policy flags\n");
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		int type = f[i].flags & MAP_SHARED ? MAP_SHARED : MAP_PRIVATE;
		unsigned char *p = mmap(NULL, 16 * PAGE, RW,
					(f[i].flags & ~MAP_SHARED) | type | MAP_ANONYMOUS, -1, 0);
		int ok = p != MAP_FAILED;

		if (ok) {
			ok = all_zero(p, 16 * PAGE);
			memset(p, 0x66, 16 * PAGE);
			ok = ok && all_byte(p, 16 * PAGE, 0x66);
			ok = ok && munmap(p, 16 * PAGE) == 0;
		}
		SAY("%s: %s\n", f[i].name, ok ? "usable and zeroed" : "FAILED");
		CHECK(ok);
	}
}

static void test_munmap(void)
{
	unsigned char *p;

	SAY("munmap\n");
	p = mmap(NULL, 3 * PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 0x77, 3 * PAGE);
	CHECK(munmap(p + PAGE, PAGE) == 0);
	CHECK(all_byte(p, PAGE, 0x77));
	CHECK(all_byte(p + 2 * PAGE, PAGE, 0x77));
	CHECK(utest_access_signal(p + PAGE, 0) == SIGSEGV);
	CHECK(utest_access_signal(p + PAGE + 100, 1) == SIGSEGV);
	CHECK(utest_access_signal(p + 2 * PAGE, 1) == 0);
	/* Unmapping what is not mapped is fine; ranges may span holes. */
	CHECK(munmap(p + PAGE, PAGE) == 0);
	CHECK(munmap(p, 3 * PAGE) == 0);
	CHECK(utest_access_signal(p, 0) == SIGSEGV);
	CHECK(utest_access_signal(p + 2 * PAGE, 0) == SIGSEGV);
	CHECK_ERR(munmap(p + 1, PAGE), EINVAL);
	CHECK_ERR(munmap(p, 0), EINVAL);
}

static void test_mprotect(void)
{
	unsigned char *p;

	SAY("mprotect\n");
	p = mmap(NULL, 3 * PAGE, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 0x12, 3 * PAGE);
	CHECK(mprotect(p + PAGE, PAGE, PROT_READ) == 0);
	CHECK(utest_access_signal(p + PAGE, 0) == 0);
	CHECK(utest_access_signal(p + PAGE, 1) == SIGSEGV);
	CHECK(utest_access_signal(p, 1) == 0);
	CHECK(utest_access_signal(p + 2 * PAGE, 1) == 0);
	CHECK(mprotect(p, 3 * PAGE, PROT_NONE) == 0);
	CHECK(utest_access_signal(p, 0) == SIGSEGV);
	CHECK(utest_access_signal(p + 2 * PAGE, 0) == SIGSEGV);
	/* Contents survive a trip through PROT_NONE. */
	CHECK(mprotect(p, 3 * PAGE, RW) == 0);
	CHECK(all_byte(p, 3 * PAGE, 0x12));
	p[PAGE] = 0x13;
	CHECK(p[PAGE] == 0x13);
	/* Raw: musl rounds the address down to a page. */
	CHECK_ERR(syscall(SYS_mprotect, p + 1, PAGE, PROT_READ), EINVAL);
	CHECK_ERR(mprotect(p, PAGE, 0x100), EINVAL);
	CHECK(munmap(p + PAGE, PAGE) == 0);
	/* The range has a hole. */
	CHECK_ERR(mprotect(p, 3 * PAGE, PROT_READ), ENOMEM);
	CHECK_ERR(mprotect(p + PAGE, PAGE, PROT_READ), ENOMEM);
	CHECK(munmap(p, 3 * PAGE) == 0);
}

static void test_madvise(void)
{
	unsigned char *p, *s;

	SAY("madvise\n");
	p = mmap(NULL, 4 * PAGE, RW, ANON, -1, 0);
	s = mmap(NULL, 4 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED && s != MAP_FAILED);
	memset(p, 0x88, 4 * PAGE);
	memset(s, 0x99, 4 * PAGE);
	CHECK(madvise(p + PAGE, 2 * PAGE, MADV_DONTNEED) == 0);
	/* Private anonymous pages come back zeroed ... */
	CHECK(all_byte(p, PAGE, 0x88));
	CHECK(all_zero(p + PAGE, 2 * PAGE));
	CHECK(all_byte(p + 3 * PAGE, PAGE, 0x88));
	/* ... shared ones keep their contents. */
	CHECK(madvise(s, 4 * PAGE, MADV_DONTNEED) == 0);
	CHECK(all_byte(s, 4 * PAGE, 0x99));
	CHECK(madvise(p, 4 * PAGE, MADV_WILLNEED) == 0);
	CHECK(madvise(p, 4 * PAGE, MADV_NORMAL) == 0);
	CHECK_ERR(madvise(p + 1, PAGE, MADV_DONTNEED), EINVAL);
	/* EINVAL for unknown advice: in user/ktests/native.c (qemu accepts it). */
	CHECK(munmap(p, 4 * PAGE) == 0);
	CHECK(munmap(s, 4 * PAGE) == 0);
}

static void test_errors(void)
{
	void *p;

	SAY("error cases\n");
	CHECK(mmap(NULL, 0, RW, ANON, -1, 0) == MAP_FAILED && errno == EINVAL);
	/* Neither MAP_SHARED nor MAP_PRIVATE. */
	CHECK(mmap(NULL, PAGE, RW, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
	/* Both: the value of MAP_SHARED_VALIDATE, invalid for anonymous memory. */
	CHECK(mmap(NULL, PAGE, RW, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	      MAP_FAILED && errno == EINVAL);
	/* An offset that is not page aligned. */
	p = (void *)syscall(SYS_mmap, NULL, PAGE, RW, ANON, -1, 1);
	CHECK(p == MAP_FAILED && errno == EINVAL);
	/* A file mapping without a file. */
	CHECK(mmap(NULL, PAGE, RW, MAP_PRIVATE, -1, 0) == MAP_FAILED && errno == EBADF);
	CHECK(mmap(NULL, PAGE, RW, MAP_SHARED, 12345, 0) == MAP_FAILED && errno == EBADF);
	/* More than any address space. */
	CHECK(mmap(NULL, 1UL << 62, RW, ANON | MAP_NORESERVE, -1, 0) == MAP_FAILED &&
	      errno == ENOMEM);
	CHECK(mmap(NULL, (size_t)-PAGE, RW, ANON, -1, 0) == MAP_FAILED && errno == ENOMEM);
}

int main(void)
{
	utest_start("mmap");
	test_private();
	test_shared();
	test_fixed();
	test_hint();
	test_policy_flags();
	test_munmap();
	test_mprotect();
	test_madvise();
	test_errors();
	return utest_done();
}
