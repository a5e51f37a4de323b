/*
 * The pseudo file systems: "tmpfs" (ramfs with limits), "devtmpfs" (a
 * tmpfs holding the device nodes) and "proc" (processes and the kernel,
 * as text files generated when opened).
 */
#ifndef FS_PSEUDOFS_H
#define FS_PSEUDOFS_H

#define PROC_SUPER_MAGIC	0x9fa0
#define TMPFS_MAGIC		0x01021994

/* Boot, after vfs_init(): register the types. */
void procfs_init(void);
void tmpfs_init(void);
void devtmpfs_init(void);

#endif
