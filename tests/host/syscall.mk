# Host test for the system-call table (syscall/table.c and syscall/trace.c
# with the table generated from syscall/syscall.tbl): the list itself,
# argument conversion, -ENOSYS reporting and trace lines; and that every
# __NR_ of the riscv64 user headers (linux-libc-dev-riscv64-cross) is in
# the table with its number. The cross compiler's preprocessor lists those
# into riscv64_nr.h as NR(name, number) lines.

HOST_TESTS += syscall_table
host_syscall_table_SRCS := syscall/table.c syscall/trace.c kernel/cmdline.c \
	lib/string.c lib/vsnprintf.c tests/host/stubs.c

SYSCALL_NR_LIST := $(BUILD)/host/syscall/riscv64_nr.h

$(BUILD)/host/test_syscall_table: HOST_CFLAGS += -I$(BUILD)/include \
	-I$(BUILD)/host/syscall -Iarch/$(ARCH)/include \
	-DSYSCALL_TBL='"$(abspath syscall/syscall.tbl)"'
$(BUILD)/host/test_syscall_table: $(GEN_SYSCALLS) $(SYSCALL_NR_LIST) syscall/syscall.tbl

$(SYSCALL_NR_LIST): tests/host/syscall.mk
	@mkdir -p $(@D)
	$(say) GEN $@
	$(Q)$(CC) -E -dM -include asm/unistd.h -x c /dev/null | \
		sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/NR(\1, __NR_\1)/p' > $@.in
	$(Q){ echo '#include <asm/unistd.h>'; cat $@.in; } | \
		$(CC) -E -P -x c - | grep '^NR(' > $@.tmp
	$(Q)rm -f $@.in && mv $@.tmp $@
