/*
 * virtio: devices that a hypervisor emulates, found through a transport
 * (here virtio-mmio, both its legacy version 1 and modern version 2
 * register layouts) and spoken to through virtqueues (split rings).
 * The register, feature and ring layouts are those of the virtio 1.2
 * specification and Linux's include/uapi/linux/virtio_*.h.
 *
 * A device type's driver (a struct virtio_driver listed in
 * virtio_mmio.c) is probed once the transport has reset the device and
 * negotiated features. Its probe sets up virtqueues, reads the device's
 * configuration, calls virtio_device_ready() and may then do I/O. Each
 * virtqueue's callback runs from the device's interrupt with interrupts
 * off; the driver reaps finished buffers with virtqueue_get_buf().
 *
 * Locking: the transport's fields are [I] after probe. The virtqueue
 * operations (add, kick, get_buf, num_free) are not locked: the driver
 * serializes them with its own lock, which its callback takes too.
 */
#ifndef DRIVERS_VIRTIO_VIRTIO_H
#define DRIVERS_VIRTIO_VIRTIO_H

#include <lib/compiler.h>

/* Device types */
#define VIRTIO_ID_NET		1
#define VIRTIO_ID_BLOCK		2

/* Device status bits */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_FAILED		0x80

/* Feature bits of every device type */
#define VIRTIO_F_VERSION_1	32	/* modern: little-endian, FEATURES_OK step */

#define VIRTIO_MAX_VQS		4

struct virtqueue;
struct virtio_device;

struct virtio_driver {
	const char *name;
	uint32_t device_id;
	uint64_t features;		/* the device-specific bits it understands */
	/* 0 or -errno (the transport then marks the device FAILED) */
	int (*probe)(struct virtio_device *vd);
};

struct virtio_device {
	uint8_t *base;				/* [I] registers */
	uint32_t version;			/* [I] 1 legacy, 2 modern */
	uint32_t device_id;			/* [I] VIRTIO_ID_* */
	unsigned int irq;			/* [I] */
	uint64_t features;			/* [I] negotiated */
	const char *name;			/* [I] device tree node name */
	const struct virtio_driver *driver;	/* [I] */
	struct virtqueue *vqs[VIRTIO_MAX_VQS];	/* [I] once set up */
	void *priv;				/* [I] the driver's */
};

static inline bool virtio_has_feature(const struct virtio_device *vd, unsigned int bit)
{
	return (vd->features >> bit) & 1;
}

/* Device configuration fields (little-endian on riscv64 either way). */
uint8_t virtio_cread8(struct virtio_device *vd, unsigned int off);
uint32_t virtio_cread32(struct virtio_device *vd, unsigned int off);
uint64_t virtio_cread64(struct virtio_device *vd, unsigned int off);

/*
 * Set up queue index with at most max_num descriptors (rounded down to
 * what the device allows, a power of two); callback runs on its
 * interrupts. 0 or -ENOENT (no such queue), -ENOMEM.
 */
int virtio_setup_vq(struct virtio_device *vd, unsigned int index, unsigned int max_num,
		    void (*callback)(struct virtqueue *vq), struct virtqueue **out);
/* Tell the device the driver is ready (DRIVER_OK): I/O may start. */
void virtio_device_ready(struct virtio_device *vd);

/* ---- virtqueues (drivers/virtio/virtio_ring.c) ---------------------------- */

/* One buffer of a chain: a physical address and a length. */
struct virtio_buf {
	uint64_t addr;
	uint32_t len;
};

struct virtqueue {
	struct virtio_device *vdev;		/* [I] */
	unsigned int index;			/* [I] */
	unsigned int num;			/* [I] descriptors, a power of two */
	void (*callback)(struct virtqueue *vq);	/* [I] */
	void (*notify)(struct virtqueue *vq);	/* [I] the transport's doorbell */
	void *priv;				/* [I] the driver's */
	/* the rings, in one block of pages; the rest is under the driver's lock */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint64_t ring_phys;			/* [I] */
	unsigned int ring_order;		/* [I] 2^order pages */
	uint16_t free_head;			/* first free descriptor */
	uint16_t nr_free;
	uint16_t avail_idx;			/* our copy of avail->idx */
	uint16_t last_used;			/* next used entry to reap */
	uint16_t added;				/* chains added since the last kick */
	void **tokens;				/* by head descriptor */
};

/* The split ring's memory for num descriptors: its size and the offsets. */
size_t vring_size(unsigned int num);
size_t vring_used_offset(unsigned int num);
/* Allocate the rings of vq (num set); 0 or -ENOMEM. */
int vring_alloc(struct virtqueue *vq);
void vring_free(struct virtqueue *vq);

/*
 * Add a chain: nr_out buffers the device reads, then nr_in it writes.
 * token comes back from virtqueue_get_buf(). 0 or -ENOSPC (not enough
 * free descriptors), -EINVAL (empty or longer than the ring).
 */
int virtqueue_add(struct virtqueue *vq, const struct virtio_buf *bufs,
		  unsigned int nr_out, unsigned int nr_in, void *token);
/* Make added chains visible and ring the doorbell unless the device declines. */
void virtqueue_kick(struct virtqueue *vq);
/* The token of the next chain the device finished (*len: bytes written), or NULL. */
void *virtqueue_get_buf(struct virtqueue *vq, uint32_t *len);
unsigned int virtqueue_num_free(const struct virtqueue *vq);

#endif
