# Host tests for the file layer: the cpio parser (lib/cpio.c), and fs/
# with the file system calls (syscall/fs_*.c) on the single-threaded
# stubs of tests/host/fs_stubs.c (malloc for memory, host memory as user
# memory, mutexes as flags).
#
# test_cpio and test_initramfs read an archive that cpio(1) makes here
# from a small tree (test.cpio; the tree stays next to it so the tests
# can compare contents).

FS_CORE_SRCS := attr.c chrdev.c dcache.c dirops.c fdtable.c fs_struct.c initramfs.c \
	inode.c locks.c memdev.c mount.c namei.c open.c pipe.c ramfs.c ramfs_file.c \
	read_write.c select.c splice.c uio.c blkdev_file.c block.c buffer.c \
	anon_inode.c epoll.c
FS_HOST_SRCS := $(addprefix fs/,$(FS_CORE_SRCS)) lib/cpio.c lib/string.c \
	kernel/spinlock.c kernel/random.c mm/page_alloc.c mm/page_tree.c tests/host/stubs.c \
	tests/host/fs_stubs.c
FS_HOST_DEPS := $(wildcard fs/*.h syscall/fs.h tests/host/fs_stubs.h tests/host/fs_test_util.h \
	include/uapi/linux/*.h)

HOST_TESTS += cpio initramfs vfs vfs_io fdtable fs_syscalls
host_cpio_SRCS := lib/cpio.c lib/string.c
host_initramfs_SRCS := $(FS_HOST_SRCS)
host_vfs_SRCS := $(FS_HOST_SRCS)
host_vfs_io_SRCS := $(FS_HOST_SRCS)
host_fdtable_SRCS := $(FS_HOST_SRCS)
host_fs_syscalls_SRCS := $(FS_HOST_SRCS) $(addprefix syscall/,fs_attr.c fs_namei.c fs_open.c \
	fs_poll.c fs_rw.c fs_stat.c fs_xattr.c)

CPIO_TEST_DIR := $(BUILD)/host/cpio
FS_HOST_BINS := $(patsubst %,$(BUILD)/host/test_%,cpio initramfs vfs vfs_io fdtable fs_syscalls)

$(FS_HOST_BINS): $(FS_HOST_DEPS)
$(BUILD)/host/test_cpio $(BUILD)/host/test_initramfs: $(CPIO_TEST_DIR)/test.cpio
$(BUILD)/host/test_cpio $(BUILD)/host/test_initramfs: HOST_CFLAGS += \
	-DCPIO_DIR='"$(abspath $(CPIO_TEST_DIR))"'
$(BUILD)/host/test_fs_syscalls: $(GEN_SYSCALLS)
$(BUILD)/host/test_fs_syscalls: HOST_CFLAGS += -I$(BUILD)/include

$(CPIO_TEST_DIR)/test.cpio: tests/host/fs.mk
	$(say) GEN $@
	$(Q)rm -rf $(@D) && mkdir -p $(@D)/tree/dir/sub
	$(Q)printf 'hello, initramfs\n' > $(@D)/tree/dir/hello.txt
	$(Q)seq 100000 | head -c 5000 > $(@D)/tree/big
	$(Q)ln $(@D)/tree/big $(@D)/tree/dir/big2
	$(Q): > $(@D)/tree/empty
	$(Q)ln -s dir/hello.txt $(@D)/tree/link
	$(Q)ln -s /dir/sub $(@D)/tree/abs
	$(Q)chmod 0750 $(@D)/tree/dir && chmod 0755 $(@D)/tree/big $(@D)/tree/dir/sub && \
		chmod 0600 $(@D)/tree/empty && chmod 0644 $(@D)/tree/dir/hello.txt
	$(Q)find $(@D)/tree -exec touch -h -d @1234567890 {} +
	$(Q)cd $(@D)/tree && find . | LC_ALL=C sort | cpio -o -H newc --quiet > ../test.cpio
