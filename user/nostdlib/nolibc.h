/*
 * Just enough to run without a C library: system calls through ecall,
 * output to fd 1, and an entry point.
 *
 * A program defines
 *
 *	void start_c(unsigned long *sp);
 *
 * and puts NOLIBC_START once at file scope. _start sets gp (the linker
 * relaxes small-data accesses against it), passes the stack pointer it
 * was entered with, untouched, and then aligns sp for C.
 *
 * Linux's entry stack, from sp up: argc, argv[0..argc-1], NULL,
 * envp[...], NULL, auxv pairs ending with AT_NULL, then the strings.
 */
#ifndef NOLIBC_H
#define NOLIBC_H

#include <asm/unistd.h>

#define NOLIBC_START							\
	__asm__("	.section .text.start, \"ax\", @progbits\n"	\
		"	.globl _start\n"				\
		"	.type _start, @function\n"			\
		"_start:\n"						\
		"	.option push\n"					\
		"	.option norelax\n"				\
		"	lla gp, __global_pointer$\n"			\
		"	.option pop\n"					\
		"	mv a0, sp\n"					\
		"	andi sp, sp, -16\n"				\
		"	call start_c\n"					\
		"	unimp\n"					\
		"	.previous\n")

void _start(void);
void start_c(unsigned long *sp) __attribute__((noreturn, used));

static inline long nl_syscall3(long nr, long a, long b, long c)
{
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a7 __asm__("a7") = nr;

	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

static inline long nl_write(int fd, const void *buf, unsigned long len)
{
	return nl_syscall3(__NR_write, fd, (long)buf, len);
}

static inline __attribute__((noreturn)) void nl_exit(int status)
{
	for (;;)
		nl_syscall3(__NR_exit_group, status, 0, 0);
}

static inline unsigned long nl_strlen(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static inline int nl_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

static inline void nl_puts(const char *s)
{
	nl_write(1, s, nl_strlen(s));
}

static inline void nl_putu(unsigned long v)
{
	char buf[24];
	int i = sizeof(buf);

	do
		buf[--i] = '0' + v % 10;
	while ((v /= 10) != 0);
	nl_write(1, buf + i, sizeof(buf) - i);
}

#endif
