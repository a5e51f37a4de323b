/*
 * Disks: what happens when a driver registers one (Linux's genhd.c and
 * partitions/core.c). The disk joins the block device registry, its
 * partition table is read (lib/partition.c, through the disk itself) and
 * each partition becomes a block device of its own, named and numbered
 * as Linux does: "vda1" (after a digit "nvme0n1p1"), disk->dev + n.
 *
 * The first disk also sizes the block cache (BCACHE_RAM_SHARE of RAM) and
 * gives it its write-back thread, which writes dirty blocks every
 * BCACHE_WRITEBACK_NS. This is the kernel-only side of fs/block.c
 * and fs/buffer.c, which host tests link without a scheduler.
 */
#include <fs/blkdev.h>
#include <fs/fs.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <lib/errno.h>
#include <lib/partition.h>
#include <lib/string.h>
#include <mm/kmalloc.h>
#include <mm/page.h>

#define BCACHE_WRITEBACK_NS	(5 * NSEC_PER_SEC)
#define BCACHE_RAM_SHARE	8		/* the cache may hold 1/8 of RAM */
#define PART_LINE_MAX		160
#define PART_READ_AHEAD		(32 * 1024)

/* ---- partitions ------------------------------------------------------------------- */

/*
 * The partition parser reads one block at a time, mostly in runs (a GPT
 * entry array): read PART_READ_AHEAD bytes at once and serve from them.
 */
struct scan_reader {
	struct block_device *disk;
	uint8_t *window;		/* PART_READ_AHEAD bytes */
	uint64_t first, count;		/* LBAs held */
};

static int read_lba(void *ctx, uint64_t lba, void *buf)
{
	struct scan_reader *r = ctx;
	unsigned int lbs = r->disk->logical_block_size;
	uint64_t per_lba = lbs >> SECTOR_SHIFT, nr_lbas = r->disk->nr_sectors / per_lba;
	int err;

	if (lba < r->first || lba >= r->first + r->count) {
		r->count = MIN((uint64_t)PART_READ_AHEAD / lbs, nr_lbas - lba);
		r->first = lba;
		err = blkdev_rw(r->disk, BIO_READ, lba * per_lba, r->window, r->count * lbs);
		if (err && r->count > 1) {	/* the bad block may be another one */
			r->count = 1;
			err = blkdev_rw(r->disk, BIO_READ, lba * per_lba, r->window, lbs);
		}
		if (err) {
			r->count = 0;
			return err;
		}
	}
	memcpy(buf, r->window + (lba - r->first) * lbs, lbs);
	return 0;
}

/* Append s to the string in buf (size bytes), cutting it if it does not fit. */
static void append(char *buf, size_t size, const char *s)
{
	size_t at = strlen(buf);

	strlcpy(buf + at, s, size - at);
}

/* Linux's partition names: "vda" 1 -> "vda1", "nvme0n1" 1 -> "nvme0n1p1". */
static void partition_name(char *buf, size_t size, const char *disk, unsigned int n)
{
	size_t len = strlen(disk);
	char num[4] = { 0 };

	strlcpy(buf, disk, size);
	if (len && disk[len - 1] >= '0' && disk[len - 1] <= '9')
		append(buf, size, "p");
	if (n >= 10)
		num[0] = (char)('0' + n / 10);
	num[n >= 10] = (char)('0' + n % 10);
	append(buf, size, num);
}

static struct block_device *add_partition(struct block_device *disk, unsigned int n,
					  const struct part_entry *e)
{
	uint64_t k = disk->logical_block_size >> SECTOR_SHIFT;
	struct block_device *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	partition_name(p->name, sizeof(p->name), disk->name, n);
	p->dev = disk->dev + n;
	p->start = e->start * k;
	p->nr_sectors = e->nr_lbas * k;
	p->disk = disk;
	p->partno = n;
	p->logical_block_size = disk->logical_block_size;
	p->read_only = disk->read_only;
	p->priv = disk->priv;
	if (blkdev_add(p)) {
		kfree(p);
		return NULL;
	}
	return p;
}

static const char *const warnings[] = {
	"a partition runs past the end (cut)", "a partition starts past the end (dropped)",
	"the alternate GPT is invalid", "read errors",
};

static void scan_partitions(struct block_device *disk)
{
	unsigned int lbs = disk->logical_block_size;
	struct part_table *t = kmalloc(sizeof(*t), GFP_KERNEL);
	void *buf = kmalloc(lbs, GFP_KERNEL);
	struct scan_reader reader = { .disk = disk, .window = kmalloc(PART_READ_AHEAD, GFP_KERNEL) };
	struct part_disk d = { .read = read_lba, .ctx = &reader, .lba_size = lbs,
			       .nr_lbas = disk->nr_sectors / (lbs >> SECTOR_SHIFT),
			       .limit = DISK_MINORS, .buf = buf };
	char line[PART_LINE_MAX];
	int r;

	if (!t || !buf || !reader.window) {
		pr_warn("%s: no memory to read the partition table\n", disk->name);
		goto out;
	}
	r = partition_scan(&d, t);
	if (r < 0)
		pr_warn("%s: unable to read the partition table (%d)\n", disk->name, r);
	if (r <= 0)
		goto out;
	for (unsigned int w = 0; w < ARRAY_SIZE(warnings); w++)
		if (t->warnings & (1U << w))
			pr_warn("%s: partition table: %s\n", disk->name, warnings[w]);
	line[0] = 0;
	for (unsigned int n = 1; n < DISK_MINORS; n++) {
		struct block_device *p;

		if (!t->part[n].nr_lbas)
			continue;
		p = add_partition(disk, n, &t->part[n]);
		if (!p)
			pr_warn("%s: cannot add partition %u\n", disk->name, n);
		else {
			append(line, sizeof(line), " ");
			append(line, sizeof(line), p->name);
		}
	}
	pr_info("%s: %s:%s\n", disk->name, t->scheme == PART_SCHEME_GPT ? "GPT" : "MBR",
		line[0] ? line : " no partitions");
out:
	kfree(reader.window);
	kfree(buf);
	kfree(t);
}

/* ---- the write-back thread ------------------------------------------------------ */

/*
 * The flusher: every BCACHE_WRITEBACK_NS, the mounted file systems' dirty
 * file data (their page caches), then the dirty blocks that leaves.
 */
static void writeback_thread(void *arg)
{
	(void)arg;
	for (;;) {
		sleep_until(time_ns() + BCACHE_WRITEBACK_NS);
		vfs_writeback_all();
		bcache_writeback_all();
	}
}

static void start_writeback_thread(void)
{
	if (!kthread_create("bcache-wb", writeback_thread, NULL, -1))
		pr_warn("bcache: no write-back thread: dirty blocks wait for a sync\n");
}

/*
 * Once, at the first disk. Disks register while the boot cpu probes
 * devices, before there are threads: the cache starts the thread at its
 * first use from a thread.
 */
static void setup_cache(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	bcache_set_limit(pmm_total_count() / BCACHE_RAM_SHARE * PAGE_SIZE);
	bcache_set_writeback_starter(start_writeback_thread);
	pmm_register_shrinker(bcache_reclaim);
}

int blkdev_register_disk(struct block_device *disk)
{
	unsigned int lbs = disk->logical_block_size ? disk->logical_block_size : SECTOR_SIZE;
	int err;

	if (lbs < SECTOR_SIZE || lbs > 4096 || (lbs & (lbs - 1)))
		return -EINVAL;
	disk->logical_block_size = lbs;
	disk->disk = disk;
	disk->start = 0;
	disk->partno = 0;
	err = blkdev_add(disk);
	if (err)
		return err;
	setup_cache();
	pr_info("%s: %llu sectors (%llu MiB)%s\n", disk->name,
		(unsigned long long)disk->nr_sectors,
		(unsigned long long)(disk->nr_sectors >> (20 - SECTOR_SHIFT)),
		disk->read_only ? ", read-only" : "");
	scan_partitions(disk);
	return 0;
}
