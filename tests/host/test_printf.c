/*
 * Host tests for lib/vsnprintf.c, checked against glibc's vsnprintf.
 *
 * CHECK(fmt, args...) formats with both, compares text and return value,
 * then formats again into every buffer size from 0 to the full length + 1
 * and checks the truncated text, the NUL, the return value and that the
 * bytes after the buffer were not touched. CHECK carries the printf format
 * attribute, so gcc checks the argument types of every case; formats that
 * gcc warns about (flags C leaves undefined) go through a variable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static int libc_vsnprintf(char *buf, size_t size, const char *fmt,
			  va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

#include <lib/printf.h>
#include <lib/string.h>

#define BUF_SIZE	2048
#define FILL		0x7e	/* marks bytes no one wrote */

static void check_sizes(const char *where, const char *fmt, const char *want,
			int want_len, va_list ap)
{
	static char got[BUF_SIZE + 16];
	size_t size, max = (size_t)want_len + 1, n;

	for (size = 0; size <= max && size <= BUF_SIZE; size++) {
		va_list cp;
		int len;

		memset(got, FILL, sizeof(got));
		va_copy(cp, ap);
		len = k_vsnprintf(size ? got : NULL, size, fmt, cp);
		va_end(cp);
		n = size ? MIN(size - 1, (size_t)want_len) : 0;
		if (len != want_len || (size && got[n] != '\0') ||
		    memcmp(got, want, n) || got[size] != FILL)
			fail_msg("%s: \"%s\" in %zu bytes: "
				 "want %d got %d [%.*s]", where, fmt, size,
				 want_len, len, (int)n, got);
	}
}

static void __printf(3, 4) check_fmt(const char *file, int line,
				     const char *fmt, ...)
{
	static char want[BUF_SIZE], got[BUF_SIZE];
	char where[256];
	va_list ap, cp;
	int want_len, len;
	size_t n;

	snprintf(where, sizeof(where), "%s:%d", file, line);
	va_start(ap, fmt);
	va_copy(cp, ap);
	want_len = libc_vsnprintf(want, sizeof(want), fmt, cp);
	va_end(cp);
	va_copy(cp, ap);
	len = k_vsnprintf(got, sizeof(got), fmt, cp);
	va_end(cp);
	n = MIN((size_t)want_len, sizeof(want) - 1) + 1;
	if (len != want_len || memcmp(got, want, n))
		fail_msg("%s: \"%s\": want %d [%s] got %d [%s]",
			 where, fmt, want_len, want, len, got);
	check_sizes(where, fmt, want, want_len, ap);
	va_end(ap);
}

#define CHECK(...)	check_fmt(__FILE__, __LINE__, __VA_ARGS__)

static void test_ints(void **state)
{
	(void)state;
	CHECK("%d %d %d %d %d", 0, 1, -1, INT_MAX, INT_MIN);
	CHECK("%i %i", 42, -42);
	CHECK("%u %u %u", 0u, 1u, UINT_MAX);
	CHECK("%x %X %o", 0xdeadbeefu, 0xdeadbeefu, 0777u);
	CHECK("%x %X %o", 0u, 0u, 0u);
	CHECK("[%5d] [%-5d] [%05d] [%+d] [% d] [%+05d] [%-+5d] [% 5d]",
	      42, 42, 42, 42, 42, 42, 42, 42);
	CHECK("[%5d] [%-5d] [%05d] [%+d] [% d] [%+05d] [%-+5d] [% 5d]",
	      -42, -42, -42, -42, -42, -42, -42, -42);
	CHECK("[%1d] [%2d] [%05d] [%-1d]", 12345, -12345, -12345, 12345);
	CHECK("[%.0d] [%.0x] [%.0o] [%5.0d] [%.0u] [%+.0d] [% .0d]",
	      0, 0u, 0u, 0, 0u, 0, 0);
	CHECK("[%.0d] [%.1d] [%.3d] [%.10d] [%.3d]", 7, 0, 7, -42, -12345);
	CHECK("[%-8.3d] [%8.3x] [%+.3d]", -42, 10u, 7);
	CHECK("[%#o] [%#o] [%#o] [%#.0o] [%#.3o] [%#5o] [%#05o] [%#o]",
	      0u, 8u, 01u, 0u, 8u, 8u, 8u, 0777u);
	CHECK("[%#x] [%#x] [%#X] [%#10x] [%#-10x] [%#010x] [%#.5x] [%#.0x]",
	      0u, 255u, 255u, 255u, 255u, 255u, 255u, 0u);
	CHECK("[%#08X] [%#3x] [%#x]", 0xabcu, 0xabcdefu, UINT_MAX);
	CHECK("[%300d]", 1);
	CHECK("[%-300x]", 1u);
}

static void test_lengths(void **state)
{
	(void)state;
	CHECK("%hhd %hhd %hhd %hhu %hhx %hhd", 127, 200, -129, 0x1ff, 0x1ff,
	      (signed char)-128);
	CHECK("%hd %hd %hu %hx %ho", (short)-5, 70000, 70000, 0x1ffff,
	      0x1ffff);
	CHECK("%ld %ld %lu %lx %lo", LONG_MIN, LONG_MAX, ULONG_MAX, ULONG_MAX,
	      ULONG_MAX);
	CHECK("%lld %lld %llu %llX", (long long)INT64_MIN, (long long)INT64_MAX,
	      (unsigned long long)UINT64_MAX, (unsigned long long)UINT64_MAX);
	CHECK("%zu %zx %zd %zd", SIZE_MAX, (size_t)4096, (ptrdiff_t)-3,
	      (ptrdiff_t)PTRDIFF_MAX);
	CHECK("%td %tu %tx", (ptrdiff_t)-9, (size_t)9, (size_t)SIZE_MAX);
	CHECK("%jd %jd %ju %jx", INTMAX_MIN, INTMAX_MAX, UINTMAX_MAX,
	      (uintmax_t)0x123456789abcdefULL);
	CHECK("[%+25lld] [%-25lld] [%025lld] [%.25llu] [%#.22llo]",
	      (long long)INT64_MIN, (long long)INT64_MIN, (long long)INT64_MIN,
	      (unsigned long long)UINT64_MAX, (unsigned long long)UINT64_MAX);
	CHECK("%#llo %#llx", (unsigned long long)UINT64_MAX,
	      (unsigned long long)UINT64_MAX);
	/* the modifiers must consume the right amount of the argument list */
	CHECK("%hhd|%lld|%hd|%jd|%d", 1, 2LL, 3, (intmax_t)4, 5);
}

static void test_chars_strings(void **state)
{
	static const char unterminated[3] = { 'a', 'b', 'c' };
	const char *volatile null_str = NULL;

	(void)state;
	CHECK("[%c] [%3c] [%-3c] [%c%c]", 'a', 'b', 'c', 'd', 'e');
	CHECK("[%c] [%c]", 0, 255);	/* embedded NUL */
	CHECK("[%s] [%10s] [%-10s] [%.3s] [%10.3s] [%-10.3s] [%.0s] [%s]",
	      "hello", "hello", "hello", "hello", "hello", "hello", "hello",
	      "");
	CHECK("[%.10s] [%2s] [%.3s]", "hi", "hello", unterminated);
	CHECK("[%s] [%10s] [%-10s] [%.3s] [%.6s] [%.7s]", null_str, null_str,
	      null_str, null_str, null_str, null_str);
	CHECK("%s%s%s", "a", "", "bc");
}

static void test_pointers(void **state)
{
	(void)state;
	CHECK("[%p] [%p] [%p]", (void *)0x1234, (void *)UINTPTR_MAX,
	      (void *)&state);
	CHECK("[%20p] [%-20p] [%3p]", (void *)0xabc, (void *)0xabc,
	      (void *)0xabcdef);
	CHECK("[%p] [%10p] [%-10p]", NULL, NULL, NULL);
}

static void test_star_and_misc(void **state)
{
	(void)state;
	CHECK("[%*d] [%-*d] [%*d] [%*d]", 5, 42, 5, 42, -5, 42, 0, 42);
	CHECK("[%.*d] [%.*d] [%.*d] [%*.*d]", 3, 7, -1, 7, 0, 0, 8, 4, -3);
	CHECK("[%*.*s] [%.*s] [%-*s]", 8, 2, "hello", -1, "hello", 7, "ab");
	CHECK("[%0*d] [%0*x]", 6, -3, -6, 0x3u);
	CHECK("100%%, %d%% %%%c", 50, 'x');
	CHECK("no conversions at all");
	CHECK("a%db%sc%xd%ce%uf%%g%ph", -1, "str", 0xffu, 'q', 7u,
	      (void *)0x10);
	CHECK("%s", "a long string that is longer than most of the buffer "
	      "sizes tried, so that truncation happens in the middle of it");
	CHECK("%d%s%d%s%d", 1, "22", 333, "4444", 55555);
	CHECK("[%1000d]", 5);
	CHECK("[%5000d]", 5);	/* longer than the test buffers */
}

/* Cases gcc's format checker rejects because C leaves them undefined. */
static void test_unchecked_formats(void **state)
{
	const char *fmt;

	(void)state;
	fmt = "";
	CHECK(fmt, 0);
	fmt = "[%-05d] [% +d] [%+ d] [%05c] [%05s] [%#d] [%#u]";
	CHECK(fmt, 42, 42, 42, 'x', "ab", 42, 42u);
	fmt = "[%020p] [%-020p]";
	CHECK(fmt, (void *)0x1234, (void *)0x1234);
	fmt = "[%.5p] [%05p]";
	CHECK(fmt, (void *)0x1234, NULL);
	fmt = "[%08.3d] [%08.3x] [%0*.*d] [%08.0d]";
	CHECK(fmt, -42, 255u, 8, 3, 42, 0);
}

static void expect(const char *want, int want_len, const char *got, int len)
{
	assert_int_equal(len, want_len);
	assert_string_equal(got, want);
}

/*
 * What glibc does differently on purpose: no floating point, no %n, a lone
 * '%' at the end is not an error (glibc returns -1). "%5%" and unknown
 * conversions are here only because the address sanitizer's printf
 * interceptor complains about them.
 */
static void test_unsupported(void **state)
{
	char buf[64];
	const char *fmt;
	int n = 1234, len;

	(void)state;
	len = snprintf(buf, sizeof(buf), "%f|%d", 1.5, 7);
	expect("%f|7", 4, buf, len);
	len = snprintf(buf, sizeof(buf), "[%-8.2e] %s %Lg %d", 1e10, "s",
		       (long double)2.5, 9);
	expect("[%-8.2e] s %Lg 9", 16, buf, len);
	len = snprintf(buf, sizeof(buf), "ab%ncd %d", &n, 5);
	expect("abcd 5", 6, buf, len);
	assert_int_equal(n, 1234);
	fmt = "trailing %";
	len = snprintf(buf, sizeof(buf), fmt, 0);
	expect("trailing ", 9, buf, len);
	fmt = "[%5%] [%-5%] [%y] [%-5y]";
	len = snprintf(buf, sizeof(buf), fmt, 0);
	expect("[%] [%] [%y] [%-5y]", 19, buf, len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ints),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_chars_strings),
		cmocka_unit_test(test_pointers),
		cmocka_unit_test(test_star_and_misc),
		cmocka_unit_test(test_unchecked_formats),
		cmocka_unit_test(test_unsupported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
