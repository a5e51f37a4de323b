#ifndef KERNEL_MAIN_H
#define KERNEL_MAIN_H

#include <lib/compiler.h>

struct platform;

/* The arch-neutral boot path, entered on the boot hart's guarded stack. */
void start_kernel(const struct platform *p) __noreturn;

/* Arch hooks. */
void arch_late_init(const struct platform *p);
uint64_t arch_elf_hwcap(const struct platform *p);
void smp_boot_secondaries_from(const struct platform *p);

#endif
