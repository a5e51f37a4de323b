#!/bin/sh
# Cross-build busybox for riscv64 from Debian 12's source package, static,
# against the project's musl (tools/build-musl.sh), into the cache:
#
#   $CACHE/busybox-1.35.0-musl/bin/busybox             the binary, stripped
#   $CACHE/busybox-1.35.0-musl/bin/busybox-glibc       the same configuration
#                                                      linked dynamically against
#                                                      Debian's riscv64 glibc
#   $CACHE/busybox-1.35.0-musl/share/busybox/config    the .config it was built with
#   $CACHE/busybox-1.35.0-musl/share/busybox/links     its applets, as
#                                                      `busybox --list-full` prints them
#
# Cache and rebuild rules: tools/userland.sh. The host needs only gcc and
# make (busybox's kconfig and its generators are host C programs) besides
# the cross toolchain; qemu-riscv64 runs the result once as a check and
# for the applet list.
set -e

NAME=busybox
VERSION=1.35.0
DEBIAN_VERSION=1:1.35.0-4+deb12u1
. "$(dirname "$0")/userland.sh"

# Upstream's defconfig (every applet but the debugging and non-Linux ones)
# builds whole with musl and Debian's riscv64 Linux headers; it only has
# to be static. Lines here override it, then oldconfig settles what
# depends on them.
CONFIG_OVERRIDES="
CONFIG_STATIC=y
"

pkg_begin
cd "$SRC"
export KCONFIG_NOTIMESTAMP=1
MAKEARGS="CROSS_COMPILE=$TARGET- CC=$MUSL_CC HOSTCC=gcc"

pkg_run defconfig.log make $MAKEARGS defconfig
for line in $CONFIG_OVERRIDES; do
	opt=${line%%=*}
	sed -i -e "/^$opt=/d" -e "/^# $opt is not set/d" .config
	case "$line" in
	*=n) echo "# $opt is not set" >> .config ;;
	*) echo "$line" >> .config ;;
	esac
done
pkg_run oldconfig.log sh -c "yes '' | make $MAKEARGS oldconfig"
for line in $CONFIG_OVERRIDES; do
	case "$line" in
	*=n) grep -qx "# ${line%%=*} is not set" .config ;;
	*) grep -qx "$line" .config ;;
	esac || { echo "busybox: $line did not stick in .config" >&2; exit 1; }
done

# A pristine copy with this .config for the glibc build (below).
GLIBC_SRC=$WORK/glibc-build
cp -a "$SRC" "$GLIBC_SRC"

# "busybox", not the default target: that one also makes the HTML docs
# (perl). The banner names the source package, as Debian's does, in place
# of a build time.
pkg_run make.log make -j"$JOBS" $MAKEARGS \
	BB_EXTRA_VERSION="Debian $DEBIAN_VERSION, musl static" busybox

# The glibc build: the same .config, not static, in a tree of its own.
# Its libraries are Debian's riscv64 cross packages (tools/setup.sh), the
# files the images' /lib holds (user/dyn/dyn.mk).
(
	cd "$GLIBC_SRC"
	GLIBC_ARGS="CROSS_COMPILE=$TARGET- CC=$TARGET-gcc HOSTCC=gcc"
	sed -i -e '/^CONFIG_STATIC=/d' -e '$a # CONFIG_STATIC is not set' .config
	pkg_run glibc-oldconfig.log sh -c "yes '' | make $GLIBC_ARGS oldconfig"
	grep -qx '# CONFIG_STATIC is not set' .config ||
		{ echo "busybox: CONFIG_STATIC stayed on for glibc" >&2; exit 1; }
	pkg_run glibc-make.log make -j"$JOBS" $GLIBC_ARGS \
		BB_EXTRA_VERSION="Debian $DEBIAN_VERSION, glibc dynamic" busybox
	out=$(qemu-riscv64 -L /usr/$TARGET ./busybox sh -c 'echo $((6 * 7)) | tr 4 x')
	[ "$out" = "x2" ] || { echo "busybox: qemu-riscv64 check of the glibc build printed '$out'" >&2; exit 1; }
)
cp "$GLIBC_SRC/busybox" "$STAGE/bin/busybox-glibc"

# A check that it runs, and the applet list, both under qemu-riscv64.
out=$(qemu-riscv64 ./busybox sh -c 'for i in 1 2 3; do echo $i; done | sort -r | tr "\n" " "')
[ "$out" = "3 2 1 " ] || { echo "busybox: qemu-riscv64 check printed '$out'" >&2; exit 1; }
mkdir -p "$STAGE/share/busybox"
qemu-riscv64 ./busybox --list-full | sort > "$STAGE/share/busybox/links"
grep -qx bin/sh "$STAGE/share/busybox/links" || { echo "busybox: no bin/sh applet" >&2; exit 1; }

cp busybox "$STAGE/bin/busybox"
cp .config "$STAGE/share/busybox/config"
pkg_done
