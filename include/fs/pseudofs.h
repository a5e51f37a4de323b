/*
 * The pseudo file systems: "tmpfs" (ramfs with limits), "devtmpfs" (a
 * tmpfs holding the device nodes), "proc" (processes and the kernel,
 * as text files generated when opened) and "sysfs" (cpus and block
 * devices, one value a file, generated the same way).
 */
#ifndef FS_PSEUDOFS_H
#define FS_PSEUDOFS_H

#define PROC_SUPER_MAGIC	0x9fa0
#define TMPFS_MAGIC		0x01021994
#define SYSFS_MAGIC		0x62656572

/* Boot, after vfs_init(): register the types. */
void procfs_init(void);
void tmpfs_init(void);
void devtmpfs_init(void);
void sysfs_init(void);

#endif
