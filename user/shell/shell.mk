# The userland built from Debian's source packages and the shell image that
# `make run` boots; included by the top Makefile (docs/userland.md).
#
#   make userland   busybox, dash, bash, lua, sqlite3, coreutils, gzip and
#                   xz for riscv64, static with musl, in the cache beside
#                   musl (tools/build-*.sh, tools/userland.sh)
#   make rootfs     the userland, then build/rootfs/rootfs.cpio
#                   (tools/mkrootfs.py: busybox and its applet links, the
#                   other programs, glibc's and musl's dynamic runtime in /lib
#                   (user/dyn/dyn.mk), the suites of user/suites/, the files
#                   of user/shell/root/: /init, /etc)
#
# Uses CACHE, MUSL_STAMP and the setup target of user/user.mk and the Makefile.

ROOTFS_OUT	:= build/rootfs
ROOTFS		:= $(ROOTFS_OUT)/rootfs.cpio
BUSYBOX		:= $(CACHE)/busybox-1.35.0-musl
DASH		:= $(CACHE)/dash-0.5.12-musl
BASH		:= $(CACHE)/bash-5.2.15-musl
LUA		:= $(CACHE)/lua5.4-5.4.4-musl
SQLITE		:= $(CACHE)/sqlite3-3.40.1-musl
COREUTILS	:= $(CACHE)/coreutils-9.1-musl
GZIP		:= $(CACHE)/gzip-1.12-musl
XZ		:= $(CACHE)/xz-utils-5.4.1-musl

# recipe name: cache entry
USERLAND	:= busybox:$(BUSYBOX) dash:$(DASH) bash:$(BASH) lua:$(LUA) \
		   sqlite:$(SQLITE) coreutils:$(COREUTILS) gzip:$(GZIP) xz:$(XZ)
USERLAND_STAMPS	:= $(foreach u,$(USERLAND),$(word 2,$(subst :, ,$(u)))/.stamp)

# Programs beside busybox's applets: image path=file.
ROOTFS_PROGRAMS	:= /bin/bash=$(BASH)/bin/bash /usr/bin/lua=$(LUA)/bin/lua \
		   /usr/bin/sqlite3=$(SQLITE)/bin/sqlite3 /bin/gzip=$(GZIP)/bin/gzip \
		   /usr/bin/xz=$(XZ)/bin/xz

.PHONY: userland rootfs
userland: $(USERLAND_STAMPS)
rootfs: $(ROOTFS)

# As for musl: a recipe runs whenever it (or what its hash covers) is newer
# than its stamp, and rebuilds only when the hash changed.
define userland_recipe
$(2)/.stamp: tools/build-$(1).sh tools/userland.sh $$(MUSL_STAMP) | setup
	$$(Q)CACHE="$$(CACHE)" nice tools/build-$(1).sh
endef
$(foreach u,$(USERLAND),$(eval $(call userland_recipe,$(word 1,$(subst :, ,$(u))),$(word 2,$(subst :, ,$(u))))))

# The directories are prerequisites too: a file added or removed changes
# its directory's time.
ROOTFS_TREE	:= $(shell find user/shell/root user/suites)
$(ROOTFS): $(USERLAND_STAMPS) $(ROOTFS_TREE) tools/mkrootfs.py tools/mkinitramfs.py $(RUNTIME_FILES)
	@mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/mkrootfs.py -o $@ --busybox $(BUSYBOX) --dash $(DASH) \
		--runtime $(DYN_RUNTIME)/glibc --runtime $(DYN_RUNTIME)/musl \
		$(addprefix --program ,$(ROOTFS_PROGRAMS)) --coreutils $(COREUTILS) \
		--suites user/suites
	@touch $@
