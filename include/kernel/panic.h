#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <lib/compiler.h>

struct trap_frame;

/* Stop every hart, print the reason, registers and a backtrace, power off. */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;
void panic_with_frame(struct trap_frame *tf, const char *fmt, ...)
	__printf(2, 3) __noreturn;

#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			panic("BUG: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

#define WARN_ON(cond) ({						\
	int __c = !!(cond);						\
	if (unlikely(__c))						\
		printk(LOG_WARNING, "WARNING: %s at %s:%d\n", #cond,	\
		       __FILE__, __LINE__);				\
	__c; })

#endif
