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

#define TICK_HZ	100

static bool use_sstc;			/* [I] */
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
	arch_timer_set(arch_timer_read() + tick_ticks);
}

void timer_interrupt(void)
{
	struct cpu *c = this_cpu();

	arch_timer_set(arch_timer_read() + tick_ticks);
	c->ticks++;
	sched_tick();
}
