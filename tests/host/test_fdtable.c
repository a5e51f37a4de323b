/*
 * Host tests for the fd table (fs/fdtable.c) and struct fs_struct
 * (fs/fs_struct.c): lowest-free allocation, growth up to the open-file
 * limit, close-on-exec, dup3-style replacement, reservations, copies for
 * fork, and that the last put closes every file (each file's reference
 * count is checked).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fs_test_util.h"

static struct file *file;	/* one open file, installed many times */

static int setup(void **state)
{
	if (fs_test_setup(state))
		return -1;
	file = vfs_openat(AT_FDCWD, "/", O_RDONLY, 0);
	return IS_ERR(file) ? -1 : 0;
}

static int teardown(void **state)
{
	fput(file);
	return fs_test_teardown(state);
}

static int refs(void)
{
	return __atomic_load_n(&file->f_count, __ATOMIC_RELAXED);
}

/* Install file (with a new reference) at the lowest fd >= min. */
static int install(struct files_struct *files, unsigned int min, int flags)
{
	int fd = files_fd_install(files, get_file(file), min, flags);

	if (fd < 0)
		fput(file);
	return fd;
}

static void test_lowest_free(void **state)
{
	struct files_struct *files = files_alloc();

	(void)state;
	for (int i = 0; i < 10; i++)
		assert_int_equal(install(files, 0, 0), i);
	assert_int_equal(refs(), 11);
	assert_int_equal(files_fd_close(files, 3), 0);
	assert_int_equal(files_fd_close(files, 7), 0);
	assert_int_equal(files_fd_close(files, 7), -EBADF);
	assert_int_equal(files_fd_close(files, 100000), -EBADF);
	assert_int_equal(refs(), 9);
	assert_int_equal(install(files, 0, 0), 3);
	assert_int_equal(install(files, 0, 0), 7);
	assert_int_equal(install(files, 0, 0), 10);
	/* F_DUPFD: the lowest free at or above a minimum, leaving lower holes */
	assert_int_equal(files_fd_close(files, 2), 0);
	assert_int_equal(install(files, 5, 0), 11);
	assert_int_equal(install(files, 50, 0), 50);
	assert_int_equal(install(files, 50, 0), 51);
	assert_int_equal(install(files, 0, 0), 2);
	assert_null(files_fd_get(files, 12));
	struct file *f = files_fd_get(files, 50);
	assert_ptr_equal(f, file);
	fput(f);
	files_put(files);
	assert_int_equal(refs(), 1);
}

static void test_growth_and_limit(void **state)
{
	struct files_struct *files = files_alloc();

	(void)state;
	assert_int_equal(files_limit(files), 1024);
	for (int i = 0; i < 1024; i++)
		assert_int_equal(install(files, 0, 0), i);
	assert_int_equal(install(files, 0, 0), -EMFILE);
	assert_int_equal(files->fdt.max_fds, 1024);
	assert_int_equal(refs(), 1025);
	/* a close makes room again, at that fd */
	assert_int_equal(files_fd_close(files, 600), 0);
	assert_int_equal(install(files, 0, 0), 600);
	/* a bigger limit lets it grow on */
	files_set_limit(files, 5000);
	assert_int_equal(install(files, 0, 0), 1024);
	assert_int_equal(install(files, 4000, 0), 4000);
	assert_int_equal(install(files, 4999, 0), 4999);
	assert_int_equal(install(files, 4999, 0), -EMFILE);
	assert_true(files->fdt.max_fds >= 5000);
	/* a lower limit keeps what is open above it */
	files_set_limit(files, 100);
	assert_int_equal(install(files, 0, 0), -EMFILE);
	for (unsigned int fd = 0; fd < 5000; fd++)
		files_fd_close(files, fd);
	assert_int_equal(refs(), 1);
	files_put(files);
}

static void test_cloexec(void **state)
{
	struct files_struct *files = files_alloc();

	(void)state;
	for (int i = 0; i < 200; i++)
		assert_int_equal(install(files, 0, i % 3 ? 0 : O_CLOEXEC), i);
	assert_int_equal(files_get_cloexec(files, 0), 1);
	assert_int_equal(files_get_cloexec(files, 1), 0);
	assert_int_equal(files_get_cloexec(files, 500), -EBADF);
	assert_int_equal(files_set_cloexec(files, 1, true), 0);
	assert_int_equal(files_set_cloexec(files, 0, false), 0);
	assert_int_equal(files_set_cloexec(files, 500, true), -EBADF);
	files_close_on_exec(files);
	for (int i = 0; i < 200; i++) {
		struct file *f = files_fd_get(files, (unsigned int)i);
		bool kept = i == 0 || (i != 1 && i % 3);

		assert_true(kept ? f != NULL : f == NULL);
		fput(f);
	}
	/* the lowest free fd is one just closed; its bit is clear again */
	assert_int_equal(install(files, 0, 0), 1);
	assert_int_equal(files_get_cloexec(files, 1), 0);
	files_put(files);
	assert_int_equal(refs(), 1);
}

static void test_replace_and_reserve(void **state)
{
	struct files_struct *files = files_alloc();
	int fd;

	(void)state;
	assert_int_equal(files_fd_replace(files, 500, get_file(file), O_CLOEXEC), 500);
	assert_int_equal(files_get_cloexec(files, 500), 1);
	assert_int_equal(files_fd_replace(files, 500, get_file(file), 0), 500);
	assert_int_equal(refs(), 2);				/* the old one was closed */
	assert_int_equal(files_get_cloexec(files, 500), 0);
	assert_int_equal(files_fd_replace(files, 1024, file, 0), -EBADF);
	/* a reserved fd is not free, not open, and cannot be replaced */
	fd = files_fd_reserve(files, 0);
	assert_int_equal(fd, 0);
	assert_int_equal(install(files, 0, 0), 1);
	assert_null(files_fd_get(files, 0));
	assert_int_equal(files_fd_close(files, 0), -EBADF);
	assert_int_equal(files_fd_replace(files, 0, file, 0), -EBUSY);
	files_fd_unreserve(files, 0);
	assert_int_equal(install(files, 0, 0), 0);
	fd = files_fd_reserve(files, 0);
	assert_int_equal(fd, 2);
	files_fd_fill(files, 2, get_file(file), O_CLOEXEC);
	assert_int_equal(files_get_cloexec(files, 2), 1);
	files_put(files);
	assert_int_equal(refs(), 1);
}

static void test_dup_for_fork(void **state)
{
	struct files_struct *parent = files_alloc(), *child;

	(void)state;
	for (int i = 0; i < 100; i++)
		assert_int_equal(install(parent, 0, i == 5 ? O_CLOEXEC : 0), i);
	assert_int_equal(files_fd_close(parent, 10), 0);
	assert_int_equal(files_fd_reserve(parent, 0), 10);
	files_set_limit(parent, 300);
	child = files_dup(parent);
	assert_non_null(child);
	assert_int_equal(refs(), 1 + 99 + 99);
	assert_int_equal(files_limit(child), 300);
	assert_int_equal(files_get_cloexec(child, 5), 1);
	/* the parent's reservation is not the child's */
	assert_int_equal(install(child, 0, 0), 10);
	assert_int_equal(files_fd_close(child, 20), 0);
	struct file *f = files_fd_get(parent, 20);
	assert_non_null(f);
	fput(f);
	files_put(child);
	assert_int_equal(refs(), 1 + 99);
	/* shared (CLONE_FILES): the last put closes */
	files_get(parent);
	files_put(parent);
	assert_int_equal(refs(), 1 + 99);
	files_fd_unreserve(parent, 10);
	files_put(parent);
	assert_int_equal(refs(), 1);
}

static void test_current(void **state)
{
	int fd;

	(void)state;
	fd = fd_install(get_file(file), 0);
	assert_true(fd >= 0);
	struct file *f = fd_get((unsigned int)fd);
	assert_ptr_equal(f, file);
	fput(f);
	assert_int_equal(fd_close((unsigned int)fd), 0);
	assert_null(fd_get((unsigned int)fd));
	assert_int_equal(refs(), 1);
}

static void test_fs_struct(void **state)
{
	struct fs_struct *fs = fs_struct_alloc_root(), *copy;
	struct path root, pwd, p;
	char buf[64];

	(void)state;
	assert_int_equal(vfs_mkdirat(AT_FDCWD, "/fsd", 0755), 0);
	assert_int_equal(vfs_path_lookup(AT_FDCWD, "/fsd", LOOKUP_FOLLOW, &p), 0);
	fs_set_pwd(fs, &p);
	path_put(&p);
	fs->umask = 027;
	copy = fs_struct_dup(fs);
	assert_non_null(copy);
	assert_int_equal(copy->umask, 027);
	fs_get_pwd(copy, &pwd);
	fs_get_root(copy, &root);
	assert_ptr_equal(pwd.dentry, fs->pwd.dentry);
	assert_ptr_equal(root.dentry, fs->root.dentry);
	path_put(&pwd);
	path_put(&root);
	/* the copy is on its own: moving it does not move the original */
	fs_set_pwd(copy, &fs->root);
	assert_ptr_not_equal(copy->pwd.dentry, fs->pwd.dentry);
	/* as the calling process: getcwd follows */
	struct fs_struct *saved = host_fs;
	host_fs = fs;
	assert_int_equal(vfs_getcwd(buf, sizeof(buf)), 5);
	assert_string_equal(buf, "/fsd");
	assert_int_equal(vfs_getcwd(buf, 4), -ERANGE);
	assert_int_equal(vfs_umask(), 027);
	host_fs = copy;
	assert_int_equal(vfs_getcwd(buf, sizeof(buf)), 2);
	assert_string_equal(buf, "/");
	host_fs = saved;
	fs_struct_get(fs);
	fs_struct_put(fs);
	fs_struct_put(fs);
	fs_struct_put(copy);
	assert_int_equal(vfs_unlinkat(AT_FDCWD, "/fsd", AT_REMOVEDIR), 0);
	/* a kernel thread (no fs_struct) walks from the global root */
	host_fs = NULL;
	assert_int_equal(vfs_getcwd(buf, sizeof(buf)), 2);
	assert_int_equal(vfs_umask(), 0);
	host_fs = saved;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lowest_free),
		cmocka_unit_test(test_growth_and_limit),
		cmocka_unit_test(test_cloexec),
		cmocka_unit_test(test_replace_and_reserve),
		cmocka_unit_test(test_dup_for_fork),
		cmocka_unit_test(test_current),
		cmocka_unit_test(test_fs_struct),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
