/*
 * The kernel command line (from /chosen bootargs, i.e. QEMU's -append):
 * space-separated words, each "key" or "key=value", then optionally "--"
 * and the arguments of init.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <lib/compiler.h>

#define CMDLINE_MAX	1024

void cmdline_init(const char *bootargs);
const char *cmdline_get(void);
/* Copy the value of key into buf; true if key=value is present. */
bool cmdline_value(const char *key, char *buf, size_t size);
/* True if the bare word or key=... is present. */
bool cmdline_has(const char *key);
/*
 * The words after "--" are init's arguments, not the kernel's (as on
 * Linux): split into buf, up to max of them in argv; returns how many.
 */
int cmdline_init_args(char *buf, size_t size, const char **argv, int max);

#endif
