#!/bin/sh
# Cross-build dash for riscv64 from Debian 12's source package, static,
# against the project's musl (tools/build-musl.sh), into the cache:
#
#   $CACHE/dash-0.5.12-musl/bin/dash
#
# Cache and rebuild rules: tools/userland.sh. Debian's patches change
# configure.ac and src/Makefile.am, so the build regenerates them with
# autoreconf (autoconf, automake) as Debian's own build does; its helper
# programs (mksyntax, mknodes, ...) are built with the host's gcc.
set -e

NAME=dash
VERSION=0.5.12
DEBIAN_VERSION=0.5.12-2
. "$(dirname "$0")/userland.sh"

pkg_begin
cd "$SRC"
pkg_run autoreconf.log autoreconf -fi
# The configure options are debian/rules' own.
pkg_run configure.log ./configure --host=$TARGET CC="$MUSL_CC" CC_FOR_BUILD=gcc \
	CFLAGS="-O2" LDFLAGS="-static" \
	--disable-fnmatch --disable-lineno --disable-glob
pkg_run make.log make -j"$JOBS"
$TARGET-strip -o "$STAGE/bin/dash" src/dash

out=$(qemu-riscv64 "$STAGE/bin/dash" -c 'for i in 1 2 3; do echo $((i * 2)); done | tr "\n" " "')
[ "$out" = "2 4 6 " ] || { echo "dash: qemu-riscv64 check printed '$out'" >&2; exit 1; }
pkg_done
