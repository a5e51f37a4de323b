/*
 * Split virtqueues (virtio 1.2, section 2.7): a descriptor table, the
 * available ring the driver fills and the used ring the device fills,
 * laid out in one block of pages as the legacy interface requires (the
 * used ring on the next page boundary), so both transports share it.
 *
 * Free descriptors form a list through their next fields. A request is
 * a chain of descriptors; its head's index goes into the available ring
 * and comes back in the used ring, where tokens[head] says whose it is.
 *
 * Ordering with the device: descriptors and the ring entry are written
 * before avail->idx (a write fence), avail->idx before reading the
 * device's NO_NOTIFY flag (a full fence), and used->idx is read before
 * the used entries (a read fence). The caller serializes (see virtio.h).
 */
#include "virtio.h"
#include <mm/kmalloc.h>
#include <mm/page.h>
#include <lib/errno.h>
#include <lib/string.h>

#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2
#define VRING_USED_F_NO_NOTIFY	1
#define VRING_USED_ALIGN	PAGE_SIZE	/* the legacy QueueAlign we program */

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* num entries, then used_event */
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];	/* num entries, then avail_event */
};

BUILD_BUG_ON(sizeof(struct vring_desc) != 16);
BUILD_BUG_ON(sizeof(struct vring_used_elem) != 8);

static size_t avail_size(unsigned int num)
{
	return sizeof(struct vring_avail) + sizeof(uint16_t) * (num + 1);
}

size_t vring_used_offset(unsigned int num)
{
	return ALIGN_UP(sizeof(struct vring_desc) * num + avail_size(num), VRING_USED_ALIGN);
}

size_t vring_size(unsigned int num)
{
	return vring_used_offset(num) + sizeof(struct vring_used) +
	       sizeof(struct vring_used_elem) * num + sizeof(uint16_t);
}

int vring_alloc(struct virtqueue *vq)
{
	size_t size = vring_size(vq->num);
	unsigned int order = 0;
	struct page *pg;
	uint8_t *base;

	while ((PAGE_SIZE << order) < size)
		order++;
	pg = alloc_pages(order, GFP_ZERO);
	vq->tokens = kzalloc(sizeof(void *) * vq->num);
	if (!pg || !vq->tokens) {
		if (pg)
			free_pages(pg, order);
		kfree(vq->tokens);
		return -ENOMEM;
	}
	base = page_address(pg);
	vq->ring_order = order;
	vq->ring_phys = page_to_phys(pg);
	vq->desc = (struct vring_desc *)base;
	vq->avail = (struct vring_avail *)(base + sizeof(struct vring_desc) * vq->num);
	vq->used = (struct vring_used *)(base + vring_used_offset(vq->num));
	for (unsigned int i = 0; i < vq->num; i++)
		vq->desc[i].next = (uint16_t)(i + 1);
	vq->free_head = 0;
	vq->nr_free = (uint16_t)vq->num;
	vq->avail_idx = vq->last_used = vq->added = 0;
	return 0;
}

void vring_free(struct virtqueue *vq)
{
	free_pages(virt_to_page(vq->desc), vq->ring_order);
	kfree(vq->tokens);
	vq->desc = NULL;
	vq->tokens = NULL;
}

unsigned int virtqueue_num_free(const struct virtqueue *vq)
{
	return vq->nr_free;
}

int virtqueue_add(struct virtqueue *vq, const struct virtio_buf *bufs,
		  unsigned int nr_out, unsigned int nr_in, void *token)
{
	unsigned int n = nr_out + nr_in;
	uint16_t head = vq->free_head, i = head, prev = head;

	if (n == 0 || n > vq->num || !token)
		return -EINVAL;
	if (n > vq->nr_free)
		return -ENOSPC;
	for (unsigned int k = 0; k < n; k++) {
		struct vring_desc *d = &vq->desc[i];

		d->addr = bufs[k].addr;
		d->len = bufs[k].len;
		d->flags = (uint16_t)((k < nr_out ? 0 : VRING_DESC_F_WRITE) |
				      (k + 1 < n ? VRING_DESC_F_NEXT : 0));
		prev = i;
		i = d->next;
	}
	vq->free_head = vq->desc[prev].next;
	vq->nr_free = (uint16_t)(vq->nr_free - n);
	vq->tokens[head] = token;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	vq->avail_idx++;
	vq->added++;
	/* the chain and its ring entry before the index that publishes them */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	WRITE_ONCE(vq->avail->idx, vq->avail_idx);
	return 0;
}

void virtqueue_kick(struct virtqueue *vq)
{
	if (!vq->added)
		return;
	vq->added = 0;
	/* avail->idx is out before we look at whether the device wants a kick */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!(READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY))
		vq->notify(vq);
}

void *virtqueue_get_buf(struct virtqueue *vq, uint32_t *len)
{
	struct vring_used_elem e;
	uint16_t i, last;
	void *token;

	if (vq->last_used == READ_ONCE(vq->used->idx))
		return NULL;
	/* the entry is read after the index that says it is there */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	e = vq->used->ring[vq->last_used & (vq->num - 1)];
	vq->last_used++;
	if (e.id >= vq->num || !vq->tokens[e.id])
		return NULL;	/* a broken device: ignore the entry */
	token = vq->tokens[e.id];
	vq->tokens[e.id] = NULL;
	/* give the chain back to the free list */
	last = i = (uint16_t)e.id;
	vq->nr_free++;
	while (vq->desc[i].flags & VRING_DESC_F_NEXT) {
		i = vq->desc[i].next;
		last = i;
		vq->nr_free++;
	}
	vq->desc[last].next = vq->free_head;
	vq->free_head = (uint16_t)e.id;
	if (len)
		*len = e.len;
	return token;
}
