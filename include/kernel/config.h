/* Build-time limits. */
#ifndef KERNEL_CONFIG_H
#define KERNEL_CONFIG_H

#define NR_CPUS			32
#define CPU_MAX_HELD_LOCKS	16

#ifdef KERNEL_DEBUG
#define DEBUG_BUILD 1
#else
#define DEBUG_BUILD 0
#endif

#endif
