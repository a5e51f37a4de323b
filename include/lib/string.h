/*
 * Freestanding string and memory routines (lib/string.c).
 *
 * The mem* and str* functions have their C standard meanings; the compiler
 * also emits calls to memcpy/memset/memmove/memcmp on its own (structure
 * copies), so the kernel must provide them under exactly these names.
 *
 * Host unit tests (-DHOST_TEST) link lib/string.c into a program that also
 * has libc. To keep both, the names below are macros for k_<name> in that
 * build: a test includes the libc headers first, takes whatever libc
 * functions it needs to compare against, then includes this header.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

#ifdef HOST_TEST
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strlcpy
#undef strstr
#define memcpy		k_memcpy
#define memmove		k_memmove
#define memset		k_memset
#define memcmp		k_memcmp
#define memchr		k_memchr
#define strlen		k_strlen
#define strnlen		k_strnlen
#define strcmp		k_strcmp
#define strncmp		k_strncmp
#define strchr		k_strchr
#define strrchr		k_strrchr
#define strlcpy		k_strlcpy
#define strstr		k_strstr
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

/*
 * Copy at most size - 1 bytes of src into dst and NUL-terminate it (unless
 * size is 0). Returns strlen(src): the copy was truncated if that is >= size.
 */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * Parse an unsigned number that makes up the whole string (one trailing
 * '\n' allowed, as in Linux). base 0 picks 16 for "0x", 8 for "0", else 10;
 * base 16 accepts an optional "0x". A leading '+' is accepted.
 * Returns 0 and sets *out, -ERANGE on overflow, -EINVAL on anything else
 * (empty string, no digits, junk, base not 0 or 2..36); *out is left
 * untouched on error.
 */
int kstrtoul(const char *s, unsigned int base, unsigned long *out);

/*
 * Old-style parse: same prefixes as kstrtoul, stops at the first character
 * that is not a digit and stores its address in *endp (if endp != NULL).
 * No error reporting: overflow wraps. Prefer kstrtoul.
 */
unsigned long simple_strtoul(const char *s, char **endp, unsigned int base);

#endif
