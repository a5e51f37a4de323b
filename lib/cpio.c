/*
 * newc cpio parsing (see <lib/cpio.h>). Every length and offset read
 * from the archive is checked against the buffer before it is used.
 *
 * Layout: a 110-byte header ("070701" and thirteen 8-digit hex fields),
 * the name with its NUL, padding to a multiple of 4, the data, padding
 * to a multiple of 4.
 */
#include <lib/cpio.h>
#include <lib/errno.h>
#include <lib/string.h>

#define MAGIC_LEN	6
#define FIELD_LEN	8
#define TRAILER		"TRAILER!!!"

enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	NR_FIELDS
};

_Static_assert(MAGIC_LEN + NR_FIELDS * FIELD_LEN == CPIO_HEADER_SIZE, "newc header");

void cpio_init(struct cpio_reader *r, const void *data, size_t len)
{
	r->base = data;
	r->len = len;
	r->off = 0;
	r->in_archive = false;
}

static int hex_field(const unsigned char *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < FIELD_LEN; i++) {
		unsigned char c = p[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

/* Between archives: skip NUL padding. True if data is left. */
static bool skip_padding(struct cpio_reader *r)
{
	while (r->off < r->len && r->base[r->off] == '\0')
		r->off++;
	return r->off < r->len;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
	for (;;) {
		const unsigned char *h;
		uint32_t f[NR_FIELDS];
		size_t name_off, data_off, end;
		bool crc;

		if (!r->in_archive && !skip_padding(r))
			return 0;
		if (r->off % 4 || r->len - r->off < CPIO_HEADER_SIZE)
			return -EINVAL;
		h = r->base + r->off;
		if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
			return -EINVAL;
		crc = h[5] == '2';
		for (int i = 0; i < NR_FIELDS; i++)
			if (hex_field(h + MAGIC_LEN + i * FIELD_LEN, &f[i]))
				return -EINVAL;
		name_off = r->off + CPIO_HEADER_SIZE;
		if (f[F_NAMESIZE] == 0 || f[F_NAMESIZE] > r->len - name_off)
			return -EINVAL;
		if (strnlen((const char *)r->base + name_off, f[F_NAMESIZE]) != f[F_NAMESIZE] - 1)
			return -EINVAL;		/* no NUL at the end, or one inside */
		data_off = align4(name_off + f[F_NAMESIZE]);
		if (f[F_FILESIZE] == 0 && data_off > r->len)
			data_off = r->len;	/* the padding of a last, empty entry */
		if (data_off > r->len || f[F_FILESIZE] > r->len - data_off)
			return -EINVAL;
		end = data_off + f[F_FILESIZE];
		if (crc) {
			uint32_t sum = 0;

			for (size_t i = data_off; i < end; i++)
				sum += r->base[i];
			if (sum != f[F_CHECK])
				return -EINVAL;
		}
		/* the last entry may end the data without its padding */
		r->off = MIN(align4(end), r->len);
		if (strcmp((const char *)r->base + name_off, TRAILER) == 0) {
			r->in_archive = false;
			continue;
		}
		r->in_archive = true;
		*e = (struct cpio_entry){
			.name = (const char *)r->base + name_off,
			.namelen = f[F_NAMESIZE] - 1,
			.ino = f[F_INO], .mode = f[F_MODE], .uid = f[F_UID], .gid = f[F_GID],
			.nlink = f[F_NLINK], .mtime = f[F_MTIME],
			.devmajor = f[F_DEVMAJOR], .devminor = f[F_DEVMINOR],
			.rdevmajor = f[F_RDEVMAJOR], .rdevminor = f[F_RDEVMINOR],
			.data = r->base + data_off,
			.size = f[F_FILESIZE],
		};
		return 1;
	}
}
