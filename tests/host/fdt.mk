# Host tests for lib/fdt.c and kernel/platform.c, and the real DTBs they
# read from $(BUILD)/host/dtb (passed as DTB_DIR):
#   virt-smp{1,4,8}.dtb	QEMU virt with 1/128M, 4/512M, 8/2G
#   virt-initrd.dtb	+ -append "console=ttyS0 foo=bar" -initrd initrd.img
#   virt-resv.dtb	virt-smp1 + a /memreserve/ and OpenSBI-style
#			/reserved-memory nodes (what the kernel really gets)
#   hifive-unmatched-a00.dtb  the FU740 board, built from Linux 6.1 sources
# Needs qemu-system-riscv64, dtc (device-tree-compiler), cpp and the
# linux-source-6.1 package (/usr/src/linux-source-6.1.tar.xz).

HOST_TESTS += fdt fdt_fuzz platform
host_fdt_SRCS := lib/fdt.c
host_fdt_fuzz_SRCS := lib/fdt.c
host_platform_SRCS := lib/fdt.c kernel/platform.c
HOST_TEST_DEPS += $(BUILD)/host/dtb/.stamp

FDT_QEMU ?= qemu-system-riscv64
FDT_DTC ?= dtc
FDT_LINUX_TAR ?= /usr/src/linux-source-6.1.tar.xz
FDT_LINUX_TOP := linux-source-6.1
FDT_SIFIVE_DTS := arch/riscv/boot/dts/sifive

# $(call fdt_dump,out,smp,mem,extra args)
fdt_dump = $(FDT_QEMU) -machine virt,dumpdtb=$(1) -smp $(2) -m $(3) \
	-nographic $(4) 2>/dev/null

fdt_resv_dts = / {\n\treserved-memory {\n\t\t\#address-cells = <2>;\n\
\t\t\#size-cells = <2>;\n\t\tranges;\n\
\t\tmmode_resv1@80000000 {\n\t\t\treg = <0x0 0x80000000 0x0 0x40000>;\n\
\t\t\tno-map;\n\t\t};\n\
\t\tmmode_resv0@80040000 {\n\t\t\treg = <0x0 0x80040000 0x0 0x20000>;\n\
\t\t\tno-map;\n\t\t};\n\
\t\tframebuffer@87000000 {\n\t\t\treg = <0x0 0x87000000 0x0 0x100000>;\n\
\t\t};\n\
\t\toff@86000000 {\n\t\t\treg = <0x0 0x86000000 0x0 0x1000>;\n\
\t\t\tstatus = \042disabled\042;\n\t\t};\n\
\t\tpool {\n\t\t\tsize = <0x0 0x400000>;\n\t\t};\n\t};\n};\n

$(BUILD)/host/dtb/.stamp: tests/host/fdt.mk
	@test -f $(FDT_LINUX_TAR) || { echo "missing $(FDT_LINUX_TAR):" \
		"apt-get install linux-source-6.1" >&2; exit 1; }
	rm -rf $(@D) && mkdir -p $(@D)/linux
	$(call fdt_dump,$(@D)/virt-smp1.dtb,1,128M)
	$(call fdt_dump,$(@D)/virt-smp4.dtb,4,512M)
	$(call fdt_dump,$(@D)/virt-smp8.dtb,8,2G)
	head -c 5000 /dev/zero | tr '\0' 'i' > $(@D)/initrd.img
	head -c 4096 /dev/zero > $(@D)/kernel.bin
	$(call fdt_dump,$(@D)/virt-initrd.dtb,1,256M,-kernel $(@D)/kernel.bin \
		-append "console=ttyS0 foo=bar" -initrd $(@D)/initrd.img)
	$(FDT_DTC) -q -I dtb -O dts $(@D)/virt-smp1.dtb | \
		sed '/^\/dts-v1\/;/a /memreserve/ 0x87e00000 0x200000;' \
		> $(@D)/virt-resv.dts
	printf '$(fdt_resv_dts)' >> $(@D)/virt-resv.dts
	$(FDT_DTC) -q -I dts -O dtb -o $(@D)/virt-resv.dtb $(@D)/virt-resv.dts
	tar -xJf $(FDT_LINUX_TAR) -C $(@D)/linux --strip-components=1 \
		$(FDT_LINUX_TOP)/$(FDT_SIFIVE_DTS)/hifive-unmatched-a00.dts \
		$(FDT_LINUX_TOP)/$(FDT_SIFIVE_DTS)/fu740-c000.dtsi \
		$(FDT_LINUX_TOP)/include/dt-bindings
	cpp -nostdinc -I$(@D)/linux/include -undef -x assembler-with-cpp \
		$(@D)/linux/$(FDT_SIFIVE_DTS)/hifive-unmatched-a00.dts \
		-o $(@D)/hifive-unmatched-a00.dts
	$(FDT_DTC) -q -I dts -O dtb -o $(@D)/hifive-unmatched-a00.dtb \
		$(@D)/hifive-unmatched-a00.dts
	rm -rf $(@D)/linux
	touch $@
