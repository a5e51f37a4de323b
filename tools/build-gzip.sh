#!/bin/sh
# Cross-build GNU gzip for riscv64 from Debian 12's source package, static,
# against the project's musl, into the cache:
#
#   $CACHE/gzip-1.12-musl/bin/gzip
#
# Cache and rebuild rules: tools/userland.sh. Debian's patches change
# configure.ac, so the build regenerates configure with autoreconf, as
# debian/rules does. Only gnulib's lib/ and the top directory are built (gzip
# and its z* scripts, of which only gzip is kept): not the manual (doc/),
# not the tests.
set -e

NAME=gzip
VERSION=1.12
DEBIAN_VERSION=1.12-1
. "$(dirname "$0")/userland.sh"

pkg_begin
cd "$SRC"
pkg_run autoreconf.log autoreconf -fi
pkg_run configure.log ./configure --host=$TARGET CC="$PKG_CC" \
	CFLAGS="$PKG_CFLAGS" LDFLAGS="$PKG_LDFLAGS"
pkg_run make.log make -j"$JOBS" SUBDIRS=lib
pkg_install gzip

# A round trip through files, both ways under qemu-riscv64.
echo "hello gzip" > "$WORK/check"
qemu-riscv64 "$STAGE/bin/gzip" -9 "$WORK/check"
pkg_check gzip "hello gzip" "$STAGE/bin/gzip" -dc "$WORK/check.gz"
pkg_done
