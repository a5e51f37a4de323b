/*
 * The system's names: the release this kernel implements the ABI of, and
 * the host and domain names root may set (one set for the machine: there
 * are no namespaces).
 */
#ifndef KERNEL_UTSNAME_H
#define KERNEL_UTSNAME_H

#include <lib/compiler.h>

#define UTS_RELEASE	"6.1.0"		/* the Linux ABI this kernel implements */
#define UTS_VERSION	"#1 SMP"
#define UTS_NAME_LEN	64		/* the longest name, without its NUL */

/* Copy the host name or the domain name (NUL-terminated) into buf of UTS_NAME_LEN + 1. */
void uts_hostname(char *buf);
void uts_domainname(char *buf);
/* Set one from len bytes of name (len <= UTS_NAME_LEN, checked by the caller). */
void uts_set_hostname(const char *name, size_t len);
void uts_set_domainname(const char *name, size_t len);

#endif
