#!/bin/sh
# Install what building, running and testing need, on Debian 12.
# Idempotent: when everything is present it only checks and returns.
set -e

PACKAGES="make gcc python3 gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu
libc6-dev-riscv64-cross qemu-system-misc qemu-user libcmocka-dev
device-tree-compiler gdb-multiarch cpio linux-source-6.1"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "setup: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
