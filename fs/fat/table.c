/*
 * The file allocation table: one 32-bit entry per cluster (28 bits used)
 * saying which cluster follows it in its file, or free, bad, end.
 *
 * Every copy of the FAT is written in step; reads use the first. The
 * FSInfo sector keeps a free-cluster count and a hint where to look for
 * the next free one; both are advisory on disk, so they are checked at
 * mount and rewritten after each change.
 *
 * Walks are bounded by the number of clusters, and every link is checked
 * against the valid range, so a corrupted table gives -EIO rather than a
 * loop or a read outside the volume. Everything here runs under [l].
 */
#include "fat_internal.h"
#include <lib/errno.h>
#include <lib/string.h>

#define FSINFO_LEAD_SIG		0x41615252U
#define FSINFO_STRUC_SIG	0x61417272U
#define FSINFO_TRAIL_SIG	0xAA550000U
#define FSINFO_LEAD_OFF		0
#define FSINFO_STRUC_OFF	484
#define FSINFO_FREE_OFF		488
#define FSINFO_NEXT_OFF		492
#define FSINFO_TRAIL_OFF	508

bool fat_valid_cluster(const struct fat_sb *s, uint32_t c)
{
	return c >= FAT_FIRST_CLUSTER && c <= s->max_cluster;
}

uint64_t fat_clus_sector(const struct fat_sb *s, uint32_t c)
{
	return s->data_start + (uint64_t)(c - FAT_FIRST_CLUSTER) * s->sec_per_clus;
}

/* The sector of FAT copy n holding entry c, and the entry's offset in it. */
static uint64_t ent_sector(const struct fat_sb *s, unsigned int n, uint32_t c, unsigned int *off)
{
	uint64_t byte = (uint64_t)c * 4;

	*off = (unsigned int)(byte & (s->sector_size - 1));
	return s->fat_start + (uint64_t)n * s->fat_length + (byte >> s->sector_shift);
}

int fat_ent_get(struct fat_sb *s, uint32_t c, uint32_t *val)
{
	unsigned int off;
	uint64_t sec;
	struct buf *bp;
	int err;

	if (c > s->max_cluster)
		return -EIO;
	sec = ent_sector(s, 0, c, &off);
	bp = bread(s->bdev, sec, s->sector_size, &err);
	if (!bp)
		return err;
	*val = *(uint32_t *)((char *)bp->data + off) & FAT_ENT_MASK;
	brelse(bp);
	return 0;
}

int fat_ent_set(struct fat_sb *s, uint32_t c, uint32_t val)
{
	int ret = 0;

	if (!fat_valid_cluster(s, c))
		return -EIO;
	for (unsigned int n = 0; n < s->nr_fats; n++) {
		unsigned int off;
		uint64_t sec = ent_sector(s, n, c, &off);
		struct buf *bp;
		uint32_t *p;
		int err;

		bp = bread(s->bdev, sec, s->sector_size, &err);
		if (!bp) {
			ret = err;
			continue;	/* keep the other copies going */
		}
		p = (uint32_t *)((char *)bp->data + off);
		*p = (*p & ~FAT_ENT_MASK) | (val & FAT_ENT_MASK);
		bdirty(bp);
		brelse(bp);
	}
	return ret;
}

int fat_chain_next(struct fat_sb *s, uint32_t c, uint32_t *next)
{
	uint32_t v;
	int err = fat_ent_get(s, c, &v);

	if (err)
		return err;
	if (v >= FAT_ENT_EOC_MIN) {
		*next = 0;
		return 0;
	}
	if (!fat_valid_cluster(s, v))
		return -EIO;	/* free, reserved or bad in the middle of a chain */
	*next = v;
	return 0;
}

int fat_chain_length(struct fat_sb *s, uint32_t start, uint32_t *len)
{
	uint32_t n = 0, c = start;

	if (start == 0) {
		*len = 0;
		return 0;
	}
	if (!fat_valid_cluster(s, start))
		return -EIO;
	while (c) {
		int err;

		if (++n > s->max_cluster - 1)
			return -EIO;	/* longer than the volume: a loop */
		err = fat_chain_next(s, c, &c);
		if (err)
			return err;
	}
	*len = n;
	return 0;
}

int fat_count_free(struct fat_sb *s)
{
	uint32_t per_sector = s->sector_size / 4, count = 0;

	for (uint32_t c = 0; c <= s->max_cluster; c += per_sector) {
		unsigned int off;
		struct buf *bp;
		int err;

		bp = bread(s->bdev, ent_sector(s, 0, c, &off), s->sector_size, &err);
		if (!bp)
			return err;
		for (uint32_t i = 0; i < per_sector && c + i <= s->max_cluster; i++) {
			uint32_t v = ((uint32_t *)bp->data)[i] & FAT_ENT_MASK;

			if (c + i >= FAT_FIRST_CLUSTER && v == FAT_ENT_FREE)
				count++;
		}
		brelse(bp);
	}
	s->free_count = count;
	return 0;
}

void fat_fsinfo_update(struct fat_sb *s)
{
	struct buf *bp;
	char *p;
	int err;

	if (!s->fsinfo_sector || (s->sb->s_flags & SB_RDONLY))
		return;
	bp = bread(s->bdev, s->fsinfo_sector, s->sector_size, &err);
	if (!bp)
		return;
	p = bp->data;
	if (*(uint32_t *)(p + FSINFO_LEAD_OFF) == FSINFO_LEAD_SIG &&
	    *(uint32_t *)(p + FSINFO_STRUC_OFF) == FSINFO_STRUC_SIG &&
	    *(uint32_t *)(p + FSINFO_TRAIL_OFF) == FSINFO_TRAIL_SIG) {
		*(uint32_t *)(p + FSINFO_FREE_OFF) = s->free_count;
		*(uint32_t *)(p + FSINFO_NEXT_OFF) = s->next_free;
		bdirty(bp);
	}
	brelse(bp);
}

/* Read the FSInfo sector at mount: use its hint; the count only if it is sane. */
int fat_fsinfo_read(struct fat_sb *s)
{
	struct buf *bp;
	uint32_t free, next;
	char *p;
	int err;

	s->free_count = FAT_UNKNOWN;
	s->next_free = FAT_FIRST_CLUSTER;
	if (!s->fsinfo_sector)
		return 0;
	bp = bread(s->bdev, s->fsinfo_sector, s->sector_size, &err);
	if (!bp)
		return err;
	p = bp->data;
	if (*(uint32_t *)(p + FSINFO_LEAD_OFF) != FSINFO_LEAD_SIG ||
	    *(uint32_t *)(p + FSINFO_STRUC_OFF) != FSINFO_STRUC_SIG ||
	    *(uint32_t *)(p + FSINFO_TRAIL_OFF) != FSINFO_TRAIL_SIG) {
		s->fsinfo_sector = 0;	/* not an FSInfo sector: leave it alone */
		brelse(bp);
		return 0;
	}
	free = *(uint32_t *)(p + FSINFO_FREE_OFF);
	next = *(uint32_t *)(p + FSINFO_NEXT_OFF);
	brelse(bp);
	if (free <= s->max_cluster - 1)
		s->free_count = free;
	if (fat_valid_cluster(s, next))
		s->next_free = next;
	return 0;
}

/* Zero every sector of cluster c. */
static int zero_cluster(struct fat_sb *s, uint32_t c)
{
	uint64_t sec = fat_clus_sector(s, c);

	for (unsigned int i = 0; i < s->sec_per_clus; i++) {
		struct buf *bp;
		int err;

		bp = bget_zeroed(s->bdev, sec + i, s->sector_size, &err);
		if (!bp)
			return err;
		memset(bp->data, 0, s->sector_size);
		bdirty(bp);
		brelse(bp);
	}
	return 0;
}

/* A free cluster from the hint on, wrapping once; -ENOSPC if none. */
static int find_free(struct fat_sb *s, uint32_t *out)
{
	uint32_t total = s->max_cluster - 1, c = s->next_free;

	if (!fat_valid_cluster(s, c))
		c = FAT_FIRST_CLUSTER;
	for (uint32_t n = 0; n < total; n++) {
		uint32_t v;
		int err = fat_ent_get(s, c, &v);

		if (err)
			return err;
		if (v == FAT_ENT_FREE) {
			*out = c;
			return 0;
		}
		c = c == s->max_cluster ? FAT_FIRST_CLUSTER : c + 1;
	}
	return -ENOSPC;
}

int fat_alloc_cluster(struct fat_sb *s, uint32_t prev, bool zero, uint32_t *out)
{
	uint32_t c;
	int err;

	if (s->free_count == FAT_UNKNOWN) {
		err = fat_count_free(s);
		if (err)
			return err;
	}
	if (s->free_count == 0)
		return -ENOSPC;
	err = find_free(s, &c);
	if (err == -ENOSPC)
		s->free_count = 0;	/* the count was wrong */
	if (err)
		return err;
	if (zero) {
		err = zero_cluster(s, c);
		if (err)
			return err;
	}
	err = fat_ent_set(s, c, FAT_ENT_EOC);
	if (!err && prev)
		err = fat_ent_set(s, prev, c);
	if (err) {
		fat_ent_set(s, c, FAT_ENT_FREE);
		return err;
	}
	s->free_count--;
	s->next_free = c == s->max_cluster ? FAT_FIRST_CLUSTER : c + 1;
	fat_fsinfo_update(s);
	*out = c;
	return 0;
}

int fat_free_chain(struct fat_sb *s, uint32_t start)
{
	uint32_t c = start, n = 0;
	int err = 0;

	if (!fat_valid_cluster(s, start))
		return start ? -EIO : 0;
	while (c) {
		uint32_t next;

		if (++n > s->max_cluster - 1) {
			err = -EIO;
			break;
		}
		err = fat_chain_next(s, c, &next);
		if (err) {
			/* free this one anyway: what follows is not a chain */
			if (fat_ent_set(s, c, FAT_ENT_FREE) == 0 && s->free_count != FAT_UNKNOWN)
				s->free_count++;
			break;
		}
		err = fat_ent_set(s, c, FAT_ENT_FREE);
		if (err)
			break;
		if (s->free_count != FAT_UNKNOWN)
			s->free_count++;
		c = next;
	}
	fat_fsinfo_update(s);
	return err;
}
