/*
 * Host tests for lib/string.c, checked against glibc.
 *
 * The memory functions run over every source/destination offset 0..15 from
 * a 16-byte boundary and every length 0..300, inside arrays with guard
 * bytes on both sides; the whole array, guards included, must equal what
 * glibc's function produces on an identical copy. libc's functions are
 * wrapped below before <lib/string.h> renames the names to k_*.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static void *libc_memcpy(void *d, const void *s, size_t n)
{
	return memcpy(d, s, n);
}

static void *libc_memmove(void *d, const void *s, size_t n)
{
	return memmove(d, s, n);
}

static void *libc_memset(void *d, int c, size_t n)
{
	return memset(d, c, n);
}

static int libc_memcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n);
}

static int libc_strcmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

static int libc_strncmp(const char *a, const char *b, size_t n)
{
	return strncmp(a, b, n);
}

#include <lib/errno.h>
#include <lib/string.h>

#define MAX_OFF		16
#define MAX_LEN		300
#define GUARD		32
#define MAX_DELTA	255	/* largest memmove distance tried */
#define AREA		(2 * GUARD + 2 * MAX_DELTA + MAX_OFF + MAX_LEN)

static unsigned char pattern[2][AREA];
static unsigned char src_area[AREA] __attribute__((aligned(64)));
static unsigned char dst_area[AREA] __attribute__((aligned(64)));
static unsigned char want_area[AREA] __attribute__((aligned(64)));

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* A pattern with no zero bytes and no period that divides 8. */
static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)((i * 131 + seed * 29) % 251 + 1);
}

/* dst_area and want_area both get the destination pattern. */
static void reset_dst(void)
{
	libc_memcpy(dst_area, pattern[1], AREA);
	libc_memcpy(want_area, pattern[1], AREA);
}

static int setup_patterns(void **state)
{
	(void)state;
	fill(pattern[0], AREA, 1);
	fill(pattern[1], AREA, 2);
	return 0;
}

static void check_area(const char *what, size_t doff, size_t soff, size_t len)
{
	if (libc_memcmp(dst_area, want_area, AREA))
		fail_msg("%s: dst offset %zu src offset %zu len %zu differs",
			 what, doff, soff, len);
}

static void test_memcpy(void **state)
{
	size_t soff, doff, len;

	(void)state;
	libc_memcpy(src_area, pattern[0], AREA);
	for (soff = 0; soff < MAX_OFF; soff++)
		for (doff = 0; doff < MAX_OFF; doff++)
			for (len = 0; len <= MAX_LEN; len++) {
				unsigned char *d = dst_area + GUARD + doff;
				unsigned char *s = src_area + GUARD + soff;

				reset_dst();
				libc_memcpy(want_area + GUARD + doff, s, len);
				assert_ptr_equal(memcpy(d, s, len), d);
				check_area("memcpy", doff, soff, len);
			}
}

static const int move_deltas[] = {
	-255, -100, -64, -33, -32, -31, 31, 32, 33, 64, 100, 255,
};

static void check_memmove(size_t soff, long delta, size_t len)
{
	size_t base = GUARD + MAX_DELTA + soff;
	unsigned char *s;

	reset_dst();
	libc_memmove(want_area + base + delta, want_area + base, len);
	s = dst_area + base;
	assert_ptr_equal(memmove(s + delta, s, len), s + delta);
	check_area("memmove", base + delta, base, len);
}

static void test_memmove(void **state)
{
	size_t soff, len, i;
	long delta;

	(void)state;
	for (soff = 0; soff < MAX_OFF; soff++)
		for (len = 0; len <= MAX_LEN; len++) {
			for (delta = -MAX_OFF; delta <= MAX_OFF; delta++)
				check_memmove(soff, delta, len);
			for (i = 0; i < sizeof(move_deltas) / sizeof(int); i++)
				check_memmove(soff, move_deltas[i], len);
		}
}

static void test_memmove_disjoint(void **state)
{
	size_t soff, doff, len;

	(void)state;
	libc_memcpy(src_area, pattern[0], AREA);
	for (soff = 0; soff < MAX_OFF; soff++)
		for (doff = 0; doff < MAX_OFF; doff++)
			for (len = 0; len <= MAX_LEN; len++) {
				unsigned char *d = dst_area + GUARD + doff;
				unsigned char *s = src_area + GUARD + soff;

				reset_dst();
				libc_memmove(want_area + GUARD + doff, s, len);
				assert_ptr_equal(memmove(d, s, len), d);
				check_area("memmove disjoint", doff, soff, len);
			}
}

static void test_memset(void **state)
{
	static const int values[] = { 0, 0xff, 0x5a, 0x1ab, -1 };
	size_t off, len, i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		for (off = 0; off < MAX_OFF; off++)
			for (len = 0; len <= MAX_LEN; len++) {
				unsigned char *d = dst_area + GUARD + off;

				reset_dst();
				libc_memset(want_area + GUARD + off,
					    values[i], len);
				assert_ptr_equal(memset(d, values[i], len), d);
				check_area("memset", off, 0, len);
			}
}

static void check_memcmp(const unsigned char *a, const unsigned char *b,
			 size_t len, size_t aoff, size_t boff)
{
	int want = sign(libc_memcmp(a, b, len));
	int got = sign(memcmp(a, b, len));

	if (want != got)
		fail_msg("memcmp: offsets %zu/%zu len %zu: want %d got %d",
			 aoff, boff, len, want, got);
}

static void test_memcmp(void **state)
{
	size_t aoff, boff, len, i;

	(void)state;
	for (aoff = 0; aoff < MAX_OFF; aoff++)
		for (boff = 0; boff < MAX_OFF; boff++)
			for (len = 0; len <= MAX_LEN; len++) {
				unsigned char *a = src_area + GUARD + aoff;
				unsigned char *b = dst_area + GUARD + boff;
				size_t pos[3] = { 0, len / 2, len - 1 };

				fill(a, len, 7);
				fill(b, len, 7);
				check_memcmp(a, b, len, aoff, boff);
				for (i = 0; len && i < 3; i++) {
					/* 0x80 > 0x01: bytes are unsigned */
					b[pos[i]] = 0x80;
					a[pos[i]] = 0x01;
					check_memcmp(a, b, len, aoff, boff);
					check_memcmp(b, a, len, boff, aoff);
					a[pos[i]] = b[pos[i]];
				}
			}
}

static void test_memchr(void **state)
{
	static const char s[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	static const char hi[] = "x\xff";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(s); i++) {
		assert_ptr_equal(memchr(s, s[i], sizeof(s)), s + i);
		assert_null(memchr(s, s[i], i));
	}
	assert_null(memchr(s, 'a', 0));
	assert_null(memchr(s, '!', sizeof(s)));
	assert_ptr_equal(memchr(hi, 0xff, 2), hi + 1);
	assert_ptr_equal(memchr(hi, -1, 2), hi + 1);	/* c is a byte */
}

static void test_strlen(void **state)
{
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(buf); i++) {
		libc_memset(buf, 'x', sizeof(buf));
		buf[i] = '\0';
		assert_int_equal(strlen(buf), i);
		assert_int_equal(strlen(buf + i), 0);
		assert_int_equal(strnlen(buf, sizeof(buf)), i);
		assert_int_equal(strnlen(buf, i / 2), i / 2);
		assert_int_equal(strnlen(buf, 0), 0);
	}
}

static void test_strcmp(void **state)
{
	static const char *const s[] = {
		"", "a", "b", "ab", "abc", "abd", "abcd", "\x80", "\x7f",
		"a\xff", "hello", "hellO", "hello world",
	};
	size_t i, j, n;

	(void)state;
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		for (j = 0; j < sizeof(s) / sizeof(s[0]); j++) {
			assert_int_equal(sign(strcmp(s[i], s[j])),
					 sign(libc_strcmp(s[i], s[j])));
			for (n = 0; n < 14; n++)
				assert_int_equal(sign(strncmp(s[i], s[j], n)),
					 sign(libc_strncmp(s[i], s[j], n)));
		}
}

static void test_strchr(void **state)
{
	static const char s[] = "hello, world";
	static const char hi[] = "t\xe9t\xe9";

	(void)state;
	assert_ptr_equal(strchr(s, 'h'), s);
	assert_ptr_equal(strchr(s, 'o'), s + 4);
	assert_ptr_equal(strchr(s, 'd'), s + 11);
	assert_ptr_equal(strchr(s, '\0'), s + 12);
	assert_null(strchr(s, 'z'));
	assert_ptr_equal(strchr(s, 'o' + 256), s + 4);	/* c is a char */
	assert_ptr_equal(strrchr(s, 'o'), s + 8);
	assert_ptr_equal(strrchr(s, 'h'), s);
	assert_ptr_equal(strrchr(s, '\0'), s + 12);
	assert_null(strrchr(s, 'z'));
	assert_null(strrchr("", 'a'));
	assert_ptr_equal(strchr(hi, 0xe9), hi + 1);
	assert_ptr_equal(strrchr(hi, 0xe9), hi + 3);
}

static void test_strstr(void **state)
{
	static const char s[] = "abababcabc";
	static const char empty[] = "";

	(void)state;
	assert_ptr_equal(strstr(s, ""), s);
	assert_ptr_equal(strstr(empty, ""), empty);
	assert_null(strstr("", "a"));
	assert_ptr_equal(strstr(s, "a"), s);
	assert_ptr_equal(strstr(s, "abc"), s + 4);
	assert_ptr_equal(strstr(s, "cabc"), s + 6);
	assert_ptr_equal(strstr(s, "abcabc"), s + 4);
	assert_null(strstr(s, "abcabcd"));
	assert_null(strstr(s, "abababcabcx"));
	assert_null(strstr("ab", "abc"));
}

static void test_strlcpy(void **state)
{
	char buf[16];
	size_t size;

	(void)state;
	for (size = 0; size < 12; size++) {
		libc_memset(buf, '#', sizeof(buf));
		assert_int_equal(strlcpy(buf, "hello", size), 5);
		if (size == 0) {
			assert_int_equal(buf[0], '#');
			continue;
		}
		assert_int_equal(strlen(buf), size - 1 < 5 ? size - 1 : 5);
		assert_int_equal(libc_memcmp(buf, "hello", strlen(buf)), 0);
		/* not zero-filled like strncpy */
		assert_int_equal(buf[strlen(buf) + 1], '#');
	}
	assert_int_equal(strlcpy(buf, "", sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

struct strtoul_case {
	const char *s;
	unsigned int base;
	int ret;
	unsigned long val;
};

static const struct strtoul_case strtoul_cases[] = {
	{ "0", 0, 0, 0 },
	{ "0", 10, 0, 0 },
	{ "10", 0, 0, 10 },
	{ "10", 10, 0, 10 },
	{ "0x10", 0, 0, 16 },
	{ "0X1f", 0, 0, 31 },
	{ "0x10", 16, 0, 16 },
	{ "10", 16, 0, 16 },
	{ "fF", 16, 0, 255 },
	{ "010", 0, 0, 8 },
	{ "010", 10, 0, 10 },
	{ "08", 0, -EINVAL, 0 },
	{ "0x", 0, -EINVAL, 0 },
	{ "0x", 16, -EINVAL, 0 },
	{ "0xg", 16, -EINVAL, 0 },
	{ "0x10", 10, -EINVAL, 0 },
	{ "", 0, -EINVAL, 0 },
	{ "", 10, -EINVAL, 0 },
	{ "+5", 10, 0, 5 },
	{ "+", 10, -EINVAL, 0 },
	{ "-5", 10, -EINVAL, 0 },
	{ " 5", 10, -EINVAL, 0 },
	{ "5 ", 10, -EINVAL, 0 },
	{ "5\n", 10, 0, 5 },
	{ "5\n\n", 10, -EINVAL, 0 },
	{ "\n", 10, -EINVAL, 0 },
	{ "12a", 10, -EINVAL, 0 },
	{ "101", 2, 0, 5 },
	{ "102", 2, -EINVAL, 0 },
	{ "zZ", 36, 0, 35 * 36 + 35 },
	{ "1", 1, -EINVAL, 0 },
	{ "1", 37, -EINVAL, 0 },
	{ "18446744073709551615", 10, 0, ULONG_MAX },
	{ "18446744073709551616", 10, -ERANGE, 0 },
	{ "18446744073709551620", 10, -ERANGE, 0 },
	{ "99999999999999999999999", 10, -ERANGE, 0 },
	{ "0xffffffffffffffff", 0, 0, ULONG_MAX },
	{ "0x10000000000000000", 0, -ERANGE, 0 },
	{ "00000000000000000000000000000042", 10, 0, 42 },
	{ "01777777777777777777777", 0, 0, ULONG_MAX },
	{ "02000000000000000000000", 0, -ERANGE, 0 },
};

static void test_kstrtoul(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(strtoul_cases) / sizeof(strtoul_cases[0]); i++) {
		const struct strtoul_case *c = &strtoul_cases[i];
		unsigned long val = 12345;
		int ret = kstrtoul(c->s, c->base, &val);

		if (ret != c->ret || val != (ret ? 12345 : c->val))
			fail_msg("kstrtoul(\"%s\", %u): want %d/%lu got %d/%lu",
				 c->s, c->base, c->ret, c->val, ret, val);
	}
}

static void test_simple_strtoul(void **state)
{
	static const char *const s[] = {
		"0", "123", "123abc", "0x1f", "0X1Fg", "0xg", "0x", "077",
		"0778", "09", "", "abc", "ffz", "18446744073709551615",
	};	/* none overflows in base 10; bases 16, 36 are below */
	static const unsigned int bases[] = { 0, 8, 10 };
	char *end;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		for (j = 0; j < sizeof(bases) / sizeof(bases[0]); j++) {
			char *want_end, *got_end;
			unsigned long want = strtoul(s[i], &want_end, bases[j]);
			unsigned long got = simple_strtoul(s[i], &got_end,
							   bases[j]);

			if (want != got || want_end != got_end)
				fail_msg("simple_strtoul(\"%s\", %u): "
					 "want %lu+%td got %lu+%td", s[i],
					 bases[j], want, want_end - s[i], got,
					 got_end - s[i]);
		}
	for (i = 0; i < sizeof(s) / sizeof(s[0]) - 1; i++) {
		char *want_end, *got_end;
		unsigned long want = strtoul(s[i], &want_end, 16);

		assert_int_equal(simple_strtoul(s[i], &got_end, 16), want);
		assert_ptr_equal(got_end, want_end);
		want = strtoul(s[i], &want_end, 36);
		assert_int_equal(simple_strtoul(s[i], &got_end, 36), want);
		assert_ptr_equal(got_end, want_end);
	}
	/* Overflow is not reported (glibc saturates), but parsing goes on. */
	simple_strtoul("1234567890abcdef1!", &end, 16);
	assert_int_equal(*end, '!');
	assert_int_equal(simple_strtoul("42", NULL, 10), 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memmove),
		cmocka_unit_test(test_memmove_disjoint),
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_memchr),
		cmocka_unit_test(test_strlen),
		cmocka_unit_test(test_strcmp),
		cmocka_unit_test(test_strchr),
		cmocka_unit_test(test_strstr),
		cmocka_unit_test(test_strlcpy),
		cmocka_unit_test(test_kstrtoul),
		cmocka_unit_test(test_simple_strtoul),
	};

	return cmocka_run_group_tests(tests, setup_patterns, NULL);
}
