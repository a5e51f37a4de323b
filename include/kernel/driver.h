/*
 * Device drivers bound from the device tree. Each driver names the
 * "compatible" strings it handles; at boot every enabled node is offered
 * to the drivers, interrupt controllers first, so later drivers can ask
 * for interrupts.
 */
#ifndef KERNEL_DRIVER_H
#define KERNEL_DRIVER_H

#include <lib/compiler.h>

struct platform;

enum driver_stage {
	DRIVER_IRQCHIP,		/* interrupt controllers */
	DRIVER_DEVICE,		/* everything else */
	DRIVER_NR_STAGES,
};

struct driver {
	const char *name;
	const char *const *compatible;	/* NULL-terminated */
	enum driver_stage stage;
	int (*probe)(const struct platform *p, int node);
};

#define DRIVER(var) \
	static const struct driver var __used __section(".drivers") __aligned(8)

void drivers_probe(const struct platform *p);
/* Map the index'th reg range of a node; NULL on failure. */
void *driver_map_reg(const struct platform *p, int node, int index, uint64_t *size);
/* The first interrupt of a node (its "interrupts" property), 0 if none. */
unsigned int driver_irq(const struct platform *p, int node);

#endif
