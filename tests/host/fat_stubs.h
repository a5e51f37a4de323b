/*
 * A block layer for host tests of fs/fat: the block cache API of
 * <fs/blkdev.h> over disk images in files or in memory (fat_stubs.c).
 */
#ifndef HOST_FAT_STUBS_H
#define HOST_FAT_STUBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct block_device;

/* A disk named name over the image file at path (read and written in place). */
struct block_device *host_disk_file(const char *name, const char *path);
/* A disk named name over len bytes at data (the caller's, used in place). */
struct block_device *host_disk_mem(const char *name, void *data, size_t len);
/* The same, but writes are kept aside: the image stays as it is. */
struct block_device *host_disk_cow(const char *name, const void *data, size_t len);
/*
 * Write back and drop the disk's cached blocks, close it and forget its
 * name; the block_device stays allocated (a mounted instance may still
 * point at it) and every later I/O on it fails with -EIO.
 */
void host_disk_close(struct block_device *b);
/* Blocks with references held: 0 when every bread has had its brelse. */
int host_buf_busy(void);
/* I/O operations left before every read and write fails with -EIO (-1: never). */
extern long host_disk_fail_after;
/* Clean unreferenced blocks kept cached (the rest are freed): small finds stale pointers. */
extern int host_cache_limit;

#endif
