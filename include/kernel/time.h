/*
 * Time. The arch provides a free-running counter (rdtime on RISC-V) at
 * timebase_hz, from the device tree; everything else is derived here.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <lib/compiler.h>

#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_USEC	1000ULL

extern uint64_t timebase_hz;		/* [I] counter frequency */

void time_init(uint64_t hz);
uint64_t time_ticks(void);		/* raw counter */
uint64_t ticks_to_ns(uint64_t ticks);
uint64_t ns_to_ticks(uint64_t ns);
/* Nanoseconds since the counter started (machine reset). */
uint64_t time_ns(void);
/* Wall clock: set from an RTC driver; realtime = time_ns() + offset. */
void time_set_realtime(uint64_t epoch_ns);
uint64_t time_realtime_offset(void);
/* Timespec to nanoseconds and sums, saturating: "forever" stays forever. */
static inline uint64_t ts_to_ns_clamped(int64_t sec, int64_t nsec)
{
	if ((uint64_t)sec >= UINT64_MAX / NSEC_PER_SEC)
		return UINT64_MAX;
	return (uint64_t)sec * NSEC_PER_SEC + (uint64_t)nsec;
}

static inline uint64_t ns_add_clamped(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Busy-wait: for early boot and tests only. */
void udelay(uint64_t usec);

#endif
