/* Device interrupt dispatch over the registered irq_chip. */
#include <kernel/irq.h>
#include <kernel/cpu.h>
#include <kernel/printk.h>
#include <lib/errno.h>

static struct irq_chip *chip;		/* [I] */
static struct {
	irq_handler_t handler;		/* [I] set before the irq is enabled */
	void *arg;
	uint64_t count;			/* [a] */
} irqs[NR_IRQS];

void irq_set_chip(struct irq_chip *c)
{
	chip = c;
}

int irq_request(unsigned int irq, irq_handler_t handler, void *arg)
{
	if (!chip)
		return -ENODEV;
	if (irq == 0 || irq >= NR_IRQS)
		return -EINVAL;
	if (irqs[irq].handler)
		return -EBUSY;
	irqs[irq].arg = arg;
	__atomic_store_n(&irqs[irq].handler, handler, __ATOMIC_RELEASE);
	chip->enable(irq);
	return 0;
}

void irq_handle_external(void)
{
	unsigned int irq;

	if (!chip)
		return;
	while ((irq = chip->claim()) != 0) {
		this_cpu()->irqs++;
		if (irq < NR_IRQS && irqs[irq].handler) {
			__atomic_fetch_add(&irqs[irq].count, 1, __ATOMIC_RELAXED);
			irqs[irq].handler(irqs[irq].arg);
		} else {
			pr_warn("irq %u: no handler\n", irq);
		}
		chip->complete(irq);
	}
}

void irq_init_cpu(void)
{
	if (chip && chip->init_cpu)
		chip->init_cpu();
}

uint64_t irq_count(unsigned int irq)
{
	return irq < NR_IRQS ? __atomic_load_n(&irqs[irq].count, __ATOMIC_RELAXED) : 0;
}
