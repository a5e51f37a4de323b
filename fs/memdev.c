/*
 * The memory devices of major 1: null (reads end of file, swallows
 * writes), zero (reads zeros), full (reads zeros, writes fail with
 * ENOSPC), random and urandom.
 *
 * random and urandom give the output of a xoshiro256** generator seeded
 * from the timer at first use. It is NOT cryptographic: it is for
 * programs that want unpredictable-looking bytes (hash seeds, temporary
 * names), until the kernel has an entropy pool. Both are the same
 * generator and never block.
 */
#include "internal.h"
#include <fs/chrdev.h>
#include <kernel/time.h>
#include <lib/errno.h>

#define RANDOM_CHUNK	256

static struct {
	struct spinlock lock;
	uint64_t s[4];		/* [lock] */
	bool seeded;		/* [lock] */
} rng = { .lock = SPINLOCK_INIT("random", LOCK_RANDOM) };

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Caller holds rng.lock. */
static uint64_t rng_next(void)
{
	uint64_t *s = rng.s, r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

void random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	spin_lock(&rng.lock);
	if (!rng.seeded) {
		uint64_t seed = time_ticks() ^ 0x6a09e667f3bcc908ULL;

		for (int i = 0; i < 4; i++)
			rng.s[i] = splitmix64(&seed);
		rng.seeded = true;
	}
	while (n) {
		uint64_t r = rng_next();
		size_t k = MIN(n, sizeof(r));

		for (size_t i = 0; i < k; i++, r >>= 8)
			*p++ = (unsigned char)r;
		n -= k;
	}
	/* the timer's low bits stir the state a little on every call */
	rng.s[0] ^= time_ticks();
	spin_unlock(&rng.lock);
}

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

		random_bytes(buf, n);
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

/* random: seeking does nothing (Linux's noop_llseek). */
static loff_t noop_llseek(struct file *f, loff_t off, int whence)
{
	(void)off;
	(void)whence;
	return f->f_pos;
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
