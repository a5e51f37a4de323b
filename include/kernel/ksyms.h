#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <lib/compiler.h>

/* The function containing addr and the offset into it; NULL if unknown. */
const char *ksym_lookup(uintptr_t addr, uintptr_t *offset);

#endif
