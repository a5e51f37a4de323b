/* Interrupt enable bit of this hart (sstatus.SIE). */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <lib/compiler.h>
#include <asm/csr.h>

static inline unsigned long arch_irq_save(void)
{
	return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE;
}

static inline void arch_irq_restore(unsigned long flags)
{
	csr_set(sstatus, flags & SSTATUS_SIE);
}

static inline void arch_irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

static inline void arch_irq_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

static inline int arch_irqs_enabled(void)
{
	return (csr_read(sstatus) & SSTATUS_SIE) != 0;
}

#endif
