# Build, run and test the kernel.
#
#   make            build/kernel.elf (DEBUG=1: debug build in build-debug/)
#   make run        boot it under QEMU into a busybox shell (build/rootfs/rootfs.cpio)
#                   (SMP=4 MEM=512M APPEND="..." INITRD=file DISK=image)
#   make user       the user-space test programs and their images (user/user.mk)
#   make rootfs     the userland from Debian's sources, and the shell image
#                   (user/shell/shell.mk)
#   make debug      boot it stopped, waiting for gdb-multiarch (see docs/debugging.md)
#   make test       host unit tests, in-kernel self-tests on -smp 1 and 4,
#                   the user-space tests on both libcs and the userland's
#                   suites (tools/runtests.py)
#   make bench      the kernel against Linux 6.1 on the same QEMU machine
#                   (user/bench/bench.mk, docs/bench.md)
#
# Every target first runs tools/setup.sh, which installs missing Debian
# packages and is quick when everything is present.

ARCH		:= riscv64
CROSS_COMPILE	?= riscv64-linux-gnu-
CC		:= $(CROSS_COMPILE)gcc
LD		:= $(CROSS_COMPILE)ld
NM		:= $(CROSS_COMPILE)nm
OBJCOPY		:= $(CROSS_COMPILE)objcopy
HOSTCC		?= gcc
QEMU		?= qemu-system-riscv64
PYTHON		?= python3

DEBUG		?= 0
ifeq ($(DEBUG),1)
BUILD		?= build-debug
OPT		:= -Og -DKERNEL_DEBUG
else
BUILD		?= build
OPT		:= -O2
endif

SMP		?= 4
MEM		?= 512M
APPEND		?=
INITRD		?= build/rootfs/rootfs.cpio
DISK		?=

KERNEL_DIRS	:= arch/$(ARCH) kernel mm fs syscall lib drivers tests/kernel
KSRCS		:= $(sort $(filter-out arch/$(ARCH)/asm-offsets.c arch/$(ARCH)/vdso/%, \
		     $(shell find $(KERNEL_DIRS) -name '*.c' -o -name '*.S')))
KOBJS		:= $(patsubst %,$(BUILD)/k/%.o,$(KSRCS))

KCFLAGS		:= -std=gnu11 $(OPT) -g -Wall -Wextra -Werror \
		   -ffreestanding -fno-builtin -nostdlib -fno-common -fno-pie \
		   -fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
		   -mcmodel=medany -march=rv64imac_zicsr_zifencei -mabi=lp64 -mno-relax \
		   -Iinclude -Iarch/$(ARCH)/include -I$(BUILD)/include
KASFLAGS	:= $(KCFLAGS) -D__ASSEMBLER__

# Quiet build lines ("CC file"); V=1 shows whole commands.
ifeq ($(V),1)
Q		:=
say		:= @true
else
Q		:= @
say		:= @printf '  %-7s %s\n'
endif

.PHONY: all setup run debug test host-tests bench clean compile_commands.json
all: $(BUILD)/kernel.elf compile_commands.json

setup:
	@tools/setup.sh

# --- kernel -----------------------------------------------------------------

$(BUILD)/include/generated/asm-offsets.h: arch/$(ARCH)/asm-offsets.c $(wildcard include/*/*.h arch/$(ARCH)/include/asm/*.h)
	@mkdir -p $(dir $@)
	$(say) GEN $@
	$(Q)$(CC) $(KCFLAGS) -S -o $(BUILD)/asm-offsets.s $<
	$(Q)sed -n 's/.*->\([A-Z_0-9]*\) \([0-9-]*\).*/#define \1 \2/p' $(BUILD)/asm-offsets.s > $@.tmp
	$(Q)mv $@.tmp $@

# The system-call prototypes and table, from the one list.
GEN_SYSCALLS	:= $(BUILD)/include/generated/syscalls.h \
		   $(BUILD)/include/generated/syscall_table.c
$(GEN_SYSCALLS) &: syscall/syscall.tbl tools/gensyscalls.py
	$(say) GEN $(firstword $(GEN_SYSCALLS))
	$(Q)$(PYTHON) tools/gensyscalls.py syscall/syscall.tbl $(BUILD)/include/generated

# The vDSO: a shared object of its own (user-mode code), embedded in the
# kernel by vdso_image.S; the kernel finds its entries by the offsets in
# <generated/vdso.h>. It must need no relocation: it is mapped as it is.
VDSO_SRCS	:= $(wildcard arch/$(ARCH)/vdso/*.c arch/$(ARCH)/vdso/*.S)
VDSO_SO		:= $(BUILD)/vdso/vdso.so
VDSO_SYMS	:= $(BUILD)/include/generated/vdso.h
VDSO_CFLAGS	:= -std=gnu11 -O2 -Wall -Wextra -Werror -fPIC -ffreestanding -fno-builtin \
		   -nostdlib -fno-stack-protector -fasynchronous-unwind-tables -Iinclude \
		   -shared -Wl,-T,arch/$(ARCH)/vdso/vdso.lds -Wl,-soname=linux-vdso.so.1 \
		   -Wl,--hash-style=both -Wl,--eh-frame-hdr -Wl,-Bsymbolic \
		   -Wl,--build-id=none -Wl,-z,noexecstack
READELF		:= $(CROSS_COMPILE)readelf

$(VDSO_SO): $(VDSO_SRCS) arch/$(ARCH)/vdso/vdso.lds include/kernel/vdso_data.h
	@mkdir -p $(dir $@)
	$(say) VDSO $@
	$(Q)$(CC) $(VDSO_CFLAGS) -o $@.tmp $(VDSO_SRCS)
	$(Q)if $(READELF) -rW $@.tmp | grep -q '^Relocation section'; then \
		echo "$@: the vDSO has relocations" >&2; exit 1; fi
	$(Q)mv $@.tmp $@

$(VDSO_SYMS): $(VDSO_SO)
	@mkdir -p $(dir $@)
	$(say) GEN $@
	$(Q)$(NM) -D $< | sed -n 's/^\([0-9a-f]*\) T __vdso_\([a-z_]*\)@.*$$/#define VDSO_SYM_\2 0x\1UL/p' > $@.tmp
	$(Q)mv $@.tmp $@

$(BUILD)/k/arch/$(ARCH)/vdso_image.S.o: KASFLAGS += -DVDSO_IMAGE='"$(VDSO_SO)"'
$(BUILD)/k/arch/$(ARCH)/vdso_image.S.o: $(VDSO_SO)

$(BUILD)/k/%.c.o: %.c $(BUILD)/include/generated/asm-offsets.h | $(GEN_SYSCALLS) $(VDSO_SYMS)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(KCFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/k/%.S.o: %.S $(BUILD)/include/generated/asm-offsets.h
	@mkdir -p $(dir $@)
	$(say) AS $<
	$(Q)$(CC) $(KASFLAGS) -MMD -MP -c -o $@ $<

# Two link passes: the second embeds the text symbols of the first for
# symbolized backtraces. The table sits after everything it describes.
LDSCRIPT	:= arch/$(ARCH)/kernel.ld
$(BUILD)/kernel.elf: $(KOBJS) $(LDSCRIPT) tools/mksyms.py
	$(say) LD $@
	$(Q)$(PYTHON) tools/mksyms.py /dev/null > $(BUILD)/ksyms0.S
	$(Q)$(CC) $(KASFLAGS) -c -o $(BUILD)/ksyms0.o $(BUILD)/ksyms0.S
	$(Q)$(LD) -T $(LDSCRIPT) --no-relax -o $(BUILD)/kernel.tmp $(KOBJS) $(BUILD)/ksyms0.o
	$(Q)$(NM) -n $(BUILD)/kernel.tmp > $(BUILD)/kernel.tmp.syms
	$(Q)$(PYTHON) tools/mksyms.py $(BUILD)/kernel.tmp.syms > $(BUILD)/ksyms.S
	$(Q)$(CC) $(KASFLAGS) -c -o $(BUILD)/ksyms.o $(BUILD)/ksyms.S
	$(Q)$(LD) -T $(LDSCRIPT) --no-relax -o $@ $(KOBJS) $(BUILD)/ksyms.o
	$(Q)$(NM) -n $@ | $(PYTHON) tools/mksyms.py --check $(BUILD)/kernel.tmp.syms
	$(Q)$(OBJCOPY) -O binary $@ $(BUILD)/kernel.bin

compile_commands.json:
	@$(PYTHON) tools/compdb.py "$(CC) $(KCFLAGS)" $(KSRCS) > $@.tmp && mv $@.tmp $@

-include $(KOBJS:.o=.d)

# --- running ----------------------------------------------------------------

QEMU_FLAGS	= -machine virt -nographic -bios default -smp $(SMP) -m $(MEM) \
		  -kernel $(BUILD)/kernel.elf $(if $(APPEND),-append "$(APPEND)") \
		  $(if $(INITRD),-initrd $(INITRD)) \
		  $(if $(DISK),$(QEMU_DISK))
# Apart, because $(if) would split its commas.
QEMU_DISK	= -drive file=$(DISK),if=none,format=raw,id=d0 -device virtio-blk-device,drive=d0

# What the image needs built: the shell image, or the test images.
RUN_DEPS	= $(if $(filter build/rootfs/%,$(INITRD)),rootfs) \
		  $(if $(filter build/user/%,$(INITRD)),user)

run: setup $(BUILD)/kernel.elf $(RUN_DEPS)
	$(QEMU) $(QEMU_FLAGS)

debug: setup $(BUILD)/kernel.elf $(RUN_DEPS)
	@echo "waiting for gdb: gdb-multiarch -x tools/gdbinit $(BUILD)/kernel.elf"
	$(QEMU) $(QEMU_FLAGS) -s -S

# --- tests ------------------------------------------------------------------

HOST_TESTS	:=
HOST_TEST_DEPS	:=
include $(wildcard tests/host/*.mk)

HOST_CFLAGS	:= -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
		   -DHOST_TEST -DKERNEL_DEBUG -Itests/host/include -Iinclude
HOST_BINS	:= $(patsubst %,$(BUILD)/host/test_%,$(HOST_TESTS))

.SECONDEXPANSION:
$(BUILD)/host/test_%: tests/host/test_%.c $$(host_$$*_SRCS) $(wildcard include/*/*.h tests/host/*.h tests/host/include/asm/*.h)
	@mkdir -p $(dir $@)
	$(say) HOSTCC $@
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(host_$*_SRCS) -lcmocka -lpthread

host-tests: $(HOST_BINS) $(HOST_TEST_DEPS)

test: setup
	@$(MAKE) --no-print-directory all host-tests user rootfs
	@$(MAKE) --no-print-directory DEBUG=1 all
	@$(PYTHON) tools/runtests.py

include user/user.mk
include user/shell/shell.mk
include user/bench/bench.mk

clean:
	rm -rf build build-debug compile_commands.json
