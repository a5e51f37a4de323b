/* The knobs of tests/host/fs_stubs.c (see there). */
#ifndef HOST_FS_STUBS_H
#define HOST_FS_STUBS_H

#include <stddef.h>
#include <stdint.h>

struct files_struct;
struct fs_struct;

/* What current_files() and current_fs() return. */
extern struct files_struct *host_files;
extern struct fs_struct *host_fs;
/* The caller's ids (real and fs ids alike); 0: root, the default. */
extern uint32_t host_uid, host_gid;
extern uint32_t host_groups[8];
extern unsigned int host_ngroups;
/* User accesses touching [start, end) fail with -EFAULT. */
extern uintptr_t host_bad_start, host_bad_end;

#endif
