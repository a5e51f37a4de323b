/*
 * The memory devices of major 1: null (reads end of file, swallows
 * writes), zero (reads zeros), full (reads zeros, writes fail with
 * ENOSPC), random and urandom.
 *
 * random and urandom read the kernel's generator (<kernel/random.h>),
 * which is NOT cryptographic: it is for programs that want
 * unpredictable-looking bytes (hash seeds, temporary names), until the
 * kernel has an entropy pool. Neither blocks.
 */
#include "internal.h"
#include <fs/chrdev.h>
#include <kernel/random.h>
#include <lib/errno.h>

#define RANDOM_CHUNK	256

static ssize_t read_null(struct file *f, struct uio *u, loff_t *pos)
{
	(void)f;
	(void)u;
	(void)pos;
	return 0;
}

static ssize_t write_null(struct file *f, struct uio *u, loff_t *pos)
{
	size_t n = uio_resid(u);

	(void)f;
	(void)pos;
	uio_skip(u, n);
	return (ssize_t)n;
}

static ssize_t read_zero(struct file *f, struct uio *u, loff_t *pos)
{
	(void)f;
	(void)pos;
	return uio_zero(u, uio_resid(u));
}

static ssize_t write_full(struct file *f, struct uio *u, loff_t *pos)
{
	(void)f;
	(void)u;
	(void)pos;
	return -ENOSPC;
}

static ssize_t read_random(struct file *f, struct uio *u, loff_t *pos)
{
	unsigned char buf[RANDOM_CHUNK];
	size_t done = 0;

	(void)f;
	(void)pos;
	while (uio_resid(u)) {
		size_t n = MIN(uio_resid(u), sizeof(buf));
		ssize_t got;

		get_random_bytes(buf, n);
		got = uio_copy_to(u, buf, n);
		if (got < 0)
			return done ? (ssize_t)done : got;
		done += (size_t)got;
		if ((size_t)got < n)
			break;
	}
	return (ssize_t)done;
}

/* null, zero and full: every seek lands at 0 (Linux's null_lseek). */
static loff_t null_lseek(struct file *f, loff_t off, int whence)
{
	(void)off;
	(void)whence;
	f->f_pos = 0;
	return 0;
}

static const struct file_operations null_fops = {
	.read = read_null,
	.write = write_null,
	.llseek = null_lseek,
};

static const struct file_operations zero_fops = {
	.read = read_zero,
	.write = write_null,
	.llseek = null_lseek,
};

static const struct file_operations full_fops = {
	.read = read_zero,
	.write = write_full,
	.llseek = null_lseek,
};

static const struct file_operations random_fops = {
	.read = read_random,
	.write = write_null,
	.llseek = noop_llseek,
};

void mem_devices_init(void)
{
	chrdev_register(MEM_MAJOR, MEM_NULL_MINOR, 1, "null", &null_fops);
	chrdev_register(MEM_MAJOR, MEM_ZERO_MINOR, 1, "zero", &zero_fops);
	chrdev_register(MEM_MAJOR, MEM_FULL_MINOR, 1, "full", &full_fops);
	chrdev_register(MEM_MAJOR, MEM_RANDOM_MINOR, 1, "random", &random_fops);
	chrdev_register(MEM_MAJOR, MEM_URANDOM_MINOR, 1, "urandom", &random_fops);
}
