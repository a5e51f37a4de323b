/*
 * What the file layer needs from the rest of the kernel, for host tests
 * of fs/, lib/cpio.c and the file system calls. Single-threaded:
 *
 *  - kmalloc is malloc, so AddressSanitizer sees every block; pages come
 *    from the real page allocator over host memory;
 *  - a mutex is a flag (taking a held one aborts: a deadlock or a
 *    recursive lock), and a sleep aborts (nothing could wake it);
 *  - user memory is host memory, except addresses below 64 KiB, at or
 *    above 2^47 (the kernel half) and the test's own bad window, which
 *    fail with -EFAULT;
 *  - current_files()/current_fs() are the test's host_files/host_fs;
 *  - the console records what is written and reads what the test gave.
 */
#include <kernel/console.h>
#include <kernel/mutex.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <mm/kmalloc.h>
#include <mm/page.h>
#include <mm/uaccess.h>
#include <lib/errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs_stubs.h"

struct files_struct *host_files;
struct fs_struct *host_fs;
uintptr_t host_bad_start, host_bad_end;

static char mutex_owner;

/* ---- memory ---- */

void *kmalloc(size_t size, unsigned int gfp)
{
	void *p = malloc(size ? size : 1);

	if (p && (gfp & GFP_ZERO))
		memset(p, 0, size);
	return p;
}

void *kzalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

void kfree(const void *p)
{
	free((void *)p);
}

/*
 * Pages come from the real page allocator (mm/page_alloc.c) over a
 * stretch of host memory, so struct page and reference counts work as
 * in the kernel (ramfs hands its pages to mmap).
 */
#define HOST_RAM_BASE_PFN	0x80000UL
#define HOST_RAM_PAGES		16384UL		/* 64 MiB */

__attribute__((constructor)) static void host_pages_init(void)
{
	void *ram;
	unsigned long map_pages;

	host_cpu_enter(0);
	ram = host_ram_map(HOST_RAM_BASE_PFN << PAGE_SHIFT, HOST_RAM_PAGES * PAGE_SIZE);
	map_pages = pmm_map_bytes(HOST_RAM_BASE_PFN,
						HOST_RAM_BASE_PFN + HOST_RAM_PAGES) / PAGE_SIZE;

	pmm_init(HOST_RAM_BASE_PFN, HOST_RAM_BASE_PFN + HOST_RAM_PAGES, ram);
	pmm_add_free(HOST_RAM_BASE_PFN + map_pages, HOST_RAM_BASE_PFN + HOST_RAM_PAGES);
}

/* ---- signals: none on the host ---- */

bool signal_pending(struct thread *t)
{
	(void)t;
	return false;
}

void signal_epipe(void)
{
}

void signal_set_mask(uint64_t mask)
{
	(void)mask;
}

/* ---- sleeping ---- */

void mutex_init(struct mutex *m, const char *name)
{
	wait_queue_init(&m->wq);
	m->owner = NULL;
	m->name = name;
}

void mutex_lock(struct mutex *m)
{
	if (m->owner) {
		fprintf(stderr, "mutex %s: taken twice (a deadlock on one thread)\n", m->name);
		abort();
	}
	m->owner = (struct thread *)&mutex_owner;
}

bool mutex_trylock(struct mutex *m)
{
	if (m->owner)
		return false;
	m->owner = (struct thread *)&mutex_owner;
	return true;
}

void mutex_unlock(struct mutex *m)
{
	if (!m->owner) {
		fprintf(stderr, "mutex %s: unlocked while free\n", m->name);
		abort();
	}
	m->owner = NULL;
}

bool mutex_held(const struct mutex *m)
{
	return m->owner != NULL;
}

void wait_queue_init(struct wait_queue *wq)
{
	spin_init(&wq->lock, "waitq", LOCK_WAITQ);
	list_init(&wq->waiters);
}

void sleep_locked(struct wait_queue *wq)
{
	(void)wq;
	fprintf(stderr, "a host test would sleep forever\n");
	abort();
}

void thread_sleep(void)
{
	fprintf(stderr, "a host test would sleep forever\n");
	abort();
}

void thread_wake(struct thread *t)
{
	(void)t;
}

void timer_init(struct timer *t, void (*fn)(void *), void *arg)
{
	t->fn = fn;
	t->arg = arg;
	t->cpu = -1;
}

void timer_add(struct timer *t, uint64_t expires)
{
	t->expires = expires;
}

void timer_cancel(struct timer *t)
{
	(void)t;
}

void wake_up_all(struct wait_queue *wq)
{
	spin_lock(&wq->lock);
	spin_unlock(&wq->lock);
}

void wake_up_all_nested(struct wait_queue *wq)
{
	wake_up_all(wq);
}

void wake_up_one(struct wait_queue *wq)
{
	wake_up_all(wq);
}

/* ---- user memory ---- */

static bool bad_range(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;

	if (n == 0)
		return false;
	if (a < 0x10000 || a + n < a || a + n > (1UL << 47))
		return true;
	return a < host_bad_end && a + n > host_bad_start;
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (bad_range(src, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (bad_range(dst, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

int clear_user(void __user *dst, size_t n)
{
	if (bad_range(dst, n))
		return -EFAULT;
	memset(dst, 0, n);
	return 0;
}

long strncpy_from_user(char *dst, const char __user *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (bad_range(src + i, 1))
			return -EFAULT;
		dst[i] = src[i];
		if (!dst[i])
			return (long)i;
	}
	return -ENAMETOOLONG;
}

/* ---- who the caller is ---- */

uint32_t host_uid, host_gid;
uint32_t host_groups[8];
unsigned int host_ngroups;

uint32_t fs_cred_uid(bool real)
{
	(void)real;
	return host_uid;
}

uint32_t fs_cred_gid(bool real)
{
	(void)real;
	return host_gid;
}

int fs_cred_pid(void)
{
	return 4242;
}

bool fs_cred_in_group(uint32_t gid, bool real)
{
	(void)real;
	if (gid == host_gid)
		return true;
	for (unsigned int i = 0; i < host_ngroups; i++)
		if (host_groups[i] == gid)
			return true;
	return false;
}

/* ---- processes, time, console ---- */

struct files_struct *current_files(void)
{
	return host_files;
}

struct fs_struct *current_fs(void)
{
	return host_fs;
}

static uint64_t fake_ns;

uint64_t time_ns(void)
{
	return fake_ns += 1000;
}

uint64_t time_ticks(void)
{
	return time_ns();
}

uint64_t time_realtime_offset(void)
{
	return 1700000000ULL * 1000000000ULL;
}

/* The terminals (drivers/tty) are not part of the host build. */
void tty_devices_init(void)
{
}
