#!/bin/sh
# Cross-build the Lua 5.4 interpreter for riscv64 from Debian 12's source
# package, static, against the project's musl, into the cache:
#
#   $CACHE/lua5.4-5.4.4-musl/bin/lua
#
# Cache and rebuild rules: tools/userland.sh. Debian's patched Makefile
# builds shared and C++ libraries with libtool; the interpreter alone is
# upstream's core and library files with lua.c, compiled here directly
# (POSIX features, no dlopen: C modules need a dynamic libc).
set -e

NAME=lua5.4
VERSION=5.4.4
DEBIAN_VERSION=5.4.4-3+deb12u1
. "$(dirname "$0")/userland.sh"

pkg_begin
cd "$SRC/src"
# Debian's patched luaconf.h takes the multiarch directory of its module
# path from a header debian/rules writes; the same here.
printf '#define DEB_HOST_MULTIARCH "%s"\n' $TARGET > lua5.4-deb-multiarch.h
# What upstream's Makefile passes for the "posix" platform.
CFLAGS="$PKG_CFLAGS -std=gnu99 -Wall -DLUA_COMPAT_5_3 -DLUA_USE_POSIX"
ls *.c | grep -vx luac.c > sources
pkg_run compile.log sh -c "xargs -P '$JOBS' -n 1 $PKG_CC $CFLAGS -c < sources"
pkg_run link.log sh -c "$PKG_CC $PKG_LDFLAGS -o lua \$(sed 's/\\.c\$/.o/' sources) -lm"
pkg_install lua

pkg_check lua "Lua 5.4 10 b-a" "$STAGE/bin/lua" -e \
	'local t = {} for i = 1, 4 do t[#t + 1] = i end
	 print(_VERSION .. " " .. t[1] + t[2] + t[3] + t[4] .. " " .. ("a-b"):gsub("(%w)-(%w)", "%2-%1"))'
pkg_done
