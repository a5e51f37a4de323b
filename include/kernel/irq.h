/*
 * Device interrupts. One interrupt controller (the PLIC on RISC-V boards)
 * registers itself as the irq_chip; drivers ask for an interrupt number
 * from their device tree node and get their handler called, with
 * interrupts off, on whichever hart claims it.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <lib/compiler.h>

#define NR_IRQS	1024

typedef void (*irq_handler_t)(void *arg);

struct irq_chip {
	const char *name;
	void (*enable)(unsigned int irq);	/* route to every hart */
	unsigned int (*claim)(void);		/* 0: nothing pending */
	void (*complete)(unsigned int irq);
	void (*init_cpu)(void);			/* this hart's context */
};

void irq_set_chip(struct irq_chip *chip);
int irq_request(unsigned int irq, irq_handler_t handler, void *arg);
void irq_handle_external(void);
void irq_init_cpu(void);
uint64_t irq_count(unsigned int irq);

#endif
