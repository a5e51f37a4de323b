/*
 * Processes: what a user program runs in. (Being written; the fs layer
 * reaches the calling process's tables only through these accessors.)
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

struct files_struct;
struct fs_struct;

/* The fd table and the cwd/root/umask of the calling thread's process. */
struct files_struct *current_files(void);
struct fs_struct *current_fs(void);

#endif
