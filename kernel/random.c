/* Kernel random numbers (see <kernel/random.h>). */
#include <kernel/random.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <lib/string.h>

static struct spinlock random_lock = SPINLOCK_INIT("random", LOCK_PRINTK - 1);
static uint64_t state[4];		/* [random_lock] */
static bool seeded;			/* [random_lock] */

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t next_locked(void)
{
	uint64_t r = rotl(state[1] * 5, 7) * 9, t = state[1] << 17;

	state[2] ^= state[0];
	state[3] ^= state[1];
	state[1] ^= state[2];
	state[0] ^= state[3];
	state[2] ^= t;
	state[3] = rotl(state[3], 45);
	return r;
}

uint64_t get_random_u64(void)
{
	uint64_t r;

	spin_lock(&random_lock);
	if (!seeded) {
		uint64_t seed = time_ticks();

		for (int i = 0; i < 4; i++)
			state[i] = splitmix(&seed);
		seeded = true;
	}
	state[0] ^= time_ticks();
	r = next_locked();
	spin_unlock(&random_lock);
	return r;
}

void get_random_bytes(void *buf, size_t n)
{
	char *p = buf;

	while (n > 0) {
		uint64_t r = get_random_u64();
		size_t chunk = MIN(n, sizeof(r));

		memcpy(p, &r, chunk);
		p += chunk;
		n -= chunk;
	}
}
