#!/bin/sh
# Cross-build Linux 6.1 for riscv64, the baseline `make bench` compares the
# kernel with, from Debian's linux-source-6.1 package:
#
#   tools/build-linux.sh          builds (once) and prints the Image's path
#
# The configuration is `make tinyconfig`, then tools/linux-bench.config
# merged over it, then olddefconfig; every option the fragment names must
# come out as it says, or the build stops. The result is cached outside
# the work tree:
#
#   $CACHE/linux-6.1-HASH/Image     the kernel QEMU boots (-kernel Image)
#   $CACHE/linux-6.1-HASH/config    its full configuration
#   $CACHE/linux-6.1-HASH/System.map its symbols (tools/bench.py --profile)
#
# HASH covers this script, the fragment and the source package's version,
# so a changed recipe builds a new entry and an unchanged one is reused.
# CACHE defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/riscv64-kernel. The
# build runs niced with JOBS (default 2) jobs; about 8 minutes on two cores.
set -e

TOOLS=$(cd "$(dirname "$0")" && pwd)
FRAGMENT=$TOOLS/linux-bench.config
TARBALL=/usr/src/linux-source-6.1.tar.xz
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/riscv64-kernel}
JOBS=${JOBS:-2}
MAKE_ARGS="ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu-"

# From make, the outer make's flags and jobserver would reach Linux's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

[ -f "$TARBALL" ] || {
	echo "linux: no $TARBALL (tools/setup.sh installs linux-source-6.1)" >&2
	exit 1
}
version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo unknown)
hash=$( (cat "$0" "$FRAGMENT"; echo "$version") | sha256sum | cut -c1-12)
OUT=$CACHE/linux-6.1-$hash
if [ -f "$OUT/Image" ]; then
	echo "$OUT/Image"
	exit 0
fi

echo "linux: building 6.1 ($version) for riscv64 into $OUT (about 8 minutes, once)" >&2
start=$(date +%s)
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/linux-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM HUP

run() {
	log=$WORK/$1
	shift
	nice "$@" >"$log" 2>&1 || {
		tail -40 "$log" >&2
		echo "linux: failed: $*" >&2
		exit 1
	}
}

run untar.log tar -xf "$TARBALL" -C "$WORK"
SRC=$WORK/linux-source-6.1
BLD=$WORK/build
mkdir -p "$BLD"

run tinyconfig.log make -C "$SRC" O="$BLD" $MAKE_ARGS tinyconfig
run merge.log env $MAKE_ARGS "$SRC/scripts/kconfig/merge_config.sh" -m -O "$BLD" \
	"$BLD/.config" "$FRAGMENT"
run olddefconfig.log make -C "$SRC" O="$BLD" $MAKE_ARGS olddefconfig

# Every option the fragment sets must have come out so: a dependency that
# is not met would otherwise drop it silently.
bad=$(sed -n -e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/p' \
	     -e 's/^\(CONFIG_[A-Za-z0-9_]*=.*\)$/\1/p' "$FRAGMENT" |
	while IFS== read -r key value; do
		if [ "$value" = n ]; then
			grep -q "^$key=" "$BLD/.config" && echo "$key (wanted off)"
		else
			grep -qx "$key=$value" "$BLD/.config" || echo "$key=$value"
		fi
	done) || true
if [ -n "$bad" ]; then
	echo "linux: the configuration lost options of $FRAGMENT:" >&2
	echo "$bad" >&2
	exit 1
fi

run make.log make -C "$SRC" O="$BLD" $MAKE_ARGS -j"$JOBS" Image

mkdir -p "$WORK/out"
cp "$BLD/arch/riscv/boot/Image" "$WORK/out/Image"
cp "$BLD/.config" "$WORK/out/config"
cp "$BLD/System.map" "$WORK/out/System.map"
rm -rf "$OUT"
mv "$WORK/out" "$OUT"
echo "linux: done in $(($(date +%s) - start)) s" >&2
echo "$OUT/Image"
