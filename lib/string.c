/*
 * Freestanding string and memory routines.
 *
 * memcpy, memmove, memset and memcmp move a 64-bit word at a time when the
 * two pointers share the same offset within a word: a few single bytes
 * bring them to a word boundary, then whole words (four per loop turn), then
 * the leftover bytes. When the offsets differ they go byte by byte, because
 * rv64imac may trap on misaligned loads and stores.
 *
 * Word accesses go through word_t, which may alias anything, so the code is
 * correct without -fno-strict-aliasing. The str* functions work byte by
 * byte: reading whole words past a terminator is not worth its complexity
 * here (and would trip the address sanitizer in host tests).
 *
 * gcc -O2 recognises copy and fill loops and replaces them with calls to
 * memcpy/memset, even with -ffreestanding: inside those very functions that
 * would be infinite recursion. __no_libcall turns that pass off for every
 * function in this file that loops.
 */
#include <lib/compiler.h>
#include <lib/errno.h>
#include <lib/string.h>

#define __no_libcall \
	__attribute__((optimize("no-tree-loop-distribute-patterns")))

/* Both copy loops are inlined so memcpy itself is a leaf function. */
#define __copy_inline	static inline __attribute__((always_inline))

typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD_SIZE	sizeof(word_t)
#define WORD_MASK	(WORD_SIZE - 1)
#define BLOCK_SIZE	(4 * WORD_SIZE)
/* b * BYTE_SPREAD is a word with b in each byte. */
#define BYTE_SPREAD	0x0101010101010101ULL

/* Can a and b reach a word boundary together? */
static inline bool co_aligned(const void *a, const void *b)
{
	return (((uintptr_t)a ^ (uintptr_t)b) & WORD_MASK) == 0;
}

/* Ascending copy: also right for overlapping buffers when d < s. */
__no_libcall __copy_inline void copy_forward(unsigned char *d,
					     const unsigned char *s, size_t n)
{
	if (n >= WORD_SIZE && co_aligned(d, s)) {
		for (; (uintptr_t)d & WORD_MASK; n--)
			*d++ = *s++;
		for (; n >= BLOCK_SIZE; n -= BLOCK_SIZE) {
			const word_t *ws = (const word_t *)s;
			word_t *wd = (word_t *)d;
			word_t w0 = ws[0], w1 = ws[1], w2 = ws[2], w3 = ws[3];

			wd[0] = w0;
			wd[1] = w1;
			wd[2] = w2;
			wd[3] = w3;
			d += BLOCK_SIZE;
			s += BLOCK_SIZE;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)d = *(const word_t *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
		}
	}
	while (n--)
		*d++ = *s++;
}

/* Descending copy from the ends: right for overlapping buffers when d > s. */
__no_libcall __copy_inline void copy_backward(unsigned char *d,
					      const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (n >= WORD_SIZE && co_aligned(d, s)) {
		for (; (uintptr_t)d & WORD_MASK; n--)
			*--d = *--s;
		for (; n >= BLOCK_SIZE; n -= BLOCK_SIZE) {
			const word_t *ws = (const word_t *)s;
			word_t *wd = (word_t *)d;
			word_t w0 = ws[-1], w1 = ws[-2], w2 = ws[-3];
			word_t w3 = ws[-4];

			wd[-1] = w0;
			wd[-2] = w1;
			wd[-3] = w2;
			wd[-4] = w3;
			d -= BLOCK_SIZE;
			s -= BLOCK_SIZE;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			d -= WORD_SIZE;
			s -= WORD_SIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
}

__no_libcall void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

__no_libcall void *memmove(void *dst, const void *src, size_t n)
{
	/* Unsigned wrap: true when dst < src or dst >= src + n. */
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		copy_forward(dst, src, n);
	else if (dst != src)
		copy_backward(dst, src, n);
	return dst;
}

__no_libcall void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;

	if (n >= WORD_SIZE) {
		word_t w = b * BYTE_SPREAD;

		for (; (uintptr_t)d & WORD_MASK; n--)
			*d++ = b;
		for (; n >= BLOCK_SIZE; n -= BLOCK_SIZE) {
			word_t *wd = (word_t *)d;

			wd[0] = w;
			wd[1] = w;
			wd[2] = w;
			wd[3] = w;
			d += BLOCK_SIZE;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)d = w;
			d += WORD_SIZE;
		}
	}
	while (n--)
		*d++ = b;
	return dst;
}

__no_libcall int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	if (n >= WORD_SIZE && co_aligned(p, q)) {
		for (; (uintptr_t)p & WORD_MASK; n--, p++, q++)
			if (*p != *q)
				return *p - *q;
		/* Skip equal words; the byte loop finds the difference. */
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			if (*(const word_t *)p != *(const word_t *)q)
				break;
			p += WORD_SIZE;
			q += WORD_SIZE;
		}
	}
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

__no_libcall void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

__no_libcall size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

__no_libcall size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

__no_libcall int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

__no_libcall int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++)
		if (*p != *q || !*p)
			return *p - *q;
	return 0;
}

__no_libcall char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

__no_libcall char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

__no_libcall char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	/* strncmp, not memcmp: it stops at the end of a short haystack. */
	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n ? NULL : (char *)haystack;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* Value of an ASCII digit or letter (a/A = 10 .. z/Z = 35); 36 otherwise. */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;	/* ASCII lower case */
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	return 36;
}

/* Resolve base 0 from the prefix and skip a "0x" in front of hex digits. */
static const char *parse_prefix(const char *s, unsigned int *base)
{
	bool hex = s[0] == '0' && (s[1] | 0x20) == 'x' &&
		   digit_value(s[2]) < 16;

	if (*base == 0)
		*base = hex ? 16 : s[0] == '0' ? 8 : 10;
	if (*base == 16 && hex)
		s += 2;
	return s;
}

/* Accumulate digits of base into *val; returns how many were consumed. */
__no_libcall static size_t parse_digits(const char *s, unsigned int base,
					unsigned long *val, bool *overflow)
{
	unsigned long v = 0;
	size_t i;

	*overflow = false;
	for (i = 0;; i++) {
		unsigned int d = digit_value(s[i]);

		if (d >= base)
			break;
		if (v > (~0UL - d) / base)
			*overflow = true;
		v = v * base + d;
	}
	*val = v;
	return i;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *out)
{
	unsigned long val;
	bool overflow;
	size_t n;

	if (base == 1 || base > 36)
		return -EINVAL;
	if (*s == '+')
		s++;
	s = parse_prefix(s, &base);
	n = parse_digits(s, base, &val, &overflow);
	if (overflow)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*out = val;
	return 0;
}

unsigned long simple_strtoul(const char *s, char **endp, unsigned int base)
{
	unsigned long val;
	bool overflow;

	s = parse_prefix(s, &base);
	s += parse_digits(s, base, &val, &overflow);
	if (endp)
		*endp = (char *)s;
	return val;
}
