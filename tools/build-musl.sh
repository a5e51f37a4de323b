#!/bin/sh
# Cross-build musl for riscv64 from Debian's source package and install it,
# with musl's gcc wrapper, into a cache outside the work tree:
#
#   $CACHE/musl-1.2.3/bin/musl-gcc        riscv64-linux-gnu-gcc with musl's specs
#   $CACHE/musl-1.2.3/include, lib        headers, libc.a, libc.so, crt files
#
# CACHE defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/riscv64-kernel. The
# install holds a stamp with this script's hash: while the stamp matches,
# the script does nothing (and leaves the stamp's time alone, so programs
# built against it stay up to date); a changed recipe rebuilds everything.
#
# Static programs are what the kernel runs. musl's libc.so is also its
# dynamic linker, named /lib/ld-musl-riscv64.so.1 in programs linked
# without -static; an image that runs them needs lib/libc.so copied there.
set -e

VERSION=1.2.3
DEBIAN_VERSION=1.2.3-1
TARGET=riscv64-linux-gnu
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/riscv64-kernel}
PREFIX=$CACHE/musl-$VERSION
STAMP=$PREFIX/.stamp

hash=$(sha256sum "$0" | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$hash" ]; then
	exit 0
fi

echo "musl: building $VERSION for riscv64 into $PREFIX (a few minutes, once)"
start=$(date +%s)
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/musl-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM HUP

# The source package, exactly the version the recipe names. apt-get source
# needs a deb-src entry (tools/setup.sh adds one) and dpkg-source (dpkg-dev).
(cd "$WORK" && apt-get source -qq "musl=$DEBIAN_VERSION" >/dev/null 2>"$WORK/apt.log") || {
	cat "$WORK/apt.log" >&2
	echo "musl: 'apt-get source musl=$DEBIAN_VERSION' failed (is there a deb-src entry? run tools/setup.sh)" >&2
	exit 1
}
SRC=$WORK/musl-$VERSION

# syslibdir=/lib: the dynamic linker's name inside programs is the one it
# has on the target. Installing into a staging root keeps the host's /lib
# untouched; the prefix part of it becomes the cache entry.
cd "$SRC"
./configure --target=$TARGET CROSS_COMPILE=$TARGET- CC=$TARGET-gcc \
	--prefix="$PREFIX" --syslibdir=/lib --enable-wrapper=gcc \
	>"$WORK/configure.log" 2>&1 || { cat "$WORK/configure.log" >&2; exit 1; }
make -j2 >"$WORK/make.log" 2>&1 || { tail -40 "$WORK/make.log" >&2; exit 1; }

# musl 1.2.3's specs know only dynamic and -static links. Teach them
# -static-pie as gcc's own riscv64 specs do: rcrt1.o (which relocates the
# program itself) and a static PIE link without a dynamic linker.
sed -i \
	-e 's|%{!shared: \([^ ]*\)/Scrt1.o}|%{static-pie: \1/rcrt1.o;!shared: \1/Scrt1.o}|' \
	-e 's|^-dynamic-linker \([^ ]*\) -nostdlib|%{!static-pie:-dynamic-linker \1} -nostdlib %{static-pie:-static -pie --no-dynamic-linker -z text}|' \
	lib/musl-gcc.specs
grep -q rcrt1.o lib/musl-gcc.specs && grep -q no-dynamic-linker lib/musl-gcc.specs || {
	echo "musl: could not add static-pie to musl-gcc.specs" >&2
	exit 1
}

make install DESTDIR="$WORK/stage" >"$WORK/install.log" 2>&1 ||
	{ tail -40 "$WORK/install.log" >&2; exit 1; }

# Linux's user headers (<linux/...>, <asm/...>) from Debian's riscv64 cross
# package, beside musl's, as Debian's linux-musl-dev does for the host.
for d in asm asm-generic drm linux misc mtd rdma scsi sound video xen; do
	[ -d /usr/$TARGET/include/$d ] && cp -r /usr/$TARGET/include/$d "$WORK/stage$PREFIX/include/"
done

rm -rf "$PREFIX"
mv "$WORK/stage$PREFIX" "$PREFIX"
echo "$hash" > "$STAMP"
echo "musl: done in $(($(date +%s) - start)) s"
