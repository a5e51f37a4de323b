/*
 * String formatting (lib/vsnprintf.c), C99 semantics without floating point.
 *
 * Conversions: d i u x X o c s p %, flags - 0 + space #, width and
 * precision (also as *), length modifiers hh h l ll z t j.
 * - The return value is the length the whole output would have had; the
 *   output was truncated if it is >= size. buf always ends with a NUL when
 *   size > 0; buf may be NULL when size is 0.
 * - %s of NULL prints "(null)" (nothing if the precision is below 6) and
 *   %p of NULL prints "(nil)", as glibc does. %p is 0x and lower-case hex.
 * - The kernel has no floating point: %f %F %e %E %g %G %a %A consume their
 *   double (long double with L) and print the conversion text itself, e.g.
 *   "%.2f". %n consumes its pointer and stores nothing. Any other unknown
 *   conversion is printed as written and consumes nothing; a lone '%' at the
 *   end of fmt prints nothing. l on %c / %s is ignored (no wide characters).
 *
 * Host unit tests (-DHOST_TEST) rename these to k_vsnprintf / k_snprintf so
 * they can sit next to libc's; include <stdio.h> before this header.
 */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <lib/compiler.h>
#include <stdarg.h>
#include <stddef.h>

#ifdef HOST_TEST
#undef vsnprintf
#undef snprintf
#define vsnprintf	k_vsnprintf
#define snprintf	k_snprintf
#endif

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
