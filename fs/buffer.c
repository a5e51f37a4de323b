/*
 * The block cache (see <fs/blkdev.h>).
 *
 * A cached block is a struct buf keyed by (device, block number, size)
 * in a hash table. Its states, in flags:
 *
 *   B_BUSY       being read by the thread that created it; others wait
 *   B_VALID      data holds the block (read, or zeroed for an overwrite)
 *   B_STALE      the read failed: out of the hash, freed at its last brelse
 *   B_DIRTY      changed since written: on the dirty list, oldest first
 *   B_WRITEBACK  a write of it is in flight (it may be dirtied again meanwhile)
 *
 * Unreferenced blocks sit on the LRU list, least recently used first;
 * only clean ones there are ever freed: to make room when the cache is
 * at its limit (a cap set from the size of RAM), when an allocation for
 * it fails, or when the rest of the kernel asks (bcache_reclaim). When
 * only dirty blocks stand in the way, or more than half the cache is
 * dirty, the allocating thread writes some back first.
 *
 * Write-back takes a reference and moves the block from DIRTY to
 * WRITEBACK under the lock, writes a batch of blocks with all their bios
 * in flight, and waits. One write-back runs at a time (wb_mutex), so
 * blkdev_sync() knows that once it holds the mutex nothing it must wait
 * for is still in flight. A failed write is reported once, by the next
 * blkdev_sync() of the device (wb_err). The periodic write-back thread
 * lives with the disks (drivers/block/genhd.c), which register before
 * threads can be made: the cache starts it at its first use from a
 * thread, through the starter they give it.
 *
 * Locking: bcache_lock (LOCK_BCACHE) is a leaf taken with no other
 * spinlock held and holding it nothing is allocated, freed, woken or
 * slept on. It protects the hash, the lists, refcounts, flags and the
 * counters. Waiters for BUSY and WRITEBACK to clear sleep on buf_wait;
 * whoever clears them wakes it after dropping the lock.
 */
#include <fs/blkdev.h>
#include <kernel/mutex.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <mm/kmalloc.h>
#include <asm/irq.h>

#define B_BUSY		(1U << 0)
#define B_VALID		(1U << 1)
#define B_STALE		(1U << 2)
#define B_DIRTY		(1U << 3)
#define B_WRITEBACK	(1U << 4)

#define BCACHE_HASH_BITS	10
#define BCACHE_HASH_SIZE	(1U << BCACHE_HASH_BITS)
#define BCACHE_DEFAULT_LIMIT	(4UL << 20)	/* until bcache_set_limit() */
#define BCACHE_MIN_LIMIT	(256UL << 10)
#define WB_BATCH		64		/* blocks written at once */
#define BUF_MIN_SIZE		512
#define BUF_MAX_SIZE		4096

static struct spinlock bcache_lock = SPINLOCK_INIT("bcache", LOCK_BCACHE);
static struct list_head hash[BCACHE_HASH_SIZE];	/* [bcache_lock] */
static bool hash_ready;				/* [bcache_lock] */
static LIST_HEAD(lru);				/* [bcache_lock] refcount 0, oldest first */
static LIST_HEAD(dirty);			/* [bcache_lock] B_DIRTY, oldest first */
static size_t cached_bytes, dirty_bytes;	/* [bcache_lock] */
static unsigned long nr_bufs, hits, misses;	/* [bcache_lock] */
static size_t limit_bytes = BCACHE_DEFAULT_LIMIT;	/* [a] */
static struct mutex wb_mutex = MUTEX_INIT(wb_mutex, "bcache writeback");
static struct wait_queue buf_wait = WAIT_QUEUE_INIT(buf_wait);
static void (*writeback_starter)(void);		/* [I] once set */
static int writeback_started;			/* [a] */

static unsigned int hash_of(const struct block_device *b, uint64_t blockno, unsigned int size)
{
	uint64_t k = ((uintptr_t)b >> 6) ^ (blockno * 0x9e3779b97f4a7c15ULL) ^ size;

	return (unsigned int)((k ^ (k >> 32)) * 0x9e3779b1U) >> (32 - BCACHE_HASH_BITS);
}

/* Caller holds bcache_lock. */
static struct buf *lookup(struct block_device *b, uint64_t blockno, unsigned int size)
{
	struct buf *bp;

	if (!hash_ready) {
		for (unsigned int i = 0; i < BCACHE_HASH_SIZE; i++)
			list_init(&hash[i]);
		hash_ready = true;
	}
	list_for_each_entry(bp, &hash[hash_of(b, blockno, size)], hash_node)
		if (bp->bdev == b && bp->blockno == blockno && bp->size == size)
			return bp;
	return NULL;
}

static void buf_free(struct buf *bp)
{
	kfree(bp->data);
	kfree(bp);
}

static void free_list(struct list_head *l)
{
	struct buf *bp, *tmp;

	list_for_each_entry_safe(bp, tmp, l, lru_node)
		buf_free(bp);
}

/*
 * Move clean unreferenced blocks (of b, or of any device), oldest first,
 * out of the cache onto out until want bytes are gathered. Caller holds
 * bcache_lock and frees them after dropping it.
 */
static size_t evict_clean(struct block_device *b, size_t want, struct list_head *out)
{
	struct buf *bp, *tmp;
	size_t got = 0;

	list_for_each_entry_safe(bp, tmp, &lru, lru_node) {
		if (got >= want)
			break;
		if (bp->flags & B_DIRTY || (b && bp->bdev != b))
			continue;
		list_del(&bp->hash_node);
		list_del(&bp->lru_node);
		list_add_tail(&bp->lru_node, out);
		cached_bytes -= bp->size;
		nr_bufs--;
		got += bp->size;
	}
	return got;
}

size_t bcache_reclaim(size_t bytes)
{
	LIST_HEAD(victims);
	size_t got;

	spin_lock(&bcache_lock);
	got = evict_clean(NULL, bytes, &victims);
	spin_unlock(&bcache_lock);
	free_list(&victims);
	return got;
}

void bcache_invalidate(struct block_device *b)
{
	LIST_HEAD(victims);

	spin_lock(&bcache_lock);
	evict_clean(b, SIZE_MAX, &victims);
	spin_unlock(&bcache_lock);
	free_list(&victims);
}

void bcache_set_limit(size_t bytes)
{
	__atomic_store_n(&limit_bytes, MAX(bytes, BCACHE_MIN_LIMIT), __ATOMIC_RELAXED);
}

void bcache_get_stats(struct bcache_stats *st)
{
	spin_lock(&bcache_lock);
	*st = (struct bcache_stats){ .cached_bytes = cached_bytes, .dirty_bytes = dirty_bytes,
				     .limit_bytes = limit_bytes, .nr_bufs = nr_bufs,
				     .hits = hits, .misses = misses };
	spin_unlock(&bcache_lock);
}

/* ---- write-back --------------------------------------------------------------- */

/*
 * Write up to WB_BATCH dirty blocks of b (NULL: any), oldest first, all
 * at once, and wait for them. Caller holds wb_mutex. Returns how many.
 */
static unsigned int writeback_batch(struct block_device *b)
{
	struct buf *batch[WB_BATCH], *bp, *tmp;
	struct bio_batch bb;
	unsigned int n = 0;

	spin_lock(&bcache_lock);
	list_for_each_entry_safe(bp, tmp, &dirty, dirty_node) {
		if (n == WB_BATCH)
			break;
		if (b && bp->bdev != b)
			continue;
		list_del(&bp->dirty_node);
		bp->flags = (bp->flags & ~B_DIRTY) | B_WRITEBACK;
		dirty_bytes -= bp->size;
		if (bp->refcount++ == 0)
			list_del(&bp->lru_node);
		batch[n++] = bp;
	}
	spin_unlock(&bcache_lock);
	if (!n)
		return 0;
	bio_batch_init(&bb);
	for (unsigned int i = 0; i < n; i++) {
		bp = batch[i];
		bp->bio = (struct bio){ .bdev = bp->bdev, .op = BIO_WRITE,
					.sector = bp->blockno * (bp->size >> SECTOR_SHIFT),
					.buf = bp->data, .len = bp->size };
		bio_batch_submit(&bb, &bp->bio);
	}
	bio_batch_wait(&bb);
	spin_lock(&bcache_lock);
	for (unsigned int i = 0; i < n; i++)
		batch[i]->flags &= ~B_WRITEBACK;
	spin_unlock(&bcache_lock);
	wake_up_all(&buf_wait);
	for (unsigned int i = 0; i < n; i++) {
		if (batch[i]->bio.status) {
			__atomic_store_n(&batch[i]->bdev->wb_err, -EIO, __ATOMIC_RELAXED);
			__atomic_store_n(&batch[i]->bdev->disk->wb_err, -EIO, __ATOMIC_RELAXED);
		}
		brelse(batch[i]);
	}
	return n;
}

/* Write back what is dirty now (not what gets dirtied meanwhile). */
static void writeback(struct block_device *b)
{
	unsigned long rounds;

	mutex_lock(&wb_mutex);
	spin_lock(&bcache_lock);
	rounds = dirty_bytes / BUF_MIN_SIZE / WB_BATCH + 1;
	spin_unlock(&bcache_lock);
	while (rounds-- && writeback_batch(b))
		;
	mutex_unlock(&wb_mutex);
}

void bcache_writeback_all(void)
{
	writeback(NULL);
}

void bcache_set_writeback_starter(void (*start)(void))
{
	__atomic_store_n(&writeback_starter, start, __ATOMIC_RELEASE);
}

/* From a thread that may sleep: start the write-back thread if not yet. */
static void start_writeback(void)
{
	void (*start)(void) = __atomic_load_n(&writeback_starter, __ATOMIC_ACQUIRE);

	if (!start || __atomic_load_n(&writeback_started, __ATOMIC_RELAXED) ||
	    !arch_irqs_enabled())
		return;
	if (!__atomic_exchange_n(&writeback_started, 1, __ATOMIC_ACQ_REL))
		start();
}

static void flush_one(struct block_device *b, void *arg)
{
	int *err = arg;

	if (b->partno == 0 && blkdev_rw(b, BIO_FLUSH, 0, NULL, 0))
		*err = -EIO;
}

static int take_error(struct block_device *b)
{
	return __atomic_exchange_n(&b->wb_err, 0, __ATOMIC_RELAXED);
}

static void take_error_each(struct block_device *b, void *arg)
{
	int *err = arg;

	if (take_error(b))
		*err = -EIO;
}

int blkdev_sync(struct block_device *b)
{
	int err = 0;

	writeback(b);
	if (b) {
		if (blkdev_rw(b, BIO_FLUSH, 0, NULL, 0))
			err = -EIO;
		if (take_error(b))
			err = -EIO;
		return err;
	}
	blkdev_for_each(flush_one, &err);
	blkdev_for_each(take_error_each, &err);
	return err;
}

/* ---- getting blocks -------------------------------------------------------------- */

static bool over_limit(size_t more)
{
	return cached_bytes + more > __atomic_load_n(&limit_bytes, __ATOMIC_RELAXED);
}

/*
 * Make room for size more bytes: free clean old blocks, writing dirty
 * ones back first when they are what fills the cache. Past that (every
 * block referenced) the cache grows over its limit.
 */
static void make_room(unsigned int size)
{
	LIST_HEAD(victims);
	bool full, too_dirty;

	spin_lock(&bcache_lock);
	if (over_limit(size))
		evict_clean(NULL, cached_bytes + size - limit_bytes, &victims);
	full = over_limit(size) && dirty_bytes;
	too_dirty = dirty_bytes > limit_bytes / 2;
	spin_unlock(&bcache_lock);
	free_list(&victims);
	if (!full && !too_dirty)
		return;
	mutex_lock(&wb_mutex);
	writeback_batch(NULL);
	mutex_unlock(&wb_mutex);
	spin_lock(&bcache_lock);
	if (over_limit(size))
		evict_clean(NULL, cached_bytes + size - limit_bytes, &victims);
	spin_unlock(&bcache_lock);
	free_list(&victims);
}

static struct buf *buf_alloc(struct block_device *b, uint64_t blockno, unsigned int size)
{
	struct buf *bp;

	make_room(size);
	for (int tries = 0; tries < 2; tries++) {
		bp = kzalloc(sizeof(*bp));
		if (bp)
			bp->data = kmalloc(size, GFP_KERNEL);
		if (bp && bp->data)
			break;
		kfree(bp);
		bp = NULL;
		bcache_reclaim(SIZE_MAX);	/* low on memory: drop every clean block */
	}
	if (!bp)
		return NULL;
	bp->bdev = b;
	bp->blockno = blockno;
	bp->size = size;
	return bp;
}

/*
 * The block, referenced; *created when this call made it (then it is
 * B_BUSY and the caller fills it in). NULL on -ENOMEM.
 */
static struct buf *bget(struct block_device *b, uint64_t blockno, unsigned int size,
			bool *created)
{
	struct buf *bp, *fresh = NULL;

	for (;;) {
		spin_lock(&bcache_lock);
		bp = lookup(b, blockno, size);
		if (bp) {
			if (bp->refcount++ == 0)
				list_del(&bp->lru_node);
			hits++;
			spin_unlock(&bcache_lock);
			if (fresh)
				buf_free(fresh);
			*created = false;
			return bp;
		}
		if (fresh) {
			fresh->refcount = 1;
			fresh->flags = B_BUSY;
			list_add(&fresh->hash_node, &hash[hash_of(b, blockno, size)]);
			cached_bytes += size;
			nr_bufs++;
			misses++;
			spin_unlock(&bcache_lock);
			*created = true;
			return fresh;
		}
		spin_unlock(&bcache_lock);
		fresh = buf_alloc(b, blockno, size);
		if (!fresh)
			return NULL;
	}
}

/* The creator's I/O is done: valid, or stale (out of the hash). */
static void finish_fill(struct buf *bp, bool ok)
{
	spin_lock(&bcache_lock);
	bp->flags &= ~B_BUSY;
	if (ok) {
		bp->flags |= B_VALID;
	} else {
		bp->flags |= B_STALE;
		list_del(&bp->hash_node);
		cached_bytes -= bp->size;
		nr_bufs--;
	}
	spin_unlock(&bcache_lock);
	wake_up_all(&buf_wait);
}

static bool not_busy(struct buf *bp)
{
	return !(READ_ONCE(bp->flags) & B_BUSY);
}

static int check_args(struct block_device *b, uint64_t blockno, unsigned int size)
{
	uint64_t per = size >> SECTOR_SHIFT;

	if (size < BUF_MIN_SIZE || size > BUF_MAX_SIZE || (size & (size - 1)) ||
	    size < b->disk->logical_block_size)
		return -EINVAL;
	if (blockno >= b->nr_sectors / per)
		return -EINVAL;
	return 0;
}

static struct buf *get_block(struct block_device *b, uint64_t blockno, unsigned int size,
			     bool read, int *err)
{
	bool created;
	struct buf *bp;
	int r;

	*err = check_args(b, blockno, size);
	if (*err)
		return NULL;
	start_writeback();
	for (;;) {
		bp = bget(b, blockno, size, &created);
		if (!bp) {
			*err = -ENOMEM;
			return NULL;
		}
		if (created) {
			r = 0;
			if (read)
				r = blkdev_rw(b, BIO_READ, blockno * (size >> SECTOR_SHIFT),
					      bp->data, size);
			else
				memset(bp->data, 0, size);
			finish_fill(bp, r == 0);
			if (r == 0)
				return bp;
			brelse(bp);
			*err = -EIO;
			return NULL;
		}
		wait_event(&buf_wait, not_busy(bp));
		if (READ_ONCE(bp->flags) & B_VALID)
			return bp;
		/* its read failed: reading fails too; an overwrite starts afresh */
		brelse(bp);
		if (read) {
			*err = -EIO;
			return NULL;
		}
	}
}

struct buf *bread(struct block_device *b, uint64_t blockno, unsigned int size, int *err)
{
	return get_block(b, blockno, size, true, err);
}

struct buf *bget_zeroed(struct block_device *b, uint64_t blockno, unsigned int size, int *err)
{
	return get_block(b, blockno, size, false, err);
}

void bdirty(struct buf *bp)
{
	spin_lock(&bcache_lock);
	if (!(bp->flags & B_DIRTY)) {
		bp->flags |= B_DIRTY;
		list_add_tail(&bp->dirty_node, &dirty);
		dirty_bytes += bp->size;
	}
	spin_unlock(&bcache_lock);
}

void brelse(struct buf *bp)
{
	bool free_it = false;

	spin_lock(&bcache_lock);
	if (--bp->refcount == 0) {
		if (bp->flags & B_STALE)
			free_it = true;
		else
			list_add_tail(&bp->lru_node, &lru);
	}
	spin_unlock(&bcache_lock);
	if (free_it)
		buf_free(bp);
}

/* ---- direct I/O coherence ------------------------------------------------------- */

void bcache_update(struct block_device *b, uint64_t off, const void *src, size_t len)
{
	const uint8_t *s = src;

	spin_lock(&bcache_lock);
	for (unsigned int size = BUF_MIN_SIZE; size <= BUF_MAX_SIZE; size <<= 1) {
		for (uint64_t blk = off / size; blk * size < off + len; blk++) {
			struct buf *bp = lookup(b, blk, size);
			uint64_t from, to;

			if (!bp || !(bp->flags & B_VALID))
				continue;
			from = MAX(off, blk * size);
			to = MIN(off + len, (blk + 1) * size);
			memcpy((uint8_t *)bp->data + (from - blk * size), s + (from - off),
			       (size_t)(to - from));
		}
	}
	spin_unlock(&bcache_lock);
}
