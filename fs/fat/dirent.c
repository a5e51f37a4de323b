/*
 * FAT directory entries made and removed: the short (8.3) name a new
 * name gets, as Linux makes it (invalid characters become '_', a name too
 * long or taken gets a ~N tail, ~1..~9, then a hexadecimal one), free
 * slots found or the directory grown, long-name slots written before the
 * short one, and entries removed, restored and rewritten in place. The
 * directory walk and name conversions are dir.c's. Everything here runs
 * under [l].
 */
#include "fat_internal.h"
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

/* ---- short names ------------------------------------------------------------------ */

struct short_part {
	bool valid;		/* nothing was dropped or replaced */
	bool upper;		/* no lower-case letter */
	bool lower;		/* no upper-case letter */
};

/* One character for a short name: 0 (dropped) or the byte. */
static uint8_t short_char(uint16_t c, struct short_part *p)
{
	if (c == '.' || c == ' ') {
		p->valid = false;
		return 0;
	}
	if (c == '[' || c == ']' || c == ';' || c == ',' || c == '+' || c == '=' || c >= 0x7F) {
		p->valid = false;
		return '_';
	}
	if (c >= 'a' && c <= 'z') {
		p->upper = false;
		return (uint8_t)(c - 'a' + 'A');
	}
	if (c >= 'A' && c <= 'Z')
		p->lower = false;
	return (uint8_t)c;
}

/*
 * The short name for the long name u: 1 if it is all the entry needs
 * (an upper-case 8.3 name), 0 if a long name goes with it, or -Exxx.
 */
static int make_short(struct inode *dir, const uint16_t *u, size_t ulen, uint8_t *out)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	struct short_part base = { true, true, true }, ext = { true, true, true };
	size_t sz = ulen, ext_at = 0, baselen = 0, extlen = 0;
	bool has_ext = false, fits = true;
	char hex[8];
	int taken;

	for (size_t i = ulen; i-- > 0;) {
		if (u[i] != '.')
			continue;
		/* a dot that only dots and spaces precede starts no extension */
		for (size_t k = 0; k < i; k++)
			if (u[k] != '.' && u[k] != ' ') {
				has_ext = true;
				break;
			}
		if (has_ext) {
			sz = i;
			ext_at = i + 1;
		}
		break;
	}
	memset(out, ' ', FAT_NAME_LEN);
	for (size_t i = 0; i < sz; i++) {
		uint8_t c = short_char(u[i], &base);

		if (!c)
			continue;
		if (baselen == 8) {
			fits = false;
			break;
		}
		out[baselen++] = c;
	}
	if (baselen == 0)
		return -EINVAL;
	for (size_t i = ext_at; has_ext && i < ulen; i++) {
		uint8_t c = short_char(u[i], &ext);

		if (!c)
			continue;
		if (extlen == 3) {
			fits = false;
			break;
		}
		out[8 + extlen++] = c;
	}
	if (fits && base.valid && ext.valid) {
		taken = fat_short_exists(dir, out);
		if (taken)
			return taken < 0 ? taken : -EEXIST;
		return base.upper && ext.upper;
	}
	/* NAME~N */
	if (baselen > 6) {
		baselen = 6;
		out[7] = ' ';
	}
	out[baselen] = '~';
	for (char n = '1'; n <= '9'; n++) {
		out[baselen + 1] = (uint8_t)n;
		taken = fat_short_exists(dir, out);
		if (taken <= 0)
			return taken;
	}
	/* NNXXXX~N, with XXXX from a seed that moves on */
	if (baselen > 2) {
		baselen = 2;
		out[7] = ' ';
	}
	out[baselen + 4] = '~';
	out[baselen + 5] = (uint8_t)('1' + ((s->shortname_seed >> 16) & 7));
	for (unsigned int tries = 0; tries < 0x10000; tries++) {
		uint32_t v = (s->shortname_seed -= 11) & 0xFFFF;

		for (int k = 0; k < 4; k++)
			hex[k] = "0123456789ABCDEF"[(v >> (12 - 4 * k)) & 15];
		memcpy(out + baselen, hex, 4);
		taken = fat_short_exists(dir, out);
		if (taken <= 0)
			return taken;
	}
	return -EEXIST;
}

/* ---- adding and removing entries ---------------------------------------------------- */

/*
 * A run of n free slots: its offset. The directory grows by a zeroed
 * cluster when it has none (up to FAT_MAX_DIR_SIZE). *end_region tells
 * whether the run lies past the end marker.
 */
static int find_slots(struct inode *dir, unsigned int n, loff_t *at, bool *end_region)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	struct buf *bp = NULL;
	struct fat_dirent *de = NULL;
	loff_t run = 0, p;
	unsigned int have = 0;
	bool ended = false;
	int err = 0;

	for (p = 0;; p += FAT_DIRENT_SIZE) {
		if (p >= dir->i_size) {
			uint32_t clus;

			if (dir->i_size + s->clus_size > FAT_MAX_DIR_SIZE) {
				err = -ENOSPC;
				break;
			}
			/* a zeroed cluster more: all free, past the end */
			err = fat_bmap(dir, FAT_I(dir)->nr_clusters, true, &clus);
			if (err)
				break;
			dir->i_size += s->clus_size;
			dir->i_blocks = (uint64_t)FAT_I(dir)->nr_clusters << (s->clus_shift - 9);
		}
		if (!ended) {
			err = fat_dir_slot(dir, p, &bp, &de);
			if (err)
				break;
			ended = de->name[0] == FAT_END;
		}
		if (ended || de->name[0] == FAT_DELETED) {
			if (have++ == 0)
				run = p;
			if (have == n)
				break;
		} else {
			have = 0;
		}
	}
	if (bp)
		brelse(bp);
	*at = run;
	*end_region = ended;
	return err;
}

static void fill_lfn(struct fat_lfn_slot *ls, const uint16_t *u, size_t ulen,
		     unsigned int ord, bool last, uint8_t csum)
{
	uint16_t c[FAT_LFN_CHARS];

	for (unsigned int j = 0; j < FAT_LFN_CHARS; j++) {
		size_t i = (ord - 1) * FAT_LFN_CHARS + j;

		c[j] = i < ulen ? u[i] : i == ulen ? 0 : 0xFFFF;
	}
	memset(ls, 0, sizeof(*ls));
	ls->ord = (uint8_t)(ord | (last ? FAT_LFN_LAST : 0));
	ls->attr = ATTR_LFN;
	ls->csum = csum;
	memcpy(ls->name1, c, sizeof(ls->name1));
	memcpy(ls->name2, c + 5, sizeof(ls->name2));
	memcpy(ls->name3, c + 11, sizeof(ls->name3));
}

int fat_add_entry(struct inode *dir, const char *name, size_t len,
		  const struct fat_dirent *proto, struct fat_slot_info *si)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	uint16_t *u = kmalloc(sizeof(uint16_t) * (FAT_LFN_MAX + 1), 0);
	uint8_t sname[FAT_NAME_LEN], csum;
	unsigned int nr_lfn = 0;
	struct buf *bp = NULL;
	struct fat_dirent *de;
	bool end_region;
	loff_t at, p;
	int ulen, err;

	if (!u)
		return -ENOMEM;
	err = fat_check_name(name, &len);
	if (err)
		goto out;
	ulen = fat_utf8_to_utf16(name, len, u, FAT_LFN_MAX);
	if (ulen < 0) {
		err = ulen;
		goto out;
	}
	err = make_short(dir, u, (size_t)ulen, sname);
	if (err < 0)
		goto out;
	if (err == 0)
		nr_lfn = (unsigned int)DIV_ROUND_UP(ulen, FAT_LFN_CHARS);
	err = find_slots(dir, nr_lfn + 1, &at, &end_region);
	if (err)
		goto out;
	csum = fat_short_csum(sname);
	p = at;
	for (unsigned int k = nr_lfn; k >= 1; k--, p += FAT_DIRENT_SIZE) {
		err = fat_dir_slot(dir, p, &bp, &de);
		if (err)
			goto out;
		fill_lfn((struct fat_lfn_slot *)de, u, (size_t)ulen, k, k == nr_lfn, csum);
		bdirty(bp);
	}
	err = fat_dir_slot(dir, p, &bp, &de);
	if (err)
		goto out;
	*de = *proto;
	memcpy(de->name, sname, FAT_NAME_LEN);
	de->lcase = 0;
	bdirty(bp);
	si->slot_off = at;
	si->de_off = p;
	si->nr_slots = nr_lfn + 1;
	si->i_pos = fat_slot_i_pos(s, bp, p);
	si->de = *de;
	/* past the end marker: the slot after ours must end the directory */
	if (end_region && fat_dir_slot(dir, p + FAT_DIRENT_SIZE, &bp, &de) == 0 &&
	    de->name[0] != FAT_END) {
		de->name[0] = FAT_END;
		bdirty(bp);
	}
	err = 0;
out:
	if (bp)
		brelse(bp);
	kfree(u);
	return err;
}

int fat_remove_entry(struct inode *dir, const struct fat_slot_info *si, uint8_t *saved)
{
	struct buf *bp = NULL;
	struct fat_dirent *de;
	int err = 0;

	for (loff_t p = si->slot_off; p <= si->de_off; p += FAT_DIRENT_SIZE) {
		err = fat_dir_slot(dir, p, &bp, &de);
		if (err)
			break;
		if (saved)
			*saved++ = de->name[0];
		de->name[0] = FAT_DELETED;
		bdirty(bp);
	}
	if (bp)
		brelse(bp);
	return err;
}

int fat_restore_entry(struct inode *dir, const struct fat_slot_info *si, const uint8_t *saved)
{
	struct buf *bp = NULL;
	struct fat_dirent *de;
	int err = 0;

	for (loff_t p = si->slot_off; p <= si->de_off; p += FAT_DIRENT_SIZE) {
		err = fat_dir_slot(dir, p, &bp, &de);
		if (err)
			break;
		de->name[0] = *saved++;
		bdirty(bp);
	}
	if (bp)
		brelse(bp);
	return err;
}

int fat_update_entry(struct inode *dir, const struct fat_slot_info *si,
		     const struct fat_dirent *src)
{
	struct buf *bp = NULL;
	struct fat_dirent *de;
	int err = fat_dir_slot(dir, si->de_off, &bp, &de);

	if (!err) {
		uint8_t name[FAT_NAME_LEN], lcase = de->lcase;

		memcpy(name, de->name, FAT_NAME_LEN);
		*de = *src;
		memcpy(de->name, name, FAT_NAME_LEN);
		de->lcase = lcase;
		bdirty(bp);
	}
	if (bp)
		brelse(bp);
	return err;
}
