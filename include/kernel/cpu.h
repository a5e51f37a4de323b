/*
 * Per-CPU data. Each hart the kernel runs on is a "cpu" with a dense
 * logical id (0 is the boot hart); hart ids come from the device tree and
 * need not be dense. this_cpu() is stable only while interrupts are off or
 * the thread cannot migrate.
 *
 * Locking: [I] set once at boot, [c] only touched by the owning cpu with
 * interrupts off, [a] atomic.
 */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include <lib/compiler.h>
#include <kernel/config.h>

struct thread;
struct spinlock;
struct mm;

struct cpu {
	int id;				/* [I] logical id */
	unsigned long hartid;		/* [I] hardware id */
	struct thread *idle;		/* [I] the idle thread */
	struct thread *curr;		/* [c] running thread */
	int irq_depth;			/* [c] irq_push_off nesting */
	bool irq_was_on;		/* [c] interrupts on before first push */
	int nheld;			/* [c] held lock stack (debug) */
	struct spinlock *held[CPU_MAX_HELD_LOCKS];	/* [c] */
	uintptr_t overflow_stack_top;	/* [I] stack for stack-overflow traps */
	uint64_t ticks;			/* [c] timer interrupts taken */
	uint64_t irqs;			/* [c] external interrupts taken */
	bool online;			/* [a] */
	struct mm *active_mm;		/* [c] address space in satp */
	struct thread *fp_owner;	/* [c] whose registers are in the FPU */
};

extern struct cpu cpus[NR_CPUS];
extern int nr_cpus;			/* cpus started or being started */

#include <asm/current.h>		/* this_cpu(), current */

static inline int cpu_id(void)
{
	return this_cpu()->id;
}

#endif
