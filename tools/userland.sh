# Shared steps of the userland recipes (tools/build-*.sh but musl's):
# sourced, not run. A recipe cross-builds one
# Debian source package for riscv64 against the project's musl and
# installs it into a cache entry outside the work tree:
#
#   $CACHE/NAME-VERSION-musl/bin/...     the programs
#   $CACHE/NAME-VERSION-musl/.stamp      the recipe's hash
#
# CACHE defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/riscv64-kernel, as for
# musl (tools/build-musl.sh). The hash covers the recipe, this file and
# musl's own stamp: while it matches, the recipe does nothing (and leaves
# the stamp's time alone); a changed recipe or a rebuilt musl rebuilds.
#
# A recipe sets NAME, VERSION (upstream) and DEBIAN_VERSION (the exact
# source package), then:
#
#   pkg_begin           exits when the cache entry is current; otherwise
#                       fetches the source into $SRC and sets $STAGE, the
#                       directory that becomes the cache entry
#   ...                 configure, build, install into $STAGE, check
#   pkg_done            moves $STAGE into place and writes the stamp
#
# Helpers: pkg_run LOG CMD... runs a step quietly, showing the end of its
# log when it fails; $MUSL_CC is musl's gcc wrapper for riscv64.
# pkg_install FILE [NAME] strips a program into $STAGE/bin after checking
# that it is a static riscv64 ELF; pkg_check NAME EXPECTED CMD... runs CMD
# under qemu-riscv64 and requires EXPECTED as its output.
#
# The newer recipes (lua, bash, sqlite, coreutils, gzip, xz) build with
# $PKG_CC, $PKG_CFLAGS and $PKG_LDFLAGS, the C library's settings, so that
# another libc is a change here: today musl, static.

TARGET=riscv64-linux-gnu
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/riscv64-kernel}
MUSL=$CACHE/musl-1.2.3
MUSL_CC=$MUSL/bin/musl-gcc
TOOLS=$(cd "$(dirname "$0")" && pwd)
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
PKG_LIBC=musl
PKG_CC=$MUSL_CC
PKG_CFLAGS="-O2 -g0"
PKG_LDFLAGS=-static

# Run from make, the recipes would hand the outer make's flags and
# command-line variables (V=1, CC=...) and its jobserver to the packages'
# own builds.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

pkg_begin() {
	PREFIX=$CACHE/$NAME-$VERSION-$PKG_LIBC
	STAMP=$PREFIX/.stamp
	[ -f "$MUSL/.stamp" ] || {
		echo "$NAME: no musl in $MUSL (tools/build-musl.sh builds it)" >&2
		exit 1
	}
	hash=$(cat "$0" "$TOOLS/userland.sh" "$MUSL/.stamp" | sha256sum | cut -d' ' -f1)
	if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$hash" ]; then
		exit 0
	fi

	echo "$NAME: building $VERSION for riscv64 (musl, static) into $PREFIX"
	start=$(date +%s)
	mkdir -p "$CACHE"
	WORK=$(mktemp -d "$CACHE/$NAME-build.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
	trap 'exit 1' INT TERM HUP

	# apt-get source needs a deb-src entry (tools/setup.sh adds one) and
	# dpkg-source (dpkg-dev); it applies Debian's patches.
	(cd "$WORK" && apt-get source -qq "$NAME=$DEBIAN_VERSION" >/dev/null 2>"$WORK/apt.log") || {
		cat "$WORK/apt.log" >&2
		echo "$NAME: 'apt-get source $NAME=$DEBIAN_VERSION' failed" \
			"(is there a deb-src entry? run tools/setup.sh)" >&2
		exit 1
	}
	SRC=$WORK/$NAME-$VERSION
	[ -d "$SRC" ] || { echo "$NAME: no $SRC after apt-get source" >&2; exit 1; }
	STAGE=$WORK/stage
	mkdir -p "$STAGE/bin"
}

# pkg_run LOG CMD...: CMD's output goes to $WORK/LOG.
pkg_run() {
	log=$WORK/$1
	shift
	"$@" >"$log" 2>&1 || {
		tail -40 "$log" >&2
		echo "$NAME: failed: $*" >&2
		exit 1
	}
}

pkg_install() {
	{ $TARGET-readelf -h "$1" | grep -q 'Machine:.*RISC-V' &&
	  ! $TARGET-readelf -l "$1" | grep -q INTERP; } || {
		echo "$NAME: $1 is not a static riscv64 program" >&2
		exit 1
	}
	$TARGET-strip -o "$STAGE/bin/${2:-$(basename "$1")}" "$1"
}

pkg_check() {
	what=$1 expected=$2
	shift 2
	got=$(qemu-riscv64 "$@" 2>&1) || true
	[ "$got" = "$expected" ] || {
		echo "$NAME: qemu-riscv64 check of $what printed '$got', not '$expected'" >&2
		exit 1
	}
}

pkg_done() {
	rm -rf "$PREFIX"
	mv "$STAGE" "$PREFIX"
	echo "$hash" > "$STAMP"
	echo "$NAME: done in $(($(date +%s) - start)) s"
}
