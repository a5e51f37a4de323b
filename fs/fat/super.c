/*
 * FAT32: the boot sector, mounting, live inodes, times.
 *
 * A volume is: reserved sectors (the boot sector with its BIOS parameter
 * block, FSInfo, a backup boot sector), then the FATs, then the data
 * area of clusters numbered from 2. Every number of the BPB is checked
 * against the others and the device's size before anything is read
 * through it, so a damaged boot sector fails the mount with -EINVAL.
 *
 * FAT has no inodes: a file is its directory entry. A live inode is
 * found by the position of its short entry (i_pos) in a small hash of
 * live inodes, so two lookups of one name share an inode. Inode numbers
 * are those positions, stable across mounts (the root is 1); a file
 * renamed while live keeps its number, and another file that comes to
 * occupy that number's entry meanwhile gets a number from far above.
 *
 * Modes are what Linux's vfat shows with default options: 0755 for
 * everything, less the write bits for read-only files. Times: mtime is
 * the entry's write time (2 s units), atime its access date, ctime its
 * creation time (10 ms units), all UTC, 1980..2107.
 */
#include "fat_internal.h"
#include <kernel/printk.h>
#include <mm/kmalloc.h>
#include <mm/page.h>
#include <lib/errno.h>
#include <lib/string.h>

#define FAT_HASH_BITS	6
#define FAT_HASH_SIZE	(1U << FAT_HASH_BITS)
#define FAT_FAR_INO	(1ULL << 40)	/* numbers for displaced entries */
#define FAT_MODE	0755

/* The BIOS parameter block: byte offsets in the boot sector. */
#define BPB_BYTES_PER_SEC	11
#define BPB_SEC_PER_CLUS	13
#define BPB_RESERVED		14
#define BPB_NR_FATS		16
#define BPB_ROOT_ENTRIES	17
#define BPB_TOTAL16		19
#define BPB_MEDIA		21
#define BPB_FAT_LEN16		22
#define BPB_TOTAL32		32
#define BPB_FAT_LEN32		36
#define BPB_EXT_FLAGS		40
#define BPB_VERSION		42
#define BPB_ROOT_CLUSTER	44
#define BPB_FSINFO		48
#define BPB_SIZE		512

#define EXT_FLAGS_NO_MIRROR	0x80	/* only the active FAT is used */
#define EXT_FLAGS_ACTIVE	0x0F

struct fat_sb_hash {
	struct fat_sb s;
	struct list_head hash[FAT_HASH_SIZE];	/* [l] live inodes by i_pos */
	struct list_head displaced;		/* [l] live inodes with i_ino != i_pos */
};

static struct fat_sb_hash *FAT_SBH(struct fat_sb *s)
{
	return container_of(s, struct fat_sb_hash, s);
}

static uint16_t get16(const uint8_t *b, unsigned int off)
{
	return (uint16_t)(b[off] | b[off + 1] << 8);
}

static uint32_t get32(const uint8_t *b, unsigned int off)
{
	return (uint32_t)get16(b, off) | (uint32_t)get16(b, off + 2) << 16;
}

static bool pow2(uint32_t x)
{
	return x && !(x & (x - 1));
}

static unsigned int log2u(uint32_t x)
{
	unsigned int n = 0;

	while (x > 1) {
		x >>= 1;
		n++;
	}
	return n;
}

/*
 * Check a boot sector and fill in the geometry of s. dev_sectors is the
 * device's size in 512-byte sectors. 0 or -EINVAL.
 */
static int parse_bpb(const uint8_t *b, uint64_t dev_sectors, struct fat_sb *s)
{
	uint32_t bps = get16(b, BPB_BYTES_PER_SEC), spc = b[BPB_SEC_PER_CLUS];
	uint32_t reserved = get16(b, BPB_RESERVED), nr_fats = b[BPB_NR_FATS];
	uint32_t total = get16(b, BPB_TOTAL16), fat_len = get32(b, BPB_FAT_LEN32);
	uint32_t media = b[BPB_MEDIA], flags = get16(b, BPB_EXT_FLAGS);
	uint64_t fats_end, nr_clusters, fat_entries;

	if (bps < 512 || bps > 4096 || !pow2(bps))
		return -EINVAL;
	if (!pow2(spc) || spc * bps > 64 * 1024)
		return -EINVAL;
	if (reserved == 0 || nr_fats == 0 || nr_fats > 4)
		return -EINVAL;
	if (media != 0xF0 && media < 0xF8)
		return -EINVAL;
	/* FAT32 as Linux tells it: no 16-bit FAT length, no fixed root directory */
	if (get16(b, BPB_FAT_LEN16) != 0 || fat_len == 0 || get16(b, BPB_ROOT_ENTRIES) != 0)
		return -EINVAL;
	if (get16(b, BPB_VERSION) != 0)
		return -EINVAL;
	if (total == 0)
		total = get32(b, BPB_TOTAL32);
	if (total == 0 || (uint64_t)total * (bps / 512) > dev_sectors)
		return -EINVAL;		/* empty, or larger than the device (truncated) */
	fats_end = reserved + (uint64_t)nr_fats * fat_len;
	if (fats_end >= total)
		return -EINVAL;
	nr_clusters = (total - fats_end) / spc;
	fat_entries = (uint64_t)fat_len * (bps / 4);
	if (nr_clusters == 0 || nr_clusters > FAT_MAX_CLUSTERS ||
	    nr_clusters + FAT_FIRST_CLUSTER > fat_entries)
		return -EINVAL;
	s->sector_size = bps;
	s->sector_shift = log2u(bps);
	s->sec_per_clus = spc;
	s->clus_size = spc * bps;
	s->clus_shift = log2u(s->clus_size);
	s->fat_length = fat_len;
	s->fat_start = reserved;
	s->nr_fats = nr_fats;
	if (flags & EXT_FLAGS_NO_MIRROR) {
		if ((flags & EXT_FLAGS_ACTIVE) >= nr_fats)
			return -EINVAL;
		s->fat_start += (flags & EXT_FLAGS_ACTIVE) * fat_len;
		s->nr_fats = 1;
	}
	s->data_start = fats_end;
	s->max_cluster = (uint32_t)nr_clusters + 1;
	s->root_cluster = get32(b, BPB_ROOT_CLUSTER);
	if (!fat_valid_cluster(s, s->root_cluster))
		return -EINVAL;
	s->fsinfo_sector = get16(b, BPB_FSINFO);
	if (s->fsinfo_sector == 0 || s->fsinfo_sector >= reserved)
		s->fsinfo_sector = 0;
	return 0;
}

static int read_bpb(struct block_device *b, struct fat_sb *s)
{
	struct buf *bp;
	int err;

	if (b->nr_sectors == 0)
		return -EINVAL;
	bp = bread(b, 0, BPB_SIZE, &err);
	if (!bp)
		return err;
	err = parse_bpb(bp->data, b->nr_sectors, s);
	brelse(bp);
	return err;
}

int fat_probe(struct block_device *b)
{
	struct fat_sb s;

	memset(&s, 0, sizeof(s));
	return read_bpb(b, &s);
}

/* ---- times ------------------------------------------------------------------ */

#define SECS_PER_DAY	86400
#define DAYS_1970_1980	3652	/* 1970-01-01 to 1980-01-01 */
#define FAT_YEAR_MIN	1980
#define FAT_YEAR_MAX	2107

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_date(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void date_from_days(int64_t z, int64_t *y, unsigned int *m, unsigned int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void fat_time_from_disk(struct fs_time *t, uint16_t time, uint16_t date, uint8_t cs)
{
	unsigned int year = FAT_YEAR_MIN + (date >> 9), mon = (date >> 5) & 15, day = date & 31;
	int64_t secs;

	if (mon < 1 || mon > 12)
		mon = 1;
	if (day < 1)
		day = 1;
	secs = days_from_date(year, mon, day) * SECS_PER_DAY;
	secs += (time >> 11) * 3600 + ((time >> 5) & 63) * 60 + (time & 31) * 2;
	if (cs >= 200)
		cs = 0;
	t->sec = secs + cs / 100;
	t->nsec = (uint32_t)(cs % 100) * 10000000U;
}

void fat_time_to_disk(const struct fs_time *t, uint16_t *time, uint16_t *date, uint8_t *cs)
{
	int64_t min = (int64_t)DAYS_1970_1980 * SECS_PER_DAY;
	int64_t max = days_from_date(FAT_YEAR_MAX, 12, 31) * SECS_PER_DAY + SECS_PER_DAY - 1;
	int64_t secs = t->sec, y;
	uint32_t nsec = t->nsec;
	unsigned int m, d, sod;

	if (secs < min) {
		secs = min;
		nsec = 0;
	} else if (secs > max) {
		secs = max;
		nsec = 999999999;
	}
	date_from_days(secs / SECS_PER_DAY, &y, &m, &d);
	sod = (unsigned int)(secs % SECS_PER_DAY);
	*date = (uint16_t)((y - FAT_YEAR_MIN) << 9 | m << 5 | d);
	*time = (uint16_t)((sod / 3600) << 11 | ((sod / 60) % 60) << 5 | (sod % 60) / 2);
	if (cs)
		*cs = (uint8_t)((sod % 2) * 100 + nsec / 10000000U);
}

void fat_de_set_times_now(struct fat_dirent *de)
{
	struct fs_time now;
	uint16_t atime;

	fs_now(&now);
	fat_time_to_disk(&now, &de->time, &de->date, NULL);
	fat_time_to_disk(&now, &de->ctime, &de->cdate, &de->ctime_cs);
	fat_time_to_disk(&now, &atime, &de->adate, NULL);
}

/* What the entry keeps of the inode's times, back in the inode. */
static void inode_times_from_de(struct inode *inode, const struct fat_dirent *de)
{
	fat_time_from_disk(&inode->i_mtime, de->time, de->date, 0);
	fat_time_from_disk(&inode->i_ctime, de->ctime, de->cdate, de->ctime_cs);
	fat_time_from_disk(&inode->i_atime, 0, de->adate, 0);
}

umode_t fat_mode(uint8_t attr)
{
	if (attr & ATTR_DIR)
		return S_IFDIR | FAT_MODE;
	return (umode_t)(S_IFREG | ((attr & ATTR_RO) ? FAT_MODE & ~S_IWUGO : FAT_MODE));
}

/* ---- live inodes --------------------------------------------------------------- */

static struct list_head *hash_bucket(struct fat_sb *s, uint64_t i_pos)
{
	uint64_t h = i_pos * 0x9E3779B97F4A7C15ULL;

	return &FAT_SBH(s)->hash[h >> (64 - FAT_HASH_BITS)];
}

static struct inode *fat_alloc_inode(struct super_block *sb)
{
	struct fat_inode *fi = kzalloc(sizeof(*fi));

	(void)sb;
	if (!fi)
		return NULL;
	list_init(&fi->node);
	fat_cache_init(&fi->vfs);
	return &fi->vfs;
}

static void fat_destroy_inode(struct inode *inode)
{
	kfree(FAT_I(inode));
}

void fat_rehash(struct inode *inode, uint64_t i_pos)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);

	list_del(&fi->node);
	fi->i_pos = i_pos;
	if (i_pos == 0)
		list_init(&fi->node);
	else if (inode->i_ino != i_pos)
		list_add(&fi->node, &FAT_SBH(s)->displaced);
	else
		list_add(&fi->node, hash_bucket(s, i_pos));
}

/* Is number ino taken by a live inode that moved away from its entry? [l] */
static bool ino_displaced(struct fat_sb *s, uint64_t ino)
{
	struct fat_inode *fi;

	list_for_each_entry(fi, &FAT_SBH(s)->displaced, node)
		if (fi->vfs.i_ino == ino)
			return true;
	return false;
}

/* Size, links and blocks of a new inode from its entry. [l] */
static int fill_inode(struct inode *inode, const struct fat_dirent *de)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);
	int err;

	fi->attr = de->attr;
	fi->start = fat_de_start(de);
	inode->i_mode = fat_mode(de->attr);
	inode_times_from_de(inode, de);
	if (de->attr & ATTR_DIR) {
		int subdirs;

		err = fat_chain_length(s, fi->start, &fi->nr_clusters);
		if (err)
			return err;
		if (fi->nr_clusters == 0 ||
		    (uint64_t)fi->nr_clusters << s->clus_shift > FAT_MAX_DIR_SIZE)
			return -EIO;
		inode->i_size = (loff_t)fi->nr_clusters << s->clus_shift;
		inode->i_op = &fat_dir_iops;
		inode->i_fop = &fat_dir_fops;
		subdirs = fat_subdirs(inode);
		if (subdirs < 0)
			return subdirs;
		inode->i_nlink = 2 + (unsigned int)subdirs;
	} else {
		inode->i_size = de->size;
		fi->nr_clusters = (uint32_t)DIV_ROUND_UP((uint64_t)de->size, s->clus_size);
		if (fi->start == 0 && de->size)
			return -EIO;
		inode->i_op = &fat_file_iops;
		inode->i_fop = &fat_file_fops;
		inode->i_nlink = 1;
	}
	inode->i_blocks = (uint64_t)fi->nr_clusters << (s->clus_shift - 9);
	return 0;
}

struct inode *fat_new_inode(struct super_block *sb, const struct fat_dirent *de, uint64_t i_pos)
{
	struct fat_sb *s = FAT_SB(sb);
	struct inode *inode = new_inode(sb);
	int err;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_ino = ino_displaced(s, i_pos)
		? FAT_FAR_INO + __atomic_add_fetch(&sb->s_next_ino, 1, __ATOMIC_RELAXED)
		: i_pos;
	FAT_I(inode)->i_pos = i_pos;
	err = fill_inode(inode, de);
	if (err) {
		inode->i_nlink = 0;
		inode->i_mode = S_IFREG;	/* evict: nothing to free */
		FAT_I(inode)->start = 0;
		FAT_I(inode)->i_pos = 0;
		/* the last reference: not on the list, nothing to write */
		fat_destroy_inode(inode);
		return ERR_PTR(err);
	}
	list_init(&FAT_I(inode)->node);
	fat_rehash(inode, i_pos);
	fat_links_fill(inode);
	return inode;
}

/* The live inode at i_pos with a reference taken, or NULL. [l] */
static struct inode *find_live(struct fat_sb *s, uint64_t i_pos)
{
	struct list_head *lists[2] = { hash_bucket(s, i_pos), &FAT_SBH(s)->displaced };
	struct fat_inode *fi;

	for (int i = 0; i < 2; i++) {
		list_for_each_entry(fi, lists[i], node) {
			int n = __atomic_load_n(&fi->vfs.i_count, __ATOMIC_RELAXED);

			if (fi->i_pos != i_pos)
				continue;
			/* a count of 0 is being evicted: that one is gone */
			while (n > 0)
				if (__atomic_compare_exchange_n(&fi->vfs.i_count, &n, n + 1, false,
								__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
					return &fi->vfs;
		}
	}
	return NULL;
}

struct inode *fat_iget(struct super_block *sb, const struct fat_slot_info *si)
{
	struct inode *inode = find_live(FAT_SB(sb), si->i_pos);

	return inode ? inode : fat_new_inode(sb, &si->de, si->i_pos);
}

uint64_t fat_ino_of(struct super_block *sb, uint64_t i_pos)
{
	struct fat_sb *s = FAT_SB(sb);
	struct list_head *lists[2] = { hash_bucket(s, i_pos), &FAT_SBH(s)->displaced };
	struct fat_inode *fi;

	for (int i = 0; i < 2; i++)
		list_for_each_entry(fi, lists[i], node)
			if (fi->i_pos == i_pos)
				return fi->vfs.i_ino;
	return ino_displaced(s, i_pos) ? FAT_FAR_INO : i_pos;
}

int fat_write_inode(struct inode *inode)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);
	uint64_t byte = fi->i_pos << FAT_DIRENT_SHIFT;
	struct fat_dirent *de;
	struct buf *bp;
	uint16_t atime;
	int err;

	if (fi->i_pos == 0 || (inode->i_sb->s_flags & SB_RDONLY))
		return 0;
	bp = bread(s->bdev, byte >> s->sector_shift, s->sector_size, &err);
	if (!bp)
		return err;
	de = (struct fat_dirent *)((char *)bp->data + (byte & (s->sector_size - 1)));
	de->attr = fi->attr;
	fat_de_set_start(de, fi->start);
	de->size = S_ISDIR(inode->i_mode) ? 0 : (uint32_t)inode->i_size;
	fat_time_to_disk(&inode->i_mtime, &de->time, &de->date, NULL);
	fat_time_to_disk(&inode->i_ctime, &de->ctime, &de->cdate, &de->ctime_cs);
	fat_time_to_disk(&inode->i_atime, &atime, &de->adate, NULL);
	/* what a remount would see */
	inode_times_from_de(inode, de);
	bdirty(bp);
	brelse(bp);
	return 0;
}

static void fat_evict_inode(struct inode *inode)
{
	struct fat_inode *fi = FAT_I(inode);
	struct fat_sb *s = FAT_SB(inode->i_sb);

	fat_cache_evict(inode);
	mutex_lock(&s->lock);
	list_del(&fi->node);
	list_init(&fi->node);
	if (inode->i_nlink == 0 && fi->start && !(inode->i_sb->s_flags & SB_RDONLY))
		fat_free_chain(s, fi->start);
	mutex_unlock(&s->lock);
}

static int fat_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct fat_sb *s = FAT_SB(sb);
	int err = 0;

	mutex_lock(&s->lock);
	if (s->free_count == FAT_UNKNOWN)
		err = fat_count_free(s);
	*st = (struct kstatfs){
		.f_type = MSDOS_SUPER_MAGIC,
		.f_bsize = s->clus_size,
		.f_frsize = s->clus_size,
		.f_blocks = s->max_cluster - 1,
		.f_bfree = err ? 0 : s->free_count,
		.f_bavail = err ? 0 : s->free_count,
		.f_namelen = FAT_LFN_MAX * 6,	/* as Linux: 255 characters of up to 6 bytes */
	};
	mutex_unlock(&s->lock);
	return err;
}

static int fat_sync_fs(struct super_block *sb)
{
	int err = fat_cache_sync_all(FAT_SB(sb)), err2 = blkdev_sync(FAT_SB(sb)->bdev);

	return err ? err : err2;
}

/* Unmounting: every inode is gone; what is cached goes to the disk. */
static void fat_put_super(struct super_block *sb)
{
	struct fat_sb *s = FAT_SB(sb);

	fat_cache_del_sb(s);
	fat_links_free(s);
	if (blkdev_sync(s->bdev))
		pr_warn("vfat: %s: write-back failed at unmount\n", s->bdev->name);
	sb->s_fs_info = NULL;
	kfree(FAT_SBH(s));
}

static const struct super_operations fat_sops = {
	.alloc_inode = fat_alloc_inode,
	.destroy_inode = fat_destroy_inode,
	.evict_inode = fat_evict_inode,
	.statfs = fat_statfs,
	.put_super = fat_put_super,
	.sync_fs = fat_sync_fs,
};

/* ---- mounting -------------------------------------------------------------------- */

static struct inode *root_inode(struct super_block *sb)
{
	struct fat_sb *s = FAT_SB(sb);
	struct fat_dirent de;
	struct inode *inode;

	memset(&de, 0, sizeof(de));
	de.attr = ATTR_DIR;
	fat_de_set_start(&de, s->root_cluster);
	de.date = de.adate = de.cdate = 1 << 5 | 1;	/* 1980-01-01 */
	inode = new_inode(sb);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_ino = FAT_ROOT_INO;
	list_init(&FAT_I(inode)->node);
	mutex_lock(&s->lock);
	if (fill_inode(inode, &de) != 0) {
		mutex_unlock(&s->lock);
		fat_destroy_inode(inode);
		return ERR_PTR(-EINVAL);
	}
	mutex_unlock(&s->lock);
	return inode;
}

static int fat_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct block_device *b = sb->s_bdev;
	struct fs_time now;
	struct fat_sb_hash *sh;
	struct fat_sb *s;
	struct inode *root;
	int err;

	(void)source;
	(void)data;
	sh = kzalloc(sizeof(*sh));
	if (!sh)
		return -ENOMEM;
	s = &sh->s;
	for (unsigned int i = 0; i < FAT_HASH_SIZE; i++)
		list_init(&sh->hash[i]);
	list_init(&sh->displaced);
	list_init(&s->cached);
	mutex_init(&s->lock, "fat");
	s->sb = sb;
	s->bdev = b;
	err = read_bpb(b, s);
	if (!err)
		err = fat_fsinfo_read(s);
	if (err) {
		kfree(sh);
		return err;
	}
	fs_now(&now);
	s->shortname_seed = (uint32_t)now.sec ^ now.nsec;	/* for ~XXXX tails */
	sb->s_fs_info = s;
	sb->s_op = &fat_sops;
	sb->s_magic = MSDOS_SUPER_MAGIC;
	sb->s_casefold = true;
	sb->s_maxbytes = 0xFFFFFFFFLL;
	sb->s_blocksize = s->clus_size;
	root = root_inode(sb);
	if (IS_ERR(root)) {
		kfree(sh);
		sb->s_fs_info = NULL;
		return (int)PTR_ERR(root);
	}
	sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		kfree(sh);
		sb->s_fs_info = NULL;
		return -ENOMEM;
	}
	mutex_lock(&s->lock);
	err = fat_links_load(sb);
	mutex_unlock(&s->lock);
	if (err) {
		fat_links_free(s);
		dput(sb->s_root);
		kfree(sh);
		sb->s_fs_info = NULL;
		return err;
	}
	fat_cache_add_sb(s);
	return 0;
}

static struct file_system_type fat_type = {
	.name = "vfat",
	.fs_flags = FS_REQUIRES_DEV,
	.fill_super = fat_fill_super,
	.writeback_all = fat_cache_writeback_all,
};

void fat_init(void)
{
	if (register_filesystem(&fat_type) == 0)
		pmm_register_shrinker(fat_cache_reclaim);
}
