#!/bin/sh
# Build a FAT32 disk image from a directory, without mounting anything:
#
#   tools/mkfat.sh DIR IMAGE [SIZE_MB [SECTORS_PER_CLUSTER]]
#
# mkfs.vfat makes the file system (default 64 MiB, 1 sector per cluster
# below 260 MiB, as mkfs.fat would choose, else its own choice) and
# mtools' mcopy copies DIR's contents into its root, long names and all.
# The kernel mounts the result as "vfat" (see docs/fat.md), e.g.
#
#   tools/mkfat.sh mydir build/disk.img && qemu-system-riscv64 ... \
#       -drive file=build/disk.img,if=none,format=raw,id=d0 \
#       -device virtio-blk-device,drive=d0
set -e

usage() { echo "usage: $0 DIR IMAGE [SIZE_MB [SECTORS_PER_CLUSTER]]" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 4 ] || usage
dir=$1
img=$2
size=${3:-64}
spc=${4:-}
[ -d "$dir" ] || { echo "$0: $dir is not a directory" >&2; exit 1; }
PATH=$PATH:/sbin:/usr/sbin

rm -f "$img"
# mkfs.fat warns (on stderr) when a small volume has fewer clusters than
# FAT32 should; such volumes still work, and Linux mounts them.
mkfs.vfat -C -F 32 -n KERNELFAT -i 4b46a701 ${spc:+-s "$spc"} "$img" $((size * 1024)) \
	>/dev/null 2>"$img.log" || { cat "$img.log" >&2; rm -f "$img.log"; exit 1; }
rm -f "$img.log"
# every entry of DIR, dot files too; mcopy refuses odd geometries unless told not to check
set --
for f in "$dir"/* "$dir"/.[!.]* "$dir"/..?*; do
	[ -e "$f" ] && set -- "$@" "$f"
done
[ $# -eq 0 ] || MTOOLS_SKIP_CHECK=1 mcopy -s -p -m -Q -i "$img" -- "$@" ::/
