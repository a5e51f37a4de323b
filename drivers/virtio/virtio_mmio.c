/*
 * virtio over MMIO: for now, find the devices behind each transport and
 * report them. Drivers for the device types attach here later.
 */
#include <kernel/driver.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <lib/errno.h>
#include <asm/mmio.h>

#define VIRTIO_MMIO_MAGIC	0x000
#define VIRTIO_MMIO_VERSION	0x004
#define VIRTIO_MMIO_DEVICE_ID	0x008
#define VIRTIO_MAGIC		0x74726976	/* "virt" */

static const char *const device_names[] = {
	[1] = "network", [2] = "block", [3] = "console", [4] = "entropy",
	[5] = "balloon", [9] = "9p", [16] = "gpu", [18] = "input",
	[19] = "vsock",
};

static int virtio_mmio_probe(const struct platform *p, int node)
{
	uint8_t *base = driver_map_reg(p, node, 0, NULL);
	uint32_t id, version;
	const char *name = "unknown";

	if (!base)
		return -ENOMEM;
	if (readl(base + VIRTIO_MMIO_MAGIC) != VIRTIO_MAGIC)
		return -ENODEV;
	id = readl(base + VIRTIO_MMIO_DEVICE_ID);
	if (id == 0)
		return 0;	/* empty transport slot */
	version = readl(base + VIRTIO_MMIO_VERSION);
	if (id < ARRAY_SIZE(device_names) && device_names[id])
		name = device_names[id];
	pr_info("virtio-mmio: %s, %s device (id %u, version %u), irq %u\n",
		fdt_node_name(&p->fdt, node), name, id, version, driver_irq(p, node));
	return 0;
}

static const char *const virtio_mmio_compat[] = { "virtio,mmio", NULL };
DRIVER(virtio_mmio_driver) = {
	.name = "virtio-mmio",
	.compatible = virtio_mmio_compat,
	.stage = DRIVER_DEVICE,
	.probe = virtio_mmio_probe,
};
