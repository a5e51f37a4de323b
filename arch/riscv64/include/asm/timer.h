#ifndef ASM_TIMER_H
#define ASM_TIMER_H

#include <lib/compiler.h>
#include <asm/csr.h>

static inline uint64_t arch_timer_read(void)
{
	return rdtime();
}

/* Program this hart's next timer interrupt at counter value 'when'. */
void arch_timer_set(uint64_t when);
void arch_timer_init_cpu(void);
void arch_timer_program_at(uint64_t ns);
bool arch_timer_uses_sstc(void);

#endif
