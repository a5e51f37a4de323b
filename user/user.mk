# User-space test programs (riscv64 Linux ELF) and the initramfs images that
# run them; included by the top Makefile. `make user` builds:
#
#   build/user/glibc/NAME      user/tests/NAME.c, user/ktests/NAME.c: static, glibc
#   build/user/musl/NAME       the same with musl (tools/build-musl.sh, cached)
#   build/user/*/hello-pie     user/tests/hello.c as a static PIE (glibc only
#                              when its libc has rcrt1.o; Debian 12's has not)
#   build/user/nostdlib/NAME   user/nostdlib/NAME.c or .S: own _start, no libc;
#                              linked with user/nostdlib/NAME.ld, else with
#                              user/nostdlib/nostdlib.ld, when one exists
#   build/user/LIBC/NAME       user/dyn/NAME.c (.cc): linked dynamically, with
#                              the runtime in build/user/sysroot/LIBC/ (user/dyn/dyn.mk)
#   build/user/initramfs-glibc.cpio, initramfs-musl.cpio
#                              /init (user/runner) runs every program once
#                              (tools/mkinitramfs.py says what is inside)
#
# tools/runtests.py compares each user/tests program's console output on
# the kernel with its output under qemu-riscv64; user/ktests programs check
# themselves and pass when they exit 0. A program reads its arguments from
# a "test-args: ..." line in its first comment. One whose first comment has
# a "pending: <reason>" line waits for the kernel: it is built and in /bin,
# but not in /tests.list, and tools/runtests.py reports it as skipped.

USER_OUT	:= build/user
CACHE		?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/riscv64-kernel
MUSL		:= $(CACHE)/musl-1.2.3
MUSL_CC		:= $(MUSL)/bin/musl-gcc
MUSL_STAMP	:= $(MUSL)/.stamp

USER_CFLAGS	:= -O2 -Wall -Iuser/include -pthread
NOSTDLIB_CFLAGS	:= -O2 -Wall -Iuser/include -ffreestanding -fno-pie -no-pie \
		   -fno-stack-protector -Wl,--build-id=none \
		   -nostdlib -static
RUNNER_CFLAGS	:= -O2 -Wall -Wextra -Werror

USER_TESTS	:= $(basename $(notdir $(wildcard user/tests/*.c)))
USER_KTESTS	:= $(basename $(notdir $(wildcard user/ktests/*.c)))
USER_NOSTDLIB	:= $(basename $(notdir $(wildcard user/nostdlib/*.c user/nostdlib/*.S)))
include user/dyn/dyn.mk

USER_PIE	:= $(if $(filter hello,$(USER_TESTS)),hello-pie)
GLIBC_PIE	:= $(if $(filter /%,$(shell $(CC) -print-file-name=rcrt1.o 2>/dev/null)),$(USER_PIE))

# Every program is /bin/NAME in the images: names must differ across
# user/tests, user/ktests, user/nostdlib and user/dyn (checked when building them).
USER_NAMES	:= $(USER_TESTS) $(USER_KTESTS) $(USER_NOSTDLIB) $(USER_PIE) $(DYN_C) $(DYN_CXX)
USER_DUPS	:= $(sort $(foreach n,$(USER_NAMES),$(if $(filter-out 1,$(words $(filter $(n),$(USER_NAMES)))),$(n))))

USER_NOSTDLIB_BINS := $(patsubst %,$(USER_OUT)/nostdlib/%,$(USER_NOSTDLIB))
USER_BINS_glibc	:= $(patsubst %,$(USER_OUT)/glibc/%,$(USER_TESTS) $(USER_KTESTS) $(GLIBC_PIE)) \
		   $(USER_OUT)/runner/init-glibc $(USER_NOSTDLIB_BINS) $(DYN_BINS_glibc)
USER_BINS_musl	:= $(patsubst %,$(USER_OUT)/musl/%,$(USER_TESTS) $(USER_KTESTS) $(USER_PIE)) \
		   $(USER_OUT)/runner/init-musl $(USER_NOSTDLIB_BINS) $(DYN_BINS_musl)
USER_IMAGES	:= $(USER_OUT)/initramfs-glibc.cpio $(USER_OUT)/initramfs-musl.cpio

.PHONY: user user-force user-names
# Naming the programs here keeps make from treating them as intermediate.
user: user-names $(USER_BINS_glibc) $(USER_BINS_musl) $(USER_IMAGES)

user-names:
	$(if $(USER_DUPS),$(error two user programs are both /bin/$(firstword $(USER_DUPS)) (user/tests, user/ktests, user/nostdlib, user/dyn): rename one))

# Runs the script every time its file is newer than the stamp; it rebuilds
# only when its hash changed, and only then touches the stamp.
$(MUSL_STAMP): tools/build-musl.sh | setup
	$(Q)CACHE="$(CACHE)" tools/build-musl.sh

# Header dependencies land in build/user/dep/, away from the programs.
user_dep = -MMD -MP -MT $@ -MF $(USER_OUT)/dep/$(1)/$(notdir $@).d

$(USER_OUT)/glibc/hello-pie: user/tests/hello.c user/user.mk
	@mkdir -p $(dir $@) $(USER_OUT)/dep/glibc
	$(say) GLIBC $@
	$(Q)$(CC) -static-pie -fPIE $(USER_CFLAGS) $(call user_dep,glibc) -o $@ $<

$(USER_OUT)/musl/hello-pie: user/tests/hello.c user/user.mk $(MUSL_STAMP)
	@mkdir -p $(dir $@) $(USER_OUT)/dep/musl
	$(say) MUSL $@
	$(Q)$(MUSL_CC) -static-pie -fPIE $(USER_CFLAGS) $(call user_dep,musl) -o $@ $<

define user_libc_rules
$(USER_OUT)/glibc/%: user/$(1)/%.c user/user.mk
	@mkdir -p $$(dir $$@) $(USER_OUT)/dep/glibc
	$$(say) GLIBC $$@
	$$(Q)$$(CC) -static $$(USER_CFLAGS) $$(call user_dep,glibc) -o $$@ $$<

$(USER_OUT)/musl/%: user/$(1)/%.c user/user.mk $$(MUSL_STAMP)
	@mkdir -p $$(dir $$@) $(USER_OUT)/dep/musl
	$$(say) MUSL $$@
	$$(Q)$$(MUSL_CC) -static $$(USER_CFLAGS) $$(call user_dep,musl) -o $$@ $$<
endef
$(eval $(call user_libc_rules,tests))
$(eval $(call user_libc_rules,ktests))

comma		:= ,
nostdlib_ld	= $(firstword $(wildcard user/nostdlib/$(1).ld user/nostdlib/nostdlib.ld))
nostdlib_ldflags = $(if $(call nostdlib_ld,$(1)),-Wl$(comma)--no-warn-rwx-segments \
		   -Wl$(comma)-T$(comma)$(call nostdlib_ld,$(1)))

define user_nostdlib_rule
$(USER_OUT)/nostdlib/%: user/nostdlib/%.$(1) user/user.mk $$$$(call nostdlib_ld,$$$$*)
	@mkdir -p $$(dir $$@) $(USER_OUT)/dep/nostdlib
	$$(say) NOSTDLIB $$@
	$$(Q)$$(CC) $$(NOSTDLIB_CFLAGS) $$(call user_dep,nostdlib) \
		$$(call nostdlib_ldflags,$$*) -o $$@ $$<
endef
.SECONDEXPANSION:
$(eval $(call user_nostdlib_rule,c))
$(eval $(call user_nostdlib_rule,S))

$(USER_OUT)/runner/init-glibc: user/runner/init.c user/user.mk
	@mkdir -p $(dir $@)
	$(say) GLIBC $@
	$(Q)$(CC) -static $(RUNNER_CFLAGS) -o $@ $<

$(USER_OUT)/runner/init-musl: user/runner/init.c user/user.mk $(MUSL_STAMP)
	@mkdir -p $(dir $@)
	$(say) MUSL $@
	$(Q)$(MUSL_CC) -static $(RUNNER_CFLAGS) -o $@ $<

# The image is written every time (a removed program must leave it too),
# but only when its bytes change, so this is cheap and keeps its time.
$(USER_OUT)/initramfs-%.cpio: $$(USER_BINS_$$*) tools/mkinitramfs.py user-force
	$(Q)CACHE="$(CACHE)" $(PYTHON) tools/mkinitramfs.py --user $* -o $@

-include $(wildcard $(USER_OUT)/dep/*/*.d)
