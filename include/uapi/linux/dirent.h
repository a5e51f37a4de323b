/* getdents64(2) records and the d_type values. */
#ifndef UAPI_LINUX_DIRENT_H
#define UAPI_LINUX_DIRENT_H

#include <lib/compiler.h>

struct linux_dirent64 {
	uint64_t	d_ino;
	int64_t		d_off;		/* position of the next record */
	unsigned short	d_reclen;	/* a multiple of 8 */
	unsigned char	d_type;
	char		d_name[];	/* NUL-terminated */
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

#endif
