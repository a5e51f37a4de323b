/*
 * Partition tables, read as Linux 6.1 reads them (block/partitions/efi.c,
 * msdos.c and core.c), with no knowledge of where the sectors come from:
 * the caller passes a function that reads one logical block (LBA).
 *
 *  - GPT first: a protective (or hybrid) MBR, then the primary header at
 *    LBA 1 with its CRC32, its size and range checks, and the CRC32 of
 *    the entry array. Entry i is partition i + 1 (empty entries leave
 *    gaps). The alternate header is only checked, for a warning: as in
 *    Linux without the "gpt" boot option, a bad primary means no GPT.
 *  - Then MBR: the 55AA signature, boot indicators 0 or 0x80, no 0xEE
 *    entry. Primary entries are partitions 1-4; an extended entry (types
 *    0x05, 0x0f, 0x85) is itself registered with 2 sectors' length and its
 *    chain of logical partitions numbered from 5 on.
 *  - Last, what Linux's blk_add_partition() does: a partition starting
 *    past the end of the disk is dropped, one running past it is cut.
 *
 * Starts and lengths are in LBAs of the disk (lba_size bytes each).
 * Host-testable: no allocation, one LBA of scratch memory from the caller.
 */
#ifndef LIB_PARTITION_H
#define LIB_PARTITION_H

#include <lib/compiler.h>

#define PART_MAX		16	/* slots: partition numbers 1 .. PART_MAX - 1 */

#define MBR_TYPE_EMPTY		0x00
#define MBR_TYPE_DOS_EXTENDED	0x05
#define MBR_TYPE_W98_EXTENDED	0x0f
#define MBR_TYPE_LINUX		0x83
#define MBR_TYPE_LINUX_EXTENDED	0x85
#define MBR_TYPE_GPT_PROTECTIVE	0xee

enum part_scheme {
	PART_SCHEME_NONE,
	PART_SCHEME_MBR,
	PART_SCHEME_GPT,
};

/* part_table.warnings */
#define PART_WARN_TRUNCATED	(1U << 0)	/* a partition ran past the end: cut */
#define PART_WARN_BEYOND_END	(1U << 1)	/* a partition started past the end: dropped */
#define PART_WARN_ALT_GPT	(1U << 2)	/* the alternate GPT is invalid */
#define PART_WARN_IO		(1U << 3)	/* a read failed; what was read is kept */

struct part_entry {
	uint64_t start;			/* first LBA */
	uint64_t nr_lbas;		/* 0: no partition with this number */
	uint8_t mbr_type;		/* MBR system id (0 on GPT) */
	uint8_t type_guid[16];		/* GPT partition type GUID, as stored */
	uint8_t uuid[16];		/* GPT unique partition GUID, as stored */
};

struct part_table {
	enum part_scheme scheme;
	unsigned int warnings;		/* PART_WARN_* */
	struct part_entry part[PART_MAX];	/* by number; part[0] is unused */
};

struct part_disk {
	/* Read LBA lba (< nr_lbas) into buf: 0 or a negative errno. */
	int (*read)(void *ctx, uint64_t lba, void *buf);
	void *ctx;
	unsigned int lba_size;		/* 512 .. 4096, a power of two */
	uint64_t nr_lbas;		/* the disk's capacity */
	unsigned int limit;		/* numbers are < limit (at most PART_MAX) */
	void *buf;			/* lba_size bytes of scratch memory */
};

/*
 * Fill t from the disk: 1 when a partition table was recognized (it may
 * hold no partition), 0 when there is none, -EIO when none could be read
 * because of read errors, -EINVAL for a bad part_disk.
 */
int partition_scan(const struct part_disk *d, struct part_table *t);

/* The CRC32 of GPT (IEEE 802.3, as zlib's crc32()); crc 0 to start. */
uint32_t part_crc32(uint32_t crc, const void *buf, size_t len);

#endif
