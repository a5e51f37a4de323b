# Host test for lib/partition.c (MBR and GPT parsing) on disk images that
# tools/mkdisk.py makes here, in $(BUILD)/host/partition (PART_DIR):
#   mbr4        four primaries (one bootable, assorted types)
#   mbr-ext     primaries, an extended partition with three logicals, and a
#               primary after it
#   mbr-many    fourteen logicals: Linux keeps numbers up to 15
#   mbr-trunc   cut to 8 MiB: a partition across the end, one past it
#   gpt         entries 1, 3, 7 and 8 (gaps stay empty), names and types
#   gpt-4k      4096-byte sectors
#   gpt-many    seventeen entries: numbers up to 15 are kept
#   gpt-badcrc  the primary header's CRC no longer matches
#   gpt-badent  the primary entry array's CRC no longer matches
#   gpt-badalt  the backup header is damaged (the primary still counts)
#   gpt-trunc   cut short: the header's last usable LBA is past the end
# The test also compares its results with util-linux's partx (libblkid's
# own parser) where the two must agree.

HOST_TESTS += partition
host_partition_SRCS := lib/partition.c lib/string.c

PART_DIR	:= $(BUILD)/host/partition
PART_MKDISK	= $(PYTHON) tools/mkdisk.py

# $(call part_poke,image,offset): overwrite one byte with 0xa5
part_poke = printf '\245' | dd of=$(1) bs=1 seek=$(2) conv=notrunc status=none

$(BUILD)/host/test_partition: HOST_CFLAGS += -DPART_DIR='"$(abspath $(PART_DIR))"'
$(BUILD)/host/test_partition: $(PART_DIR)/.stamp include/lib/partition.h

$(PART_DIR)/.stamp: tests/host/partition.mk tools/mkdisk.py
	$(say) GEN $(@D)
	$(Q)rm -rf $(@D) && mkdir -p $(@D)
	$(Q)$(PART_MKDISK) $(@D)/mbr4.img --size 8M size=1M,bootable size=2M,type=82 \
		size=1M,type=fat32 size=3M
	$(Q)$(PART_MKDISK) $(@D)/mbr-ext.img --size 16M size=2M size=1M type=extended,size=8M \
		logical,size=2M logical,size=1M logical,size=512K,type=82 size=1M
	$(Q)$(PART_MKDISK) $(@D)/mbr-many.img --size 16M --align 8 size=1M type=extended \
		$(foreach i,1 2 3 4 5 6 7 8 9 10 11 12 13 14,logical,size=256K)
	$(Q)$(PART_MKDISK) $(@D)/mbr-trunc.img --size 16M size=1M size=4M size=8M start=15M,size=1M
	$(Q)truncate -s 8M $(@D)/mbr-trunc.img
	$(Q)$(PART_MKDISK) $(@D)/gpt.img --table gpt --size 16M size=2M,name=boot,type=efi \
		size=3M,number=3 size=1M,number=7,type=swap,name=swap size=1M,number=8
	$(Q)$(PART_MKDISK) $(@D)/gpt-4k.img --table gpt --sector-size 4096 --size 16M \
		size=2M size=4M,type=home
	$(Q)$(PART_MKDISK) $(@D)/gpt-many.img --table gpt --size 16M --align 8 \
		$(foreach i,1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17,size=256K)
	$(Q)cp $(@D)/gpt.img $(@D)/gpt-badcrc.img && $(call part_poke,$(@D)/gpt-badcrc.img,$$((512 + 56)))
	$(Q)cp $(@D)/gpt.img $(@D)/gpt-badent.img && $(call part_poke,$(@D)/gpt-badent.img,$$((1024 + 20)))
	$(Q)cp $(@D)/gpt.img $(@D)/gpt-badalt.img && \
		$(call part_poke,$(@D)/gpt-badalt.img,$$((16 * 1024 * 1024 - 512 + 56)))
	$(Q)cp $(@D)/gpt.img $(@D)/gpt-trunc.img && truncate -s 12M $(@D)/gpt-trunc.img
	$(Q)touch $@
