#!/bin/sh
# Cross-build xz (XZ Utils) for riscv64 from Debian 12's source package,
# static, against the project's musl, into the cache:
#
#   $CACHE/xz-utils-5.4.1-musl/bin/xz
#
# Cache and rebuild rules: tools/userland.sh. liblzma is built as a static
# libtool library only, then xz: no xzdec, lzmadec, lzmainfo, scripts,
# translations or documentation. libtool takes -all-static (not -static)
# to link a program without any shared library.
set -e

NAME=xz-utils
VERSION=5.4.1
DEBIAN_VERSION=5.4.1-1+deb12u1
. "$(dirname "$0")/userland.sh"

pkg_begin
cd "$SRC"
pkg_run configure.log ./configure --host=$TARGET CC="$PKG_CC" \
	CFLAGS="$PKG_CFLAGS" LDFLAGS="$PKG_LDFLAGS" \
	--disable-shared --enable-static --disable-nls --disable-doc \
	--disable-scripts --disable-xzdec --disable-lzmadec --disable-lzmainfo \
	--disable-lzma-links
pkg_run make-liblzma.log make -j"$JOBS" -C src/liblzma
LIBTOOL_LDFLAGS=$PKG_LDFLAGS
[ "$PKG_LDFLAGS" = -static ] && LIBTOOL_LDFLAGS=-all-static
pkg_run make-xz.log make -j"$JOBS" -C src/xz LDFLAGS="$LIBTOOL_LDFLAGS"
pkg_install src/xz/xz

# A round trip through files, both ways under qemu-riscv64.
echo "hello xz" > "$WORK/check"
qemu-riscv64 "$STAGE/bin/xz" -6 "$WORK/check"
pkg_check xz "hello xz" "$STAGE/bin/xz" -dc "$WORK/check.xz"
pkg_done
