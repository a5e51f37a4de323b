/*
 * tmpfs: ramfs with limits, as Linux's tmpfs is mounted. Options (a
 * comma-separated string): size=BYTES[k|m|g|%] (default: half of RAM),
 * nr_inodes=N[k|m|g] (default: half as many as RAM has pages), mode=
 * (octal, of the root; default 1777), uid=, gid= (of the root). Writes
 * past the size and files past the inode count fail with ENOSPC. A
 * remount may change size and nr_inodes (not below what is in use).
 */
#include "ramfs_internal.h"
#include <fs/pseudofs.h>
#include <mm/page.h>
#include <mm/kmalloc.h>
#include <lib/errno.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <asm/memlayout.h>

struct tmpfs_info {
	struct ramfs_limits limits;	/* first: ramfs finds it at s_fs_info */
	umode_t mode;
	uint32_t uid, gid;
};

struct tmpfs_opts {
	long max_pages, max_inodes;
	umode_t mode;
	uint32_t uid, gid;
	bool has_mode, has_uid, has_gid;
};

static long default_pages(void)
{
	return (long)(pmm_total_count() / 2);
}

/* "123", "4k", "2M", "1g": a size with Linux's memparse suffixes; -1 if bad. */
static long long parse_size(const char *s, size_t len)
{
	unsigned long long v = 0;
	size_t i = 0;

	if (len == 0)
		return -1;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (1ULL << 50))
			return -1;
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i < len) {
		switch (s[i++]) {
		case 'k': case 'K': v <<= 10; break;
		case 'm': case 'M': v <<= 20; break;
		case 'g': case 'G': v <<= 30; break;
		case 't': case 'T': v <<= 40; break;
		case '%':
			v = v * pmm_total_count() / 100 * PAGE_SIZE;
			break;
		default: return -1;
		}
	}
	return i == len ? (long long)v : -1;
}

static bool opt_is(const char *opt, size_t len, const char *name, const char **val, size_t *vlen)
{
	size_t n = strlen(name);

	if (len <= n || memcmp(opt, name, n) != 0 || opt[n] != '=')
		return false;
	*val = opt + n + 1;
	*vlen = len - n - 1;
	return true;
}

static int parse_octal(const char *s, size_t len, unsigned long *out)
{
	unsigned long v = 0;

	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '7' || v > 07777)
			return -EINVAL;
		v = v * 8 + (unsigned long)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static int parse_dec(const char *s, size_t len, unsigned long *out)
{
	long long v = parse_size(s, len);

	if (v < 0 || (len && s[len - 1] == '%') || v > UINT32_MAX)
		return -EINVAL;
	*out = (unsigned long)v;
	return 0;
}

static int tmpfs_parse(const char *data, struct tmpfs_opts *o)
{
	const char *p = data;

	while (p && *p) {
		const char *end = strchr(p, ','), *val;
		size_t len = end ? (size_t)(end - p) : strlen(p), vlen;
		unsigned long n;
		long long size;

		if (opt_is(p, len, "size", &val, &vlen)) {
			size = parse_size(val, vlen);
			if (size < 0)
				return -EINVAL;
			o->max_pages = (long)DIV_ROUND_UP((unsigned long long)size, PAGE_SIZE);
		} else if (opt_is(p, len, "nr_inodes", &val, &vlen)) {
			size = parse_size(val, vlen);
			if (size < 0 || val[vlen - 1] == '%')
				return -EINVAL;
			o->max_inodes = (long)size;
		} else if (opt_is(p, len, "mode", &val, &vlen)) {
			if (parse_octal(val, vlen, &n))
				return -EINVAL;
			o->mode = (umode_t)n;
			o->has_mode = true;
		} else if (opt_is(p, len, "uid", &val, &vlen)) {
			if (parse_dec(val, vlen, &n))
				return -EINVAL;
			o->uid = (uint32_t)n;
			o->has_uid = true;
		} else if (opt_is(p, len, "gid", &val, &vlen)) {
			if (parse_dec(val, vlen, &n))
				return -EINVAL;
			o->gid = (uint32_t)n;
			o->has_gid = true;
		} else if (len != 0) {
			return -EINVAL;		/* Linux: unknown parameter */
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static struct tmpfs_info *TMPFS_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

static int tmpfs_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ramfs_limits *l = &TMPFS_SB(sb)->limits;
	long used = __atomic_load_n(&l->used_pages, __ATOMIC_RELAXED);
	long files = __atomic_load_n(&l->used_inodes, __ATOMIC_RELAXED);

	*st = (struct kstatfs){
		.f_type = TMPFS_MAGIC,
		.f_bsize = PAGE_SIZE,
		.f_frsize = PAGE_SIZE,
		.f_namelen = NAME_MAX,
	};
	if (l->max_pages) {
		st->f_blocks = (uint64_t)l->max_pages;
		st->f_bfree = st->f_bavail = (uint64_t)MAX(l->max_pages - used, 0L);
	}
	if (l->max_inodes) {
		st->f_files = (uint64_t)l->max_inodes;
		st->f_ffree = (uint64_t)MAX(l->max_inodes - files, 0L);
	}
	return 0;
}

/* Linux's shmem_show_options: what differs from the defaults */
static int tmpfs_show_options(struct super_block *sb, char *buf, size_t size)
{
	struct tmpfs_info *ti = TMPFS_SB(sb);
	size_t n = 0;

	if (ti->limits.max_pages != default_pages())
		n += (size_t)snprintf(buf + n, size - n, ",size=%luk",
				      (unsigned long)ti->limits.max_pages * (PAGE_SIZE / 1024));
	if (n < size && ti->limits.max_inodes != default_pages())
		n += (size_t)snprintf(buf + n, size - n, ",nr_inodes=%lu",
				      (unsigned long)ti->limits.max_inodes);
	if (n < size && ti->mode != 01777)
		n += (size_t)snprintf(buf + n, size - n, ",mode=%03o", ti->mode);
	if (n < size && ti->uid)
		n += (size_t)snprintf(buf + n, size - n, ",uid=%u", ti->uid);
	if (n < size && ti->gid)
		n += (size_t)snprintf(buf + n, size - n, ",gid=%u", ti->gid);
	return (int)MIN(n, size ? size - 1 : 0);
}

static int tmpfs_remount(struct super_block *sb, unsigned long *flags, const void *data)
{
	struct tmpfs_info *ti = TMPFS_SB(sb);
	struct tmpfs_opts o = { .max_pages = ti->limits.max_pages,
				.max_inodes = ti->limits.max_inodes };
	int err = tmpfs_parse(data, &o);

	(void)flags;
	if (err)
		return err;
	if ((o.max_pages && o.max_pages < __atomic_load_n(&ti->limits.used_pages, __ATOMIC_RELAXED)) ||
	    (o.max_inodes && o.max_inodes < __atomic_load_n(&ti->limits.used_inodes, __ATOMIC_RELAXED)))
		return -EINVAL;		/* too small for what is in use */
	ti->limits.max_pages = o.max_pages;
	ti->limits.max_inodes = o.max_inodes;
	return 0;
}

static void tmpfs_put_super(struct super_block *sb)
{
	kfree(sb->s_fs_info);
	sb->s_fs_info = NULL;
}

static const struct super_operations tmpfs_sops = {
	.alloc_inode = ramfs_alloc_inode,
	.destroy_inode = ramfs_destroy_inode,
	.evict_inode = ramfs_evict_inode,
	.statfs = tmpfs_statfs,
	.remount_fs = tmpfs_remount,
	.show_options = tmpfs_show_options,
	.put_super = tmpfs_put_super,
};

/* A tmpfs instance on sb with options data; root mode as given or default_mode. */
int tmpfs_fill(struct super_block *sb, const char *data, umode_t default_mode)
{
	struct tmpfs_opts o = { .max_pages = default_pages(), .max_inodes = default_pages(),
				.mode = default_mode };
	struct tmpfs_info *ti;
	int err = tmpfs_parse(data, &o);

	if (err)
		return err;
	ti = kzalloc(sizeof(*ti));
	if (!ti)
		return -ENOMEM;
	ti->limits.max_pages = o.max_pages;
	ti->limits.max_inodes = o.max_inodes;
	ti->mode = o.mode;
	ti->uid = o.uid;
	ti->gid = o.gid;
	sb->s_fs_info = ti;
	sb->s_op = &tmpfs_sops;
	sb->s_magic = TMPFS_MAGIC;
	err = ramfs_make_root(sb, o.mode, o.uid, o.gid);
	if (err) {
		kfree(ti);
		sb->s_fs_info = NULL;
	}
	return err;
}

static int tmpfs_fill_super(struct super_block *sb, const char *source, const void *data)
{
	(void)source;
	return tmpfs_fill(sb, data, 01777);
}

static struct file_system_type tmpfs_type = {
	.name = "tmpfs",
	.fill_super = tmpfs_fill_super,
};

void tmpfs_init(void)
{
	register_filesystem(&tmpfs_type);
}
