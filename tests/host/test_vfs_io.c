/*
 * Host tests for I/O through the VFS (fs/): directory reading, ramfs file
 * data across pages and holes, truncation, positions, open flags, the
 * loader's open, character devices and pipes. The dentry cache must be
 * back to its size when each test has removed what it made.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fs_test_util.h"
#include <fs/chrdev.h>
#include <fs/pipe.h>
#include <uapi/linux/dirent.h>
#include <mm/page.h>

#define IS_ERR_OR_NULL_PAGE(p)	(!(p) || IS_ERR(p))

static long dcache_at_start;

static int setup(void **state)
{
	int err = fs_test_setup(state);

	dcache_at_start = dcache_count();
	return err;
}

/* ---- directories ---- */

struct seen {
	struct dir_context ctx;
	char names[64][16];
	unsigned int types[64];
	int n, room;		/* entries taken; stop when room is 0 */
};

static bool collect(struct dir_context *ctx, const char *name, size_t len,
		    uint64_t ino, unsigned int dtype)
{
	struct seen *s = (struct seen *)ctx;

	(void)ino;
	if (s->room == 0 || s->n == 64)
		return false;
	s->room--;
	snprintf(s->names[s->n], sizeof(s->names[0]), "%.*s", (int)len, name);
	s->types[s->n++] = dtype;
	return true;
}

static int find(struct seen *s, const char *name)
{
	int count = 0;

	for (int i = 0; i < s->n; i++)
		count += strcmp(s->names[i], name) == 0;
	return count;
}

static void test_getdents(void **state)
{
	struct seen s = { .ctx.actor = collect, .room = -1 };
	struct file *f;
	char name[32];

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/gd", 0755), 0);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/gd/e%d", i);
		assert_int_equal(touch(name), 0);
	}
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/gd/sub", 0755), 0);
	assert_int_equal(vfs_symlinkat("e0", AT_FDCWD, "/gd/lnk"), 0);
	f = vfs_openat(AT_FDCWD, "/gd", O_RDONLY | O_DIRECTORY, 0);
	assert_false(IS_ERR(f));
	assert_int_equal(vfs_iterate_dir(f, &s.ctx), 0);
	assert_int_equal(s.n, 24);
	assert_string_equal(s.names[0], ".");
	assert_string_equal(s.names[1], "..");
	assert_int_equal(s.types[0], DT_DIR);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		assert_int_equal(find(&s, name), 1);
	}
	assert_int_equal(s.types[22], DT_DIR);
	assert_int_equal(s.types[23], DT_LNK);
	s.n = 0;
	assert_int_equal(vfs_iterate_dir(f, &s.ctx), 0);
	assert_int_equal(s.n, 0);				/* at the end */

	/* one entry per call; unlinking behind and ahead of the position */
	assert_int_equal(vfs_llseek(f, 0, SEEK_SET), 0);
	s.n = 0;
	for (int calls = 0; calls < 5; calls++) {
		s.room = 1;
		assert_int_equal(vfs_iterate_dir(f, &s.ctx), 0);
	}
	assert_int_equal(s.n, 5);				/* . .. e0 e1 e2 */
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd/e1", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd/e5", 0), 0);
	assert_int_equal(touch("/gd/late"), 0);
	do {
		s.room = 1;
		assert_int_equal(vfs_iterate_dir(f, &s.ctx), 0);
	} while (s.room == 0);
	assert_int_equal(find(&s, "e5"), 0);
	assert_int_equal(find(&s, "late"), 1);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		assert_int_equal(find(&s, name), i == 5 ? 0 : 1);
	}
	assert_int_equal(s.n, 24);
	assert_int_equal(vfs_llseek(f, 0, SEEK_END), -EINVAL);

	/* reading a directory as a file */
	char c;
	assert_int_equal(kernel_read(f, &c, 1, 0), -EISDIR);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/gd/e0", O_RDONLY, 0);
	assert_int_equal(vfs_iterate_dir(f, &s.ctx), -ENOTDIR);
	fput(f);

	/* a removed directory has nothing, not even "." */
	f = vfs_openat(AT_FDCWD, "/gd/sub", O_RDONLY | O_DIRECTORY, 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd/sub", AT_REMOVEDIR), 0);
	assert_int_equal(vfs_iterate_dir(f, &s.ctx), -ENOENT);
	fput(f);

	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/gd/e%d", i);
		vfs_unlinkat(AT_FDCWD, name, 0);
	}
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd/late", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd/lnk", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/gd", AT_REMOVEDIR), 0);
	assert_int_equal(dcache_count(), dcache_at_start);
}

/* ---- file data ---- */

static void test_file_data(void **state)
{
	static char buf[3 * 4096], pattern[3 * 4096];
	struct kstat st;
	struct file *f;

	(void)state;
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (char)('a' + i % 23);
	f = vfs_openat(AT_FDCWD, "/data", O_CREAT | O_RDWR, 0644);
	assert_false(IS_ERR(f));
	/* across page boundaries */
	assert_int_equal(kernel_write(f, pattern, 5000, 4000), 5000);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.size, 9000);
	assert_int_equal(st.blocks, 3 * 8);			/* pages 0, 1, 2 */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(kernel_read(f, buf, sizeof(buf), 0), 9000);
	for (int i = 0; i < 4000; i++)
		assert_int_equal(buf[i], 0);			/* the hole */
	assert_memory_equal(buf + 4000, pattern, 5000);
	assert_int_equal(kernel_read(f, buf, 10, 9000), 0);
	assert_int_equal(kernel_read(f, buf, 10, 8995), 5);

	/* far out: a sparse file whose holes have no pages */
	loff_t far = (1LL << 33) + 123;
	assert_int_equal(kernel_write(f, "far", 3, far), 3);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.size, far + 3);
	assert_int_equal(st.blocks, 4 * 8);
	memset(buf, 'x', 64);
	assert_int_equal(kernel_read(f, buf, 64, far - 61), 64);
	for (int i = 0; i < 61; i++)
		assert_int_equal(buf[i], 0);
	assert_memory_equal(buf + 61, "far", 3);
	assert_int_equal(kernel_read(f, buf, 64, 1LL << 32), 64);
	assert_int_equal(buf[0], 0);
	/* SEEK_DATA and SEEK_HOLE see the holes */
	assert_int_equal(vfs_llseek(f, 100, SEEK_DATA), 100);
	assert_int_equal(vfs_llseek(f, 100, SEEK_HOLE), 3 * 4096);
	assert_int_equal(vfs_llseek(f, 3 * 4096, SEEK_DATA), far & ~4095LL);
	assert_int_equal(vfs_llseek(f, far, SEEK_HOLE), far + 3);
	assert_int_equal(vfs_llseek(f, far + 3, SEEK_DATA), -ENXIO);
	assert_int_equal(vfs_llseek(f, -1, SEEK_HOLE), -ENXIO);

	/* truncate down into a page, then up: the cut part reads as zeros */
	assert_int_equal(vfs_ftruncate(f, 6000), 0);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.size, 6000);
	assert_int_equal(st.blocks, 2 * 8);
	assert_int_equal(vfs_ftruncate(f, 12000), 0);
	assert_int_equal(kernel_read(f, buf, sizeof(buf), 4000), 8000);
	assert_memory_equal(buf, pattern, 2000);
	for (int i = 2000; i < 8000; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(vfs_ftruncate(f, 0), 0);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.blocks, 0);
	assert_int_equal(vfs_ftruncate(f, -1), -EINVAL);
	assert_int_equal(vfs_ftruncate(f, 1LL << 60), -EFBIG);
	assert_int_equal(kernel_write(f, "x", 1, 1LL << 48), -EFBIG);

	/* positions: lseek everywhere */
	assert_int_equal(kernel_write(f, pattern, 100, 0), 100);
	assert_int_equal(vfs_llseek(f, 10, SEEK_SET), 10);
	assert_int_equal(vfs_llseek(f, 5, SEEK_CUR), 15);
	assert_int_equal(vfs_llseek(f, -1, SEEK_END), 99);
	assert_int_equal(vfs_llseek(f, -200, SEEK_END), -EINVAL);
	assert_int_equal(vfs_llseek(f, 0, 7), -EINVAL);
	assert_int_equal(vfs_llseek(f, 50, SEEK_DATA), 50);
	assert_int_equal(vfs_llseek(f, 50, SEEK_HOLE), 100);
	assert_int_equal(vfs_llseek(f, 100, SEEK_DATA), -ENXIO);
	fput(f);

	/* O_APPEND, O_TRUNC */
	f = vfs_openat(AT_FDCWD, "/data", O_WRONLY | O_APPEND, 0);
	assert_int_equal(kernel_write(f, "END", 3, 0), 3);
	fput(f);
	assert_int_equal(read_path("/data", buf, sizeof(buf), 0), 103);
	assert_memory_equal(buf + 100, "END", 3);
	assert_int_equal(open_err("/data", O_RDONLY | O_TRUNC), 0);
	assert_int_equal(stat_path("/data", &st), 0);
	assert_int_equal(st.size, 0);
	assert_int_equal(vfs_truncate("/data", 10), 0);
	assert_int_equal(stat_path("/data", &st), 0);
	assert_int_equal(st.size, 10);
	assert_int_equal(vfs_truncate("/", 10), -EISDIR);
	assert_int_equal(vfs_truncate("/data", -1), -EINVAL);

	/* unlinked while open: still readable, gone when closed */
	f = vfs_openat(AT_FDCWD, "/data", O_RDWR, 0);
	assert_int_equal(kernel_write(f, "kept", 4, 0), 4);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/data", 0), 0);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.nlink, 0);
	assert_int_equal(kernel_read(f, buf, 4, 0), 4);
	assert_memory_equal(buf, "kept", 4);
	fput(f);
	assert_int_equal(dcache_count(), dcache_at_start);
}

static void test_open_flags(void **state)
{
	struct kstat st;
	struct file *f;

	(void)state;
	assert_int_equal(vfs_umask(), 022);
	assert_int_equal(open_err("/of", O_CREAT | O_EXCL | O_WRONLY), 0);
	assert_int_equal(stat_path("/of", &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0644);
	assert_int_equal(open_err("/of", O_CREAT | O_EXCL | O_WRONLY), -EEXIST);
	assert_int_equal(open_err("/missing", O_RDONLY), -ENOENT);
	assert_int_equal(open_err("/missing/x", O_CREAT | O_RDWR), -ENOENT);
	assert_int_equal(open_err("/of/x", O_RDONLY), -ENOTDIR);
	assert_int_equal(open_err("/of", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	assert_int_equal(open_err("/", O_WRONLY), -EISDIR);
	assert_int_equal(open_err("/", O_RDWR), -EISDIR);
	assert_int_equal(open_err("/", O_RDONLY | O_TRUNC), -EISDIR);
	assert_int_equal(open_err("/", O_RDONLY), 0);
	assert_int_equal(open_err("/new", O_CREAT | O_DIRECTORY | O_RDONLY), -EINVAL);
	assert_int_equal(open_err("", O_RDONLY), -ENOENT);
	assert_int_equal(vfs_set_umask(077), 022);
	assert_int_equal(open_err("/of2", O_CREAT | O_WRONLY), 0);
	assert_int_equal(stat_path("/of2", &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0600);
	assert_int_equal(vfs_set_umask(022), 077);

	/* the access mode is enforced */
	f = vfs_openat(AT_FDCWD, "/of", O_RDONLY, 0);
	assert_int_equal(kernel_write(f, "x", 1, 0), -EBADF);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/of", O_WRONLY, 0);
	char c;
	assert_int_equal(kernel_read(f, &c, 1, 0), -EBADF);
	assert_int_equal(f->f_flags & (O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC), 0);
	fput(f);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/of", F_OK, 0), 0);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/of", X_OK, 0), -EACCES);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/", X_OK, 0), 0);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/of", R_OK | W_OK, 0), 0);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/of", 8, 0), -EINVAL);
	assert_int_equal(vfs_accessat(AT_FDCWD, "/nope", F_OK, 0), -ENOENT);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/of", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/of2", 0), 0);
}

static void test_exec_open(void **state)
{
	struct file *f;
	char buf[8];

	(void)state;
	assert_int_equal(write_path("/prog", "\177ELF....", 8), 0);
	assert_int_equal(kernel_open_exec("/prog", &f), -EACCES);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/prog2", S_IFREG | 0755, 0), 0);
	assert_int_equal(write_path("/prog2", "\177ELF....", 8), 0);
	assert_int_equal(vfs_symlinkat("prog2", AT_FDCWD, "/proglink"), 0);
	assert_int_equal(kernel_open_exec("/proglink", &f), 0);
	assert_int_equal(kernel_read(f, buf, 4, 0), 4);
	assert_memory_equal(buf, "\177ELF", 4);
	assert_int_equal(kernel_read(f, buf, 8, 6), 2);
	fput(f);
	assert_int_equal(kernel_open_exec("/", &f), -EACCES);
	assert_int_equal(kernel_open_exec("/nothing", &f), -ENOENT);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/prog", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/prog2", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/proglink", 0), 0);
}

/* ---- devices and pipes ---- */

static void test_devices(void **state)
{
	char buf[32];
	struct kstat st;
	struct file *f;

	(void)state;
	assert_int_equal(fs_populate_root(), 0);
	assert_int_equal(fs_populate_root(), 0);
	assert_int_equal(stat_path("/dev/null", &st), 0);
	assert_int_equal(st.mode, S_IFCHR | 0666);
	assert_int_equal(st.rdev, MKDEV(1, 3));
	assert_int_equal(stat_path("/tmp", &st), 0);
	assert_int_equal(st.mode, S_IFDIR | 01777);

	f = vfs_openat(AT_FDCWD, "/dev/null", O_RDWR, 0);
	assert_false(IS_ERR(f));
	assert_int_equal(kernel_write(f, "gone", 4, 0), 4);
	assert_int_equal(kernel_read(f, buf, sizeof(buf), 0), 0);
	assert_int_equal(vfs_llseek(f, 100, SEEK_SET), 0);
	assert_int_equal(vfs_ioctl(f, 0x5401, 0), -ENOTTY);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/dev/zero", O_RDONLY, 0);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(kernel_read(f, buf, sizeof(buf), 0), sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/dev/full", O_WRONLY, 0);
	assert_int_equal(kernel_write(f, "x", 1, 0), -ENOSPC);
	fput(f);
	f = vfs_openat(AT_FDCWD, "/dev/urandom", O_RDONLY, 0);
	char r1[16], r2[16];
	assert_int_equal(kernel_read(f, r1, 16, 0), 16);
	assert_int_equal(kernel_read(f, r2, 16, 0), 16);
	assert_memory_not_equal(r1, r2, 16);
	fput(f);

	/* the terminals are drivers/tty's, not in this build: their nodes have no driver */
	assert_int_equal(open_err("/dev/console", O_RDWR), -ENXIO);
	assert_int_equal(open_err("/dev/tty", O_RDWR), -ENXIO);

	/* a node nobody drives */
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/odd", S_IFCHR | 0600, MKDEV(42, 7)), 0);
	assert_int_equal(open_err("/dev/odd", O_RDONLY), -ENXIO);
	assert_int_equal(open_err("/dev/odd", O_PATH), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/dev/odd", 0), 0);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/fifo", S_IFIFO | 0600, 0), 0);
	assert_int_equal(stat_path("/dev/fifo", &st), 0);
	assert_true(S_ISFIFO(st.mode));
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/dev/fifo", 0), 0);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/d", S_IFDIR | 0600, 0), -EPERM);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/d", 0170000, 0), -EINVAL);
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/dev/reg", 0600, 0), 0);
	assert_int_equal(stat_path("/dev/reg", &st), 0);
	assert_int_equal(st.mode, S_IFREG | 0600);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/dev/reg", 0), 0);
}

static void test_pipes(void **state)
{
	static char big[70000], buf[70000];
	struct file *rd, *wr;
	struct kstat st;
	struct uio_seg seg;
	struct uio u;

	(void)state;
	assert_int_equal(pipe_create(&rd, &wr, O_NONBLOCK), 0);
	assert_int_equal(pipe_get_size(rd), 65536);
	assert_int_equal(vfs_fstat(rd, &st), 0);
	assert_int_equal(st.mode & S_IFMT, S_IFIFO);
	uio_init_one(&u, &seg, buf, 10, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), -EAGAIN);
	uio_init_one(&u, &seg, "hello", 5, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 5);
	assert_int_equal(pipe_bytes_ready(rd), 5);
	uio_init_one(&u, &seg, buf, 3, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 3);
	uio_init_one(&u, &seg, buf, 10, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 2);
	assert_memory_equal(buf, "lo", 2);
	uio_init_one(&u, &seg, buf, 1, UIO_KERNEL);
	assert_int_equal(file_pread(rd, &u, 0), -ESPIPE);
	assert_int_equal(vfs_llseek(rd, 0, SEEK_CUR), -ESPIPE);
	uio_init_one(&u, &seg, "x", 1, UIO_KERNEL);
	assert_int_equal(file_read(wr, &u), -EBADF);

	/* fill: a big write takes what fits, then EAGAIN; a small one is all or nothing */
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + (i >> 12));
	uio_init_one(&u, &seg, big, 1000, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 1000);
	uio_init_one(&u, &seg, big + 1000, sizeof(big) - 1000, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 65536 - 1000);
	uio_init_one(&u, &seg, big, 1, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), -EAGAIN);
	uio_init_one(&u, &seg, buf, 100, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 100);
	uio_init_one(&u, &seg, big, 200, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), -EAGAIN);		/* 200 <= PIPE_BUF, room 100 */
	uio_init_one(&u, &seg, big + 65536, 100, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 100);
	uio_init_one(&u, &seg, buf + 100, sizeof(buf) - 100, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 65536);
	assert_memory_equal(buf, big, 65636);			/* across the ring's wrap */

	/* end of file without writers; EPIPE without readers */
	fput(wr);
	uio_init_one(&u, &seg, buf, 10, UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 0);
	fput(rd);
	assert_int_equal(pipe_create(&rd, &wr, 0), 0);
	fput(rd);
	uio_init_one(&u, &seg, "x", 1, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), -EPIPE);
	uio_init_one(&u, &seg, "", 0, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 0);
	fput(wr);
	assert_int_equal(dcache_count(), dcache_at_start);
}

static void test_fifo(void **state)
{
	long dentries = dcache_count();
	struct file *rw, *rd, *wr;
	struct uio_seg seg;
	struct uio u;
	char buf[16];

	(void)state;
	assert_int_equal(vfs_mknodat(AT_FDCWD, "/fifo", S_IFIFO | 0600, 0), 0);
	/* no reader: a non-blocking writer cannot open */
	assert_int_equal(open_err("/fifo", O_WRONLY | O_NONBLOCK), -ENXIO);
	assert_int_equal(open_err("/fifo", O_RDONLY | O_WRONLY | O_RDWR), -EINVAL);
	/* a non-blocking reader opens alone and reads end of file */
	rd = vfs_openat(AT_FDCWD, "/fifo", O_RDONLY | O_NONBLOCK, 0);
	assert_false(IS_ERR(rd));
	uio_init_one(&u, &seg, buf, sizeof(buf), UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 0);
	/* now a writer finds it; data flows from one open to the other */
	wr = vfs_openat(AT_FDCWD, "/fifo", O_WRONLY | O_NONBLOCK, 0);
	assert_false(IS_ERR(wr));
	assert_ptr_equal(rd->private_data, wr->private_data);
	uio_init_one(&u, &seg, "named", 5, UIO_KERNEL);
	assert_int_equal(file_write(wr, &u), 5);
	uio_init_one(&u, &seg, buf, sizeof(buf), UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 5);
	assert_memory_equal(buf, "named", 5);
	assert_int_equal(vfs_llseek(rd, 0, SEEK_SET), -ESPIPE);
	assert_int_equal(pipe_get_size(rd), 65536);
	fput(wr);
	uio_init_one(&u, &seg, buf, sizeof(buf), UIO_KERNEL);
	assert_int_equal(file_read(rd, &u), 0);		/* the writer left */
	fput(rd);
	/* O_RDWR never waits, and the pipe goes with the last close */
	rw = vfs_openat(AT_FDCWD, "/fifo", O_RDWR, 0);
	assert_false(IS_ERR(rw));
	struct inode *inode = rw->f_inode;
	assert_non_null(inode->i_pipe);
	uio_init_one(&u, &seg, "self", 4, UIO_KERNEL);
	assert_int_equal(file_write(rw, &u), 4);
	fput(rw);
	assert_null(inode->i_pipe);
	rw = vfs_openat(AT_FDCWD, "/fifo", O_RDWR | O_NONBLOCK, 0);
	uio_init_one(&u, &seg, buf, sizeof(buf), UIO_KERNEL);
	assert_int_equal(file_read(rw, &u), -EAGAIN);	/* a new, empty pipe */
	fput(rw);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/fifo", 0), 0);
	assert_int_equal(dcache_count(), dentries);
}

static void test_tmpfile(void **state)
{
	struct kstat st;
	struct file *f;
	char buf[8];
	int fd;

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/tmpf", 0755), 0);
	assert_int_equal(touch("/tmpf/file"), 0);
	assert_int_equal(open_err("/tmpf", O_TMPFILE | O_RDONLY), -EINVAL);
	assert_int_equal(open_err("/tmpf", __O_TMPFILE | O_RDWR), -EINVAL);
	assert_int_equal(open_err("/tmpf/file", O_TMPFILE | O_RDWR), -ENOTDIR);
	assert_int_equal(open_err("/tmpf/none", O_TMPFILE | O_RDWR), -ENOENT);
	f = vfs_openat(AT_FDCWD, "/tmpf", O_TMPFILE | O_RDWR, 0600);
	assert_false(IS_ERR(f));
	assert_int_equal(kernel_write(f, "temp", 4, 0), 4);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.nlink, 0);
	assert_int_equal(st.mode, S_IFREG | 0600);
	/* no name in the directory; linkat gives it one */
	fd = fd_install(f, 0);
	assert_int_equal(vfs_linkat(fd, "", AT_FDCWD, "/tmpf/named", AT_EMPTY_PATH), 0);
	assert_int_equal(read_path("/tmpf/named", buf, sizeof(buf), 0), 4);
	assert_int_equal(stat_path("/tmpf/named", &st), 0);
	assert_int_equal(st.nlink, 1);
	assert_int_equal(fd_close((unsigned int)fd), 0);
	/* with O_EXCL it can never be linked */
	f = vfs_openat(AT_FDCWD, "/tmpf", O_TMPFILE | O_WRONLY | O_EXCL, 0600);
	fd = fd_install(f, 0);
	assert_int_equal(vfs_linkat(fd, "", AT_FDCWD, "/tmpf/no", AT_EMPTY_PATH), -ENOENT);
	assert_int_equal(fd_close((unsigned int)fd), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/tmpf/named", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/tmpf/file", 0), 0);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/tmpf", AT_REMOVEDIR), 0);
}

static void put_test_page(struct page *pg)
{
	if (__atomic_sub_fetch(&pg->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		free_pages(pg, 0);
}

/* The pages mmap maps: the file's own, shared with it. */
static void test_get_page(void **state)
{
	unsigned long free_before = pmm_free_count();
	struct page *pg, *hole;
	struct kstat st;
	struct file *f;
	char *va;

	(void)state;
	f = vfs_openat(AT_FDCWD, "/mapped", O_CREAT | O_RDWR, 0644);
	assert_false(IS_ERR(f));
	assert_int_equal(kernel_write(f, "mapped data", 11, 0), 11);
	assert_int_equal(kernel_write(f, "far", 3, 3 * 4096), 3);
	pg = f->f_op->get_page(f, 0);
	assert_false(IS_ERR_OR_NULL_PAGE(pg));
	va = page_address(pg);
	assert_memory_equal(va, "mapped data", 11);
	assert_int_equal(pg->refcount, 2);
	/* a write through the mapping is the file's data */
	memcpy(va, "MAPPED", 6);
	char buf[16];
	assert_int_equal(kernel_read(f, buf, 11, 0), 11);
	assert_memory_equal(buf, "MAPPED data", 11);
	/* a hole gets a page, kept; past the end there is none */
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.blocks, 2 * 8);
	hole = f->f_op->get_page(f, 1);
	assert_false(IS_ERR_OR_NULL_PAGE(hole));
	assert_int_equal(((char *)page_address(hole))[100], 0);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.blocks, 3 * 8);
	assert_null(f->f_op->get_page(f, 4));
	/* truncation drops the file's reference; the mapping's stays */
	assert_int_equal(vfs_ftruncate(f, 0), 0);
	assert_int_equal(pg->refcount, 1);
	assert_memory_equal(va, "MAPPED", 6);
	assert_null(f->f_op->get_page(f, 0));
	put_test_page(pg);
	put_test_page(hole);
	fput(f);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/mapped", 0), 0);
	pmm_drain_all();
	assert_int_equal(pmm_free_count(), free_before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getdents),
		cmocka_unit_test(test_file_data),
		cmocka_unit_test(test_open_flags),
		cmocka_unit_test(test_exec_open),
		cmocka_unit_test(test_pipes),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_fifo),
		cmocka_unit_test(test_tmpfile),
		cmocka_unit_test(test_get_page),
	};

	return cmocka_run_group_tests(tests, setup, fs_test_teardown);
}
