/*
 * procfs internals. Every inode is made at lookup and forgotten when its
 * dentry goes (the super block is SB_NOCACHE), so what a directory holds
 * is always what the kernel has now: a process that exited leaves no
 * /proc/PID behind once unused. An inode names an entry of a table
 * (struct pseudo_entry) and, under /proc/PID, the process by its pid.
 *
 * The machinery (entries, generated files, tables) is fs/pseudo.c's,
 * shared with sysfs; an inode's id is its process's pid (0 outside
 * /proc/PID) and sub the fd of /proc/PID/fd/N.
 */
#ifndef FS_PROC_INTERNAL_H
#define FS_PROC_INTERNAL_H

#include "../pseudo.h"
#include <fs/pseudofs.h>
#include <kernel/proc.h>

/* fs/proc/base.c: /proc/PID and /proc/self */
extern const struct pseudo_entry proc_pid_entry;
/* /proc/self: the caller's pid */
int proc_self_link(struct pseudo_inode *pi, char *buf, size_t size);
/* Is there a process (live or zombie) with this pid? */
bool proc_pid_exists(int pid);
/* The pids >= from, in order: up to n into out; how many. */
int proc_next_pids(int from, int *out, int n);

/* fs/proc/info.c: the files of /proc itself */
extern const struct pseudo_entry proc_root_entries[];
/* /proc/mounts and /proc/PID/mounts */
int proc_show_mounts(struct pbuf *pb, struct pseudo_inode *pi);

#endif
