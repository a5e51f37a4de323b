/*
 * The lock order. A CPU takes locks in increasing level; debug builds check
 * it on every spin_lock(). docs/locking.md explains each lock. Keep gaps so
 * new locks fit between existing ones.
 */
#ifndef KERNEL_LOCKORDER_H
#define KERNEL_LOCKORDER_H

enum lock_level {
	LOCK_UNORDERED = 0,	/* not checked: self-tests */
	LOCK_KSTACK = 10,	/* kernel stack slots */
	LOCK_KMAP = 15,		/* kernel page table updates (allocates tables) */
	LOCK_KMALLOC_CPU = 17,	/* a cpu's object magazine, when drained remotely */
	LOCK_KMALLOC = 20,	/* slab cache of one size class */
	LOCK_PAGE_PCP = 25,	/* a cpu's page cache, when drained remotely */
	LOCK_PAGE_ALLOC = 30,	/* buddy free lists */
	LOCK_TIMER = 40,	/* per-cpu timer list */
	LOCK_PROCTREE = 42,	/* process tree: parents, children, groups */
	LOCK_PROC = 44,		/* one process: its threads, limits */
	LOCK_FUTEX = 46,	/* a futex hash bucket */
	LOCK_PID = 48,		/* id bitmap */
	LOCK_WAITQ = 50,	/* a wait queue's waiter list */
	/* the file layer's spinlocks take nothing (but dcache under mount) */
	LOCK_FS_STRUCT = 51,	/* a process's root, cwd, umask */
	LOCK_FILES = 52,	/* a process's fd table */
	LOCK_MOUNT = 53,	/* the mount tree, file system types */
	LOCK_DCACHE = 54,	/* dentry hash, parents, names */
	LOCK_CHRDEV = 55,	/* character device registry */
	LOCK_BCACHE = 56,	/* block cache lists: a leaf */
	LOCK_VIRTQUEUE = 57,	/* a virtio device's queue: a leaf */
	LOCK_EPOLL = 58,	/* an epoll's ready list and sleepers (under a watched wait queue) */
	LOCK_SCHED = 60,	/* per-cpu run queue (two: lower cpu id first) */
	LOCK_IRQ = 70,		/* interrupt controller */
	LOCK_TTY = 80,		/* a tty: its line discipline and termios */
	LOCK_CONSOLE_OUT = 85,	/* user writes to the console */
	LOCK_PRINTK = 90,	/* console output: taken from anywhere, takes nothing */
};

#endif
