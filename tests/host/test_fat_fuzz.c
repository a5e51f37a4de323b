/*
 * Fuzzing FAT32 (fs/fat/) on the host: a valid image (fat.mk's
 * base.img, kept in memory; what the file system writes is kept aside)
 * is damaged at random, seeded, many times over: bytes of the
 * boot sector, FSInfo, the FATs and the first directories changed or
 * the image cut short. Each damaged image is probed and mounted; what
 * mounts is walked (every directory listed, every file read and
 * stat'ed) and written to (create, write, mkdir, rename, truncate,
 * unlink). Under AddressSanitizer and UBSan nothing may crash, leak a
 * block reference or loop forever, and every error must be an errno.
 *
 * FAT_FUZZ_ITERS and FAT_FUZZ_SEED in the environment change the run.
 */
/* POSIX, not the C library's defaults: its dev_t and loff_t differ from ours */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs_test_util.h"
#include "fat_stubs.h"
#include <fs/fat.h>
#include <fs/blkdev.h>
#include <uapi/linux/dirent.h>

#define MAX_DEPTH	4
#define MAX_ENTRIES	48
#define READ_MAX	(64 * 1024)

static uint8_t *image;
static size_t image_len;
static unsigned int seed;
static long ops;

/* Give the image hard links and symlinks (a link table) to damage too. */
static int add_links(void)
{
	struct block_device *b = host_disk_mem("links", image, image_len);
	struct path p;
	int err;

	if (vfs_mkdirat(AT_FDCWD, "/prep", 0755) || vfs_mount("vfat", "/dev/links", "/prep", 0, NULL))
		return -1;
	err = vfs_linkat(AT_FDCWD, "/prep/hello.txt", AT_FDCWD, "/prep/dir/hello link", 0) ||
	      vfs_linkat(AT_FDCWD, "/prep/dir/numbers.txt", AT_FDCWD, "/prep/numbers link", 0) ||
	      vfs_symlinkat("dir/numbers.txt", AT_FDCWD, "/prep/symlink") ||
	      vfs_symlinkat("/prep/nowhere", AT_FDCWD, "/prep/dir/dangling") ||
	      vfs_linkat(AT_FDCWD, "/prep/symlink", AT_FDCWD, "/prep/dir/symlink link", 0);
	if (err || vfs_path_lookup(AT_FDCWD, "/prep", LOOKUP_FOLLOW, &p) || vfs_umount(&p))
		return -1;
	host_disk_close(b);
	return 0;
}

static int setup(void **state)
{
	FILE *f = fopen(FAT_IMG_DIR "/base.img", "rb");
	const char *env;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	image_len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	image = malloc(image_len);
	if (fread(image, 1, image_len, f) != image_len)
		return -1;
	fclose(f);
	env = getenv("FAT_FUZZ_SEED");
	seed = env ? (unsigned int)atoi(env) : 1;
	fat_init();
	return fs_test_setup(state) || add_links();
}

static void check_err(long err)
{
	/* a count, or an errno */
	if (err < 0 && err < -4095) {
		fprintf(stderr, "not an errno: %ld\n", err);
		fail();
	}
	ops++;
}

struct names {
	struct dir_context ctx;
	char name[MAX_ENTRIES][300];
	unsigned int type[MAX_ENTRIES];
	int n;
};

static bool collect(struct dir_context *ctx, const char *name, size_t len,
		    uint64_t ino, unsigned int dtype)
{
	struct names *l = (struct names *)ctx;

	(void)ino;
	if (l->n == MAX_ENTRIES)
		return false;
	assert_true(len > 0 && len <= 255);
	assert_null(memchr(name, '/', len));
	assert_null(memchr(name, '\0', len));
	snprintf(l->name[l->n], sizeof(l->name[0]), "%.*s", (int)len, name);
	l->type[l->n++] = dtype;
	return true;
}

/* List, stat and read everything under path; change a few things. */
static void walk(const char *path, int depth, char *buf)
{
	struct names *l = calloc(1, sizeof(*l));
	struct file *f = vfs_openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0);
	char child[400];
	struct kstat st;

	if (IS_ERR(f)) {
		check_err(PTR_ERR(f));
		free(l);
		return;
	}
	l->ctx.actor = collect;
	check_err(vfs_iterate_dir(f, &l->ctx));
	fput(f);
	for (int i = 0; i < l->n; i++) {
		if (strcmp(l->name[i], ".") == 0 || strcmp(l->name[i], "..") == 0)
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, l->name[i]);
		check_err(lstat_path(child, &st));
		if (l->type[i] == DT_DIR) {
			if (depth < MAX_DEPTH)
				walk(child, depth + 1, buf);
			continue;
		}
		check_err(read_path(child, buf, READ_MAX, 0));
		switch (rand_r(&seed) % 8) {
		case 0:
			check_err(write_path(child, buf, (size_t)rand_r(&seed) % 3000));
			break;
		case 1:
			check_err(vfs_truncate(child, rand_r(&seed) % 10000));
			break;
		case 2:
			check_err(vfs_unlinkat(AT_FDCWD, child, 0));
			break;
		case 3: {
			char to[420];

			snprintf(to, sizeof(to), "%s/renamed %d", path, i);
			check_err(vfs_renameat2(AT_FDCWD, child, AT_FDCWD, to, 0));
			break;
		}
		}
	}
	if (rand_r(&seed) % 2) {
		snprintf(child, sizeof(child), "%s/new dir", path);
		check_err(vfs_mkdirat(AT_FDCWD, child, 0755));
		snprintf(child, sizeof(child), "%s/new dir/a file with a long name", path);
		check_err(write_path(child, buf, 4000));
		snprintf(child, sizeof(child), "%s/new dir", path);
		check_err(vfs_unlinkat(AT_FDCWD, child, AT_REMOVEDIR));
	}
	free(l);
}

struct undo {
	size_t off;
	uint8_t old;
};

#define MAX_MUTATIONS	8

/*
 * Damage the image in place, mostly where the metadata is: the boot
 * sector, FSInfo, the used start of each FAT, the first clusters (the
 * directories). What was there goes to u, to be put back.
 */
static int mutate(uint8_t *img, size_t len, struct undo *u)
{
	size_t bps = (size_t)(img[11] | img[12] << 8), reserved = (size_t)(img[14] | img[15] << 8);
	size_t fatlen = (size_t)(img[36] | img[37] << 8 | img[38] << 16 | (uint32_t)img[39] << 24);
	size_t fat1 = reserved * bps, fat2 = fat1 + fatlen * bps, data = fat2 + fatlen * bps;
	int n = 1 + rand_r(&seed) % MAX_MUTATIONS;

	for (int i = 0; i < n; i++) {
		int r = rand_r(&seed) % 20;
		size_t off;

		if (r < 2)
			off = (size_t)rand_r(&seed) % 90;		/* the BPB */
		else if (r < 3)
			off = bps + (size_t)rand_r(&seed) % bps;	/* FSInfo */
		else if (r < 10)
			off = fat1 + (size_t)rand_r(&seed) % 2048;
		else if (r < 11)
			off = fat2 + (size_t)rand_r(&seed) % 2048;
		else if (r < 18)
			off = data + (size_t)rand_r(&seed) % (400 * 512);
		else
			off = (size_t)rand_r(&seed) % len;
		u[i].off = off;
		u[i].old = img[off];
		switch (rand_r(&seed) % 4) {
		case 0:
			img[off] = (uint8_t)rand_r(&seed);
			break;
		case 1:
			img[off] ^= (uint8_t)(1U << (rand_r(&seed) % 8));
			break;
		case 2:
			img[off] = 0;
			break;
		default:
			img[off] = 0xFF;
			break;
		}
	}
	return n;
}

static void test_fuzz(void **state)
{
	const char *env = getenv("FAT_FUZZ_ITERS");
	int iters = env ? atoi(env) : 2000, mounted = 0;
	char *buf = malloc(READ_MAX);

	(void)state;
	memset(buf, 'b', READ_MAX);
	for (int it = 0; it < iters; it++) {
		char name[16], dev[24], mp[32];
		struct undo undo[MAX_MUTATIONS];
		struct block_device *b;
		struct vfsmount *mnt;
		struct path p;
		size_t len = image_len;
		int nr_undo;

		nr_undo = mutate(image, image_len, undo);
		if (rand_r(&seed) % 20 == 0)
			len = (size_t)rand_r(&seed) % image_len;	/* cut short */
		snprintf(name, sizeof(name), "fz%d", it);
		b = host_disk_cow(name, image, len);
		check_err(fat_probe(b));
		snprintf(dev, sizeof(dev), "/dev/%s", name);
		mnt = vfs_kern_mount("vfat", 0, dev, NULL);
		if (IS_ERR(mnt)) {
			assert_true(PTR_ERR(mnt) == -EINVAL || PTR_ERR(mnt) == -EIO);
		} else {
			mounted++;
			snprintf(mp, sizeof(mp), "/fz%d", it);
			assert_int_equal(vfs_mkdirat(AT_FDCWD, mp, 0755), 0);
			assert_int_equal(vfs_path_lookup(AT_FDCWD, mp, LOOKUP_FOLLOW, &p), 0);
			assert_int_equal(vfs_mount_at(mnt, &p), 0);
			path_put(&p);
			mntput(mnt);	/* the tree holds it */
			walk(mp, 0, buf);
			{
				struct kstatfs st;

				assert_int_equal(vfs_path_lookup(AT_FDCWD, mp, LOOKUP_FOLLOW, &p), 0);
				check_err(vfs_statfs(&p, &st));
				path_put(&p);
			}
			check_err(blkdev_sync(b));
			/* unmount every other one; the rest stay mounted, as a crash would leave them */
			if (it % 2) {
				assert_int_equal(vfs_path_lookup(AT_FDCWD, mp, LOOKUP_FOLLOW, &p), 0);
				assert_int_equal(vfs_umount(&p), 0);
			}
		}
		assert_int_equal(host_buf_busy(), 0);
		host_disk_close(b);
		while (nr_undo--)
			image[undo[nr_undo].off] = undo[nr_undo].old;
	}
	/* most damage leaves a mountable volume: the walks did run */
	assert_true(mounted > iters / 4);
	printf("fuzz: %d images, %d mounted, %ld operations\n", iters, mounted, ops);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, setup, fs_test_teardown);
}
