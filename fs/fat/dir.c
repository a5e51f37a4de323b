/*
 * FAT directories: arrays of 32-byte slots in a cluster chain.
 *
 * An entry is a short (8.3) slot holding the attributes, first cluster,
 * size and times, preceded by the long-name (VFAT) slots of its name in
 * UTF-16, last part first; each long slot carries its sequence number
 * and the checksum of the short name it belongs to. A long name whose
 * sequence or checksum does not match is ignored and the short name is
 * shown instead, as Linux does. A slot whose first byte is 0xE5 is free;
 * one whose first byte is 0 is free and ends the directory.
 *
 * Names are shown as Linux's vfat shows them with default options
 * (shortname=mixed, utf8): the long name if there is one, else the short
 * name, lower-cased where the NT case byte says. New names get a long
 * name unless they are upper-case 8.3 names (dirent.c makes entries).
 * Names match ignoring ASCII case, as Linux's vfat with utf8 (see
 * docs/fat.md).
 *
 * Directory positions are byte offsets of slots, stable while an entry
 * lives (slots never move), which makes them getdents cookies. Every
 * walk is bounded by the directory's size (at most 65536 slots).
 * Everything here runs under [l].
 */
#include "fat_internal.h"
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

#define DOT_NAME	".          "
#define DOTDOT_NAME	"..         "

int fat_dir_slot(struct inode *dir, loff_t pos, struct buf **bp, struct fat_dirent **de)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	uint32_t clus;
	uint64_t sec;
	int err;

	if (pos < 0 || pos >= dir->i_size)
		return -ENOENT;
	err = fat_bmap(dir, (uint32_t)(pos >> s->clus_shift), false, &clus);
	if (err)
		return err;
	sec = fat_clus_sector(s, clus) + ((pos & (s->clus_size - 1)) >> s->sector_shift);
	if (!*bp || (*bp)->blockno != sec) {
		if (*bp)
			brelse(*bp);
		*bp = bread(s->bdev, sec, s->sector_size, &err);
		if (!*bp)
			return err;
	}
	*de = (struct fat_dirent *)((char *)(*bp)->data + (pos & (s->sector_size - 1)));
	return 0;
}

uint64_t fat_slot_i_pos(struct fat_sb *s, const struct buf *bp, loff_t pos)
{
	return ((bp->blockno << s->sector_shift) | (uint64_t)(pos & (s->sector_size - 1)))
		>> FAT_DIRENT_SHIFT;
}

uint8_t fat_short_csum(const uint8_t *name)
{
	uint8_t sum = 0;

	for (int i = 0; i < FAT_NAME_LEN; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + name[i]);
	return sum;
}

static bool is_dot_entry(const struct fat_dirent *de)
{
	return memcmp(de->name, DOT_NAME, FAT_NAME_LEN) == 0 ||
	       memcmp(de->name, DOTDOT_NAME, FAT_NAME_LEN) == 0;
}

/* ---- names ------------------------------------------------------------------ */

/* UTF-8 to UTF-16; the count of units, or -EINVAL / -ENAMETOOLONG. */
int fat_utf8_to_utf16(const char *s, size_t len, uint16_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < len;) {
		uint8_t c = (uint8_t)s[i];
		uint32_t cp;
		size_t extra;

		if (c < 0x80) {
			cp = c;
			extra = 0;
		} else if ((c & 0xE0) == 0xC0) {
			cp = c & 0x1F;
			extra = 1;
		} else if ((c & 0xF0) == 0xE0) {
			cp = c & 0x0F;
			extra = 2;
		} else if ((c & 0xF8) == 0xF0) {
			cp = c & 0x07;
			extra = 3;
		} else {
			return -EINVAL;
		}
		if (extra && i + extra >= len)
			return -EINVAL;
		for (size_t k = 1; k <= extra; k++) {
			uint8_t cc = (uint8_t)s[i + k];

			if ((cc & 0xC0) != 0x80)
				return -EINVAL;
			cp = cp << 6 | (cc & 0x3F);
		}
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return -EINVAL;
		i += extra + 1;
		if (cp >= 0x10000) {
			if (n + 2 > max)
				return -ENAMETOOLONG;
			cp -= 0x10000;
			out[n++] = (uint16_t)(0xD800 | (cp >> 10));
			out[n++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
		} else {
			if (n + 1 > max)
				return -ENAMETOOLONG;
			out[n++] = (uint16_t)cp;
		}
	}
	return (int)n;
}

/* UTF-16 to UTF-8 (a lone surrogate is encoded as it is); bytes written, 0 if too long. */
static size_t utf16_to_utf8(const uint16_t *in, size_t n, char *out, size_t max)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t cp = in[i];

		if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n && in[i + 1] >= 0xDC00 &&
		    in[i + 1] < 0xE000) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (in[i + 1] - 0xDC00);
			i++;
		}
		if (o + 4 > max)
			return 0;
		if (cp < 0x80) {
			out[o++] = (char)cp;
		} else if (cp < 0x800) {
			out[o++] = (char)(0xC0 | cp >> 6);
			out[o++] = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			out[o++] = (char)(0xE0 | cp >> 12);
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			out[o++] = (char)(0xF0 | cp >> 18);
			out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	return o;
}

static bool bad_char(uint32_t c)
{
	return c < 0x20 || c == '*' || c == '?' || c == '<' || c == '>' || c == '|' ||
	       c == '"' || c == ':' || c == '/' || c == '\\';
}

int fat_check_name(const char *name, size_t *len)
{
	size_t n = *len;

	while (n && name[n - 1] == '.')
		n--;		/* Windows drops trailing dots, and so does Linux */
	if (n == 0)
		return -ENOENT;
	for (size_t i = 0; i < n; i++)
		if (bad_char((uint8_t)name[i]))
			return -EINVAL;
	if (name[n - 1] == ' ')
		return -EINVAL;
	*len = n;
	return 0;
}

/* Code page 437, the default of Linux's vfat: its upper half in Unicode. */
static const uint16_t cp437_high[128] = {
	0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
	0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
	0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
	0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
	0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
	0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
	0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
	0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
	0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
	0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
	0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
	0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
	0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
	0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
	0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

/* The short name as shown: case from the NT byte, code page 437 in UTF-8. */
static size_t short_display(const struct fat_dirent *de, char *out)
{
	uint16_t u[FAT_NAME_LEN + 1];
	size_t n = 0;

	for (int part = 0; part < 2; part++) {
		int from = part ? 8 : 0, to = part ? 11 : 8, end = to;
		bool lower = de->lcase & (part ? CASE_LOWER_EXT : CASE_LOWER_BASE);

		while (end > from && de->name[end - 1] == ' ')
			end--;
		if (part && end > from)
			u[n++] = '.';
		for (int i = from; i < end; i++) {
			uint8_t c = de->name[i];

			if (i == 0 && c == FAT_KANJI_E5)
				c = FAT_DELETED;
			u[n] = c >= 0x80 ? cp437_high[c - 0x80] : c;
			/* lower case: ASCII and Latin-1 letters, as the code page's table has them */
			if (lower && ((u[n] >= 'A' && u[n] <= 'Z') ||
				      (u[n] >= 0xC0 && u[n] <= 0xDE && u[n] != 0xD7)))
				u[n] += 0x20;
			n++;
		}
	}
	return utf16_to_utf8(u, n, out, FAT_NAME_BUF - 1);
}

/* ---- walking a directory ------------------------------------------------------- */

/* A long name being put together from its slots. */
struct lfn_state {
	uint16_t chars[FAT_LFN_MAX_SLOTS * FAT_LFN_CHARS];
	unsigned int nr;		/* slots in the name (0: none in progress) */
	unsigned int expect;		/* next sequence number expected (0: complete) */
	uint8_t csum;
	loff_t start;
};

static void lfn_take(struct lfn_state *l, const struct fat_lfn_slot *ls, unsigned int ord)
{
	uint16_t *c = &l->chars[(ord - 1) * FAT_LFN_CHARS];

	memcpy(c, ls->name1, sizeof(ls->name1));
	memcpy(c + 5, ls->name2, sizeof(ls->name2));
	memcpy(c + 11, ls->name3, sizeof(ls->name3));
}

static void lfn_slot(struct lfn_state *l, const struct fat_dirent *de, loff_t pos)
{
	const struct fat_lfn_slot *ls = (const void *)de;
	unsigned int ord = ls->ord & ~FAT_LFN_LAST;

	if (ls->ord & FAT_LFN_LAST) {
		l->nr = 0;
		if (ord == 0 || ord > FAT_LFN_MAX_SLOTS)
			return;
		l->nr = ord;
		l->expect = ord - 1;
		l->csum = ls->csum;
		l->start = pos;
		lfn_take(l, ls, ord);
		return;
	}
	if (l->nr && l->expect && ord == l->expect && ls->csum == l->csum) {
		lfn_take(l, ls, ord);
		l->expect--;
	} else {
		l->nr = 0;
	}
}

/*
 * The name of the short entry de, with the long name l may hold: UTF-8
 * in buf; si's slot range. Returns the length, 0 for an entry that
 * cannot be named (a '/' or NUL in it).
 */
static size_t entry_name(struct lfn_state *l, const struct fat_dirent *de, loff_t pos,
			 char *buf, struct fat_slot_info *si)
{
	size_t len = 0;

	si->slot_off = si->de_off = pos;
	si->nr_slots = 1;
	if (l->nr && l->expect == 0 && l->csum == fat_short_csum(de->name)) {
		size_t n = 0, max = (size_t)l->nr * FAT_LFN_CHARS;

		while (n < max && l->chars[n] != 0)
			n++;
		if (n && n <= FAT_LFN_MAX)
			len = utf16_to_utf8(l->chars, n, buf, FAT_NAME_BUF - 1);
		if (len > NAME_MAX || memchr(buf, '/', len))
			len = 0;
		if (len) {
			si->slot_off = l->start;
			si->nr_slots = l->nr + 1;
		}
	}
	l->nr = 0;
	if (!len)
		len = short_display(de, buf);
	buf[len] = '\0';
	if (memchr(buf, '/', len) || strlen(buf) != len)
		return 0;
	return len;
}

/* The walk behind fat_dir_next, with a caller's block and long-name state. */
static int dir_next(struct inode *dir, loff_t *pos, struct buf **bp, struct lfn_state *l,
		    char *buf, size_t *len, struct fat_slot_info *si)
{
	struct fat_sb *s = FAT_SB(dir->i_sb);
	loff_t p = ALIGN_UP(*pos, (loff_t)FAT_DIRENT_SIZE);
	struct fat_dirent *de;
	int err;

	l->nr = 0;
	for (;; p += FAT_DIRENT_SIZE) {
		err = fat_dir_slot(dir, p, bp, &de);
		if (err)
			break;
		if (de->name[0] == FAT_END) {
			err = -ENOENT;
			break;
		}
		if (de->name[0] == FAT_DELETED) {
			l->nr = 0;
			continue;
		}
		if (de->attr == ATTR_LFN) {
			lfn_slot(l, de, p);
			continue;
		}
		if ((de->attr & ATTR_VOLUME) || is_dot_entry(de) || fat_is_link_table(dir, de)) {
			l->nr = 0;
			continue;
		}
		*len = entry_name(l, de, p, buf, si);
		if (!*len)
			continue;
		si->de = *de;
		si->i_pos = fat_slot_i_pos(s, *bp, p);
		*pos = p + FAT_DIRENT_SIZE;
		return 0;
	}
	*pos = p;
	return err;
}

struct dir_walk {
	struct lfn_state l;
	char name[FAT_NAME_BUF];
};

int fat_dir_next(struct inode *dir, loff_t *pos, char *buf, size_t *len,
		 struct fat_slot_info *si)
{
	struct lfn_state *l = kmalloc(sizeof(*l), 0);
	struct buf *bp = NULL;
	int err;

	if (!l)
		return -ENOMEM;
	err = dir_next(dir, pos, &bp, l, buf, len, si);
	if (bp)
		brelse(bp);
	kfree(l);
	return err;
}

static bool fold_equal(const char *a, const char *b, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char x = a[i], y = b[i];

		if (x >= 'a' && x <= 'z')
			x = (char)(x - 'a' + 'A');
		if (y >= 'a' && y <= 'z')
			y = (char)(y - 'a' + 'A');
		if (x != y)
			return false;
	}
	return true;
}

int fat_find(struct inode *dir, const char *name, size_t len, struct fat_slot_info *si)
{
	struct dir_walk *w = kmalloc(sizeof(*w), 0);
	struct buf *bp = NULL;
	loff_t pos = 0;
	size_t n;
	int err;

	if (!w)
		return -ENOMEM;
	while ((err = dir_next(dir, &pos, &bp, &w->l, w->name, &n, si)) == 0) {
		if (n != len)
			continue;
		if (fold_equal(w->name, name, len))
			break;
	}
	if (bp)
		brelse(bp);
	kfree(w);
	return err;
}

/* Call fn on every short entry but "." and ".."; stop at its nonzero return. */
static int for_each_short(struct inode *dir, int (*fn)(const struct fat_dirent *, void *),
			  void *arg)
{
	struct buf *bp = NULL;
	struct fat_dirent *de;
	int err = 0;

	for (loff_t p = 0;; p += FAT_DIRENT_SIZE) {
		err = fat_dir_slot(dir, p, &bp, &de);
		if (err == -ENOENT || (!err && de->name[0] == FAT_END)) {
			err = 0;
			break;
		}
		if (err)
			break;
		if (de->name[0] == FAT_DELETED || de->attr == ATTR_LFN || is_dot_entry(de))
			continue;
		err = fn(de, arg);
		if (err)
			break;
	}
	if (bp)
		brelse(bp);
	return err;
}

int fat_find_link_table(struct inode *root, struct fat_slot_info *si)
{
	struct fat_sb *s = FAT_SB(root->i_sb);
	struct buf *bp = NULL;
	struct fat_dirent *de;
	int err;

	for (loff_t p = 0;; p += FAT_DIRENT_SIZE) {
		err = fat_dir_slot(root, p, &bp, &de);
		if (!err && de->name[0] == FAT_END)
			err = -ENOENT;
		if (err)
			break;
		if (de->name[0] != FAT_DELETED && de->attr != ATTR_LFN && fat_is_link_table(root, de)) {
			si->slot_off = si->de_off = p;
			si->nr_slots = 1;
			si->i_pos = fat_slot_i_pos(s, bp, p);
			si->de = *de;
			break;
		}
	}
	if (bp)
		brelse(bp);
	return err;
}

static int name_taken(const struct fat_dirent *de, void *arg)
{
	return memcmp(de->name, arg, FAT_NAME_LEN) == 0;
}

int fat_short_exists(struct inode *dir, const uint8_t *name)
{
	return for_each_short(dir, name_taken, (void *)name);
}

static int not_empty(const struct fat_dirent *de, void *arg)
{
	(void)arg;
	return (de->attr & ATTR_VOLUME) ? 0 : -ENOTEMPTY;
}

int fat_dir_empty(struct inode *dir)
{
	return for_each_short(dir, not_empty, NULL);
}

static int count_dir(const struct fat_dirent *de, void *arg)
{
	if ((de->attr & ATTR_DIR) && !(de->attr & ATTR_VOLUME))
		++*(int *)arg;
	return 0;
}

int fat_subdirs(struct inode *dir)
{
	int n = 0, err = for_each_short(dir, count_dir, &n);

	return err ? err : n;
}
