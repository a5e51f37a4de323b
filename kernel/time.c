/* Counter to nanoseconds, without overflow for centuries of uptime. */
#include <kernel/time.h>
#include <kernel/vdso.h>
#include <kernel/vdso_data.h>
#include <asm/timer.h>
#include <asm/processor.h>

uint64_t timebase_hz;
static uint64_t ns_per_tick;	/* [I] see vdso_ticks_to_ns() */

void time_init(uint64_t hz)
{
	timebase_hz = hz;
	ns_per_tick = vdso_ns_per_tick(hz);
}

uint64_t time_ticks(void)
{
	return arch_timer_read();
}

/* The vDSO converts the same way: both must agree to the nanosecond. */
uint64_t ticks_to_ns(uint64_t ticks)
{
	if (!timebase_hz)
		return 0;
	return vdso_ticks_to_ns(ticks, timebase_hz, ns_per_tick);
}

uint64_t ns_to_ticks(uint64_t ns)
{
	return ns / NSEC_PER_SEC * timebase_hz +
	       ns % NSEC_PER_SEC * timebase_hz / NSEC_PER_SEC;
}

uint64_t time_ns(void)
{
	return ticks_to_ns(time_ticks());
}

void udelay(uint64_t usec)
{
	uint64_t end = time_ticks() + ns_to_ticks(usec * NSEC_PER_USEC);

	while (time_ticks() < end)
		cpu_relax();
}

/* Wall-clock time: nanoseconds since 1970 at time_ns() == 0, from an RTC. */
static uint64_t realtime_offset;	/* [a] */

void time_set_realtime(uint64_t epoch_ns)
{
	uint64_t now = time_ns();

	uint64_t offset = epoch_ns > now ? epoch_ns - now : 0;

	__atomic_store_n(&realtime_offset, offset, __ATOMIC_RELEASE);
	vdso_set_realtime_offset(offset);
}

uint64_t time_realtime_offset(void)
{
	return __atomic_load_n(&realtime_offset, __ATOMIC_ACQUIRE);
}
