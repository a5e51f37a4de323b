#!/bin/sh
# Install what building, running and testing need, on Debian 12.
# Idempotent: when everything is present it only checks and returns.
#
#   tools/setup.sh          what make, make run and make test need
#   tools/setup.sh bench    that, and what make bench needs besides (Linux's
#                           build tools, matplotlib for the chart)
set -e

PACKAGES="make gcc python3 gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu
libc6-dev-riscv64-cross libc6-riscv64-cross libgcc-s1-riscv64-cross
g++-riscv64-linux-gnu libstdc++6-riscv64-cross qemu-system-misc qemu-user libcmocka-dev
device-tree-compiler gdb-multiarch cpio linux-source-6.1 dpkg-dev xz-utils
dosfstools mtools e2fsprogs autoconf automake tcl"
BENCH_PACKAGES="flex bison bc python3-matplotlib"

for group in "$@"; do
	case "$group" in
	bench) PACKAGES="$PACKAGES $BENCH_PACKAGES" ;;
	*) echo "setup: unknown group $group (known: bench)" >&2; exit 2 ;;
	esac
done

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

# Source packages (tools/build-musl.sh and the userland recipes fetch
# theirs with `apt-get source`; dash and gzip need autoreconf, sqlite3
# tclsh) need a deb-src entry. When there is none, add one for each Debian
# archive the binary entries name, with the same suites and components.
apt_files() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		 /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && echo "$f"
	done
}

has_deb_src() {
	apt_files | xargs -r grep -qsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)'
}

# One-line entries ("deb [opts] URI SUITE COMPONENTS") become deb-src lines;
# deb822 stanzas become stanzas whose Types is deb-src. Only Debian's
# archives (URIs with "debian" in them) are copied.
make_deb_src() {
	for f in $(apt_files); do
		case "$f" in
		*.sources)
			awk 'BEGIN { RS = ""; ORS = "\n\n" }
			     /(^|\n)Types:[^\n]*deb/ && /(^|\n)URIs:[^\n]*debian/ {
				sub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src")
				sub(/^\n/, "")
				print
			     }' "$f" ;;
		*)
			sed -n 's/^[[:space:]]*deb[[:space:]]\(.*debian.*\)/deb-src \1/p' "$f" ;;
		esac
	done
}

if ! has_deb_src; then
	src=$(make_deb_src)
	if [ -n "$src" ]; then
		echo "setup: adding deb-src entries to /etc/apt/sources.list.d/debian-src.*"
		# one-line entries go to a .list file, stanzas to a .sources file
		echo "$src" | grep '^deb-src ' | $SUDO tee /etc/apt/sources.list.d/debian-src.list >/dev/null || true
		echo "$src" | grep -v '^deb-src ' | $SUDO tee /etc/apt/sources.list.d/debian-src.sources >/dev/null || true
		for f in /etc/apt/sources.list.d/debian-src.list /etc/apt/sources.list.d/debian-src.sources; do
			[ -s "$f" ] || $SUDO rm -f "$f"
		done
		$SUDO apt-get update -qq
	else
		echo "setup: no Debian archive in the apt sources; cannot add deb-src" >&2
	fi
fi

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "setup: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
