#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include <lib/compiler.h>

/* Power the machine off (failure: tell the firmware it is a failure). */
void machine_power_off(bool failure) __noreturn;
void machine_restart(void) __noreturn;

#endif
