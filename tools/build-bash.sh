#!/bin/sh
# Cross-build GNU bash for riscv64 from Debian 12's source package, static,
# against the project's musl, into the cache:
#
#   $CACHE/bash-5.2.15-musl/bin/bash
#
# Cache and rebuild rules: tools/userland.sh. The configure options are
# those of debian/rules' static build (bash-static), with bash's own
# readline and, as musl has no termcap library, its bundled termcap; its
# build helpers (mkbuiltins, mksignames, ...) are host programs. Only the
# shell is built: no bashbug, documentation or loadable builtins.
set -e

NAME=bash
VERSION=5.2.15
DEBIAN_VERSION=5.2.15-2
. "$(dirname "$0")/userland.sh"

pkg_begin
cd "$SRC"
# Debian's bash-musl.diff corrects the strtoimax test in m4/strtoimax.m4
# (bash's own replacement was built when libc's is usable, and clashes
# with musl's in a static link), but configure is not regenerated from
# it: the same one-word change in configure.
sed -i 's/^if test $bash_cv_func_strtoimax = yes; then$/if test $bash_cv_func_strtoimax = no; then/' configure
grep -q '^if test $bash_cv_func_strtoimax = no; then$' configure ||
	{ echo "bash: could not correct configure's strtoimax test" >&2; exit 1; }
pkg_run configure.log ./configure --host=$TARGET CC="$PKG_CC" CC_FOR_BUILD=gcc \
	CFLAGS="$PKG_CFLAGS" LDFLAGS="$PKG_LDFLAGS" \
	--enable-largefile --without-bash-malloc --enable-static-link --disable-nls
# debian/rules refuses a build without /dev/stdin support.
grep -q '#define HAVE_DEV_STDIN 1' config.h ||
	{ echo "bash: HAVE_DEV_STDIN not defined" >&2; exit 1; }
pkg_run make.log make -j"$JOBS" bash
pkg_install bash

pkg_check bash "5.2.15 3 b" "$STAGE/bin/bash" -c \
	'declare -A m=([k]=b); a=(x y z); echo "${BASH_VERSION%%(*} ${#a[@]} ${m[k]}"'
pkg_done
