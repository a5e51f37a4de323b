/*
 * The per-hart timer: Sstc's stimecmp when every hart has it, else the SBI
 * timer call. A periodic tick of TICK_HZ drives time slices.
 */
#include <asm/timer.h>
#include <asm/sbi.h>
#include <kernel/cpu.h>
#include <kernel/time.h>
#include <kernel/sched.h>
#include <kernel/platform.h>
#include <kernel/timer.h>

#define TICK_HZ	100

static bool use_sstc;			/* [I] */
static uint64_t next_tick[NR_CPUS];	/* [c] counter value of the next tick */
static uint64_t tick_ticks;		/* [I] counter ticks per tick */

bool arch_timer_uses_sstc(void)
{
	return use_sstc;
}

void arch_timer_set(uint64_t when)
{
	if (use_sstc)
		__asm__ __volatile__("csrw 0x14d, %0" :: "r"(when));	/* stimecmp */
	else
		sbi_set_timer(when);
}

/* Decide once, on the boot hart: Sstc only if all usable harts have it. */
void arch_timer_setup(const struct platform *p)
{
	bool all = true;

	for (unsigned int i = 0; i < p->nr_cpus; i++)
		if (p->cpus[i].usable && !p->cpus[i].has_sstc)
			all = false;
	use_sstc = all;
	tick_ticks = timebase_hz / TICK_HZ;
}

void arch_timer_init_cpu(void)
{
	timer_init_cpu(cpu_id());
	next_tick[cpu_id()] = arch_timer_read() + tick_ticks;
	arch_timer_set(next_tick[cpu_id()]);
}

/* Interrupts off: fire at the next tick or at ns (time_ns()), if earlier. */
void arch_timer_program_at(uint64_t ns)
{
	uint64_t when = next_tick[cpu_id()];

	if (ns != ~0ULL && ns_to_ticks(ns) < when)
		when = ns_to_ticks(ns);
	arch_timer_set(when);
}

void timer_interrupt(void)
{
	struct cpu *c = this_cpu();
	uint64_t now = arch_timer_read();

	if (now >= next_tick[c->id]) {
		next_tick[c->id] = now + tick_ticks;
		c->ticks++;
		sched_tick();
	}
	arch_timer_program_at(timer_run_expired());
}
