/* Pipes inside fs/: the ring (fs/pipe.c) and splice (fs/splice.c). */
#ifndef FS_PIPE_INTERNAL_H
#define FS_PIPE_INTERNAL_H

#include <fs/pipe.h>
#include <kernel/mutex.h>
#include <kernel/sched.h>

struct pipe {
	struct mutex lock;
	struct wait_queue rd_wait;	/* readers waiting for data or EOF */
	struct wait_queue wr_wait;	/* writers waiting for room */
	char **pages;			/* [lock] size / PAGE_SIZE, NULL until used */
	size_t head, tail;		/* [lock] write and read counts */
	unsigned int readers, writers;	/* [lock] open ends */
	unsigned int r_counter, w_counter;	/* [lock] opens for reading, writing */
	size_t size;			/* [lock] bytes in the ring (F_SETPIPE_SZ) */
	struct inode *fifo;		/* [I] the FIFO's inode, NULL for pipe(2) */
};

/* f's pipe if f is a pipe or an open FIFO, else NULL */
struct pipe *file_pipe(struct file *f);
/* The sleepers' conditions: read without the mutex. */
bool pipe_readable(struct pipe *p);
bool pipe_writable(struct pipe *p, size_t need);
/* The contiguous piece of the ring at byte count pos: its address and room to the page end. [lock] */
char *pipe_ring_at(struct pipe *p, size_t pos, size_t *room);
/*
 * Copy n bytes into the ring at head (the room is there). 0, or -Exxx
 * after *copied bytes (a bad user buffer part way, no memory). [lock]
 */
int pipe_fill(struct pipe *p, struct uio *u, size_t n, size_t *copied);

#endif
