/*
 * ramfs: a file system kept entirely in memory, the root file system.
 * Directories are lists of named entries; regular files keep their data
 * in pages found through a small radix tree (holes read as zeros).
 */
#ifndef FS_RAMFS_H
#define FS_RAMFS_H

#include <fs/vfs.h>

#define RAMFS_MAGIC	0x858458f6

void ramfs_init(void);		/* register "ramfs" */

#endif
