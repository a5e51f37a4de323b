/*
 * The fd table (see <fs/fdtable.h>).
 *
 * The array and its bitmaps are replaced, never resized in place: a
 * bigger table is allocated with no lock held, then swapped in under the
 * lock if it is still needed (someone may have grown it meanwhile); the
 * search for the lowest free fd then starts over. An fd's open_fds bit
 * is set while its slot holds a file, or is reserved for one being
 * opened (open(2) takes its fd first, as Linux does, so a full table is
 * -EMFILE before anything is created). next_fd is a hint: no fd below
 * it is free. Files are closed (fput) only after the lock is
 * dropped: closing may sleep.
 */
#include "internal.h"
#include <fs/locks.h>
#include <kernel/proc.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/string.h>

#define BITS_PER_LONG		(8 * sizeof(unsigned long))
#define FDT_MIN			64	/* slots in a new table */
#define BITMAP_LONGS(n)		DIV_ROUND_UP((n), BITS_PER_LONG)

static bool test_bit(const unsigned long *map, unsigned int i)
{
	return map[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG));
}

static void set_bit(unsigned long *map, unsigned int i)
{
	map[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
}

static void clear_bit(unsigned long *map, unsigned int i)
{
	map[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
}

/* First clear bit at or after start, or size. */
static unsigned int find_zero_bit(const unsigned long *map, unsigned int size, unsigned int start)
{
	for (unsigned int i = start; i < size;) {
		unsigned long w = map[i / BITS_PER_LONG] | ((1UL << (i % BITS_PER_LONG)) - 1);

		if (~w)
			return MIN(size, (unsigned int)(i / BITS_PER_LONG * BITS_PER_LONG +
							 __builtin_ctzl(~w)));
		i = (unsigned int)ALIGN_DOWN(i, BITS_PER_LONG) + (unsigned int)BITS_PER_LONG;
	}
	return size;
}

/* An empty table of n slots (n a multiple of BITS_PER_LONG); false without memory. */
static bool fdt_alloc(struct fdtable *t, unsigned int n)
{
	size_t bm = BITMAP_LONGS(n) * sizeof(unsigned long);

	t->max_fds = n;
	t->fd = kzalloc(n * sizeof(struct file *));
	t->open_fds = kzalloc(bm);
	t->close_on_exec = kzalloc(bm);
	if (t->fd && t->open_fds && t->close_on_exec)
		return true;
	kfree(t->fd);
	kfree(t->open_fds);
	kfree(t->close_on_exec);
	return false;
}

static void fdt_free(struct fdtable *t)
{
	kfree(t->fd);
	kfree(t->open_fds);
	kfree(t->close_on_exec);
}

/* Copy old's slots into the bigger new. */
static void fdt_copy(struct fdtable *new, const struct fdtable *old)
{
	size_t bm = BITMAP_LONGS(old->max_fds) * sizeof(unsigned long);

	memcpy(new->fd, old->fd, old->max_fds * sizeof(struct file *));
	memcpy(new->open_fds, old->open_fds, bm);
	memcpy(new->close_on_exec, old->close_on_exec, bm);
}

/* A file leaves files' table: the process's record locks on it go too. */
static void close_file(struct files_struct *files, struct file *f)
{
	if (f) {
		locks_remove_posix(f, files);
		fput(f);
	}
}

static struct files_struct *files_new(unsigned int slots)
{
	struct files_struct *files = kzalloc(sizeof(*files));

	if (!files)
		return NULL;
	if (!fdt_alloc(&files->fdt, slots)) {
		kfree(files);
		return NULL;
	}
	files->count = 1;
	files->limit = NR_OPEN_DEFAULT;
	spin_init(&files->lock, "files", LOCK_FILES);
	return files;
}

struct files_struct *files_alloc(void)
{
	return files_new(FDT_MIN);
}

struct files_struct *files_dup(struct files_struct *old)
{
	struct files_struct *files;
	unsigned int n;

	for (;;) {
		spin_lock(&old->lock);
		n = old->fdt.max_fds;
		spin_unlock(&old->lock);
		files = files_new(n);
		if (!files)
			return NULL;
		spin_lock(&old->lock);
		if (old->fdt.max_fds == n)
			break;
		spin_unlock(&old->lock);	/* it grew meanwhile: again */
		files_put(files);
	}
	fdt_copy(&files->fdt, &old->fdt);
	files->next_fd = old->next_fd;
	for (unsigned int i = 0; i < n; i++) {
		if (files->fdt.fd[i]) {
			get_file(files->fdt.fd[i]);
		} else if (test_bit(files->fdt.open_fds, i)) {
			clear_bit(files->fdt.open_fds, i);	/* reserved by the parent */
			files->next_fd = MIN(files->next_fd, i);
		}
	}
	files->limit = old->limit;
	spin_unlock(&old->lock);
	return files;
}

void files_get(struct files_struct *files)
{
	__atomic_add_fetch(&files->count, 1, __ATOMIC_RELAXED);
}

void files_put(struct files_struct *files)
{
	if (!files || __atomic_sub_fetch(&files->count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (unsigned int i = 0; i < files->fdt.max_fds; i++)
		close_file(files, files->fdt.fd[i]);
	fdt_free(&files->fdt);
	kfree(files);
}

void files_set_limit(struct files_struct *files, unsigned long limit)
{
	spin_lock(&files->lock);
	files->limit = (unsigned int)MIN(limit, (unsigned long)NR_OPEN_MAX);
	spin_unlock(&files->lock);
}

unsigned int files_limit(struct files_struct *files)
{
	unsigned int limit;

	spin_lock(&files->lock);
	limit = files->limit;
	spin_unlock(&files->lock);
	return limit;
}

struct file *files_fd_get(struct files_struct *files, unsigned int fd)
{
	struct file *f = NULL;

	if (!files)
		return NULL;
	spin_lock(&files->lock);
	if (fd < files->fdt.max_fds && files->fdt.fd[fd])
		f = get_file(files->fdt.fd[fd]);
	spin_unlock(&files->lock);
	return f;
}

/*
 * Make the table hold at least fd + 1 slots. Called and returns with the
 * lock held; drops it to allocate. 0 or -ENOMEM.
 */
static int files_grow(struct files_struct *files, unsigned int fd)
{
	struct fdtable new, old;
	unsigned int n;

	while (fd >= files->fdt.max_fds) {
		n = files->fdt.max_fds;
		while (n <= fd)
			n *= 2;
		spin_unlock(&files->lock);
		if (!fdt_alloc(&new, n)) {
			spin_lock(&files->lock);
			return -ENOMEM;
		}
		spin_lock(&files->lock);
		if (files->fdt.max_fds >= n) {
			spin_unlock(&files->lock);
			fdt_free(&new);
			spin_lock(&files->lock);
			continue;
		}
		fdt_copy(&new, &files->fdt);
		old = files->fdt;
		files->fdt = new;
		spin_unlock(&files->lock);
		fdt_free(&old);
		spin_lock(&files->lock);
	}
	return 0;
}

static void fd_set_flags(struct files_struct *files, unsigned int fd, int flags)
{
	if (flags & O_CLOEXEC)
		set_bit(files->fdt.close_on_exec, fd);
	else
		clear_bit(files->fdt.close_on_exec, fd);
}

int files_fd_reserve(struct files_struct *files, unsigned int min_fd)
{
	unsigned int fd;
	int err;

	if (!files)
		return -EMFILE;
	spin_lock(&files->lock);
	for (;;) {
		fd = find_zero_bit(files->fdt.open_fds, files->fdt.max_fds,
				   MAX(min_fd, files->next_fd));
		if (fd >= files->limit) {
			spin_unlock(&files->lock);
			return -EMFILE;
		}
		if (fd < files->fdt.max_fds)
			break;
		err = files_grow(files, fd);
		if (err) {
			spin_unlock(&files->lock);
			return err;
		}
	}
	set_bit(files->fdt.open_fds, fd);
	if (min_fd <= files->next_fd)
		files->next_fd = fd + 1;
	spin_unlock(&files->lock);
	return (int)fd;
}

void files_fd_fill(struct files_struct *files, unsigned int fd, struct file *f, int flags)
{
	spin_lock(&files->lock);
	files->fdt.fd[fd] = f;
	fd_set_flags(files, fd, flags);
	spin_unlock(&files->lock);
}

void files_fd_unreserve(struct files_struct *files, unsigned int fd)
{
	spin_lock(&files->lock);
	clear_bit(files->fdt.open_fds, fd);
	if (fd < files->next_fd)
		files->next_fd = fd;
	spin_unlock(&files->lock);
}

int files_fd_install(struct files_struct *files, struct file *f,
		     unsigned int min_fd, int flags)
{
	int fd = files_fd_reserve(files, min_fd);

	if (fd >= 0)
		files_fd_fill(files, (unsigned int)fd, f, flags);
	return fd;
}

int files_fd_replace(struct files_struct *files, unsigned int fd, struct file *f, int flags)
{
	struct file *old;
	int err;

	if (!files)
		return -EBADF;
	spin_lock(&files->lock);
	if (fd >= files->limit) {
		spin_unlock(&files->lock);
		return -EBADF;
	}
	err = files_grow(files, fd);
	if (err) {
		spin_unlock(&files->lock);
		return err;
	}
	if (test_bit(files->fdt.open_fds, fd) && !files->fdt.fd[fd]) {
		spin_unlock(&files->lock);
		return -EBUSY;		/* reserved by an open in progress, as Linux says */
	}
	old = files->fdt.fd[fd];
	files->fdt.fd[fd] = f;
	set_bit(files->fdt.open_fds, fd);
	fd_set_flags(files, fd, flags);
	spin_unlock(&files->lock);
	close_file(files, old);
	return (int)fd;
}

int files_fd_close(struct files_struct *files, unsigned int fd)
{
	struct file *f = NULL;

	if (!files)
		return -EBADF;
	spin_lock(&files->lock);
	if (fd < files->fdt.max_fds && files->fdt.fd[fd]) {
		f = files->fdt.fd[fd];
		files->fdt.fd[fd] = NULL;
		clear_bit(files->fdt.open_fds, fd);
		clear_bit(files->fdt.close_on_exec, fd);
		if (fd < files->next_fd)
			files->next_fd = fd;
	}
	spin_unlock(&files->lock);
	if (!f)
		return -EBADF;
	close_file(files, f);
	return 0;
}

int files_get_cloexec(struct files_struct *files, unsigned int fd)
{
	int r = -EBADF;

	if (!files)
		return r;
	spin_lock(&files->lock);
	if (fd < files->fdt.max_fds && files->fdt.fd[fd])
		r = test_bit(files->fdt.close_on_exec, fd) ? 1 : 0;
	spin_unlock(&files->lock);
	return r;
}

int files_set_cloexec(struct files_struct *files, unsigned int fd, bool on)
{
	int r = -EBADF;

	if (!files)
		return r;
	spin_lock(&files->lock);
	if (fd < files->fdt.max_fds && files->fdt.fd[fd]) {
		fd_set_flags(files, fd, on ? O_CLOEXEC : 0);
		r = 0;
	}
	spin_unlock(&files->lock);
	return r;
}

/* Close the open fds in [lo, hi] that are close-on-exec (or all of them). */
static void close_range_if(struct files_struct *files, unsigned int lo, unsigned int hi,
			   bool only_cloexec)
{
	for (unsigned int fd = lo; fd <= hi; fd++) {
		struct file *f = NULL;
		bool more;

		spin_lock(&files->lock);
		more = fd < files->fdt.max_fds;
		if (more && files->fdt.fd[fd] &&
		    (!only_cloexec || test_bit(files->fdt.close_on_exec, fd))) {
			f = files->fdt.fd[fd];
			files->fdt.fd[fd] = NULL;
			clear_bit(files->fdt.open_fds, fd);
			clear_bit(files->fdt.close_on_exec, fd);
			if (fd < files->next_fd)
				files->next_fd = fd;
		}
		spin_unlock(&files->lock);
		if (!more)
			return;
		close_file(files, f);
		if (fd == UINT32_MAX)
			return;
	}
}

void files_close_on_exec(struct files_struct *files)
{
	close_range_if(files, 0, UINT32_MAX, true);
}

int files_close_range(struct files_struct *files, unsigned int lo, unsigned int hi,
		      bool cloexec)
{
	if (!files || lo > hi)
		return -EINVAL;
	if (!cloexec) {
		close_range_if(files, lo, hi, false);
		return 0;
	}
	spin_lock(&files->lock);
	for (unsigned int fd = lo; fd <= hi && fd < files->fdt.max_fds; fd++)
		if (files->fdt.fd[fd])
			set_bit(files->fdt.close_on_exec, fd);
	spin_unlock(&files->lock);
	return 0;
}

struct file *fd_get(unsigned int fd)
{
	return files_fd_get(current_files(), fd);
}

int fd_install(struct file *f, int flags)
{
	return files_fd_install(current_files(), f, 0, flags);
}

int fd_reserve(void)
{
	return files_fd_reserve(current_files(), 0);
}

void fd_fill(unsigned int fd, struct file *f, int flags)
{
	files_fd_fill(current_files(), fd, f, flags);
}

void fd_unreserve(unsigned int fd)
{
	files_fd_unreserve(current_files(), fd);
}

int fd_close(unsigned int fd)
{
	return files_fd_close(current_files(), fd);
}
