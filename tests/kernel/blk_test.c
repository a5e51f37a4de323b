/*
 * Disk self-test ("blk", by name): booted by tools/runtests.py with three
 * virtio disks made by tools/mkdisk.py, on both virtio-mmio transports:
 *
 *   vda  16 MiB, MBR: 1 (2 MiB, a pattern), 2 (1 MiB), 3 extended with
 *        logicals 5 (2 MiB) and 6 (1 MiB), 4 (4 MiB, scratch)
 *   vdb  24 MiB, GPT: 1 (2 MiB, a pattern), 3 (3 MiB, a marker is written
 *        here for the runner to find in the image), 4 (16 MiB, scratch)
 *   vdc  1 MiB, read-only, no partition table
 *
 * The pattern sectors read "blk-test NAME sector N". Checked: the
 * registry (names, numbers, sizes, order), reads through partitions and
 * disks, range errors, hundreds of bios in flight at once, buffers that
 * are not physically contiguous, every cpu doing I/O at once, flushes,
 * the block cache (hits, write-back by blkdev_sync and by the thread,
 * the size limit, reclaim) and block special files, by their operations
 * and through nodes in the root file system.
 */
#include "test_util.h"
#include <fs/blkdev.h>
#include <fs/fs.h>
#include <fs/vfs.h>
#include <kernel/cpu.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mm/kmalloc.h>
#include <mm/page.h>
#include <mm/kmap.h>
#include <mm/kstack.h>

#define MIB_SECTORS		2048
#define PATTERN_LEN		64
#define FLIGHT_BIOS		256
#define FLIGHT_BYTES		8192
#define WORKER_ROUNDS		200
#define WRITEBACK_WAIT_NS	(8 * NSEC_PER_SEC)
#define MARKER_OFFSET		(1 << 20)	/* in vdb3 */
#define MARKER			"blk selftest wrote this\n"

struct expect {
	const char *name;
	unsigned int major, minor;
	uint64_t start, nr_sectors;
};

static const struct expect layout[] = {
	{ "vda", 254, 0, 0, 16 * MIB_SECTORS },
	{ "vda1", 254, 1, 2048, 4096 },
	{ "vda2", 254, 2, 6144, 2048 },
	{ "vda3", 254, 3, 8192, 2 },		/* an extended partition, as Linux */
	{ "vda4", 254, 4, 24576, 8192 },
	{ "vda5", 254, 5, 10240, 4096 },
	{ "vda6", 254, 6, 16384, 2048 },
	{ "vdb", 254, 16, 0, 24 * MIB_SECTORS },
	{ "vdb1", 254, 17, 2048, 4096 },
	{ "vdb3", 254, 19, 6144, 6144 },
	{ "vdb4", 254, 20, 12288, 32768 },
	{ "vdc", 254, 32, 0, MIB_SECTORS },
};

static uint64_t fill_word(uint64_t tag, size_t i)
{
	return (tag * 0x9e3779b97f4a7c15ULL) ^ (i * 0xbf58476d1ce4e5b9ULL);
}

static void fill(void *p, size_t n, uint64_t tag)
{
	uint64_t *w = p;

	for (size_t i = 0; i < n / 8; i++)
		w[i] = fill_word(tag, i);
}

static bool intact(const void *p, size_t n, uint64_t tag)
{
	const uint64_t *w = p;

	for (size_t i = 0; i < n / 8; i++)
		if (w[i] != fill_word(tag, i))
			return false;
	return true;
}

struct count_arg {
	struct block_device *disks[4];
	int nr_disks, nr_parts;
	bool orphan;			/* a partition before its disk */
};

static void count_dev(struct block_device *b, void *arg)
{
	struct count_arg *c = arg;
	bool seen = false;

	if (b->partno == 0) {
		if (c->nr_disks < (int)ARRAY_SIZE(c->disks))
			c->disks[c->nr_disks] = b;
		c->nr_disks++;
		return;
	}
	c->nr_parts++;
	for (int i = 0; i < c->nr_disks && i < (int)ARRAY_SIZE(c->disks); i++)
		seen |= c->disks[i] == b->disk;
	c->orphan |= !seen;
}

static int check_registry(void)
{
	struct count_arg c = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(layout); i++) {
		const struct expect *e = &layout[i];
		struct block_device *b = blkdev_lookup_name(e->name);

		if (!b)
			pr_err("blk: no %s\n", e->name);
		CHECK(b);
		CHECK(b->dev == MKDEV(e->major, e->minor));
		CHECK(blkdev_lookup(b->dev) == b);
		CHECK(b->start == e->start);
		CHECK(b->nr_sectors == e->nr_sectors);
		CHECK(b->disk == blkdev_lookup(MKDEV(e->major, e->minor & ~(DISK_MINORS - 1))));
	}
	CHECK(!blkdev_lookup_name("vda7") && !blkdev_lookup_name("vdb2"));
	CHECK(!blkdev_lookup_name("vdc1") && !blkdev_lookup_name("vdd"));
	CHECK(blkdev_lookup_name("vdc")->read_only && !blkdev_lookup_name("vda")->read_only);
	blkdev_for_each(count_dev, &c);
	CHECK(c.nr_disks == 3 && c.nr_parts == 9 && !c.orphan);
	return 0;
}

/* Sector 'sector' of b is sector n of the pattern partition name. */
static int check_pattern(struct block_device *b, uint64_t sector, const char *name,
			 uint64_t n, void *buf)
{
	char want[PATTERN_LEN];
	int len = snprintf(want, sizeof(want), "blk-test %s sector %08llu\n", name,
			   (unsigned long long)n);

	CHECK(blkdev_rw(b, BIO_READ, sector, buf, SECTOR_SIZE) == 0);
	if (memcmp(buf, want, (size_t)len)) {
		pr_err("blk: %s sector %llu reads \"%.40s\"\n", b->name,
		       (unsigned long long)sector, (char *)buf);
		return 1;
	}
	return 0;
}

static int check_reads(void)
{
	static const char *const parts[] = { "vda1", "vdb1" };
	void *buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	int err = 0;

	CHECK(buf);
	for (size_t i = 0; i < ARRAY_SIZE(parts) && !err; i++) {
		struct block_device *p = blkdev_lookup_name(parts[i]);
		uint64_t last = p->nr_sectors - 1;

		err |= check_pattern(p, 0, parts[i], 0, buf);
		err |= check_pattern(p, 1, parts[i], 1, buf);
		err |= check_pattern(p, last, parts[i], last, buf);
		/* the same sectors through the whole disk */
		err |= check_pattern(p->disk, p->start, parts[i], 0, buf);
		err |= check_pattern(p->disk, p->start + last, parts[i], last, buf);
		/* out of range: one past the end, a length across it, bad lengths */
		CHECK(blkdev_rw(p, BIO_READ, p->nr_sectors, buf, SECTOR_SIZE) == -EINVAL);
		CHECK(blkdev_rw(p, BIO_READ, last, buf, 2 * SECTOR_SIZE) == -EINVAL);
		CHECK(blkdev_rw(p, BIO_READ, 0, buf, 100) == -EINVAL);
	}
	CHECK(blkdev_rw(blkdev_lookup_name("vda"), BIO_FLUSH, 0, NULL, 0) == 0);
	CHECK(blkdev_rw(blkdev_lookup_name("vdc"), BIO_WRITE, 0, buf, SECTOR_SIZE) == -EROFS);
	CHECK(blkdev_rw(blkdev_lookup_name("vdc"), BIO_READ, 0, buf, SECTOR_SIZE) == 0);
	kfree(buf);
	return err;
}

/* FLIGHT_BIOS writes of FLIGHT_BYTES at once, then as many reads; compare. */
static int check_in_flight(const char *name, uint64_t tag)
{
	struct block_device *b = blkdev_lookup_name(name);
	struct bio *bios = kzalloc(sizeof(*bios) * FLIGHT_BIOS);
	void **bufs = kzalloc(sizeof(void *) * FLIGHT_BIOS);
	uint64_t per = FLIGHT_BYTES / SECTOR_SIZE;
	struct bio_batch bb;
	int err = 1;

	if (!bios || !bufs)
		goto out;
	for (int i = 0; i < FLIGHT_BIOS; i++) {
		bufs[i] = kmalloc(FLIGHT_BYTES, GFP_KERNEL);
		if (!bufs[i])
			goto out;
	}
	CHECK(FLIGHT_BIOS * per <= b->nr_sectors);
	for (int op = BIO_WRITE; op >= BIO_READ; op--) {
		bio_batch_init(&bb);
		for (int i = 0; i < FLIGHT_BIOS; i++) {
			/* interleaved order: neighbours are not submitted together */
			int slot = (i * 37) % FLIGHT_BIOS;

			if (op == BIO_WRITE)
				fill(bufs[slot], FLIGHT_BYTES, tag + (uint64_t)slot);
			else
				memset(bufs[slot], 0, FLIGHT_BYTES);
			bios[slot] = (struct bio){ .bdev = b, .op = (enum bio_op)op,
						   .sector = (uint64_t)slot * per,
						   .buf = bufs[slot], .len = FLIGHT_BYTES };
			bio_batch_submit(&bb, &bios[slot]);
		}
		if (bio_batch_wait(&bb))
			goto out;
	}
	for (int i = 0; i < FLIGHT_BIOS; i++)
		if (!intact(bufs[i], FLIGHT_BYTES, tag + (uint64_t)i)) {
			pr_err("blk: %s bio %d read back wrong\n", name, i);
			goto out;
		}
	pr_info("blk: %s: %d bios in flight, the device had %u at once\n", name,
		FLIGHT_BIOS, b->disk->max_in_flight);
	err = b->disk->max_in_flight > 1 ? 0 : 1;
out:
	for (int i = 0; bufs && i < FLIGHT_BIOS; i++)
		kfree(bufs[i]);
	kfree(bufs);
	kfree(bios);
	return err;
}

#define ODD_LEN		(128 * 1024)

/* In the kernel image: mapped apart from the direct map, physically one run. */
static uint8_t image_buf[ODD_LEN + PAGE_SIZE];

/* Physically contiguous runs of [p, p + len). */
static unsigned int phys_runs(const uint8_t *p, size_t len)
{
	unsigned int runs = 1;

	for (uintptr_t va = ALIGN_UP((uintptr_t)p, PAGE_SIZE); va < (uintptr_t)p + len;
	     va += PAGE_SIZE)
		if (kmap_lookup(va) != kmap_lookup(va - PAGE_SIZE) + PAGE_SIZE)
			runs++;
	return runs;
}

static int rw_check(struct block_device *b, uint64_t sector, uint8_t *buf, size_t len,
		    uint64_t tag)
{
	fill(buf, len, tag);
	CHECK(blkdev_rw(b, BIO_WRITE, sector, buf, len) == 0);
	memset(buf, 0, len);
	CHECK(blkdev_rw(b, BIO_READ, sector, buf, len) == 0);
	CHECK(intact(buf, len, tag));
	return 0;
}

/*
 * Buffers outside the direct map: on this stack, in the image, and a
 * kernel stack's pages, which come one by one (physically apart).
 */
static int check_odd_buffers(void)
{
	struct block_device *b = blkdev_lookup_name("vda4");
	uint8_t stack_buf[2048];
	uintptr_t top = kstack_alloc();
	uint8_t *spread = (uint8_t *)(top - KSTACK_SIZE) + 512;
	size_t spread_len = KSTACK_SIZE - 1024;

	CHECK(top);
	CHECK(rw_check(b, 100, stack_buf, sizeof(stack_buf), 11) == 0);
	CHECK(rw_check(b, 1000, image_buf + PAGE_SIZE - 1024, ODD_LEN, 12) == 0);
	CHECK(rw_check(b, 2000, spread, spread_len, 13) == 0);
	pr_info("blk: I/O on a %lu-byte buffer in %u physical pieces\n",
		(unsigned long)spread_len, phys_runs(spread, spread_len));
	kstack_free(top);
	return 0;
}

/* Every cpu reads and writes its own part of vdb4, with checks. */
struct io_worker {
	struct countdown *done;
	struct block_device *b;
	uint64_t first, nr;		/* its sectors */
	uint64_t seed;
	int errors;
};

static void io_worker(void *arg)
{
	struct io_worker *w = arg;
	uint64_t *tags = kzalloc(sizeof(uint64_t) * (w->nr / 8));
	void *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);

	if (!tags || !buf) {
		w->errors++;
		goto out;
	}
	for (int r = 0; r < WORKER_ROUNDS; r++) {
		uint64_t slot = test_rand(&w->seed) % (w->nr / 8);
		uint64_t sector = w->first + slot * 8;

		if (tags[slot] && test_rand(&w->seed) % 2) {
			if (blkdev_rw(w->b, BIO_READ, sector, buf, PAGE_SIZE) ||
			    !intact(buf, PAGE_SIZE, tags[slot]))
				w->errors++;
			continue;
		}
		tags[slot] = test_rand(&w->seed) | 1;
		fill(buf, PAGE_SIZE, tags[slot]);
		if (blkdev_rw(w->b, BIO_WRITE, sector, buf, PAGE_SIZE))
			w->errors++;
	}
out:
	kfree(buf);
	kfree(tags);
	countdown_done(w->done);
}

static int check_all_cpus(void)
{
	static struct io_worker workers[NR_CPUS];
	struct block_device *b = blkdev_lookup_name("vdb4");
	uint64_t share = ALIGN_DOWN(b->nr_sectors / 2 / (uint64_t)nr_cpus, 8);
	void *args[NR_CPUS];
	struct countdown done;
	int errors = 0;

	for (int i = 0; i < nr_cpus; i++) {
		workers[i] = (struct io_worker){ .done = &done, .b = b, .first = share * (uint64_t)i,
						 .nr = share, .seed = 0x1234567ULL * (uint64_t)(i + 1) };
		args[i] = &workers[i];
	}
	run_on_all_cpus(io_worker, args, &done);
	for (int i = 0; i < nr_cpus; i++)
		errors += workers[i].errors;
	CHECK(errors == 0);
	return 0;
}

/* ---- the block cache ------------------------------------------------------------- */

/* Allocate every page there is (the allocator asks the caches), then give them back. */
static unsigned long take_all_pages(void)
{
	struct page *list = NULL, *p;
	unsigned long n = 0;

	while ((p = alloc_pages(0, GFP_KERNEL))) {
		*(struct page **)page_address(p) = list;
		list = p;
		n++;
	}
	while (list) {
		p = list;
		list = *(struct page **)page_address(p);
		free_pages(p, 0);
	}
	return n;
}

static int check_cache(void)
{
	struct block_device *b = blkdev_lookup_name("vdb4");
	uint64_t base = b->nr_sectors / 2 / 8;		/* the upper half: 4 KiB blocks */
	void *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	struct bcache_stats st;
	struct buf *bp, *bp2;
	uint64_t deadline;
	size_t limit;
	int err;

	CHECK(buf);
	/* a hit is the same block; the data is what the disk holds */
	fill(buf, PAGE_SIZE, 21);
	CHECK(blkdev_rw(b, BIO_WRITE, base * 8, buf, PAGE_SIZE) == 0);
	bp = bread(b, base, PAGE_SIZE, &err);
	CHECK(bp && intact(bp->data, PAGE_SIZE, 21));
	bp2 = bread(b, base, PAGE_SIZE, &err);
	CHECK(bp2 == bp);
	brelse(bp2);
	CHECK(!bread(b, b->nr_sectors / 8, PAGE_SIZE, &err) && err == -EINVAL);
	CHECK(!bread(b, 0, 1000, &err) && err == -EINVAL);

	/* blkdev_sync writes it back */
	fill(bp->data, PAGE_SIZE, 22);
	bdirty(bp);
	brelse(bp);
	CHECK(blkdev_sync(b) == 0);
	CHECK(blkdev_rw(b, BIO_READ, base * 8, buf, PAGE_SIZE) == 0);
	CHECK(intact(buf, PAGE_SIZE, 22));

	/* and so does the write-back thread, by itself */
	bp = bget_zeroed(b, base + 1, PAGE_SIZE, &err);
	CHECK(bp);
	fill(bp->data, PAGE_SIZE, 23);
	bdirty(bp);
	brelse(bp);
	deadline = time_ns() + WRITEBACK_WAIT_NS;
	do {
		sleep_until(time_ns() + 100 * NSEC_PER_MSEC);
		bcache_get_stats(&st);
	} while (st.dirty_bytes && time_ns() < deadline);
	CHECK(st.dirty_bytes == 0);
	CHECK(blkdev_rw(b, BIO_READ, (base + 1) * 8, buf, PAGE_SIZE) == 0);
	CHECK(intact(buf, PAGE_SIZE, 23));

	/* the limit holds while reading more than it */
	limit = st.limit_bytes;
	bcache_set_limit(256 * 1024);
	for (uint64_t i = 0; i < 512; i++) {
		bp = bread(b, base + 2 + i, PAGE_SIZE, &err);
		CHECK(bp);
		brelse(bp);
	}
	bcache_get_stats(&st);
	CHECK(st.cached_bytes <= 256 * 1024);
	bcache_set_limit(limit);

	/* many dirty blocks: written back to make room, and synced */
	for (uint64_t i = 0; i < 256; i++) {
		bp = bget_zeroed(b, base + 2 + i, PAGE_SIZE, &err);
		CHECK(bp);
		fill(bp->data, PAGE_SIZE, 100 + i);
		bdirty(bp);
		brelse(bp);
	}
	CHECK(blkdev_sync(NULL) == 0);
	for (uint64_t i = 0; i < 256; i += 51) {
		CHECK(blkdev_rw(b, BIO_READ, (base + 2 + i) * 8, buf, PAGE_SIZE) == 0);
		CHECK(intact(buf, PAGE_SIZE, 100 + i));
	}
	/* reclaim drops clean blocks */
	CHECK(bcache_reclaim(SIZE_MAX) > 0);
	bcache_get_stats(&st);
	CHECK(st.cached_bytes == 0 && st.nr_bufs == 0);

	/* and so does the page allocator, when it runs out */
	for (uint64_t i = 0; i < 64; i++) {
		bp = bread(b, base + 2 + i, PAGE_SIZE, &err);
		CHECK(bp);
		brelse(bp);
	}
	bcache_get_stats(&st);
	CHECK(st.cached_bytes == 64 * PAGE_SIZE);
	CHECK(take_all_pages() > 0);
	bcache_get_stats(&st);
	CHECK(st.cached_bytes == 0);
	kfree(buf);
	return 0;
}

/* ---- block special files ----------------------------------------------------------- */

struct test_file {
	struct inode inode;
	struct file file;
};

static int tf_open(struct test_file *t, const char *name, unsigned int flags)
{
	struct block_device *b = blkdev_lookup_name(name);

	memset(t, 0, sizeof(*t));
	t->inode.i_mode = S_IFBLK | 0600;
	t->inode.i_rdev = b->dev;
	t->file.f_flags = flags;
	t->file.f_mode = FMODE_READ | ((flags & O_ACCMODE) != O_RDONLY ? FMODE_WRITE : 0);
	t->file.f_inode = &t->inode;
	return blkdev_fops.open(&t->inode, &t->file);
}

static void tf_close(struct test_file *t)
{
	blkdev_fops.release(&t->inode, &t->file);
}

static ssize_t tf_io(struct test_file *t, bool write, void *buf, size_t len, loff_t pos)
{
	struct uio_seg seg;
	struct uio u;

	uio_init_one(&u, &seg, buf, len, UIO_KERNEL);
	return write ? blkdev_fops.write(&t->file, &u, &pos) : blkdev_fops.read(&t->file, &u, &pos);
}

static int check_files(void)
{
	struct block_device *b3 = blkdev_lookup_name("vdb3");
	loff_t size = (loff_t)blkdev_bytes(b3);
	char *buf = kmalloc(2 * PAGE_SIZE, GFP_KERNEL), *back = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	struct test_file t, d;

	CHECK(buf && back);
	CHECK(tf_open(&t, "vdc", O_RDWR) == -EACCES);
	CHECK(tf_open(&t, "vdb3", O_RDWR) == 0);
	CHECK(t.file.private_data == b3);

	/* bytes across block boundaries, through the cache */
	fill(buf, 2 * PAGE_SIZE, 31);
	CHECK(tf_io(&t, true, buf, 5000, 4000) == 5000);
	memset(back, 0, PAGE_SIZE);
	CHECK(tf_io(&t, false, back, 5000, 4000) == 5000);
	CHECK(memcmp(buf, back, 5000) == 0);

	/* the end of the device */
	CHECK(tf_io(&t, false, back, 100, size) == 0);
	CHECK(tf_io(&t, false, back, 100, size - 10) == 10);
	CHECK(tf_io(&t, true, buf, 100, size) == -ENOSPC);
	CHECK(tf_io(&t, true, buf, 100, size - 30) == 30);
	CHECK(blkdev_fops.llseek(&t.file, 0, SEEK_END) == size);
	CHECK(blkdev_fops.llseek(&t.file, 1, SEEK_END) == -EINVAL);
	CHECK(blkdev_fops.llseek(&t.file, -1, SEEK_SET) == -EINVAL);
	CHECK(blkdev_fops.llseek(&t.file, 512, SEEK_SET) == 512);
	CHECK(blkdev_fops.llseek(&t.file, 512, SEEK_CUR) == 1024);
	CHECK(blkdev_fops.llseek(&t.file, size, SEEK_DATA) == -ENXIO);
	CHECK(blkdev_fops.llseek(&t.file, 0, SEEK_HOLE) == size);
	CHECK(blkdev_fops.ioctl(&t.file, 0x1234, 0) == -ENOTTY);

	/* O_DIRECT: aligned only; both views agree */
	CHECK(tf_open(&d, "vdb3", O_RDWR | O_DIRECT) == 0);
	CHECK(tf_io(&d, false, back, 100, 0) == -EINVAL);
	CHECK(tf_io(&d, false, back, 512, 100) == -EINVAL);
	CHECK(tf_io(&d, false, back + 1, 512, 0) == -EINVAL);
	CHECK(tf_io(&d, false, back, 8192, 0) == 8192);		/* sees the cached write */
	CHECK(memcmp(back + 4000, buf, 8192 - 4000) == 0);
	fill(buf, 2 * PAGE_SIZE, 32);
	CHECK(tf_io(&d, true, buf, 2 * PAGE_SIZE, 2048) == 2 * PAGE_SIZE);
	memset(back, 0, 2 * PAGE_SIZE);
	CHECK(tf_io(&t, false, back, 2 * PAGE_SIZE, 2048) == 2 * PAGE_SIZE);	/* the cache too */
	CHECK(memcmp(back, buf, 2 * PAGE_SIZE) == 0);
	tf_close(&d);

	/* a marker for the runner, made durable by fsync */
	memcpy(buf, MARKER, sizeof(MARKER) - 1);
	CHECK(tf_io(&t, true, buf, sizeof(MARKER) - 1, MARKER_OFFSET) == sizeof(MARKER) - 1);
	CHECK(blkdev_fops.fsync(&t.file, false) == 0);
	tf_close(&t);
	kfree(back);
	kfree(buf);
	return 0;
}

/* The real path: a node in the root file system opens through the block layer. */
static int check_nodes(void)
{
	struct block_device *b1 = blkdev_lookup_name("vdb1");
	char *buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	struct uio_seg seg;
	struct file *f;
	struct uio u;

	CHECK(buf);
	vfs_init();
	CHECK(vfs_mknodat(AT_FDCWD, "/blk-vdb1", S_IFBLK | 0600, b1->dev) == 0);
	CHECK(vfs_mknodat(AT_FDCWD, "/blk-vdc", S_IFBLK | 0600, blkdev_lookup_name("vdc")->dev) == 0);
	CHECK(vfs_mknodat(AT_FDCWD, "/blk-none", S_IFBLK | 0600, MKDEV(VIRTBLK_MAJOR, 15)) == 0);
	f = kernel_open("/blk-vdb1", O_RDONLY, 0);
	CHECK(!IS_ERR(f) && f->f_op == &blkdev_fops);
	uio_init_one(&u, &seg, buf, SECTOR_SIZE, UIO_KERNEL);
	CHECK(file_pread(f, &u, (loff_t)(b1->nr_sectors - 1) * SECTOR_SIZE) == SECTOR_SIZE);
	CHECK(memcmp(buf, "blk-test vdb1 sector 00004095\n", 30) == 0);
	CHECK(vfs_llseek(f, 0, SEEK_END) == (loff_t)blkdev_bytes(b1));
	CHECK(vfs_fsync(f, false) == 0);
	fput(f);
	CHECK(PTR_ERR(kernel_open("/blk-vdc", O_RDWR, 0)) == -EACCES);
	f = kernel_open("/blk-vdc", O_RDONLY, 0);
	CHECK(!IS_ERR(f));
	fput(f);
	CHECK(PTR_ERR(kernel_open("/blk-none", O_RDONLY, 0)) == -ENXIO);
	CHECK(vfs_unlinkat(AT_FDCWD, "/blk-vdb1", 0) == 0);
	CHECK(vfs_unlinkat(AT_FDCWD, "/blk-vdc", 0) == 0);
	CHECK(vfs_unlinkat(AT_FDCWD, "/blk-none", 0) == 0);
	kfree(buf);
	return 0;
}

static int test_blk(void)
{
	uint64_t tag = time_ns();

	CHECK(check_registry() == 0);
	CHECK(check_reads() == 0);
	CHECK(check_in_flight("vda4", tag) == 0);
	CHECK(check_in_flight("vdb4", tag + 1000) == 0);
	CHECK(check_odd_buffers() == 0);
	CHECK(check_all_cpus() == 0);
	CHECK(check_cache() == 0);
	CHECK(check_files() == 0);
	CHECK(check_nodes() == 0);
	return 0;
}
SELFTEST_BY_NAME("blk", test_blk);
