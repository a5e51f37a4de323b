/*
 * Block devices and the block cache.
 *
 * A disk driver registers a struct block_device for the whole disk
 * ("vda") with an ops table; partition scanning registers one more per
 * partition ("vda1"), sharing the disk's ops with a start offset. I/O is
 * a struct bio: submitted asynchronously (end_io runs when done, maybe in
 * interrupt context) or with blkdev_rw(), which sleeps until it is done.
 *
 * File systems read metadata through the block cache: bread() returns a
 * referenced, up-to-date block; bdirty() marks it for write-back (by a
 * periodic flusher, by blkdev_sync(), at unmount); brelse() drops the
 * reference. Clean unreferenced blocks are reclaimed under memory
 * pressure.
 *
 * Numbers: sectors are 512 bytes whatever the device's logical block
 * size; dev_t majors are Linux's for virtio disks (254, 16 minors per
 * disk: the disk and 15 partitions).
 */
#ifndef FS_BLKDEV_H
#define FS_BLKDEV_H

#include <lib/compiler.h>
#include <lib/list.h>
#include <fs/types.h>

#define SECTOR_SHIFT	9
#define SECTOR_SIZE	(1U << SECTOR_SHIFT)
#define VIRTBLK_MAJOR	254
#define DISK_MINORS	16

struct block_device;

enum bio_op { BIO_READ, BIO_WRITE, BIO_FLUSH };

struct bio {
	struct block_device *bdev;
	enum bio_op op;
	uint64_t sector;		/* relative to bdev (a partition adds its start) */
	void *buf;			/* kernel address, len bytes */
	size_t len;			/* a multiple of SECTOR_SIZE */
	int status;			/* 0 or -EIO, set before end_io */
	void (*end_io)(struct bio *bio);
	void *private;
};

struct block_device_ops {
	/* Start the I/O (sector already absolute on the disk); 0 or -errno. */
	int (*submit)(struct block_device *disk, struct bio *bio);
};

struct block_device {
	char name[16];				/* [I] "vda", "vda1" */
	dev_t dev;				/* [I] */
	uint64_t start;				/* [I] first sector on the disk */
	uint64_t nr_sectors;			/* [I] */
	struct block_device *disk;		/* [I] the whole disk (itself for a disk) */
	const struct block_device_ops *ops;	/* [I] disks only */
	void *priv;				/* [I] the driver's */
	struct list_head node;			/* [blkdev list lock] */
};

/* Register a disk (disk == itself) and scan it for MBR/GPT partitions. */
int blkdev_register_disk(struct block_device *disk);
struct block_device *blkdev_lookup(dev_t dev);
struct block_device *blkdev_lookup_name(const char *name);
/* Call fn for every registered device, disks before their partitions. */
void blkdev_for_each(void (*fn)(struct block_device *b, void *arg), void *arg);

int blkdev_submit(struct bio *bio);
/* Synchronous I/O; 0 or -EIO / -EINVAL (out of range). */
int blkdev_rw(struct block_device *b, enum bio_op op, uint64_t sector, void *buf, size_t len);

/* The block cache. */
struct buf {
	struct block_device *bdev;	/* [I] */
	uint64_t blockno;		/* [I] in units of size */
	unsigned int size;		/* [I] 512 .. 4096, a power of two */
	void *data;			/* [I] size bytes */
	/* the rest belongs to fs/buffer.c */
	int refcount;
	unsigned int flags;
	struct list_head hash_node, lru_node;
};

/* Referenced and read; NULL with *err (-EIO, -ENOMEM) on failure. */
struct buf *bread(struct block_device *b, uint64_t blockno, unsigned int size, int *err);
/* As bread, but the caller overwrites all of it: no read. */
struct buf *bget_zeroed(struct block_device *b, uint64_t blockno, unsigned int size, int *err);
void bdirty(struct buf *bp);
void brelse(struct buf *bp);
/* Write every dirty block of b (and flush the device's cache); 0 or -EIO. */
int blkdev_sync(struct block_device *b);

#endif
