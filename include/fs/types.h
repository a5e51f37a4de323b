/*
 * Scalar types of the file layer, with Linux's names and widths (so they
 * agree with the system-call prototypes), and device numbers.
 *
 * A dev_t inside the kernel is major:12 bits, minor:20 bits, as Linux
 * keeps it; the system-call layer converts to the user encoding.
 */
#ifndef FS_TYPES_H
#define FS_TYPES_H

#include <lib/compiler.h>

typedef unsigned short umode_t;
typedef long long loff_t;
typedef long ssize_t;
typedef unsigned int dev_t;

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MKDEV(ma, mi)	(((dev_t)(ma) << MINORBITS) | (dev_t)(mi))
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))

/* A file time: seconds and nanoseconds. */
struct fs_time {
	int64_t sec;
	uint32_t nsec;
};

#endif
