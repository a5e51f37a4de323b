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
 *
 * Lifetimes: block devices are never unregistered (no hot-unplug), so a
 * struct block_device pointer stays valid. A bio belongs to the driver
 * from a successful submit until its end_io starts; after that the
 * driver does not touch it. Devices may only be used with one block
 * size at a time through the cache (as Linux's set_blocksize).
 *
 * Locks (see docs/storage.md): the registry is a mutex; the cache's
 * spinlock (LOCK_BCACHE) and the drivers' queue locks are leaves.
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
	struct list_head queue;		/* the driver's, while it holds the bio */
};

struct block_device_ops {
	/*
	 * Start the I/O (sector already absolute on the disk); 0 or -errno,
	 * and then end_io is not called. Never sleeps: a full queue keeps
	 * the bio until there is room. Takes the driver's leaf lock.
	 */
	int (*submit)(struct block_device *disk, struct bio *bio);
	/* Complete finished I/O without interrupts (they are off at boot). */
	void (*poll)(struct block_device *disk);
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
	unsigned int partno;			/* [I] 0 for a disk */
	unsigned int logical_block_size;	/* [I] 512 unless the driver says */
	bool read_only;				/* [I] */
	int wb_err;				/* [a] a write-back error not yet reported */
	int openers;				/* [a] open block special files */
	void *holder;				/* [blkdev_mutex] the super block mounted on it */
	unsigned int max_in_flight;		/* [driver] most requests on the device at once */
	/*
	 * [I] disks: how many physically contiguous pieces one bio's buffer
	 * may be in, and how long one may be (0: no limit). A buffer outside
	 * the direct map is one piece per page. A bio that needs more fails
	 * with -EINVAL; blkdev_rw() cuts its I/O to fit.
	 */
	unsigned int max_segments, max_segment_size;
};

/*
 * Register a disk (disk == itself) and scan it for MBR/GPT partitions
 * (drivers/block/genhd.c); 0, -EINVAL or -EBUSY (name or dev taken).
 */
int blkdev_register_disk(struct block_device *disk);
/* Add one device, disk or partition (disk set), to the registry; 0, -EINVAL, -EBUSY. */
int blkdev_add(struct block_device *b);
struct block_device *blkdev_lookup(dev_t dev);
struct block_device *blkdev_lookup_name(const char *name);
/*
 * A mounted file system holds its device, so that no second one is
 * mounted on it, nor on its disk or one of its partitions: 0 or -EBUSY.
 */
int blkdev_claim(struct block_device *b, void *holder);
void blkdev_unclaim(struct block_device *b, void *holder);
/*
 * Call fn for every registered device, disks before their partitions.
 * fn runs under the registry mutex: it may sleep, not register devices.
 */
void blkdev_for_each(void (*fn)(struct block_device *b, void *arg), void *arg);

/* Submit: 0 or -EINVAL (bad range or alignment), -EROFS; then end_io is not called. */
int blkdev_submit(struct bio *bio);
/* Synchronous I/O; 0 or -EIO / -EINVAL (out of range). */
int blkdev_rw(struct block_device *b, enum bio_op op, uint64_t sector, void *buf, size_t len);
static inline uint64_t blkdev_bytes(const struct block_device *b)
{
	return b->nr_sectors << SECTOR_SHIFT;
}

/*
 * Many bios in flight at once, waited for together. bio_batch_submit()
 * sets the bio's end_io and private; bio_batch_wait() sleeps until all
 * are done (polling the disk when interrupts are off) and returns 0 or
 * the first error, of a submit or of a bio.
 */
struct bio_batch {
	int pending;			/* [a] bios not done, plus one until the wait */
	int status;			/* [a] the first error */
	struct block_device *disk;	/* the last bio's, for polling */
};

void bio_batch_init(struct bio_batch *bb);
void bio_batch_submit(struct bio_batch *bb, struct bio *bio);
int bio_batch_wait(struct bio_batch *bb);

/* The block cache. */
struct buf {
	struct block_device *bdev;	/* [I] */
	uint64_t blockno;		/* [I] in units of size */
	unsigned int size;		/* [I] 512 .. 4096, a power of two */
	void *data;			/* [I] size bytes */
	/* the rest belongs to fs/buffer.c */
	int refcount;			/* [bcache lock] */
	unsigned int flags;		/* [bcache lock] B_* of fs/buffer.c */
	struct list_head hash_node, lru_node;	/* [bcache lock] */
	struct list_head dirty_node;	/* [bcache lock] on the dirty list */
	struct bio bio;			/* its write-back */
};

/* Referenced and read; NULL with *err (-EIO, -ENOMEM, -EINVAL) on failure. */
struct buf *bread(struct block_device *b, uint64_t blockno, unsigned int size, int *err);
/* As bread, but the caller overwrites all of it: no read (a new block is zeroed). */
struct buf *bget_zeroed(struct block_device *b, uint64_t blockno, unsigned int size, int *err);
/* Never sleeps. The caller serializes its own changes to bp->data. */
void bdirty(struct buf *bp);
void brelse(struct buf *bp);
/*
 * Write every dirty block of b (NULL: of every device) and flush the
 * device's cache; 0, or -EIO if a write-back failed since the last call.
 */
int blkdev_sync(struct block_device *b);

/* Cache limits and reclaim (the write-back thread lives in drivers/block/). */
void bcache_set_limit(size_t bytes);
/* Free clean unreferenced blocks, oldest first, until bytes are freed; freed bytes. */
size_t bcache_reclaim(size_t bytes);
/* Write back the dirty blocks of every device (the periodic flusher). */
void bcache_writeback_all(void);
/*
 * How to start the write-back thread: called once, at the cache's first
 * use from a thread with interrupts on (disks register before threads).
 */
void bcache_set_writeback_starter(void (*start)(void));
/* Drop b's clean unreferenced blocks (BLKFLSBUF, after blkdev_sync). */
void bcache_invalidate(struct block_device *b);
/* Copy what was written directly to b at byte off into the cached blocks it covers. */
void bcache_update(struct block_device *b, uint64_t off, const void *src, size_t len);

struct bcache_stats {
	size_t cached_bytes, dirty_bytes, limit_bytes;
	unsigned long nr_bufs, hits, misses;
};
void bcache_get_stats(struct bcache_stats *st);

/* Block special files (fs/blkdev_file.c): what an S_IFBLK inode opens with. */
struct file_operations;
extern const struct file_operations blkdev_fops;

/* Linux's block ioctls (include/uapi/linux/fs.h) */
#define BLKROGET	0x125e		/* _IO(0x12, 94): int */
#define BLKGETSIZE	0x1260		/* _IO(0x12, 96): unsigned long sectors */
#define BLKFLSBUF	0x1261		/* _IO(0x12, 97) */
#define BLKSSZGET	0x1268		/* _IO(0x12, 104): int logical block size */
#define BLKBSZGET	0x80081270	/* _IOR(0x12, 112, size_t): int soft block size */
#define BLKGETSIZE64	0x80081272	/* _IOR(0x12, 114, size_t): u64 bytes */
#define BLKPBSZGET	0x127b		/* _IO(0x12, 123): unsigned int physical size */

#endif
