# The userland built from Debian's source packages and the shell image that
# `make run` boots; included by the top Makefile (docs/userland.md).
#
#   make userland   busybox and dash for riscv64, static with musl, in the
#                   cache beside musl (tools/build-busybox.sh, build-dash.sh)
#   make rootfs     the userland, then build/rootfs/rootfs.cpio
#                   (tools/mkrootfs.py: busybox and its applet links, dash,
#                   glibc's and musl's dynamic runtime in /lib (user/dyn/dyn.mk),
#                   the files of user/shell/root/: /init, /etc)
#
# Uses CACHE, MUSL_STAMP and the setup target of user/user.mk and the Makefile.

ROOTFS_OUT	:= build/rootfs
ROOTFS		:= $(ROOTFS_OUT)/rootfs.cpio
BUSYBOX		:= $(CACHE)/busybox-1.35.0-musl
DASH		:= $(CACHE)/dash-0.5.12-musl
USERLAND_STAMPS	:= $(BUSYBOX)/.stamp $(DASH)/.stamp

.PHONY: userland rootfs
userland: $(USERLAND_STAMPS)
rootfs: $(ROOTFS)

# As for musl: the recipe runs whenever it (or what its hash covers) is
# newer than its stamp, and rebuilds only when the hash changed.
$(BUSYBOX)/.stamp: tools/build-busybox.sh tools/userland.sh $(MUSL_STAMP) | setup
	$(Q)CACHE="$(CACHE)" tools/build-busybox.sh

$(DASH)/.stamp: tools/build-dash.sh tools/userland.sh $(MUSL_STAMP) | setup
	$(Q)CACHE="$(CACHE)" tools/build-dash.sh

# The directories are prerequisites too: a file added or removed changes
# its directory's time.
ROOTFS_TREE	:= $(shell find user/shell/root)
$(ROOTFS): $(USERLAND_STAMPS) $(ROOTFS_TREE) tools/mkrootfs.py tools/mkinitramfs.py $(RUNTIME_FILES)
	@mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/mkrootfs.py -o $@ --busybox $(BUSYBOX) --dash $(DASH) \
		--runtime $(DYN_RUNTIME)/glibc --runtime $(DYN_RUNTIME)/musl
	@touch $@
