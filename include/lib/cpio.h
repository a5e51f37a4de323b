/*
 * A parser for "newc" cpio archives (magic 070701, and 070702 with
 * checksums), the format of Linux initramfs images. Pure: it only reads
 * the buffer it is given and never allocates.
 *
 * Several archives may follow one another, with NUL bytes between them
 * (as when images are concatenated); each ends with a "TRAILER!!!"
 * entry, which is not returned.
 */
#ifndef LIB_CPIO_H
#define LIB_CPIO_H

#include <lib/compiler.h>

#define CPIO_HEADER_SIZE	110

struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the archive */
	size_t namelen;		/* without the NUL */
	uint32_t ino, mode, uid, gid, nlink, mtime;
	uint32_t devmajor, devminor, rdevmajor, rdevminor;
	const void *data;	/* the file's bytes (a symlink: its target) */
	size_t size;
};

struct cpio_reader {
	const unsigned char *base;
	size_t len;
	size_t off;		/* the next header */
	bool in_archive;	/* a header came and no trailer yet */
};

void cpio_init(struct cpio_reader *r, const void *data, size_t len);
/*
 * The next entry: 1 and *e filled, 0 at the end of the data (after a
 * trailer, or for empty data), -EINVAL for a damaged or truncated
 * archive (the reader then stays at the damage).
 */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

#endif
