/* Binding device tree nodes to drivers (see <kernel/driver.h>). */
#include <kernel/driver.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <mm/kmap.h>
#include <lib/string.h>

extern const struct driver __drivers_start[], __drivers_end[];

static bool node_enabled(const struct fdt *fdt, int node)
{
	int len;
	const char *status = fdt_getprop(fdt, node, "status", &len);

	return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

static const struct driver *match(const struct fdt *fdt, int node, enum driver_stage stage)
{
	for (const struct driver *d = __drivers_start; d < __drivers_end; d++) {
		if (d->stage != stage)
			continue;
		for (const char *const *c = d->compatible; *c; c++)
			if (fdt_is_compatible(fdt, node, *c))
				return d;
	}
	return NULL;
}

void drivers_probe(const struct platform *p)
{
	const struct fdt *fdt = &p->fdt;

	for (int stage = 0; stage < DRIVER_NR_STAGES; stage++) {
		int depth = 0;

		for (int node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
			const struct driver *d = match(fdt, node, (enum driver_stage)stage);
			int err;

			if (!d || !node_enabled(fdt, node))
				continue;
			err = d->probe(p, node);
			if (err)
				pr_warn("%s: %s: probe failed (%d)\n", d->name,
					fdt_node_name(fdt, node), err);
		}
	}
}

void *driver_map_reg(const struct platform *p, int node, int index, uint64_t *size)
{
	uint64_t addr, len;

	if (fdt_get_reg(&p->fdt, node, index, &addr, &len))
		return NULL;
	if (size)
		*size = len;
	return ioremap(addr, len);
}

unsigned int driver_irq(const struct platform *p, int node)
{
	uint32_t irq;

	if (!fdt_prop_u32(&p->fdt, node, "interrupts", &irq))
		return 0;
	return irq;
}
