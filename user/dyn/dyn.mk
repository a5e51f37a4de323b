# Dynamically linked test programs and the runtime they load; included by
# user/user.mk. `make user` also builds:
#
#   build/user/LIBC/NAME       user/dyn/NAME.c, linked dynamically against
#                              LIBC (PIE, as the compilers make them by
#                              default); user/dyn/NAME.cc: C++, glibc only
#   build/user/runtime/LIBC/   the runtime of LIBC's dynamically linked programs,
#                              as an image holds it (also the shell image):
#     glibc: lib/ld-linux-riscv64-lp64d.so.1 and lib/riscv64-linux-gnu/
#            {libc,libm,libresolv}.so.6, libstdc++.so.6, libgcc_s.so.1, copied
#            from Debian's riscv64 cross packages (the paths Debian's own
#            riscv64 system has: the programs' PT_INTERP, and the first
#            directory the loader searches, as there is no /etc/ld.so.cache)
#     musl:  lib/ld-musl-riscv64.so.1, musl's libc.so (which is its loader)
#   build/user/sysroot/LIBC/   what the test image of LIBC holds under /lib, and
#                              the -L root of the programs' qemu-riscv64 runs:
#                              the runtime, and lib/libNAME.so from
#                              user/dyn/libNAME.c, the tests' own libraries
#
# A program's or library's first comment may have a line "ldflags: ..."
# (more link flags: its libraries, -rdynamic, -no-pie), and a program's a
# line "libc: glibc" (not built for musl); every program depends on every
# library of user/dyn, linked or dlopen()ed.

DYN_SYSROOT	:= $(USER_OUT)/sysroot
DYN_RUNTIME	:= $(USER_OUT)/runtime
CXX		:= $(CROSS_COMPILE)g++

DYN_LIB_NAMES	:= $(basename $(notdir $(wildcard user/dyn/lib*.c)))
DYN_C		:= $(filter-out $(DYN_LIB_NAMES),$(basename $(notdir $(wildcard user/dyn/*.c))))
DYN_CXX		:= $(basename $(notdir $(wildcard user/dyn/*.cc)))
# "libc: glibc" in the first comment: not built for musl
DYN_GLIBC_ONLY	:= $(basename $(notdir $(shell grep -l '^ \* libc: glibc' $(wildcard user/dyn/*.c))))

GLIBC_LOADER	:= ld-linux-riscv64-lp64d.so.1
GLIBC_LIBDIR	:= lib/riscv64-linux-gnu
GLIBC_LIBS	:= libc.so.6 libm.so.6 libresolv.so.2 libstdc++.so.6 libgcc_s.so.1
RUNTIME_glibc	:= lib/$(GLIBC_LOADER) $(patsubst %,$(GLIBC_LIBDIR)/%,$(GLIBC_LIBS))
RUNTIME_musl	:= lib/ld-musl-riscv64.so.1
RUNTIME_FILES	:= $(patsubst %,$(DYN_RUNTIME)/glibc/%,$(RUNTIME_glibc)) \
		   $(patsubst %,$(DYN_RUNTIME)/musl/%,$(RUNTIME_musl))
GLIBC_RUNTIME	:= $(patsubst %,$(DYN_SYSROOT)/glibc/%,$(RUNTIME_glibc))
MUSL_RUNTIME	:= $(patsubst %,$(DYN_SYSROOT)/musl/%,$(RUNTIME_musl))

DYN_LIBS_glibc	:= $(patsubst %,$(DYN_SYSROOT)/glibc/lib/%.so,$(DYN_LIB_NAMES))
DYN_LIBS_musl	:= $(patsubst %,$(DYN_SYSROOT)/musl/lib/%.so,$(DYN_LIB_NAMES))
DYN_BINS_glibc	:= $(patsubst %,$(USER_OUT)/glibc/%,$(DYN_C) $(DYN_CXX)) \
		   $(GLIBC_RUNTIME) $(DYN_LIBS_glibc)
DYN_BINS_musl	:= $(patsubst %,$(USER_OUT)/musl/%,$(filter-out $(DYN_GLIBC_ONLY),$(DYN_C))) \
		   $(MUSL_RUNTIME) $(DYN_LIBS_musl)

DYN_CFLAGS	:= $(USER_CFLAGS)
dyn_ldflags	= $(shell sed -n '1,40{s/.*ldflags: *//p;/\*\//q}' $(1))

# The host's copy of a file of the cross packages (gcc knows where).
glibc_file	= $(shell $(CC) -print-file-name=$(1))

$(DYN_RUNTIME)/glibc/lib/$(GLIBC_LOADER): | setup
	@mkdir -p $(dir $@)
	$(say) COPY $@
	$(Q)cp -L "$(call glibc_file,$(notdir $@))" $@

$(DYN_RUNTIME)/glibc/$(GLIBC_LIBDIR)/%: | setup
	@mkdir -p $(dir $@)
	$(say) COPY $@
	$(Q)cp -L "$(call glibc_file,$*)" $@

$(DYN_RUNTIME)/musl/lib/ld-musl-riscv64.so.1: $(MUSL_STAMP)
	@mkdir -p $(dir $@)
	$(say) COPY $@
	$(Q)cp -L $(MUSL)/lib/libc.so $@

$(GLIBC_RUNTIME) $(MUSL_RUNTIME): $(DYN_SYSROOT)/%: $(DYN_RUNTIME)/%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(DYN_SYSROOT)/glibc/lib/%.so: user/dyn/%.c user/dyn/dyn.mk
	@mkdir -p $(dir $@) $(USER_OUT)/dep/glibc
	$(say) GLIBC $@
	$(Q)$(CC) -shared -fPIC $(DYN_CFLAGS) -Wl,-soname,$(notdir $@) \
		$(call user_dep,glibc) -o $@ $< $(call dyn_ldflags,$<)

$(DYN_SYSROOT)/musl/lib/%.so: user/dyn/%.c user/dyn/dyn.mk $(MUSL_STAMP)
	@mkdir -p $(dir $@) $(USER_OUT)/dep/musl
	$(say) MUSL $@
	$(Q)$(MUSL_CC) -shared -fPIC $(DYN_CFLAGS) -Wl,-soname,$(notdir $@) \
		$(call user_dep,musl) -o $@ $< $(call dyn_ldflags,$<)

$(USER_OUT)/glibc/%: user/dyn/%.c user/dyn/dyn.mk $(DYN_LIBS_glibc) $(GLIBC_RUNTIME)
	@mkdir -p $(dir $@) $(USER_OUT)/dep/glibc
	$(say) GLIBC $@
	$(Q)$(CC) $(DYN_CFLAGS) $(call user_dep,glibc) -o $@ $< \
		-L$(DYN_SYSROOT)/glibc/lib $(call dyn_ldflags,$<)

$(USER_OUT)/glibc/%: user/dyn/%.cc user/dyn/dyn.mk $(DYN_LIBS_glibc) $(GLIBC_RUNTIME)
	@mkdir -p $(dir $@) $(USER_OUT)/dep/glibc
	$(say) GLIBCXX $@
	$(Q)$(CXX) $(DYN_CFLAGS) $(call user_dep,glibc) -o $@ $< \
		-L$(DYN_SYSROOT)/glibc/lib $(call dyn_ldflags,$<)

$(USER_OUT)/musl/%: user/dyn/%.c user/dyn/dyn.mk $(DYN_LIBS_musl) $(MUSL_RUNTIME) $(MUSL_STAMP)
	@mkdir -p $(dir $@) $(USER_OUT)/dep/musl
	$(say) MUSL $@
	$(Q)$(MUSL_CC) $(DYN_CFLAGS) $(call user_dep,musl) -o $@ $< \
		-L$(DYN_SYSROOT)/musl/lib $(call dyn_ldflags,$<)
