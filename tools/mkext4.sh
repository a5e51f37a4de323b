#!/bin/sh
# Build an ext4 disk image from a directory, without mounting anything:
#
#   tools/mkext4.sh DIR IMAGE [SIZE_MB]
#
# mke2fs -d copies DIR's contents (files, directories, symlinks, modes)
# into a new ext4 file system of SIZE_MB (default 64) MiB, owned by root.
# Put it in a partition with tools/mkdisk.py (image=IMAGE,type=linux).
# The kernel has no ext4 driver yet: mounting it as vfat fails with
# EINVAL, as a device holding another file system should.
set -e

usage() { echo "usage: $0 DIR IMAGE [SIZE_MB]" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 3 ] || usage
dir=$1
img=$2
size=${3:-64}
[ -d "$dir" ] || { echo "$0: $dir is not a directory" >&2; exit 1; }
PATH=$PATH:/sbin:/usr/sbin

rm -f "$img"
mke2fs -q -F -t ext4 -L kernelext4 -U 4b46a701-0000-4000-8000-000000000001 \
	-E root_owner=0:0 -d "$dir" "$img" "${size}M" >/dev/null 2>"$img.log" ||
	{ cat "$img.log" >&2; rm -f "$img.log" "$img"; exit 1; }
rm -f "$img.log"
