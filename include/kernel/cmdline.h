/*
 * The kernel command line (from /chosen bootargs, i.e. QEMU's -append):
 * space-separated words, each "key" or "key=value".
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

#endif
