/* Host stand-in: spinning pthreads yield so a lock holder gets to run. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <sched.h>

static inline void cpu_relax(void)
{
	sched_yield();
}

static inline void wait_for_interrupt(void)
{
	sched_yield();
}

#endif
