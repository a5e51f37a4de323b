/*
 * The virtio-mmio transport (virtio 1.2, section 4.2), both register
 * layouts: version 1 ("legacy": the rings at one page frame number,
 * QEMU 7.2's default) and version 2 ("modern": three 64-bit ring
 * addresses, a QueueReady bit, the FEATURES_OK handshake).
 *
 * Every "virtio,mmio" node of the device tree is probed in tree order,
 * which is the order Linux registers them in (on QEMU virt: the highest
 * address first, where QEMU puts the first device of the command line).
 * Empty slots (device id 0) are skipped; a device with a driver is reset,
 * acknowledged, given the features both sides know, and handed to the
 * driver's probe. Its interrupt acknowledges the device and runs the
 * callbacks of its virtqueues.
 */
#include "virtio.h"
#include <kernel/driver.h>
#include <kernel/irq.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <mm/kmalloc.h>
#include <mm/page.h>
#include <lib/errno.h>
#include <asm/mmio.h>
#include <asm/processor.h>

#define VIRTIO_MMIO_MAGIC		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_GUEST_PAGE_SIZE	0x028	/* legacy */
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_ALIGN		0x03c	/* legacy */
#define VIRTIO_MMIO_QUEUE_PFN		0x040	/* legacy */
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MAGIC			0x74726976	/* "virt" */
#define VIRTIO_MMIO_INT_VRING		(1U << 0)
#define VIRTIO_MMIO_INT_CONFIG		(1U << 1)
#define VIRTIO_MMIO_LEGACY		1
#define VIRTIO_MMIO_MODERN		2

extern const struct virtio_driver virtio_blk_driver;

static const struct virtio_driver *const virtio_drivers[] = {
	&virtio_blk_driver,
};

static const char *const device_names[] = {
	[1] = "network", [2] = "block", [3] = "console", [4] = "entropy",
	[5] = "balloon", [9] = "9p", [16] = "gpu", [18] = "input",
	[19] = "vsock",
};

static uint32_t vm_read(struct virtio_device *vd, unsigned int reg)
{
	return readl(vd->base + reg);
}

static void vm_write(struct virtio_device *vd, unsigned int reg, uint32_t v)
{
	writel(v, vd->base + reg);
}

static void vm_add_status(struct virtio_device *vd, uint32_t bits)
{
	vm_write(vd, VIRTIO_MMIO_STATUS, vm_read(vd, VIRTIO_MMIO_STATUS) | bits);
}

/* ---- configuration space ----------------------------------------------------- */

uint8_t virtio_cread8(struct virtio_device *vd, unsigned int off)
{
	return readb(vd->base + VIRTIO_MMIO_CONFIG + off);
}

/* Legacy devices take byte accesses; modern ones want 32-bit ones. */
uint32_t virtio_cread32(struct virtio_device *vd, unsigned int off)
{
	uint32_t v = 0;

	if (vd->version == VIRTIO_MMIO_MODERN)
		return readl(vd->base + VIRTIO_MMIO_CONFIG + off);
	for (unsigned int i = 0; i < 4; i++)
		v |= (uint32_t)virtio_cread8(vd, off + i) << (8 * i);
	return v;
}

/* Two halves, read again if the device changed the space in between. */
uint64_t virtio_cread64(struct virtio_device *vd, unsigned int off)
{
	uint32_t gen, lo, hi;

	do {
		gen = vd->version == VIRTIO_MMIO_MODERN ?
		      vm_read(vd, VIRTIO_MMIO_CONFIG_GENERATION) : 0;
		lo = virtio_cread32(vd, off);
		hi = virtio_cread32(vd, off + 4);
	} while (vd->version == VIRTIO_MMIO_MODERN &&
		 gen != vm_read(vd, VIRTIO_MMIO_CONFIG_GENERATION));
	return (uint64_t)hi << 32 | lo;
}

/* ---- virtqueues ----------------------------------------------------------------- */

static void vm_notify(struct virtqueue *vq)
{
	vm_write(vq->vdev, VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
}

static bool vm_queue_in_use(struct virtio_device *vd)
{
	if (vd->version == VIRTIO_MMIO_LEGACY)
		return vm_read(vd, VIRTIO_MMIO_QUEUE_PFN) != 0;
	return vm_read(vd, VIRTIO_MMIO_QUEUE_READY) != 0;
}

static void vm_write64(struct virtio_device *vd, unsigned int low_reg, uint64_t v)
{
	vm_write(vd, low_reg, (uint32_t)v);
	vm_write(vd, low_reg + 4, (uint32_t)(v >> 32));
}

int virtio_setup_vq(struct virtio_device *vd, unsigned int index, unsigned int max_num,
		    void (*callback)(struct virtqueue *vq), struct virtqueue **out)
{
	struct virtqueue *vq;
	unsigned int num;
	int err;

	if (index >= VIRTIO_MAX_VQS || vd->vqs[index])
		return -EINVAL;
	vm_write(vd, VIRTIO_MMIO_QUEUE_SEL, index);
	if (vm_queue_in_use(vd))
		return -ENOENT;
	num = MIN(vm_read(vd, VIRTIO_MMIO_QUEUE_NUM_MAX), max_num);
	if (num == 0)
		return -ENOENT;
	while (num & (num - 1))
		num &= num - 1;		/* a power of two */
	vq = kzalloc(sizeof(*vq));
	if (!vq)
		return -ENOMEM;
	*vq = (struct virtqueue){ .vdev = vd, .index = index, .num = num,
				  .callback = callback, .notify = vm_notify };
	err = vring_alloc(vq);
	if (err) {
		kfree(vq);
		return err;
	}
	vm_write(vd, VIRTIO_MMIO_QUEUE_NUM, num);
	if (vd->version == VIRTIO_MMIO_LEGACY) {
		vm_write(vd, VIRTIO_MMIO_QUEUE_ALIGN, PAGE_SIZE);
		vm_write(vd, VIRTIO_MMIO_QUEUE_PFN, (uint32_t)(vq->ring_phys >> PAGE_SHIFT));
	} else {
		vm_write64(vd, VIRTIO_MMIO_QUEUE_DESC_LOW, vq->ring_phys);
		vm_write64(vd, VIRTIO_MMIO_QUEUE_DRIVER_LOW, vq->ring_phys +
			   (uint64_t)((uint8_t *)vq->avail - (uint8_t *)vq->desc));
		vm_write64(vd, VIRTIO_MMIO_QUEUE_DEVICE_LOW,
			   vq->ring_phys + vring_used_offset(num));
		vm_write(vd, VIRTIO_MMIO_QUEUE_READY, 1);
	}
	vd->vqs[index] = vq;
	*out = vq;
	return 0;
}

void virtio_device_ready(struct virtio_device *vd)
{
	vm_add_status(vd, VIRTIO_STATUS_DRIVER_OK);
}

static void vm_interrupt(void *arg)
{
	struct virtio_device *vd = arg;
	uint32_t status = vm_read(vd, VIRTIO_MMIO_INTERRUPT_STATUS);

	vm_write(vd, VIRTIO_MMIO_INTERRUPT_ACK, status);
	if (!(status & VIRTIO_MMIO_INT_VRING))
		return;		/* a configuration change: nothing watches yet */
	for (unsigned int i = 0; i < VIRTIO_MAX_VQS; i++) {
		struct virtqueue *vq = __atomic_load_n(&vd->vqs[i], __ATOMIC_ACQUIRE);

		if (vq && vq->callback)
			vq->callback(vq);
	}
}

/* ---- probing ------------------------------------------------------------------ */

static const struct virtio_driver *find_driver(uint32_t id)
{
	for (size_t i = 0; i < ARRAY_SIZE(virtio_drivers); i++)
		if (virtio_drivers[i]->device_id == id)
			return virtio_drivers[i];
	return NULL;
}

static void vm_reset(struct virtio_device *vd)
{
	vm_write(vd, VIRTIO_MMIO_STATUS, 0);
	if (vd->version == VIRTIO_MMIO_MODERN)
		while (vm_read(vd, VIRTIO_MMIO_STATUS) != 0)
			cpu_relax();
}

/* Agree on features; 0 or -ENODEV when a modern device refuses them. */
static int vm_negotiate(struct virtio_device *vd)
{
	uint64_t offered, wanted = vd->driver->features;

	vm_write(vd, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	offered = vm_read(vd, VIRTIO_MMIO_DEVICE_FEATURES);
	vm_write(vd, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	offered |= (uint64_t)vm_read(vd, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	if (vd->version == VIRTIO_MMIO_MODERN) {
		if (!((offered >> VIRTIO_F_VERSION_1) & 1))
			return -ENODEV;
		wanted |= 1ULL << VIRTIO_F_VERSION_1;
	} else {
		wanted &= 0xffffffffULL;	/* legacy: one word of features */
	}
	vd->features = offered & wanted;
	vm_write(vd, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vm_write(vd, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)vd->features);
	vm_write(vd, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vm_write(vd, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(vd->features >> 32));
	if (vd->version == VIRTIO_MMIO_MODERN) {
		vm_add_status(vd, VIRTIO_STATUS_FEATURES_OK);
		if (!(vm_read(vd, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
			return -ENODEV;
	}
	return 0;
}

static int virtio_mmio_probe(const struct platform *p, int node)
{
	uint8_t *base = driver_map_reg(p, node, 0, NULL);
	const struct virtio_driver *drv;
	struct virtio_device *vd;
	uint32_t id, version;
	const char *what = "unknown";
	int err;

	if (!base)
		return -ENOMEM;
	if (readl(base + VIRTIO_MMIO_MAGIC) != VIRTIO_MAGIC)
		return -ENODEV;
	id = readl(base + VIRTIO_MMIO_DEVICE_ID);
	if (id == 0)
		return 0;	/* an empty transport slot */
	version = readl(base + VIRTIO_MMIO_VERSION);
	if (id < ARRAY_SIZE(device_names) && device_names[id])
		what = device_names[id];
	drv = find_driver(id);
	pr_info("virtio-mmio: %s, %s device (id %u, version %u), irq %u%s\n",
		fdt_node_name(&p->fdt, node), what, id, version, driver_irq(p, node),
		drv ? "" : ", no driver");
	if (!drv)
		return 0;
	if (version != VIRTIO_MMIO_LEGACY && version != VIRTIO_MMIO_MODERN)
		return -ENODEV;
	vd = kzalloc(sizeof(*vd));
	if (!vd)
		return -ENOMEM;
	*vd = (struct virtio_device){ .base = base, .version = version, .device_id = id,
				      .irq = driver_irq(p, node), .driver = drv,
				      .name = fdt_node_name(&p->fdt, node) };
	vm_reset(vd);
	if (version == VIRTIO_MMIO_LEGACY)
		vm_write(vd, VIRTIO_MMIO_GUEST_PAGE_SIZE, PAGE_SIZE);
	vm_add_status(vd, VIRTIO_STATUS_ACKNOWLEDGE);
	vm_add_status(vd, VIRTIO_STATUS_DRIVER);
	err = vd->irq ? vm_negotiate(vd) : -ENODEV;	/* completions need the irq */
	if (!err)
		err = irq_request(vd->irq, vm_interrupt, vd);
	if (!err)
		err = drv->probe(vd);
	if (err) {
		/* the device stays failed; vd stays too (its irq may be requested) */
		vm_add_status(vd, VIRTIO_STATUS_FAILED);
		return err;
	}
	return 0;
}

static const char *const virtio_mmio_compat[] = { "virtio,mmio", NULL };
DRIVER(virtio_mmio_driver) = {
	.name = "virtio-mmio",
	.compatible = virtio_mmio_compat,
	.stage = DRIVER_DEVICE,
	.probe = virtio_mmio_probe,
};
