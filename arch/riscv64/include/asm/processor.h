#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

/* Spin-wait hint (Zihintpause's pause is a hint: a no-op without it). */
static inline void cpu_relax(void)
{
	__asm__ __volatile__(".insn i 0x0f, 0, x0, x0, 0x010" ::: "memory");
}

static inline void wait_for_interrupt(void)
{
	__asm__ __volatile__("wfi" ::: "memory");
}

#endif
