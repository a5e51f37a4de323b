/*
 * Host tests for initramfs_unpack() (fs/initramfs.c): the archive cpio(1)
 * made from a small tree (see fs.mk) unpacks to the same tree, with
 * modes, mtimes, symlinks and hard links; hand-made archives bring device
 * nodes and replace names of another type; every truncation and some
 * damage of the archive give -EINVAL or 0 without crashing or leaking.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fs_test_util.h"
#include <kernel/printk.h>

void *malloc(size_t size);
void free(void *p);

static unsigned char *archive;
static size_t archive_len;

static int setup(void **state)
{
	FILE *f = fopen(CPIO_DIR "/test.cpio", "rb");

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	archive_len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	archive = malloc(archive_len);
	if (fread(archive, 1, archive_len, f) != archive_len)
		return -1;
	fclose(f);
	return fs_test_setup(state);
}

static int teardown(void **state)
{
	free(archive);
	return fs_test_teardown(state);
}

static void assert_mode(const char *path, umode_t mode)
{
	struct kstat st;

	assert_int_equal(lstat_path(path, &st), 0);
	assert_int_equal(st.mode, mode);
	assert_int_equal(st.mtime.sec, 1234567890);
}

static void test_unpack_tree(void **state)
{
	static char buf[8192], want[8192];
	struct kstat a, b;
	FILE *f;

	(void)state;
	assert_int_equal(initramfs_unpack(archive, archive_len), 0);
	assert_mode("/dir", S_IFDIR | 0750);
	assert_mode("/dir/sub", S_IFDIR | 0755);
	assert_mode("/dir/hello.txt", S_IFREG | 0644);
	assert_mode("/big", S_IFREG | 0755);
	assert_mode("/empty", S_IFREG | 0600);
	assert_mode("/link", S_IFLNK | 0777);
	assert_int_equal(read_path("/dir/hello.txt", buf, sizeof(buf), 0), 17);
	assert_memory_equal(buf, "hello, initramfs\n", 17);
	assert_int_equal(read_path("/link", buf, sizeof(buf), 0), 17);
	assert_int_equal(vfs_readlinkat(AT_FDCWD, "/abs", buf, sizeof(buf)), 8);
	assert_memory_equal(buf, "/dir/sub", 8);
	assert_int_equal(stat_path("/abs", &a), 0);
	assert_true(S_ISDIR(a.mode));
	/* the two links of big: one inode, the data (sent with the last) in both */
	assert_int_equal(lstat_path("/big", &a), 0);
	assert_int_equal(lstat_path("/dir/big2", &b), 0);
	assert_int_equal(a.ino, b.ino);
	assert_int_equal(a.nlink, 2);
	assert_int_equal(a.size, 5000);
	f = fopen(CPIO_DIR "/tree/big", "rb");
	assert_non_null(f);
	assert_int_equal(fread(want, 1, sizeof(want), f), 5000);
	fclose(f);
	assert_int_equal(read_path("/big", buf, sizeof(buf), 0), 5000);
	assert_memory_equal(buf, want, 5000);

	/* again over itself: the same tree, nothing doubled */
	assert_int_equal(initramfs_unpack(archive, archive_len), 0);
	assert_int_equal(lstat_path("/big", &a), 0);
	assert_int_equal(a.nlink, 2);
	assert_int_equal(a.size, 5000);
	assert_int_equal(read_path("/dir/big2", buf, sizeof(buf), 0), 5000);
	assert_memory_equal(buf, want, 5000);
}

/* A newc entry into buf at off; returns the new end. */
static size_t put(char *buf, size_t off, const char *name, unsigned int mode,
		  unsigned int ino, unsigned int nlink, const char *data,
		  unsigned int rmajor, unsigned int rminor)
{
	size_t size = data ? strlen(data) : 0, namesize = strlen(name) + 1;

	off += (size_t)sprintf(buf + off, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
			       ino, mode, 0, 0, nlink, 99, size, 0, 0, rmajor, rminor, namesize, 0);
	memcpy(buf + off, name, namesize);
	off += namesize;
	while (off % 4)
		buf[off++] = 0;
	memcpy(buf + off, data ? data : "", size);
	off += size;
	while (off % 4)
		buf[off++] = 0;
	return off;
}

static void test_handmade(void **state)
{
	static char buf[4096];
	struct kstat st;
	size_t len = 0;

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/hm", 0755), 0);
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/hm/was_dir", 0755), 0);
	assert_int_equal(touch("/hm/was_file"), 0);
	len = put(buf, len, "./hm/null", 020620, 1, 1, NULL, 1, 3);
	len = put(buf, len, "hm/fifo", 010600, 2, 1, NULL, 0, 0);
	len = put(buf, len, "/hm/was_dir", 0100644, 3, 1, "now a file", 0, 0);
	len = put(buf, len, "hm/was_file", 040700, 4, 1, NULL, 0, 0);
	len = put(buf, len, "hm/nodir/x", 0100644, 5, 1, "skipped", 0, 0);
	len = put(buf, len, "hm/l1", 0100644, 6, 3, "", 0, 0);
	len = put(buf, len, "hm/l2", 0100644, 6, 3, "", 0, 0);
	len = put(buf, len, "hm/l3", 0100644, 6, 3, "shared", 0, 0);
	len = put(buf, len, "hm/weird", 0170644, 7, 1, NULL, 0, 0);
	len = put(buf, len, "TRAILER!!!", 0, 0, 0, NULL, 0, 0);
	assert_int_equal(initramfs_unpack(buf, len), 0);
	assert_int_equal(lstat_path("/hm/null", &st), 0);
	assert_int_equal(st.mode, S_IFCHR | 0620);
	assert_int_equal(st.rdev, MKDEV(1, 3));
	assert_int_equal(open_err("/hm/null", O_WRONLY), 0);
	assert_int_equal(lstat_path("/hm/fifo", &st), 0);
	assert_true(S_ISFIFO(st.mode));
	assert_int_equal(lstat_path("/hm/was_dir", &st), 0);
	assert_true(S_ISREG(st.mode));
	assert_int_equal(st.size, 10);
	assert_int_equal(lstat_path("/hm/was_file", &st), 0);
	assert_int_equal(st.mode, S_IFDIR | 0700);
	assert_int_equal(lstat_path("/hm/nodir", &st), -ENOENT);
	assert_int_equal(lstat_path("/hm/weird", &st), -ENOENT);
	assert_int_equal(lstat_path("/hm/l1", &st), 0);
	assert_int_equal(st.nlink, 3);
	assert_int_equal(st.size, 6);
	assert_int_equal(read_path("/hm/l2", buf, sizeof(buf), 0), 6);
	assert_memory_equal(buf, "shared", 6);

	/* damage after good entries: those stay, the result is -EINVAL */
	len = put(buf, 0, "hm/before", 0100644, 8, 1, "ok", 0, 0);
	memcpy(buf + len, "070701zz", 8);
	assert_int_equal(initramfs_unpack(buf, len + 200), -EINVAL);
	assert_int_equal(lstat_path("/hm/before", &st), 0);
	assert_int_equal(initramfs_unpack(buf, 0), 0);
}

static void test_truncated(void **state)
{
	int loglevel = console_loglevel;

	(void)state;
	console_loglevel = LOG_CRIT;		/* thousands of expected complaints */
	for (size_t len = 0; len <= archive_len; len += len < 1024 ? 1 : 7) {
		unsigned char *copy = malloc(len ? len : 1);
		int err;

		memcpy(copy, archive, len);
		err = initramfs_unpack(copy, len);
		assert_true(err == 0 || err == -EINVAL);
		free(copy);
	}
	for (size_t i = 0; i < archive_len; i += 3) {
		unsigned char *copy = malloc(archive_len);
		int err;

		memcpy(copy, archive, archive_len);
		copy[i] ^= 0x5a;
		err = initramfs_unpack(copy, archive_len);
		assert_true(err == 0 || err == -EINVAL);
		free(copy);
	}
	console_loglevel = loglevel;
	/* and the whole archive still makes the whole tree */
	assert_int_equal(initramfs_unpack(archive, archive_len), 0);
	assert_mode("/dir/hello.txt", S_IFREG | 0644);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unpack_tree),
		cmocka_unit_test(test_handmade),
		cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
