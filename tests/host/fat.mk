# Host tests for FAT32 (fs/fat/): the file layer of fs.mk with the FAT
# code, over tests/host/fat_stubs.c, a block cache on image files.
#
# The image is made here, at build time, by tools/mkfat.sh (mkfs.vfat
# and mtools' mcopy): base.img, 40 MiB with 512-byte clusters (enough
# clusters to be a proper FAT32, which mtools needs) from a small tree.
# test_fat and test_fat_names work on copies and run fsck.fat -n on what
# they wrote;
# test_fat_fuzz damages it in memory.

# The kernel's block cache, once there is one in fs/, gives way to the stub.
FAT_BLK_IMPL := $(shell grep -l -E '^struct (buf [*]bread|block_device [*]blkdev_lookup_name)' fs/*.c 2>/dev/null)
FAT_HOST_SRCS = $(filter-out $(FAT_BLK_IMPL),$(FS_HOST_SRCS)) \
	$(wildcard fs/fat/*.c) tests/host/fat_stubs.c
FAT_IMG_DIR := $(BUILD)/host/fat

HOST_TESTS += fat fat_names fat_fuzz
host_fat_SRCS = $(FAT_HOST_SRCS)
host_fat_names_SRCS = $(FAT_HOST_SRCS)
host_fat_fuzz_SRCS = $(FAT_HOST_SRCS)

FAT_HOST_BINS := $(BUILD)/host/test_fat $(BUILD)/host/test_fat_names $(BUILD)/host/test_fat_fuzz
$(FAT_HOST_BINS): $(wildcard fs/fat/*.h tests/host/fat_stubs.h tests/host/fs_stubs.h) \
	$(FAT_IMG_DIR)/base.img
$(FAT_HOST_BINS): HOST_CFLAGS += -DFAT_IMG_DIR='"$(abspath $(FAT_IMG_DIR))"' \
	-DFSCK_FAT='"$(firstword $(wildcard /usr/sbin/fsck.fat /sbin/fsck.fat) fsck.fat)"'

$(FAT_IMG_DIR)/base.img: tests/host/fat.mk tools/mkfat.sh
	$(say) GEN $@
	$(Q)rm -rf $(@D)/base && mkdir -p $(@D)/base/dir/sub $(@D)/base/empty_dir
	$(Q)printf 'hello, fat\n' > $(@D)/base/hello.txt
	$(Q)printf 'upper\n' > $(@D)/base/README.TXT
	$(Q)printf 'deep\n' > "$(@D)/base/dir/sub/A long file name.text"
	$(Q)seq 1 30000 > $(@D)/base/dir/numbers.txt
	$(Q): > $(@D)/base/empty
	$(Q)printf 'dot\n' > $(@D)/base/.hidden
	$(Q)printf 'caf\303\251\n' > "$(@D)/base/caf$$(printf '\303\251').txt"
	$(Q)find $(@D)/base -exec touch -h -d @1234567890 {} +
	$(Q)tools/mkfat.sh $(@D)/base $@ 40 1
