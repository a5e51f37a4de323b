/*
 * The block cache API (<fs/blkdev.h>) for host tests, over disk images
 * held in files (pread/pwrite) or in memory.
 *
 * Blocks are cached by (device, number, size) with reference counts;
 * dirty ones are written at blkdev_sync() and host_disk_close(); clean
 * unreferenced ones beyond host_cache_limit are freed at once, oldest
 * first, so a pointer kept past brelse() is caught by AddressSanitizer.
 * A brelse() without a reference aborts.
 */
/* POSIX, not the C library's defaults: its dev_t and loff_t differ from ours */
#define _POSIX_C_SOURCE 200809L
#include <fs/blkdev.h>
#include <fs/fs.h>
#include <lib/errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fsync(int fd);

#include "fat_stubs.h"

#define BUF_DIRTY	1U

/* A write kept aside from a copy-on-write disk's image. */
struct cow_block {
	struct cow_block *next;
	uint64_t off;
	unsigned int size;
	uint8_t data[];
};

struct host_disk {
	struct block_device bdev;
	FILE *file;			/* NULL: in memory */
	uint8_t *mem;
	bool cow;			/* writes go to the list below, not to mem */
	struct cow_block *written;
	bool dead;
	struct list_head node;		/* open disks */
};

long host_disk_fail_after = -1;
int host_cache_limit = 64;

#define HASH_SIZE	1024

static LIST_HEAD(disks);
static LIST_HEAD(closed);		/* kept: a mount may still point there */
static LIST_HEAD(bufs);			/* most recently used first */
static struct list_head hash[HASH_SIZE];
static unsigned long releases;

static struct list_head *bucket(struct block_device *b, uint64_t blockno)
{
	uint64_t h = (blockno ^ (uintptr_t)b) * 0x9E3779B97F4A7C15ULL;

	if (!hash[0].next)
		for (int i = 0; i < HASH_SIZE; i++)
			list_init(&hash[i]);
	return &hash[h >> 54];
}

static struct host_disk *HD(struct block_device *b)
{
	return container_of(b, struct host_disk, bdev);
}

/*
 * /dev/NAME for a new disk, as the kernel's devtmpfs would have it, so
 * that it is mounted by path as on the kernel (once the VFS is up).
 */
static void disk_node(const struct block_device *b)
{
	char path[40];

	snprintf(path, sizeof(path), "/dev/%s", b->name);
	vfs_mkdirat(AT_FDCWD, "/dev", 0755);
	vfs_unlinkat(AT_FDCWD, path, 0);
	if (vfs_mknodat(AT_FDCWD, path, S_IFBLK | 0600, b->dev) != 0)
		abort();
}

static struct block_device *disk_new(const char *name, FILE *file, void *mem, uint64_t bytes)
{
	struct host_disk *d = calloc(1, sizeof(*d));
	static unsigned int next_minor;

	if (!d)
		abort();
	snprintf(d->bdev.name, sizeof(d->bdev.name), "%s", name);
	d->bdev.dev = MKDEV(VIRTBLK_MAJOR, next_minor++);
	d->bdev.nr_sectors = bytes / SECTOR_SIZE;
	d->bdev.disk = &d->bdev;
	d->file = file;
	d->mem = mem;
	list_add_tail(&d->node, &disks);
	disk_node(&d->bdev);
	return &d->bdev;
}

struct block_device *host_disk_file(const char *name, const char *path)
{
	FILE *file = fopen(path, "r+b");
	long size;

	if (!file || fseek(file, 0, SEEK_END) || (size = ftell(file)) < 0) {
		perror(path);
		abort();
	}
	return disk_new(name, file, NULL, (uint64_t)size);
}

struct block_device *host_disk_mem(const char *name, void *data, size_t len)
{
	return disk_new(name, NULL, data, len);
}

struct block_device *host_disk_cow(const char *name, const void *data, size_t len)
{
	struct block_device *b = disk_new(name, NULL, (void *)data, len);

	HD(b)->cow = true;
	return b;
}

static void cow_read(struct host_disk *d, uint64_t off, uint8_t *dst, unsigned int size)
{
	memcpy(dst, d->mem + off, size);
	for (struct cow_block *c = d->written; c; c = c->next) {
		uint64_t from = off > c->off ? off : c->off;
		uint64_t to = off + size < c->off + c->size ? off + size : c->off + c->size;

		if (from < to)
			memcpy(dst + (from - off), c->data + (from - c->off), to - from);
	}
}

static void cow_write(struct host_disk *d, uint64_t off, const uint8_t *src, unsigned int size)
{
	struct cow_block *c = malloc(sizeof(*c) + size), **pp = &d->written;

	if (!c)
		abort();
	/* newest last, so reads apply it over older ones */
	c->next = NULL;
	c->off = off;
	c->size = size;
	memcpy(c->data, src, size);

	while (*pp) {
		if ((*pp)->off == off && (*pp)->size == size) {
			struct cow_block *old = *pp;

			*pp = old->next;
			free(old);
			continue;
		}
		pp = &(*pp)->next;
	}
	*pp = c;
}

static bool io_fails(void)
{
	if (host_disk_fail_after < 0)
		return false;
	if (host_disk_fail_after == 0)
		return true;
	host_disk_fail_after--;
	return false;
}

static int disk_io(struct buf *bp, bool write)
{
	struct host_disk *d = HD(bp->bdev);
	uint64_t off = bp->blockno * bp->size;
	size_t n;

	if (d->dead || io_fails())
		return -EIO;
	if (off / SECTOR_SIZE + bp->size / SECTOR_SIZE > d->bdev.nr_sectors ||
	    bp->blockno > (UINT64_MAX / bp->size))
		return -EIO;
	if (d->cow) {
		if (write)
			cow_write(d, off, bp->data, bp->size);
		else
			cow_read(d, off, bp->data, bp->size);
		return 0;
	}
	if (!d->file) {
		if (write)
			memcpy(d->mem + off, bp->data, bp->size);
		else
			memcpy(bp->data, d->mem + off, bp->size);
		return 0;
	}
	if (fseek(d->file, (long)off, SEEK_SET))
		return -EIO;
	n = write ? fwrite(bp->data, 1, bp->size, d->file) : fread(bp->data, 1, bp->size, d->file);
	return n == bp->size ? 0 : -EIO;
}

static void buf_free(struct buf *bp)
{
	list_del(&bp->lru_node);
	list_del(&bp->hash_node);
	free(bp->data);
	free(bp);
}

/* Free clean unreferenced blocks beyond the limit, least recently used first. */
static void trim(void)
{
	struct buf *bp, *n;
	int clean = 0;

	list_for_each_entry_safe(bp, n, &bufs, lru_node) {
		if (bp->refcount || (bp->flags & BUF_DIRTY))
			continue;
		if (++clean > host_cache_limit)
			buf_free(bp);
	}
}

static struct buf *get(struct block_device *b, uint64_t blockno, unsigned int size,
		       bool read, int *err)
{
	struct buf *bp;

	if (size < SECTOR_SIZE || size > 4096 || (size & (size - 1))) {
		fprintf(stderr, "bread: bad block size %u\n", size);
		abort();
	}
	list_for_each_entry(bp, bucket(b, blockno), hash_node) {
		if (bp->bdev == b && bp->blockno == blockno && bp->size == size) {
			if (HD(b)->dead) {
				*err = -EIO;
				return NULL;
			}
			bp->refcount++;
			list_del(&bp->lru_node);
			list_add(&bp->lru_node, &bufs);
			return bp;
		}
	}
	bp = calloc(1, sizeof(*bp));
	if (!bp)
		abort();
	bp->bdev = b;
	bp->blockno = blockno;
	bp->size = size;
	bp->data = calloc(1, size);
	bp->refcount = 1;
	*err = read ? disk_io(bp, false) : (HD(b)->dead ? -EIO : 0);
	if (*err) {
		free(bp->data);
		free(bp);
		return NULL;
	}
	list_add(&bp->lru_node, &bufs);
	list_add(&bp->hash_node, bucket(b, blockno));
	return bp;
}

struct buf *bread(struct block_device *b, uint64_t blockno, unsigned int size, int *err)
{
	return get(b, blockno, size, true, err);
}

struct buf *bget_zeroed(struct block_device *b, uint64_t blockno, unsigned int size, int *err)
{
	return get(b, blockno, size, false, err);
}

void bdirty(struct buf *bp)
{
	if (bp->refcount <= 0) {
		fprintf(stderr, "bdirty without a reference\n");
		abort();
	}
	bp->flags |= BUF_DIRTY;
}

void brelse(struct buf *bp)
{
	if (bp->refcount <= 0) {
		fprintf(stderr, "brelse without a reference (block %lu)\n",
			(unsigned long)bp->blockno);
		abort();
	}
	if (--bp->refcount == 0 && ++releases % 16 == 0)
		trim();
}

int blkdev_sync(struct block_device *b)
{
	struct buf *bp;
	int ret = 0;

	list_for_each_entry(bp, &bufs, lru_node) {
		if (bp->bdev != b || !(bp->flags & BUF_DIRTY))
			continue;
		if (disk_io(bp, true))
			ret = -EIO;
		else
			bp->flags &= ~BUF_DIRTY;
	}
	if (!ret && HD(b)->file && (fflush(HD(b)->file) || fsync(fileno(HD(b)->file))))
		ret = -EIO;
	trim();
	return ret;
}

void host_disk_close(struct block_device *b)
{
	struct host_disk *d = HD(b);
	struct buf *bp, *n;

	blkdev_sync(b);
	list_for_each_entry_safe(bp, n, &bufs, lru_node) {
		if (bp->bdev != b)
			continue;
		if (bp->refcount) {
			fprintf(stderr, "host_disk_close: block %lu still referenced\n",
				(unsigned long)bp->blockno);
			abort();
		}
		buf_free(bp);
	}
	while (d->written) {
		struct cow_block *c = d->written;

		d->written = c->next;
		free(c);
	}
	if (d->file)
		fclose(d->file);
	d->file = NULL;
	d->mem = NULL;
	d->dead = true;
	list_del(&d->node);
	list_add(&d->node, &closed);
}

int host_buf_busy(void)
{
	struct buf *bp;
	int n = 0;

	list_for_each_entry(bp, &bufs, lru_node)
		n += bp->refcount > 0;
	return n;
}

struct block_device *blkdev_lookup_name(const char *name)
{
	struct host_disk *d;

	list_for_each_entry(d, &disks, node)
		if (strcmp(d->bdev.name, name) == 0)
			return &d->bdev;
	return NULL;
}

int blkdev_claim(struct block_device *b, void *holder)
{
	if (b->holder)
		return -EBUSY;
	b->holder = holder;
	return 0;
}

void blkdev_unclaim(struct block_device *b, void *holder)
{
	if (b->holder == holder)
		b->holder = NULL;
}

struct block_device *blkdev_lookup(dev_t dev)
{
	struct host_disk *d;

	list_for_each_entry(d, &disks, node)
		if (d->bdev.dev == dev)
			return &d->bdev;
	return NULL;
}

int blkdev_rw(struct block_device *b, enum bio_op op, uint64_t sector, void *buf, size_t len)
{
	struct buf tmp = { .bdev = b, .blockno = sector, .size = SECTOR_SIZE };

	for (size_t done = 0; done < len; done += SECTOR_SIZE, tmp.blockno++) {
		int err;

		if (op == BIO_FLUSH)
			return 0;
		tmp.data = (char *)buf + done;
		err = disk_io(&tmp, op == BIO_WRITE);
		if (err)
			return err;
	}
	return 0;
}

/*
 * The rest of the block layer's interface, for whatever else of fs/ the
 * test links (weak: a real definition wins).
 */
__attribute__((weak)) void bcache_update(struct block_device *b, uint64_t off, const void *src,
					 size_t len)
{
	struct buf *bp;

	list_for_each_entry(bp, &bufs, lru_node) {
		uint64_t start = bp->blockno * bp->size, end = start + bp->size;
		uint64_t from = off > start ? off : start;
		uint64_t to = off + len < end ? off + len : end;

		if (bp->bdev == b && from < to)
			memcpy((char *)bp->data + (from - start), (const char *)src + (from - off),
			       to - from);
	}
}

__attribute__((weak)) void bcache_invalidate(struct block_device *b)
{
	struct buf *bp, *n;

	list_for_each_entry_safe(bp, n, &bufs, lru_node)
		if (bp->bdev == b && !bp->refcount && !(bp->flags & BUF_DIRTY))
			buf_free(bp);
}

__attribute__((weak)) void bcache_set_limit(size_t bytes)
{
	(void)bytes;
}

__attribute__((weak)) size_t bcache_reclaim(size_t bytes)
{
	(void)bytes;
	return 0;
}

__attribute__((weak)) void bcache_writeback_all(void)
{
	struct host_disk *d;

	list_for_each_entry(d, &disks, node)
		blkdev_sync(&d->bdev);
}

__attribute__((weak)) void bcache_set_writeback_starter(void (*start)(void))
{
	(void)start;
}
