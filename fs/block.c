/*
 * Block devices (see <fs/blkdev.h>): the registry of disks and their
 * partitions, bio submission with range checks and the partition offset,
 * and waiting for bios, alone (blkdev_rw) or many at once (bio batches).
 *
 * The registry is a list in registration order under a mutex; disks and
 * the partitions found on them are added by drivers/block/genhd.c.
 *
 * Waiting: completions may run in interrupt context on any cpu, so a
 * waiter sleeps on one static wait queue (bio_wait) that completions wake
 * after their last store to the waiter's memory; the waiter's bio and
 * counters may live on its stack. Before interrupts are on (the boot
 * cpu probing disks) a waiter polls the disk's driver instead.
 */
#include <fs/blkdev.h>
#include <kernel/mutex.h>
#include <kernel/sched.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <asm/irq.h>
#include <asm/memlayout.h>
#include <asm/processor.h>

#define BLKDEV_RW_CHUNK		(128 * 1024)	/* most bytes per bio of blkdev_rw */

static struct mutex blkdev_mutex = MUTEX_INIT(blkdev_mutex, "blkdev");
static LIST_HEAD(blkdevs);			/* [blkdev_mutex] in registration order */
static struct wait_queue bio_wait = WAIT_QUEUE_INIT(bio_wait);

/* ---- waiting for bios ----------------------------------------------------------- */

void bio_batch_init(struct bio_batch *bb)
{
	bb->pending = 1;	/* the waiter's own count, dropped when it waits */
	bb->status = 0;
	bb->disk = NULL;
}

static void batch_set_error(struct bio_batch *bb, int err)
{
	int zero = 0;

	__atomic_compare_exchange_n(&bb->status, &zero, err, false,
				    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

static void batch_end_io(struct bio *bio)
{
	struct bio_batch *bb = bio->private;

	if (bio->status)
		batch_set_error(bb, bio->status);
	/* the last touch of bb: the waiter may return at once */
	if (__atomic_sub_fetch(&bb->pending, 1, __ATOMIC_ACQ_REL) == 0)
		wake_up_all(&bio_wait);
}

void bio_batch_submit(struct bio_batch *bb, struct bio *bio)
{
	int err;

	bio->end_io = batch_end_io;
	bio->private = bb;
	bb->disk = bio->bdev->disk;
	__atomic_add_fetch(&bb->pending, 1, __ATOMIC_RELAXED);
	err = blkdev_submit(bio);
	if (err) {
		bio->status = err;
		batch_end_io(bio);
	}
}

static bool batch_done(struct bio_batch *bb)
{
	return __atomic_load_n(&bb->pending, __ATOMIC_ACQUIRE) == 0;
}

int bio_batch_wait(struct bio_batch *bb)
{
	if (__atomic_sub_fetch(&bb->pending, 1, __ATOMIC_ACQ_REL) != 0) {
		if (arch_irqs_enabled()) {
			wait_event(&bio_wait, batch_done(bb));
		} else {
			while (!batch_done(bb)) {
				if (bb->disk && bb->disk->ops->poll)
					bb->disk->ops->poll(bb->disk);
				cpu_relax();
			}
		}
	}
	return __atomic_load_n(&bb->status, __ATOMIC_RELAXED);
}

/* ---- submission ----------------------------------------------------------------- */

int blkdev_submit(struct bio *bio)
{
	struct block_device *b = bio->bdev, *disk = b->disk;
	uint64_t lbs_sectors = disk->logical_block_size >> SECTOR_SHIFT;
	uint64_t n = bio->len >> SECTOR_SHIFT;

	bio->status = 0;
	if (bio->op == BIO_FLUSH) {
		bio->sector = 0;
		bio->len = 0;
		return disk->ops->submit(disk, bio);
	}
	if (bio->op != BIO_READ && bio->op != BIO_WRITE)
		return -EINVAL;
	if (!bio->len || bio->len % disk->logical_block_size || bio->sector % lbs_sectors)
		return -EINVAL;
	if (bio->sector > b->nr_sectors || n > b->nr_sectors - bio->sector)
		return -EINVAL;
	if (bio->op == BIO_WRITE && disk->read_only)
		return -EROFS;
	bio->sector += b->start;
	return disk->ops->submit(disk, bio);
}

/*
 * The most bytes of buf one bio may carry whatever its alignment: with
 * pieces of at most seg bytes, n bytes take at most n / seg + 1 pieces.
 */
static size_t rw_chunk(const struct block_device *disk, const void *buf)
{
	size_t seg = is_direct_map(buf) ? SIZE_MAX : PAGE_SIZE, n = BLKDEV_RW_CHUNK;

	if (disk->max_segment_size)
		seg = MIN(seg, (size_t)disk->max_segment_size);
	if (disk->max_segments && seg != SIZE_MAX)
		n = MIN(n, (disk->max_segments - 1) * seg);
	n = ALIGN_DOWN(n, (size_t)disk->logical_block_size);
	return MAX(n, (size_t)disk->logical_block_size);
}

int blkdev_rw(struct block_device *b, enum bio_op op, uint64_t sector, void *buf, size_t len)
{
	size_t chunk = rw_chunk(b->disk, buf);
	struct bio_batch bb;
	struct bio bio;
	int err = 0;

	if (op == BIO_FLUSH)
		len = SECTOR_SIZE;	/* one round below, with no data */
	if (len % SECTOR_SIZE)
		return -EINVAL;
	for (size_t done = 0; done < len && !err; ) {
		size_t n = MIN(len - done, chunk);

		bio = (struct bio){ .bdev = b, .op = op, .sector = sector + (done >> SECTOR_SHIFT),
				    .buf = (char *)buf + done, .len = op == BIO_FLUSH ? 0 : n };
		bio_batch_init(&bb);
		bio_batch_submit(&bb, &bio);
		err = bio_batch_wait(&bb);
		done += n;
	}
	return err;
}

/* ---- the registry ----------------------------------------------------------------- */

static struct block_device *lookup_locked(dev_t dev, const char *name)
{
	struct block_device *b;

	list_for_each_entry(b, &blkdevs, node)
		if ((name && !strcmp(b->name, name)) || (!name && b->dev == dev))
			return b;
	return NULL;
}

struct block_device *blkdev_lookup(dev_t dev)
{
	struct block_device *b;

	mutex_lock(&blkdev_mutex);
	b = lookup_locked(dev, NULL);
	mutex_unlock(&blkdev_mutex);
	return b;
}

struct block_device *blkdev_lookup_name(const char *name)
{
	struct block_device *b;

	mutex_lock(&blkdev_mutex);
	b = lookup_locked(0, name);
	mutex_unlock(&blkdev_mutex);
	return b;
}

int blkdev_claim(struct block_device *b, void *holder)
{
	struct block_device *o;
	int err = 0;

	mutex_lock(&blkdev_mutex);
	list_for_each_entry(o, &blkdevs, node)
		if (o->holder && (o == b || o == b->disk || o->disk == b))
			err = -EBUSY;
	if (!err)
		b->holder = holder;
	mutex_unlock(&blkdev_mutex);
	return err;
}

void blkdev_unclaim(struct block_device *b, void *holder)
{
	mutex_lock(&blkdev_mutex);
	if (b->holder == holder)
		b->holder = NULL;
	mutex_unlock(&blkdev_mutex);
}

void blkdev_for_each(void (*fn)(struct block_device *b, void *arg), void *arg)
{
	struct block_device *b;

	mutex_lock(&blkdev_mutex);
	list_for_each_entry(b, &blkdevs, node)
		fn(b, arg);
	mutex_unlock(&blkdev_mutex);
}

int blkdev_add(struct block_device *b)
{
	if (!b->disk || !b->disk->ops || !b->disk->ops->submit || !b->name[0])
		return -EINVAL;
	int err = 0;

	mutex_lock(&blkdev_mutex);
	if (lookup_locked(b->dev, NULL) || lookup_locked(0, b->name))
		err = -EBUSY;
	else
		list_add_tail(&b->node, &blkdevs);
	mutex_unlock(&blkdev_mutex);
	return err;
}
