/* Host stand-in for the interrupt enable bit: a flag per pthread ("cpu"). */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

extern __thread unsigned long host_irq_on;	/* starts at 1: enabled */

static inline unsigned long arch_irq_save(void)
{
	unsigned long was = host_irq_on;

	host_irq_on = 0;
	return was;
}

static inline void arch_irq_restore(unsigned long flags)
{
	host_irq_on |= flags;
}

static inline void arch_irq_enable(void)
{
	host_irq_on = 1;
}

static inline void arch_irq_disable(void)
{
	host_irq_on = 0;
}

static inline int arch_irqs_enabled(void)
{
	return host_irq_on != 0;
}

#endif
