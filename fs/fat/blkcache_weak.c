/*
 * Until a block cache is built into the kernel, these stand-ins let the
 * FAT code link: every read fails with -ENODEV, so no mount succeeds.
 * The block layer's strong definitions (fs/buffer.c) replace them as
 * soon as it is linked in; this file then goes away.
 */
#include <fs/blkdev.h>
#include <lib/errno.h>

__attribute__((weak)) struct buf *bread(struct block_device *b, uint64_t blockno,
					unsigned int size, int *err)
{
	(void)b;
	(void)blockno;
	(void)size;
	*err = -ENODEV;
	return NULL;
}

__attribute__((weak)) struct buf *bget_zeroed(struct block_device *b, uint64_t blockno,
					      unsigned int size, int *err)
{
	return bread(b, blockno, size, err);
}

__attribute__((weak)) void bdirty(struct buf *bp)
{
	(void)bp;
}

__attribute__((weak)) void brelse(struct buf *bp)
{
	(void)bp;
}

__attribute__((weak)) int blkdev_sync(struct block_device *b)
{
	(void)b;
	return 0;
}

__attribute__((weak)) struct block_device *blkdev_lookup_name(const char *name)
{
	(void)name;
	return NULL;
}
