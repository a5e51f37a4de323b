/* statfs(2)/fstatfs(2): struct statfs as 64-bit asm-generic lays it out. */
#ifndef UAPI_LINUX_STATFS_H
#define UAPI_LINUX_STATFS_H

#include <lib/compiler.h>

struct statfs {
	long f_type;
	long f_bsize;
	long f_blocks;
	long f_bfree;
	long f_bavail;
	long f_files;
	long f_ffree;
	struct {
		int val[2];
	} f_fsid;
	long f_namelen;
	long f_frsize;
	long f_flags;
	long f_spare[4];
};
_Static_assert(sizeof(struct statfs) == 120, "riscv64 struct statfs");

/* f_flags */
#define ST_RDONLY	0x0001
#define ST_NOSUID	0x0002
#define ST_NODEV	0x0004
#define ST_NOEXEC	0x0008
#define ST_VALID	0x0020

#endif
