/*
 * The page the kernel shares read-only with every process, just below the
 * vDSO's code ([vvar] in /proc/PID/maps): what the vDSO needs to tell the
 * time without a system call. Built into the kernel and into the vDSO, so
 * it uses only fixed-size types.
 *
 * The clocks are the kernel's own (kernel/time.c): monotonic nanoseconds
 * are the counter converted with vdso_ticks_to_ns(), exactly as the
 * kernel converts it, so a time read here and one read by a system call
 * never go backwards against each other; the wall clock adds
 * realtime_offset, a single aligned word the kernel stores whole.
 */
#ifndef KERNEL_VDSO_DATA_H
#define KERNEL_VDSO_DATA_H

#include <stdint.h>

struct vdso_data {
	uint64_t timebase_hz;		/* counter ticks per second; 0: ask the kernel */
	uint64_t ns_per_tick;		/* when a tick is a whole number of ns, else 0 */
	uint64_t realtime_offset;	/* [a] ns since 1970 at monotonic 0 */
};

/*
 * Ticks to nanoseconds without overflow for centuries of uptime. When a
 * tick is a whole number of nanoseconds (10 MHz on QEMU, 1 MHz on the
 * FU740) the product is the same number as the quotients, without
 * dividing.
 */
static inline uint64_t vdso_ticks_to_ns(uint64_t ticks, uint64_t hz, uint64_t ns_per_tick)
{
	if (ns_per_tick)
		return ticks * ns_per_tick;
	return ticks / hz * 1000000000ULL + ticks % hz * 1000000000ULL / hz;
}

static inline uint64_t vdso_ns_per_tick(uint64_t hz)
{
	return hz && 1000000000ULL % hz == 0 ? 1000000000ULL / hz : 0;
}

#endif
