#!/bin/sh
# Cross-build GNU coreutils for riscv64 from Debian 12's source package,
# static, against the project's musl, as one multi-call program, into the
# cache:
#
#   $CACHE/coreutils-9.1-musl/bin/coreutils        every utility: run as
#                                                  `coreutils --coreutils-prog=ls`
#                                                  or through a link named ls
#   $CACHE/coreutils-9.1-musl/share/coreutils/links  the utilities' names, one
#                                                  a line, as `coreutils --help`
#                                                  lists them
#
# Cache and rebuild rules: tools/userland.sh. Debian's patches change only
# C files. --enable-single-binary=symlinks makes the one program; nothing
# optional is linked in (no ACLs, xattrs, capabilities, SELinux, GMP,
# OpenSSL, translations). The build skips po/ and gnulib's tests (SUBDIRS),
# the man pages and the manual.
set -e

NAME=coreutils
VERSION=9.1
DEBIAN_VERSION=9.1-1
. "$(dirname "$0")/userland.sh"

pkg_begin
cd "$SRC"
pkg_run configure.log ./configure --host=$TARGET CC="$PKG_CC" \
	CFLAGS="$PKG_CFLAGS" LDFLAGS="$PKG_LDFLAGS" \
	--enable-single-binary=symlinks --disable-nls --disable-acl \
	--disable-xattr --disable-libcap --disable-libsmack --without-selinux \
	--without-openssl --without-libgmp
pkg_run make.log make -j"$JOBS" SUBDIRS=. man1_MANS= INFO_DEPS=
pkg_install src/coreutils

# The list of utilities, from the program itself, under qemu-riscv64.
mkdir -p "$STAGE/share/coreutils"
qemu-riscv64 "$STAGE/bin/coreutils" --help |
	sed -n '/^Built-in programs:/{n;p;}' | tr ' ' '\n' | sed '/^$/d' \
	> "$STAGE/share/coreutils/links"
grep -qx ls "$STAGE/share/coreutils/links" ||
	{ echo "coreutils: no ls in its program list" >&2; exit 1; }
pkg_check coreutils "210: 2 3 5 7" "$STAGE/bin/coreutils" --coreutils-prog=factor 210
pkg_done
