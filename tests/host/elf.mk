# Host tests for lib/elf.c and lib/binfmt_script.c. The ELF checks run on
# real riscv64 executables, built here by the cross compiler from the
# program part of test_elf.c (ELF_TEST_PROGRAM):
#   static      glibc, -static: ET_EXEC
#   dynamic     glibc, the default PIE: ET_DYN with PT_INTERP
#   static-pie  -nostdlib -static-pie: ET_DYN without PT_INTERP (Debian's
#               cross glibc has no rcrt1.o, so this one has no libc)
#   raw         -nostdlib with a linker script: one program header, an RWX
#               PT_LOAD at 0x1000 (with .bss, so p_memsz > p_filesz)
# and expect.h: each one's type, entry, phoff and phnum as readelf reads them.

HOST_TESTS += elf
host_elf_SRCS := lib/elf.c lib/binfmt_script.c lib/string.c

ELF_DIR		:= $(BUILD)/host/elf
ELF_BINS	:= static dynamic static-pie raw
ELF_READELF	?= $(CROSS_COMPILE)readelf
ELF_PROG_CC	= $(CC) -O1 -o $@ tests/host/test_elf.c

$(BUILD)/host/test_elf: HOST_CFLAGS += -I$(ELF_DIR) -DELF_DIR='"$(abspath $(ELF_DIR))"'
$(BUILD)/host/test_elf: $(ELF_DIR)/expect.h

$(ELF_DIR)/static: tests/host/test_elf.c tests/host/elf.mk
	@mkdir -p $(@D)
	$(say) CROSSCC $@
	$(Q)$(ELF_PROG_CC) -DELF_TEST_PROGRAM=1 -static

$(ELF_DIR)/dynamic: tests/host/test_elf.c tests/host/elf.mk
	@mkdir -p $(@D)
	$(say) CROSSCC $@
	$(Q)$(ELF_PROG_CC) -DELF_TEST_PROGRAM=1

$(ELF_DIR)/static-pie: tests/host/test_elf.c tests/host/elf.mk
	@mkdir -p $(@D)
	$(say) CROSSCC $@
	$(Q)$(ELF_PROG_CC) -DELF_TEST_PROGRAM=2 -fPIE -nostdlib -static-pie \
		-Wl,--no-dynamic-linker

$(ELF_DIR)/raw: tests/host/test_elf.c tests/host/elf.mk
	@mkdir -p $(@D)
	$(say) CROSSCC $@
	$(Q)printf '%s\n' 'ENTRY(_start)' 'PHDRS { all PT_LOAD FLAGS(7); }' \
		'SECTIONS {' '. = 0x1000;' '.text : { *(.text*) } :all' \
		'.data : { *(.rodata*) *(.srodata*) *(.data*) *(.sdata*) } :all' \
		'.bss : { *(.sbss*) *(.bss*) *(COMMON) } :all' \
		'/DISCARD/ : { *(.riscv.attributes) }' '}' > $@.ld
	$(Q)$(ELF_PROG_CC) -DELF_TEST_PROGRAM=2 -fno-pie -no-pie -nostdlib -static \
		-Wl,-T,$@.ld -Wl,--no-warn-rwx-segments -Wl,--build-id=none

$(ELF_DIR)/expect.h: $(addprefix $(ELF_DIR)/,$(ELF_BINS))
	$(say) GEN $@
	$(Q)for b in $(ELF_BINS); do $(ELF_READELF) -hW $(ELF_DIR)/$$b | \
		awk -v n=$$b '/Type:/ { t = $$2 } /Entry point/ { e = $$4 } \
		/Start of program headers/ { o = $$5 } /Number of program headers/ { p = $$5 } \
		END { printf "{ \"%s\", ET_%s, %s, %s, %s },\n", n, t, e, o, p }'; \
	done > $@.tmp && mv $@.tmp $@
