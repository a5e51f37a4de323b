/*
 * Pipes (see <fs/pipe.h>).
 *
 * The ring is PIPE_DEF_SIZE bytes (F_SETPIPE_SZ: a power of two pages up
 * to PIPE_MAX_SIZE) in pages allocated on first use; head
 * and tail count bytes written and read, so head - tail is the fill.
 * p->lock (a mutex) protects the ring and the counts, and is held over
 * each copy, so a write that fits whole is never interleaved.
 *
 * A reader or writer that must wait drops the mutex and sleeps on a wait
 * queue until the condition looks true (checked without the mutex), then
 * takes the mutex and checks again. Whoever changes the state does it
 * under the mutex and then wakes the other side, which cannot miss it:
 * the sleeper tests its condition under the wait queue's lock, which the
 * waker takes after the change.
 *
 * Each pipe has an inode of the internal pipefs, so fstat reports a FIFO.
 *
 * A FIFO (a named pipe, mknod S_IFIFO) gets a struct pipe at its first
 * open, kept in inode->i_pipe until its last close; the FIFO inode's
 * i_mutex guards that (taken before p->lock). Opening for reading waits
 * for a writer and for writing waits for a reader, as POSIX says
 * (O_NONBLOCK: readers go on, writers fail with -ENXIO).
 */
#include "internal.h"
#include "pipe_internal.h"
#include <fs/poll.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <mm/kmalloc.h>
#include <mm/page.h>
#include <lib/errno.h>
#include <lib/string.h>

#define FIONREAD	0x541B

static struct vfsmount *pipe_mnt;	/* [I] */
static const struct file_operations pipe_fops;

/* The sleepers' conditions: read without the mutex. */
bool pipe_readable(struct pipe *p)
{
	return READ_ONCE(p->head) != READ_ONCE(p->tail) || !READ_ONCE(p->writers);
}

bool pipe_writable(struct pipe *p, size_t need)
{
	return p->size - (READ_ONCE(p->head) - READ_ONCE(p->tail)) >= need ||
	       !READ_ONCE(p->readers);
}

char *pipe_ring_at(struct pipe *p, size_t pos, size_t *room)
{
	size_t off = pos % p->size;

	*room = PAGE_SIZE - off % PAGE_SIZE;
	return p->pages[off / PAGE_SIZE] + off % PAGE_SIZE;
}

static ssize_t pipe_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct pipe *p = f->private_data;
	size_t done = 0;
	ssize_t err = 0;
	bool was_full;

	(void)pos;
	if (!uio_resid(u))
		return 0;
	for (;;) {
		mutex_lock(&p->lock);
		if (p->head != p->tail)
			break;
		if (!p->writers) {
			mutex_unlock(&p->lock);
			return 0;
		}
		mutex_unlock(&p->lock);
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(&p->rd_wait, pipe_readable(p));
		if (err)
			return err;
	}
	/* as Linux, writers (and epoll watches of them) hear only of room made in a full pipe */
	was_full = p->size - (p->head - p->tail) < PIPE_BUF;
	while (p->head != p->tail && uio_resid(u)) {
		size_t room;
		char *at = pipe_ring_at(p, p->tail, &room);
		size_t n = MIN(MIN(p->head - p->tail, room), uio_resid(u));
		ssize_t got = uio_copy_to(u, at, n);

		if (got < 0) {
			err = got;
			break;
		}
		p->tail += (size_t)got;
		done += (size_t)got;
		if ((size_t)got < n)
			break;
	}
	mutex_unlock(&p->lock);
	if (done && was_full)
		wake_up_all(&p->wr_wait);
	return done ? (ssize_t)done : err;
}

int pipe_fill(struct pipe *p, struct uio *u, size_t n, size_t *copied)
{
	*copied = 0;
	while (*copied < n) {
		size_t off = p->head % p->size, room, want;
		char *at;
		ssize_t got;

		if (!p->pages[off / PAGE_SIZE]) {
			p->pages[off / PAGE_SIZE] = alloc_page_va(0);
			if (!p->pages[off / PAGE_SIZE])
				return -ENOMEM;
		}
		at = pipe_ring_at(p, p->head, &room);
		want = MIN(room, n - *copied);
		got = uio_copy_from(u, at, want);
		if (got < 0)
			return (int)got;
		p->head += (size_t)got;
		*copied += (size_t)got;
		if ((size_t)got < want)
			return -EFAULT;
	}
	return 0;
}

static ssize_t pipe_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct pipe *p = f->private_data;
	size_t total = uio_resid(u), done = 0;
	bool whole = total <= PIPE_BUF;		/* must go in one piece */
	ssize_t err = 0;

	(void)pos;
	if (!total)
		return 0;
	mutex_lock(&p->lock);
	while (done < total) {
		size_t room = p->size - (p->head - p->tail);
		size_t need = whole ? total : 1;
		size_t got;

		if (!p->readers) {
			signal_epipe();
			err = -EPIPE;
			break;
		}
		if (room >= need) {
			err = pipe_fill(p, u, MIN(room, total - done), &got);
			done += got;
			if (err)
				break;
			continue;
		}
		if (f->f_flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		mutex_unlock(&p->lock);
		if (done)
			wake_up_all(&p->rd_wait);
		err = wait_event_interruptible(&p->wr_wait, pipe_writable(p, need));
		if (err)
			goto out;
		mutex_lock(&p->lock);
	}
	mutex_unlock(&p->lock);
out:
	if (done)
		wake_up_all(&p->rd_wait);
	return done ? (ssize_t)done : err;
}

static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->private_data;
	unsigned int mask = 0;
	size_t fill;

	if (f->f_mode & FMODE_READ)
		poll_wait(f, &p->rd_wait, pt);
	if (f->f_mode & FMODE_WRITE)
		poll_wait(f, &p->wr_wait, pt);
	mutex_lock(&p->lock);
	fill = p->head - p->tail;
	if (f->f_mode & FMODE_READ) {
		if (fill)
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers)
			mask |= POLLHUP;
	}
	if (f->f_mode & FMODE_WRITE) {
		if (p->size - fill >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	mutex_unlock(&p->lock);
	return mask;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe *p = f->private_data;
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	mutex_lock(&p->lock);
	n = (int)(p->head - p->tail);
	mutex_unlock(&p->lock);
	return put_user(n, (int __user *)arg);
}

static void pipe_free(struct pipe *p)
{
	for (size_t i = 0; i < p->size / PAGE_SIZE; i++)
		if (p->pages[i])
			free_page_va(p->pages[i]);
	kfree(p->pages);
	kfree(p);
}

/* Drop f's ends; true if that was the last. Caller holds p->lock. */
static bool pipe_put_ends(struct pipe *p, unsigned int fmode)
{
	if (fmode & FMODE_READ)
		p->readers--;
	if (fmode & FMODE_WRITE)
		p->writers--;
	return !p->readers && !p->writers;
}

static void pipe_release(struct inode *inode, struct file *f)
{
	struct pipe *p = f->private_data;
	struct inode *fifo = p->fifo;
	bool last;

	(void)inode;
	if (fifo)
		mutex_lock(&fifo->i_mutex);
	mutex_lock(&p->lock);
	last = pipe_put_ends(p, f->f_mode);
	mutex_unlock(&p->lock);
	if (fifo) {
		if (last)
			fifo->i_pipe = NULL;
		mutex_unlock(&fifo->i_mutex);
	}
	if (last) {
		pipe_free(p);
		return;
	}
	wake_up_all(&p->rd_wait);
	wake_up_all(&p->wr_wait);
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.llseek = no_llseek,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.release = pipe_release,
};

static struct file *pipe_file(const struct path *path, struct pipe *p, int flags)
{
	struct file *f = alloc_file(path, d_inode(path->dentry), (unsigned int)flags, &pipe_fops);

	if (f)
		f->private_data = p;
	return f;
}

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->pages = kzalloc(PIPE_DEF_PAGES * sizeof(char *));
	if (!p->pages) {
		kfree(p);
		return NULL;
	}
	mutex_init(&p->lock, "pipe");
	wait_queue_init(&p->rd_wait);
	wait_queue_init(&p->wr_wait);
	p->size = PIPE_DEF_SIZE;
	return p;
}

int pipe_create(struct file **rd, struct file **wr, int flags)
{
	struct pipe *p = pipe_alloc();
	struct inode *inode = NULL;
	struct dentry *d = NULL;
	struct path path;

	if (!p)
		return -ENOMEM;
	p->readers = p->writers = 1;
	inode = new_inode(pipe_mnt->mnt_sb);
	d = d_alloc_anon(pipe_mnt->mnt_sb, "pipe:");
	if (!inode || !d)
		goto nomem;
	inode_init_owner(inode, NULL, S_IFIFO | S_IRUSR | S_IWUSR);
	inode->i_pipe = p;
	inode->i_fop = &fifo_fops;	/* opened again through /proc/PID/fd/N */
	d_instantiate(d, inode);
	inode = NULL;
	path = (struct path){ pipe_mnt, d };
	*rd = pipe_file(&path, p, O_RDONLY | (flags & O_NONBLOCK));
	*wr = pipe_file(&path, p, O_WRONLY | (flags & O_NONBLOCK));
	if (!*rd || !*wr) {
		if (*rd)
			(*rd)->f_op = NULL;
		if (*wr)
			(*wr)->f_op = NULL;
		fput(*rd);
		fput(*wr);
		goto nomem;
	}
	dput(d);
	return 0;
nomem:
	iput(inode);
	dput(d);
	pipe_free(p);
	return -ENOMEM;
}

/* ---- FIFOs ---------------------------------------------------------------- */

static int fifo_open(struct inode *inode, struct file *f)
{
	bool nonblock = f->f_flags & O_NONBLOCK;
	struct wait_queue *wq = NULL;
	unsigned int *counter = NULL, seen = 0;
	struct pipe *p;
	bool is_pipe;
	int err = 0;

	mutex_lock(&inode->i_mutex);
	p = inode->i_pipe;
	if (!p) {
		p = pipe_alloc();
		if (!p) {
			mutex_unlock(&inode->i_mutex);
			return -ENOMEM;
		}
		p->fifo = inode;
		inode->i_pipe = p;
	}
	/*
	 * A pipe opened again through /proc/PID/fd/N (its pipefs inode) waits
	 * for no partner, as Linux's fifo_open() for a pipe: its other end
	 * may be closed already.
	 */
	is_pipe = !p->fifo;
	mutex_lock(&p->lock);
	switch (f->f_mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ:
		p->readers++;
		p->r_counter++;
		if (!is_pipe && !p->writers && !nonblock) {
			wq = &p->rd_wait;	/* wait for a writer */
			counter = &p->w_counter;
			seen = p->w_counter;
		}
		break;
	case FMODE_WRITE:
		if (!is_pipe && nonblock && !p->readers) {
			err = -ENXIO;
			break;
		}
		p->writers++;
		p->w_counter++;
		if (!is_pipe && !p->readers) {
			wq = &p->wr_wait;	/* wait for a reader */
			counter = &p->r_counter;
			seen = p->r_counter;
		}
		break;
	case FMODE_READ | FMODE_WRITE:
		p->readers++;
		p->writers++;
		p->r_counter++;
		p->w_counter++;
		break;
	default:
		err = -EINVAL;
	}
	mutex_unlock(&p->lock);
	if (err) {
		/* the counts change only under i_mutex, which we hold */
		bool unused = !p->readers && !p->writers;

		if (unused)
			inode->i_pipe = NULL;
		mutex_unlock(&inode->i_mutex);
		if (unused)
			pipe_free(p);
		return err;
	}
	mutex_unlock(&inode->i_mutex);
	f->private_data = p;
	f->f_op = &pipe_fops;
	f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE | FMODE_ATOMIC_POS);
	wake_up_all(&p->rd_wait);	/* partners waiting for this open */
	wake_up_all(&p->wr_wait);
	if (wq && wait_event_interruptible(wq, READ_ONCE(*counter) != seen)) {
		pipe_release(inode, f);
		return -ERESTARTSYS;
	}
	return 0;
}

const struct file_operations fifo_fops = {
	.open = fifo_open,
};

struct pipe *file_pipe(struct file *f)
{
	return f->f_op == &pipe_fops ? f->private_data : NULL;
}

long pipe_get_size(struct file *f)
{
	struct pipe *p;
	long size;

	if (f->f_op != &pipe_fops)
		return -EBADF;
	p = f->private_data;
	mutex_lock(&p->lock);
	size = (long)p->size;
	mutex_unlock(&p->lock);
	return size;
}

/* The ring's data copied to the start of a new ring of size bytes. */
static int pipe_resize(struct pipe *p, size_t size)
{
	size_t fill = p->head - p->tail, done = 0;
	char **pages = kzalloc(size / PAGE_SIZE * sizeof(char *));

	if (!pages)
		return -ENOMEM;
	while (done < fill) {
		size_t room, n;
		char *from = pipe_ring_at(p, p->tail + done, &room);
		size_t i = done / PAGE_SIZE, off = done % PAGE_SIZE;

		if (!pages[i] && !(pages[i] = alloc_page_va(0))) {
			while (i--)
				free_page_va(pages[i]);
			kfree(pages);
			return -ENOMEM;
		}
		n = MIN(MIN(room, PAGE_SIZE - off), fill - done);
		memcpy(pages[i] + off, from, n);
		done += n;
	}
	for (size_t i = 0; i < p->size / PAGE_SIZE; i++)
		if (p->pages[i])
			free_page_va(p->pages[i]);
	kfree(p->pages);
	p->pages = pages;
	p->size = size;
	p->tail = 0;
	p->head = fill;
	return 0;
}

long pipe_set_size(struct file *f, unsigned long arg)
{
	struct pipe *p;
	size_t size;
	long err;

	if (f->f_op != &pipe_fops)
		return -EBADF;
	if (arg > (1UL << 31))
		return -EINVAL;
	size = PAGE_SIZE;
	while (size < arg)
		size *= 2;
	if (size > PIPE_MAX_SIZE)
		return -EPERM;
	p = f->private_data;
	mutex_lock(&p->lock);
	if (p->head - p->tail > size)
		err = -EBUSY;
	else
		err = size == p->size ? 0 : pipe_resize(p, size);
	mutex_unlock(&p->lock);
	if (err)
		return err;
	wake_up_all(&p->wr_wait);
	return (long)size;
}

long pipe_bytes_ready(struct file *f)
{
	struct pipe *p;
	long n;

	if (f->f_op != &pipe_fops)
		return -EBADF;
	p = f->private_data;
	mutex_lock(&p->lock);
	n = (long)(p->head - p->tail);
	mutex_unlock(&p->lock);
	return n;
}

static int pipefs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	struct inode *root = new_inode(sb);

	(void)source;
	(void)data;
	if (!root)
		return -ENOMEM;
	root->i_mode = S_IFDIR | 0700;
	sb->s_magic = 0x50495045;	/* PIPEFS_MAGIC */
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct file_system_type pipefs_type = {
	.name = "pipefs",
	.fill_super = pipefs_fill_super,
};

void pipe_init(void)
{
	register_filesystem(&pipefs_type);
	pipe_mnt = vfs_kern_mount("pipefs", 0, "pipefs", NULL);
	if (IS_ERR(pipe_mnt))
		panic("pipe: cannot mount pipefs");
}
