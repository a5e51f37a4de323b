/*
 * MBR and GPT partition tables (see <lib/partition.h>).
 *
 * Everything on disk is little-endian and read byte by byte, so no
 * structure layout or alignment is assumed. The GPT entry array is
 * streamed one LBA at a time through the caller's scratch block: its CRC
 * is summed on the way and the entries are kept only if it matches.
 */
#include <lib/partition.h>
#include <lib/errno.h>
#include <lib/string.h>

/* MBR: four 16-byte entries at 0x1be, then 55 aa */
#define MBR_ENTRIES		0x1be
#define MBR_ENTRY_SIZE		16
#define MBR_NR_ENTRIES		4
#define MBR_SIG_OFF		510
#define MBR_E_BOOT		0	/* boot indicator: 0 or 0x80 */
#define MBR_E_TYPE		4
#define MBR_E_START		8	/* le32, LBA */
#define MBR_E_SIZE		12	/* le32, LBAs */
#define MBR_BOOTABLE		0x80
#define MBR_EXT_MAX_LINKS	100	/* EBRs followed without a partition */
#define MBR_FIRST_LOGICAL	5

/* GPT header fields */
#define GPT_SIGNATURE		0x5452415020494645ULL	/* "EFI PART" */
#define GPT_PRIMARY_LBA		1
#define GPT_H_SIGNATURE		0
#define GPT_H_SIZE		12
#define GPT_H_CRC		16
#define GPT_H_MY_LBA		24
#define GPT_H_ALT_LBA		32
#define GPT_H_FIRST_USABLE	40
#define GPT_H_LAST_USABLE	48
#define GPT_H_ENTRIES_LBA	72
#define GPT_H_NR_ENTRIES	80
#define GPT_H_ENTRY_SIZE	84
#define GPT_H_ENTRIES_CRC	88
#define GPT_HEADER_MIN		92	/* sizeof(gpt_header) in Linux */
#define GPT_ENTRY_SIZE		128
#define GPT_E_TYPE		0
#define GPT_E_UUID		16
#define GPT_E_START		32
#define GPT_E_END		40
#define GPT_ENTRIES_MAX_BYTES	(4U << 20)	/* Linux: KMALLOC_MAX_SIZE */

static uint32_t get_le16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get_le32(const uint8_t *p)
{
	return get_le16(p) | get_le16(p + 2) << 16;
}

static uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

uint32_t part_crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

/* One scan: the disk, the table being filled, what went wrong. */
struct scan {
	const struct part_disk *d;
	struct part_table *t;
	bool io_error;
};

/* Read lba into the scratch block; NULL past the end or on an error. */
static uint8_t *read_lba(struct scan *s, uint64_t lba)
{
	if (lba >= s->d->nr_lbas)
		return NULL;
	if (s->d->read(s->d->ctx, lba, s->d->buf)) {
		s->io_error = true;
		return NULL;
	}
	return s->d->buf;
}

static void put_partition(struct scan *s, unsigned int n, uint64_t start, uint64_t len,
			  uint8_t mbr_type)
{
	struct part_entry *e;

	if (n >= s->d->limit)
		return;
	e = &s->t->part[n];
	memset(e, 0, sizeof(*e));
	e->start = start;
	e->nr_lbas = len;
	e->mbr_type = mbr_type;
}

/* ---- MBR -------------------------------------------------------------------- */

static bool mbr_signed(const uint8_t *sector)
{
	return sector[MBR_SIG_OFF] == 0x55 && sector[MBR_SIG_OFF + 1] == 0xaa;
}

static const uint8_t *mbr_entry(const uint8_t *sector, int i)
{
	return sector + MBR_ENTRIES + i * MBR_ENTRY_SIZE;
}

static bool mbr_type_extended(uint8_t type)
{
	return type == MBR_TYPE_DOS_EXTENDED || type == MBR_TYPE_W98_EXTENDED ||
	       type == MBR_TYPE_LINUX_EXTENDED;
}

/*
 * The logical partitions of the extended partition [first, first + size):
 * a chain of EBRs. In each, the data entries start relative to the EBR;
 * the first extended entry links to the next EBR, relative to 'first'.
 * The 3rd and 4th entries are trusted only if they stay inside.
 */
static void mbr_parse_extended(struct scan *s, uint64_t first, uint64_t size,
			       unsigned int *next)
{
	uint64_t this_lba = first, this_size = size;
	int links = 0;

	for (;;) {
		const uint8_t *ebr, *e;
		int i;

		if (++links > MBR_EXT_MAX_LINKS || *next >= s->d->limit)
			return;
		ebr = read_lba(s, this_lba);
		if (!ebr || !mbr_signed(ebr))
			return;
		for (i = 0; i < MBR_NR_ENTRIES; i++) {
			uint64_t offs, len, at;

			e = mbr_entry(ebr, i);
			len = get_le32(e + MBR_E_SIZE);
			if (!len || mbr_type_extended(e[MBR_E_TYPE]))
				continue;
			offs = get_le32(e + MBR_E_START);
			at = this_lba + offs;
			if (i >= 2 && (offs + len > this_size || at < first ||
				       at + len > first + size))
				continue;
			put_partition(s, (*next)++, at, len, e[MBR_E_TYPE]);
			links = 0;
			if (*next >= s->d->limit)
				return;
		}
		for (i = 0; i < MBR_NR_ENTRIES; i++) {
			e = mbr_entry(ebr, i);
			if (get_le32(e + MBR_E_SIZE) && mbr_type_extended(e[MBR_E_TYPE]))
				break;
		}
		if (i == MBR_NR_ENTRIES)
			return;
		this_lba = first + get_le32(e + MBR_E_START);
		this_size = get_le32(e + MBR_E_SIZE);
	}
}

/* 1: an MBR (maybe empty), 0: none, -EIO: LBA 0 unreadable. */
static int mbr_scan(struct scan *s)
{
	uint8_t types[MBR_NR_ENTRIES];
	uint64_t start[MBR_NR_ENTRIES], len[MBR_NR_ENTRIES];
	/* an extended entry keeps room for a boot loader: 2 sectors */
	uint64_t ext_len = s->d->lba_size >= 2 * 512 ? 1 : 2;
	unsigned int next = MBR_FIRST_LOGICAL;
	const uint8_t *mbr = read_lba(s, 0);

	if (!mbr)
		return s->io_error ? -EIO : 0;
	if (!mbr_signed(mbr))
		return 0;
	for (int i = 0; i < MBR_NR_ENTRIES; i++) {
		const uint8_t *e = mbr_entry(mbr, i);

		/* else a FAT boot sector, or garbage: no partitions */
		if (e[MBR_E_BOOT] != 0 && e[MBR_E_BOOT] != MBR_BOOTABLE)
			return 0;
		if (e[MBR_E_TYPE] == MBR_TYPE_GPT_PROTECTIVE)
			return 0;	/* a GPT disk whose GPT is bad */
	}
	/* the scratch block is reused by the EBR reads: copy the entries out */
	for (int i = 0; i < MBR_NR_ENTRIES; i++) {
		const uint8_t *e = mbr_entry(mbr, i);

		types[i] = e[MBR_E_TYPE];
		start[i] = get_le32(e + MBR_E_START);
		len[i] = get_le32(e + MBR_E_SIZE);
	}
	s->t->scheme = PART_SCHEME_MBR;
	for (int i = 0; i < MBR_NR_ENTRIES; i++) {
		if (!len[i])
			continue;
		if (mbr_type_extended(types[i])) {
			put_partition(s, (unsigned int)i + 1, start[i], MIN(len[i], ext_len), types[i]);
			mbr_parse_extended(s, start[i], len[i], &next);
			continue;
		}
		put_partition(s, (unsigned int)i + 1, start[i], len[i], types[i]);
	}
	return 1;
}

/* ---- GPT -------------------------------------------------------------------- */

static bool pmbr_valid(struct scan *s)
{
	const uint8_t *mbr = read_lba(s, 0);

	if (!mbr || !mbr_signed(mbr))
		return false;
	for (int i = 0; i < MBR_NR_ENTRIES; i++) {
		const uint8_t *e = mbr_entry(mbr, i);

		if (e[MBR_E_TYPE] == MBR_TYPE_GPT_PROTECTIVE &&
		    get_le32(e + MBR_E_START) == GPT_PRIMARY_LBA)
			return true;	/* protective, or hybrid */
	}
	return false;
}

struct gpt_header {
	uint64_t alt_lba;
	uint64_t entries_lba;
	uint32_t nr_entries;
	uint32_t entries_crc;
};

/* Read and check the header at lba (Linux's is_gpt_valid, header part). */
static bool gpt_header_valid(struct scan *s, uint64_t lba, struct gpt_header *h)
{
	uint64_t last = s->d->nr_lbas - 1;
	const uint8_t *p = read_lba(s, lba);
	static const uint8_t zero[4];
	uint32_t size, crc;

	if (!p || get_le64(p + GPT_H_SIGNATURE) != GPT_SIGNATURE)
		return false;
	size = get_le32(p + GPT_H_SIZE);
	if (size > s->d->lba_size || size < GPT_HEADER_MIN)
		return false;
	/* the CRC covers the header with its own CRC field as zero */
	crc = part_crc32(0, p, GPT_H_CRC);
	crc = part_crc32(crc, zero, sizeof(zero));
	crc = part_crc32(crc, p + GPT_H_CRC + 4, size - GPT_H_CRC - 4);
	if (crc != get_le32(p + GPT_H_CRC))
		return false;
	if (get_le64(p + GPT_H_MY_LBA) != lba)
		return false;
	if (get_le64(p + GPT_H_FIRST_USABLE) > last || get_le64(p + GPT_H_LAST_USABLE) > last ||
	    get_le64(p + GPT_H_LAST_USABLE) < get_le64(p + GPT_H_FIRST_USABLE))
		return false;
	if (get_le32(p + GPT_H_ENTRY_SIZE) != GPT_ENTRY_SIZE)
		return false;
	h->alt_lba = get_le64(p + GPT_H_ALT_LBA);
	h->entries_lba = get_le64(p + GPT_H_ENTRIES_LBA);
	h->nr_entries = get_le32(p + GPT_H_NR_ENTRIES);
	h->entries_crc = get_le32(p + GPT_H_ENTRIES_CRC);
	return (uint64_t)h->nr_entries * GPT_ENTRY_SIZE <= GPT_ENTRIES_MAX_BYTES;
}

static bool guid_is_zero(const uint8_t *g)
{
	for (int i = 0; i < 16; i++)
		if (g[i])
			return false;
	return true;
}

static void gpt_put_entry(struct scan *s, unsigned int i, const uint8_t *e)
{
	uint64_t start = get_le64(e + GPT_E_START), end = get_le64(e + GPT_E_END);
	uint64_t last = s->d->nr_lbas - 1;
	struct part_entry *pe;

	/* Linux's is_pte_valid(); an end before the start is empty too */
	if (guid_is_zero(e + GPT_E_TYPE) || start > last || end > last || end < start)
		return;
	if (i + 1 >= s->d->limit)
		return;
	put_partition(s, i + 1, start, end - start + 1, 0);
	pe = &s->t->part[i + 1];
	memcpy(pe->type_guid, e + GPT_E_TYPE, sizeof(pe->type_guid));
	memcpy(pe->uuid, e + GPT_E_UUID, sizeof(pe->uuid));
}

/* Stream the entry array, checking its CRC; collect the entries if asked. */
static bool gpt_entries_valid(struct scan *s, const struct gpt_header *h, bool collect)
{
	uint64_t left = (uint64_t)h->nr_entries * GPT_ENTRY_SIZE;
	unsigned int per_lba = s->d->lba_size / GPT_ENTRY_SIZE, i = 0;
	uint32_t crc = 0;

	for (uint64_t lba = h->entries_lba; left; lba++) {
		size_t n = (size_t)MIN(left, (uint64_t)s->d->lba_size);
		const uint8_t *p = read_lba(s, lba);

		if (!p)
			return false;
		crc = part_crc32(crc, p, n);
		for (unsigned int k = 0; collect && k < per_lba && i < h->nr_entries; k++, i++)
			gpt_put_entry(s, i, p + k * GPT_ENTRY_SIZE);
		left -= n;
	}
	return crc == h->entries_crc;
}

/* 1: a valid GPT, 0: none. */
static int gpt_scan(struct scan *s)
{
	struct gpt_header h, alt;

	if (s->d->nr_lbas < 2 || !pmbr_valid(s))
		return 0;
	if (!gpt_header_valid(s, GPT_PRIMARY_LBA, &h) || !gpt_entries_valid(s, &h, true)) {
		memset(s->t->part, 0, sizeof(s->t->part));
		return 0;
	}
	s->t->scheme = PART_SCHEME_GPT;
	if (!gpt_header_valid(s, h.alt_lba, &alt) || !gpt_entries_valid(s, &alt, false))
		s->t->warnings |= PART_WARN_ALT_GPT;
	return 1;
}

/* ---- both ------------------------------------------------------------------- */

/* What blk_add_partition() does with partitions that leave the disk. */
static void fit_to_disk(struct scan *s)
{
	for (unsigned int n = 1; n < PART_MAX; n++) {
		struct part_entry *e = &s->t->part[n];

		if (!e->nr_lbas)
			continue;
		if (e->start >= s->d->nr_lbas) {
			e->nr_lbas = 0;
			s->t->warnings |= PART_WARN_BEYOND_END;
		} else if (e->nr_lbas > s->d->nr_lbas - e->start) {
			e->nr_lbas = s->d->nr_lbas - e->start;
			s->t->warnings |= PART_WARN_TRUNCATED;
		}
	}
}

int partition_scan(const struct part_disk *d, struct part_table *t)
{
	struct scan s = { .d = d, .t = t };
	int r;

	memset(t, 0, sizeof(*t));
	if (!d->read || !d->buf || d->lba_size < 512 || d->lba_size > 4096 ||
	    (d->lba_size & (d->lba_size - 1)) || d->limit > PART_MAX)
		return -EINVAL;
	r = gpt_scan(&s);
	if (r == 0)
		r = mbr_scan(&s);
	if (r > 0) {
		fit_to_disk(&s);
		if (s.io_error)
			t->warnings |= PART_WARN_IO;
		return 1;
	}
	memset(t, 0, sizeof(*t));
	return s.io_error ? -EIO : r;
}
