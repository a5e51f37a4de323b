/*
 * virtio-blk (virtio 1.2, section 5.2): one request queue per disk.
 *
 * A request is a chain: a header the device reads (type, sector), the
 * data (read by the device for a write, written for a read), and a
 * status byte the device writes. Headers and status bytes live in a
 * per-disk array of request slots (direct-mapped memory, so one physical
 * address each). Data is split where it is not physically contiguous:
 * a direct-map buffer is one piece, anything else (a stack, the image)
 * one piece per page. Many requests are in flight at once; when the ring
 * or the slots run out, bios wait on a pending list and start as
 * completions free room.
 *
 * Completions come from the device interrupt (the virtqueue callback),
 * or from ->poll before interrupts are on. Both reap the used ring under
 * the disk's lock, start what is pending, drop the lock and only then
 * call the bios' end_io.
 *
 * Disks are named vda, vdb, ... in probe order (after vdz: vdaa, as
 * Linux) and numbered 254:16n.
 */
#include "../virtio/virtio.h"
#include <fs/blkdev.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <mm/kmalloc.h>
#include <mm/kmap.h>
#include <mm/page.h>

/* device feature bits */
#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

/* configuration space */
#define VIRTIO_BLK_CFG_CAPACITY	0	/* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX	8	/* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX	12	/* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE	20	/* le32 */

/* request types and status */
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

#define VBLK_QUEUE_MAX		256	/* descriptors we ask for */
#define VBLK_SEGS_MAX		64	/* data pieces of one request, at most */
#define VBLK_NAME_PREFIX	"vd"

struct virtio_blk_outhdr {
	uint32_t type;
	uint32_t ioprio;
	uint64_t sector;
};

/* One request in flight: what the device reads and writes besides data. */
struct vblk_req {
	struct virtio_blk_outhdr hdr;
	uint8_t status;
	struct bio *bio;
	int next_free;			/* in the free slot list */
};

/*
 * Locking: [I] after probe, [l] lock (LOCK_VIRTQUEUE: a leaf, taken from
 * submit and from the interrupt; nothing is taken, woken or allocated
 * under it). The virtqueue's own state is [l] too.
 */
struct virtio_blk {
	struct virtio_device *vd;		/* [I] */
	struct virtqueue *vq;			/* [I] */
	struct block_device disk;		/* [I] once registered */
	unsigned int seg_max;			/* [I] data pieces per request */
	uint32_t size_max;			/* [I] bytes per piece, 0: any */
	bool can_flush;				/* [I] */
	struct spinlock lock;
	struct vblk_req *reqs;			/* [l] vq->num slots */
	int free_req;				/* [l] first free slot, -1: none */
	struct list_head pending;		/* [l] bios waiting for room */
	unsigned int inflight;			/* [l] requests on the ring */
};

static unsigned int nr_disks;			/* [I] probes run on one cpu at boot */

/* ---- building requests ------------------------------------------------------ */

/* Physical address of a kernel virtual address, or 0. */
static uint64_t kva_to_phys(const void *va)
{
	if (is_direct_map(va))
		return virt_to_phys(va);
	return kmap_lookup((uintptr_t)va);
}

/*
 * The data of bio as physically contiguous pieces in bufs (at most max);
 * the number used, or -EINVAL (unmapped, or too many pieces).
 */
static int data_pieces(struct virtio_blk *vb, struct bio *bio, struct virtio_buf *bufs,
		       unsigned int max)
{
	uint8_t *p = bio->buf;
	size_t left = bio->len;
	unsigned int n = 0;

	while (left) {
		uint64_t pa = kva_to_phys(p);
		size_t len = is_direct_map(p) ? left :
			     MIN(left, PAGE_SIZE - ((uintptr_t)p & (PAGE_SIZE - 1)));

		if (vb->size_max)
			len = MIN(len, (size_t)vb->size_max);
		if (!pa)
			return -EINVAL;
		if (n && bufs[n - 1].addr + bufs[n - 1].len == pa &&
		    (!vb->size_max || bufs[n - 1].len + len <= vb->size_max)) {
			bufs[n - 1].len += (uint32_t)len;
		} else {
			if (n == max)
				return -EINVAL;
			bufs[n++] = (struct virtio_buf){ .addr = pa, .len = (uint32_t)len };
		}
		p += len;
		left -= len;
	}
	return (int)n;
}

/*
 * Put bio on the ring. 0, -ENOSPC (no room now: keep it pending), or
 * another error (it can never go). Caller holds vb->lock.
 */
static int start_bio(struct virtio_blk *vb, struct bio *bio)
{
	struct virtio_buf bufs[VBLK_SEGS_MAX + 2];
	unsigned int nd = 0, out, in;
	struct vblk_req *req;
	int n = 0, slot, err;

	if (bio->op != BIO_FLUSH) {
		n = data_pieces(vb, bio, bufs + 1, vb->seg_max);
		if (n < 0)
			return n;
	}
	if ((unsigned int)n + 2 > vb->vq->num)
		return -EINVAL;
	if (vb->free_req < 0 || virtqueue_num_free(vb->vq) < (unsigned int)n + 2)
		return -ENOSPC;
	slot = vb->free_req;
	req = &vb->reqs[slot];
	req->hdr = (struct virtio_blk_outhdr){
		.type = bio->op == BIO_READ ? VIRTIO_BLK_T_IN :
			bio->op == BIO_WRITE ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH,
		.sector = bio->sector,
	};
	req->status = VIRTIO_BLK_S_IOERR;	/* unless the device says otherwise */
	req->bio = bio;
	bufs[0] = (struct virtio_buf){ .addr = virt_to_phys(&req->hdr), .len = sizeof(req->hdr) };
	nd = 1 + (unsigned int)n;
	bufs[nd++] = (struct virtio_buf){ .addr = virt_to_phys(&req->status), .len = 1 };
	/* a write's data is read by the device: it goes with the header */
	out = bio->op == BIO_WRITE ? 1 + (unsigned int)n : 1;
	in = nd - out;
	err = virtqueue_add(vb->vq, bufs, out, in, req);
	if (err)
		return err;
	vb->free_req = req->next_free;
	vb->inflight++;
	if (vb->inflight > vb->disk.max_in_flight)
		WRITE_ONCE(vb->disk.max_in_flight, vb->inflight);
	return 0;
}

/* Start pending bios while there is room; failed ones go to done. */
static void start_pending(struct virtio_blk *vb, struct list_head *done)
{
	struct bio *bio, *tmp;

	list_for_each_entry_safe(bio, tmp, &vb->pending, queue) {
		int err = start_bio(vb, bio);

		if (err == -ENOSPC)
			break;
		list_del(&bio->queue);
		if (err) {
			bio->status = -EIO;
			list_add_tail(&bio->queue, done);
		}
	}
	virtqueue_kick(vb->vq);
}

/* Reap finished requests onto done. Caller holds vb->lock. */
static void reap(struct virtio_blk *vb, struct list_head *done)
{
	struct vblk_req *req;

	while ((req = virtqueue_get_buf(vb->vq, NULL))) {
		struct bio *bio = req->bio;

		bio->status = req->status == VIRTIO_BLK_S_OK ? 0 : -EIO;
		list_add_tail(&bio->queue, done);
		req->bio = NULL;
		req->next_free = vb->free_req;
		vb->free_req = (int)(req - vb->reqs);
		vb->inflight--;
	}
}

static void end_all(struct list_head *done)
{
	struct bio *bio, *tmp;

	list_for_each_entry_safe(bio, tmp, done, queue) {
		list_del(&bio->queue);
		bio->end_io(bio);	/* the bio is the owner's from here on */
	}
}

static void complete(struct virtio_blk *vb)
{
	LIST_HEAD(done);

	spin_lock(&vb->lock);
	reap(vb, &done);
	start_pending(vb, &done);
	spin_unlock(&vb->lock);
	end_all(&done);
}

/* ---- block device operations ------------------------------------------------ */

static int vblk_submit(struct block_device *disk, struct bio *bio)
{
	struct virtio_blk *vb = disk->priv;
	int err = 0;

	if (bio->op == BIO_FLUSH && !vb->can_flush) {
		bio->status = 0;	/* no volatile cache to flush */
		bio->end_io(bio);
		return 0;
	}
	spin_lock(&vb->lock);
	if (list_empty(&vb->pending))
		err = start_bio(vb, bio);
	if (err == -ENOSPC || !list_empty(&vb->pending)) {
		list_add_tail(&bio->queue, &vb->pending);
		err = 0;
	}
	virtqueue_kick(vb->vq);
	spin_unlock(&vb->lock);
	return err;
}

static void vblk_poll(struct block_device *disk)
{
	complete(disk->priv);
}

static const struct block_device_ops vblk_ops = {
	.submit = vblk_submit,
	.poll = vblk_poll,
};

static void vblk_vq_done(struct virtqueue *vq)
{
	complete(vq->priv);
}

/* ---- probing ---------------------------------------------------------------- */

/* Linux's names: vda .. vdz, vdaa .. vdzz, ... (bijective base 26). */
static void disk_name(char *buf, size_t size, unsigned int index)
{
	char letters[8];
	int n = 0;

	do {
		letters[n++] = (char)('a' + index % 26);
		index = index / 26;
	} while (index-- > 0 && n < (int)sizeof(letters));
	strlcpy(buf, VBLK_NAME_PREFIX, size);
	for (size_t at = strlen(buf); n > 0 && at + 1 < size; at++) {
		buf[at] = letters[--n];
		buf[at + 1] = 0;
	}
}

static int virtio_blk_probe(struct virtio_device *vd)
{
	struct virtio_blk *vb = kzalloc(sizeof(*vb));
	int err;

	if (!vb)
		return -ENOMEM;
	vb->vd = vd;
	vd->priv = vb;
	spin_init(&vb->lock, "virtio-blk", LOCK_VIRTQUEUE);
	list_init(&vb->pending);
	err = virtio_setup_vq(vd, 0, VBLK_QUEUE_MAX, vblk_vq_done, &vb->vq);
	if (err)
		return err;
	vb->vq->priv = vb;
	vb->reqs = kzalloc(sizeof(*vb->reqs) * vb->vq->num);
	if (!vb->reqs)
		return -ENOMEM;
	for (unsigned int i = 0; i < vb->vq->num; i++)
		vb->reqs[i].next_free = i + 1 < vb->vq->num ? (int)i + 1 : -1;
	vb->free_req = 0;
	vb->seg_max = VBLK_SEGS_MAX;
	if (virtio_has_feature(vd, VIRTIO_BLK_F_SEG_MAX))
		vb->seg_max = MAX(1U, MIN(vb->seg_max, virtio_cread32(vd, VIRTIO_BLK_CFG_SEG_MAX)));
	vb->seg_max = MIN(vb->seg_max, vb->vq->num - 2);
	if (virtio_has_feature(vd, VIRTIO_BLK_F_SIZE_MAX))
		vb->size_max = virtio_cread32(vd, VIRTIO_BLK_CFG_SIZE_MAX);
	vb->can_flush = virtio_has_feature(vd, VIRTIO_BLK_F_FLUSH);

	disk_name(vb->disk.name, sizeof(vb->disk.name), nr_disks);
	vb->disk.dev = MKDEV(VIRTBLK_MAJOR, nr_disks * DISK_MINORS);
	vb->disk.nr_sectors = virtio_cread64(vd, VIRTIO_BLK_CFG_CAPACITY);
	vb->disk.ops = &vblk_ops;
	vb->disk.max_segments = vb->seg_max;
	vb->disk.max_segment_size = vb->size_max;
	vb->disk.priv = vb;
	vb->disk.read_only = virtio_has_feature(vd, VIRTIO_BLK_F_RO);
	if (virtio_has_feature(vd, VIRTIO_BLK_F_BLK_SIZE))
		vb->disk.logical_block_size = virtio_cread32(vd, VIRTIO_BLK_CFG_BLK_SIZE);
	if ((nr_disks + 1) * DISK_MINORS > MINORMASK)
		return -ENOSPC;
	virtio_device_ready(vd);
	pr_info("virtio-blk: %s on %s, %u descriptors, %u pieces per request%s%s\n",
		vb->disk.name, vd->name, vb->vq->num, vb->seg_max,
		vb->can_flush ? ", flush" : "", vb->disk.read_only ? ", read-only" : "");
	err = blkdev_register_disk(&vb->disk);
	if (err)
		return err;
	nr_disks++;
	return 0;
}

const struct virtio_driver virtio_blk_driver = {
	.name = "virtio-blk",
	.device_id = VIRTIO_ID_BLOCK,
	.features = (1ULL << VIRTIO_BLK_F_SIZE_MAX) | (1ULL << VIRTIO_BLK_F_SEG_MAX) |
		    (1ULL << VIRTIO_BLK_F_RO) | (1ULL << VIRTIO_BLK_F_BLK_SIZE) |
		    (1ULL << VIRTIO_BLK_F_FLUSH),
	.probe = virtio_blk_probe,
};
