/*
 * FAT32 inside: the on-disk layout, the mounted instance and the inode,
 * shared by the files of fs/fat/.
 *
 *   super.c   boot sector (BPB) checks, mount, statfs, inode life, times
 *   table.c   the FAT: entries (every copy kept in step), allocation,
 *             chains, FSInfo
 *   dir.c     directory slots: names, walking, finding
 *   dirent.c  entries made (short names, free slots) and removed
 *   namei.c   the directory inode operations
 *   file.c    file data: map, read, write, truncate
 *   cache.c   the page cache of file data: fill, write-back, mmap
 *   link.c    hard links and symlinks kept in a hidden table file
 *
 * Locking: [l] is the mounted instance's fat_sb.lock, a sleeping lock
 * taken after every i_mutex (the VFS holds the directories', file
 * operations take the file's) and never held across a copy to or from
 * user memory or an iput(). It protects the FAT, the FSInfo counters,
 * every directory's slots, the list of live inodes and each inode's
 * i_pos. [i] is the inode's i_mutex. File data lives in the page cache
 * (cache.c): [p] is the file's pc_lock, taken after [i] (or under the mm
 * lock, by a fault) and before [l].
 *
 * FAT is little-endian, as is every CPU we build for (asserted below),
 * so on-disk structures are read in place through packed structs.
 */
#ifndef FS_FAT_INTERNAL_H
#define FS_FAT_INTERNAL_H

#include <fs/fat.h>
#include <fs/blkdev.h>
#include <fs/vfs.h>
#include <kernel/mutex.h>
#include <lib/list.h>
#include <mm/page_tree.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "FAT is little-endian");

/* ---- on disk ------------------------------------------------------------ */

#define FAT_DIRENT_SIZE		32
#define FAT_DIRENT_SHIFT	5
#define FAT_NAME_LEN		11		/* 8.3, space padded */
#define FAT_MAX_DIR_SIZE	(1U << 21)	/* 65536 slots, as Linux */
#define FAT_LFN_CHARS		13		/* UTF-16 units in one long-name slot */
#define FAT_LFN_MAX		255		/* UTF-16 units in a long name */
#define FAT_LFN_MAX_SLOTS	20

/* FAT32 entries: 28 bits; the top 4 are reserved and kept. */
#define FAT_ENT_MASK		0x0FFFFFFFU
#define FAT_ENT_FREE		0
#define FAT_ENT_BAD		0x0FFFFFF7U
#define FAT_ENT_EOC		0x0FFFFFFFU	/* what we write at a chain's end */
#define FAT_ENT_EOC_MIN		0x0FFFFFF8U	/* >= this: end of chain */
#define FAT_FIRST_CLUSTER	2
#define FAT_MAX_CLUSTERS	(0x0FFFFFF6U - 1)	/* clusters 2..0x0FFFFFF6 */

/* Directory entry attributes */
#define ATTR_RO		0x01
#define ATTR_HIDDEN	0x02
#define ATTR_SYS	0x04
#define ATTR_VOLUME	0x08
#define ATTR_DIR	0x10
#define ATTR_ARCH	0x20
#define ATTR_LFN	(ATTR_RO | ATTR_HIDDEN | ATTR_SYS | ATTR_VOLUME)

/* The NT case byte: show the base or the extension in lower case. */
#define CASE_LOWER_BASE	0x08
#define CASE_LOWER_EXT	0x10

#define FAT_DELETED	0xE5		/* name[0] of a free slot */
#define FAT_END		0x00		/* name[0]: this slot and all after are free */
#define FAT_KANJI_E5	0x05		/* name[0] 0x05 stands for a real 0xE5 */
#define FAT_LFN_LAST	0x40		/* ord bit: the first slot on disk (last part) */

struct fat_dirent {
	uint8_t name[FAT_NAME_LEN];
	uint8_t attr;
	uint8_t lcase;
	uint8_t ctime_cs;		/* creation time, 10 ms units (0..199) */
	uint16_t ctime, cdate;		/* creation */
	uint16_t adate;			/* last access (date only) */
	uint16_t start_hi;
	uint16_t time, date;		/* last write */
	uint16_t start_lo;
	uint32_t size;
};	/* every field at its natural alignment: no packing needed */

struct fat_lfn_slot {
	uint8_t ord;
	uint16_t name1[5];
	uint8_t attr;			/* ATTR_LFN */
	uint8_t type;			/* 0 */
	uint8_t csum;			/* of the short name that follows */
	uint16_t name2[6];
	uint16_t start;			/* 0 */
	uint16_t name3[2];
} __packed;

_Static_assert(sizeof(struct fat_dirent) == FAT_DIRENT_SIZE, "dirent layout");
_Static_assert(__builtin_offsetof(struct fat_dirent, ctime) == 14 &&
	       __builtin_offsetof(struct fat_dirent, start_hi) == 20 &&
	       __builtin_offsetof(struct fat_dirent, size) == 28, "dirent layout");
_Static_assert(sizeof(struct fat_lfn_slot) == FAT_DIRENT_SIZE, "lfn layout");

static inline uint32_t fat_de_start(const struct fat_dirent *de)
{
	return ((uint32_t)de->start_hi << 16) | de->start_lo;
}

static inline void fat_de_set_start(struct fat_dirent *de, uint32_t c)
{
	de->start_hi = (uint16_t)(c >> 16);
	de->start_lo = (uint16_t)c;
}

/* ---- the mounted instance ----------------------------------------------- */

#define FAT_UNKNOWN	0xFFFFFFFFU	/* free_count not known yet */

struct fat_links;

struct fat_sb {
	struct super_block *sb;			/* [I] */
	struct block_device *bdev;		/* [I] */
	unsigned int sector_size;		/* [I] 512..4096: the cache's block size */
	unsigned int sector_shift;		/* [I] */
	unsigned int clus_size;			/* [I] bytes */
	unsigned int clus_shift;		/* [I] */
	unsigned int sec_per_clus;		/* [I] */
	uint32_t fat_start;			/* [I] first sector of the first FAT */
	uint32_t fat_length;			/* [I] sectors in one FAT */
	unsigned int nr_fats;			/* [I] */
	uint64_t data_start;			/* [I] sector of cluster 2 */
	uint32_t max_cluster;			/* [I] highest cluster number */
	uint32_t root_cluster;			/* [I] */
	uint32_t fsinfo_sector;			/* [I] 0: none */
	uint32_t free_count;			/* [l] or FAT_UNKNOWN */
	uint32_t next_free;			/* [l] where to look first */
	uint32_t shortname_seed;		/* [l] for ~XXXX tails */
	struct mutex lock;
	struct list_head inodes;		/* [l] live fat_inodes */
	struct fat_links *links;		/* [l] the hidden link table (link.c), or NULL */
	struct list_head cached;		/* [l] inodes with pages in the page cache */
	struct list_head all_node;		/* [fat_sbs_lock] in cache.c's list of instances */
};

struct fat_inode {
	struct inode vfs;
	uint64_t i_pos;			/* [l] its short entry: disk byte offset / 32; 0: none */
	uint32_t start;			/* [i]+[l] first cluster; 0: no clusters */
	uint8_t attr;			/* [i] ATTR_* */
	uint32_t nr_clusters;		/* [i] clusters in the chain (files: as sized) */
	uint32_t cache_index;		/* [i]+[l] last mapping: logical cluster ... */
	uint32_t cache_cluster;		/* ... and its cluster (0: none cached) */
	struct list_head node;		/* [l] in fat_sb.inodes */
	struct mutex pc_lock;		/* [p] */
	struct page_tree pages;		/* [p] cached data pages, tagged PC_* (cache.c) */
	unsigned long nr_dirty;		/* [p] pages tagged dirty */
	struct list_head cached_node;	/* [l] in fat_sb.cached while it has pages */
};

static inline struct fat_inode *FAT_I(struct inode *inode)
{
	return container_of(inode, struct fat_inode, vfs);
}

static inline struct fat_sb *FAT_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

#define FAT_ROOT_INO	1

/* Where a name lives in its directory. */
struct fat_slot_info {
	loff_t slot_off;		/* first slot (a long name's, or the entry) */
	loff_t de_off;			/* the short entry, a byte offset in the directory */
	unsigned int nr_slots;		/* long-name slots + 1 */
	uint64_t i_pos;			/* the short entry on disk */
	struct fat_dirent de;		/* a copy of it */
};

/* ---- table.c ------------------------------------------------------------ */

bool fat_valid_cluster(const struct fat_sb *s, uint32_t c);
uint64_t fat_clus_sector(const struct fat_sb *s, uint32_t c);
int fat_ent_get(struct fat_sb *s, uint32_t c, uint32_t *val);
int fat_ent_set(struct fat_sb *s, uint32_t c, uint32_t val);
/* The cluster after c in its chain: 0 at the end; -EIO for a bad link. */
int fat_chain_next(struct fat_sb *s, uint32_t c, uint32_t *next);
/* Clusters in the chain at start (bounded); -EIO when broken or looping. */
int fat_chain_length(struct fat_sb *s, uint32_t start, uint32_t *len);
/* A free cluster, zeroed if zero, marked the end of a chain after prev (0: a new chain). */
int fat_alloc_cluster(struct fat_sb *s, uint32_t prev, bool zero, uint32_t *out);
/* Free the chain at start. */
int fat_free_chain(struct fat_sb *s, uint32_t start);
int fat_count_free(struct fat_sb *s);
/* Write the counters to the FSInfo sector. */
void fat_fsinfo_update(struct fat_sb *s);
/* Take the counters from the FSInfo sector at mount (when they are sane). */
int fat_fsinfo_read(struct fat_sb *s);

/* ---- super.c ------------------------------------------------------------ */

/* A live inode for the entry si describes; ERR_PTR. Caller holds [l]. */
struct inode *fat_iget(struct super_block *sb, const struct fat_slot_info *si);
/* The inode number of the entry at i_pos (for getdents). [l] */
uint64_t fat_ino_of(struct super_block *sb, uint64_t i_pos);
/* A new inode, not yet on the list, for a new entry. Caller holds [l]. */
struct inode *fat_new_inode(struct super_block *sb, const struct fat_dirent *de, uint64_t i_pos);
/* Write the inode's size, start, attributes and times to its entry. [l] */
int fat_write_inode(struct inode *inode);
/* Move a live inode to another entry (rename). [l] */
void fat_rehash(struct inode *inode, uint64_t i_pos);
void fat_time_to_disk(const struct fs_time *t, uint16_t *time, uint16_t *date, uint8_t *cs);
void fat_time_from_disk(struct fs_time *t, uint16_t time, uint16_t date, uint8_t cs);
/* Now, on disk: every time field of de. */
void fat_de_set_times_now(struct fat_dirent *de);
umode_t fat_mode(uint8_t attr);

/* ---- dir.c -------------------------------------------------------------- */

/*
 * Read the slot at byte offset pos of dir into *de. *bp caches the
 * block across calls (start with NULL; brelse it when done). 0, or
 * -ENOENT past the end of the directory, or -EIO. [l]
 */
int fat_dir_slot(struct inode *dir, loff_t pos, struct buf **bp, struct fat_dirent **de);

/* The entry named name in dir, ignoring ASCII case (as vfat): 0, -ENOENT, -EIO. [l] */
int fat_find(struct inode *dir, const char *name, size_t len, struct fat_slot_info *si);
/*
 * The entry at or after *pos (a byte offset): its name (UTF-8, NUL
 * ended, in buf of FAT_NAME_BUF bytes) and place; *pos moves past it.
 * -ENOENT at the end. [l]
 */
#define FAT_NAME_BUF	(FAT_LFN_MAX * 3 + 1)
int fat_dir_next(struct inode *dir, loff_t *pos, char *buf, size_t *len,
		 struct fat_slot_info *si);
/* Make a name valid for a new entry: strip trailing dots; 0 or -EINVAL/-ENOENT. */
int fat_check_name(const char *name, size_t *len);
/* UTF-8 to UTF-16; the count of units, or -EINVAL / -ENAMETOOLONG. */
int fat_utf8_to_utf16(const char *s, size_t len, uint16_t *out, size_t max);
/* The checksum long-name slots carry of their short name. */
uint8_t fat_short_csum(const uint8_t *name);
/* The i_pos (slot number on the disk) of the slot at pos, in block bp. */
uint64_t fat_slot_i_pos(struct fat_sb *s, const struct buf *bp, loff_t pos);
/* 1 if a short entry of dir is called name, 0 if not, or -Exxx. [l] */
int fat_short_exists(struct inode *dir, const uint8_t *name);

/* ---- dirent.c ----------------------------------------------------------- */

/*
 * Add an entry called name to dir, with de's attributes, start, size and
 * times (its name and case are made here). si tells where it went. [l]
 */
int fat_add_entry(struct inode *dir, const char *name, size_t len,
		  const struct fat_dirent *de, struct fat_slot_info *si);
/* Free the slots of an entry; their first bytes go to saved (if not NULL). [l] */
int fat_remove_entry(struct inode *dir, const struct fat_slot_info *si, uint8_t *saved);
/* Undo fat_remove_entry (nothing may have used the slots since). [l] */
int fat_restore_entry(struct inode *dir, const struct fat_slot_info *si, const uint8_t *saved);
/* Rewrite the short entry of si with de's contents (its name kept). [l] */
int fat_update_entry(struct inode *dir, const struct fat_slot_info *si,
		     const struct fat_dirent *de);
/* 0 if dir has nothing but "." and "..", -ENOTEMPTY, -EIO. [l] */
int fat_dir_empty(struct inode *dir);
/* Subdirectories in dir, or -EIO. [l] */
int fat_subdirs(struct inode *dir);
/* The link table's entry in the root directory; -ENOENT if none. [l] */
int fat_find_link_table(struct inode *root, struct fat_slot_info *si);

/* ---- file.c ------------------------------------------------------------- */

extern const struct file_operations fat_file_fops;
extern const struct inode_operations fat_file_iops;
/*
 * The cluster of logical cluster index in inode's chain; allocate (and
 * zero through the block cache) if asked. FAT_ALLOC_NOZERO: new clusters
 * are not zeroed (file data, which the page cache writes whole). [l]
 */
#define FAT_ALLOC_NOZERO	2
int fat_bmap(struct inode *inode, uint32_t index, unsigned int alloc, uint32_t *clus);
/* Free the clusters past size bytes (the inode keeps i_size). [l] */
int fat_truncate_clusters(struct inode *inode, loff_t size);
/* Set a file's size (zero-filled when it grows). Caller holds [i], not [l]. */
int fat_set_size(struct inode *inode, loff_t size);
/* Move len bytes at pos of the file's data to or from kernel memory (a write allocates). [l] */
int fat_data_rw(struct inode *inode, loff_t pos, void *buf, size_t len, bool write);

/* ---- cache.c ------------------------------------------------------------ */

/* A new inode's empty cache. */
void fat_cache_init(struct inode *inode);
/*
 * The page at index of a file, referenced (put with fat_page_put): read
 * in if not cached (the bytes before i_size; the rest zeros), or zeroed
 * if !fill (the caller overwrites every byte of the file in it). [i] or
 * the mm lock; takes [p].
 */
struct page *fat_page_get(struct inode *inode, unsigned long index, bool fill);
void fat_page_put(struct page *pg);
/* The page at index (cached) was written: write it back later. */
void fat_page_dirty(struct inode *inode, unsigned long index);
/* Write the file's dirty (and writably mapped) pages to its clusters. [i] */
int fat_cache_writeback(struct inode *inode);
/* Drop the pages past size bytes and zero the rest of the last. [i] */
void fat_cache_truncate(struct inode *inode, loff_t size);
/* The inode is going: write back unless unlinked, drop every page. */
void fat_cache_evict(struct inode *inode);
/* Write back every file's pages (sync, syncfs, unmount, the flusher). No lock held. */
int fat_cache_sync_all(struct fat_sb *s);
/* A mounted instance, whose clean pages fat_cache_reclaim may take, and its end. */
void fat_cache_add_sb(struct fat_sb *s);
void fat_cache_del_sb(struct fat_sb *s);
/* The page allocator's shrinker: drop clean pages no one maps; bytes freed. */
size_t fat_cache_reclaim(size_t bytes);
/* The flusher: every instance's dirty pages (errors wait for fsync or sync). */
void fat_cache_writeback_all(void);
/* Dirty pages a file may hold before its writer writes them back. */
#define FAT_DIRTY_MAX	2048
/* f_op->get_page */
struct page *fat_get_page(struct file *f, unsigned long index);
struct page *fat_peek_page(struct file *f, unsigned long index);

/* ---- namei.c ------------------------------------------------------------ */

extern const struct inode_operations fat_dir_iops;
extern const struct file_operations fat_dir_fops;
/* The time stamps of a changed directory, written. [l] */
void fat_dir_touch(struct inode *dir);

/* ---- link.c ------------------------------------------------------------- */

/* The hidden link table's entry in the root directory (hidden, system). */
#define FAT_LINKS_NAME	"FATLINKSTAB"
#define FAT_REC_LINK	1	/* a hard link: an empty entry naming another's file */
#define FAT_REC_SYMLINK	2	/* a file whose data is a symlink's target */

/* Is de the link table's entry (in the root)? */
bool fat_is_link_table(struct inode *dir, const struct fat_dirent *de);
/* Read the table at mount; a damaged one is ignored. [l] */
int fat_links_load(struct super_block *sb);
void fat_links_free(struct fat_sb *s);
/* Mode, operations and link count of a new inode from the table. [l] */
void fat_links_fill(struct inode *inode);
/* The inode an entry stands for: a hard link's target, or its own. [l] */
struct inode *fat_iget_entry(struct super_block *sb, const struct fat_slot_info *si);
/* The inode number and type getdents shows for an entry. [l] */
void fat_links_dirent(struct super_block *sb, const struct fat_slot_info *si,
		      uint64_t *ino, unsigned int *dtype);
/* Does the entry at pos name inode (its own entry, or a hard link to it)? [l] */
bool fat_links_names(struct fat_sb *s, uint64_t pos, struct inode *inode);
/* Does anything in the table concern the entry at pos or the inode? [l] */
bool fat_links_involve(struct fat_sb *s, uint64_t pos, struct inode *inode);
/* Remove the entry si of dir, a name of inode, keeping the inode's other names. [l] */
int fat_links_remove(struct inode *dir, const struct fat_slot_info *si, struct inode *inode);
/* An entry moved from old to new (rename). [l] */
int fat_links_moved(struct fat_sb *s, uint64_t old, uint64_t new);
/* Drop the record about the entry at pos (it is gone). [l] */
void fat_links_forget(struct fat_sb *s, uint64_t pos);
/* Record that the entry at pos is a link (to target's file) or a symlink. [l] */
int fat_links_add(struct fat_sb *s, uint32_t kind, uint64_t pos, uint64_t target);

extern const struct inode_operations fat_symlink_iops;
int fat_link(struct dentry *old, struct inode *dir, struct dentry *d);
int fat_symlink(struct inode *dir, struct dentry *d, const char *target);

#endif
