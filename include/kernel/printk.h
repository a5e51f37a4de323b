/*
 * Kernel messages. printk() formats with the kernel's vsnprintf, prefixes a
 * timestamp and the cpu, and writes whole lines to the console. Messages
 * below the console level (loglevel= on the command line) are dropped.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <lib/compiler.h>
#include <stdarg.h>

enum {
	LOG_EMERG, LOG_ALERT, LOG_CRIT, LOG_ERR,
	LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG,
};

void printk(int level, const char *fmt, ...) __printf(2, 3);
void vprintk(int level, const char *fmt, va_list ap);
/* Raw output with no prefix (used by panic for register dumps). */
void printk_raw(const char *fmt, ...) __printf(1, 2);

#define pr_emerg(...)	printk(LOG_EMERG, __VA_ARGS__)
#define pr_err(...)	printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)	printk(LOG_WARNING, __VA_ARGS__)
#define pr_notice(...)	printk(LOG_NOTICE, __VA_ARGS__)
#define pr_info(...)	printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)	printk(LOG_DEBUG, __VA_ARGS__)

extern int console_loglevel;

#endif
