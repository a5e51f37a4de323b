#!/usr/bin/env python3
"""
Write the shell image: a newc cpio root for `make run` that boots into
busybox's ash (the archive format is tools/mkinitramfs.py's Archive).

    mkrootfs.py -o build/rootfs/rootfs.cpio --busybox DIR --dash DIR
                [--runtime DIR ...] [--tree DIR]

--busybox and --dash are the cache entries tools/build-busybox.sh and
tools/build-dash.sh install (DIR/bin/busybox with DIR/share/busybox/links,
DIR/bin/dash); each --runtime is a tree of a libc's dynamic runtime
(build/user/runtime/LIBC, user/dyn/dyn.mk). The image holds:

    /bin/busybox           and a symlink to it for every applet in its
                           links list (`busybox --list-full`: /bin/sh,
                           /bin/ls, /sbin/init, /usr/bin/awk, ...)
    /bin/busybox-glibc     the same busybox linked dynamically against glibc
                           (when the cache entry has it)
    /lib                   the runtimes: glibc's loader and libraries
                           (/lib/ld-linux-riscv64-lp64d.so.1,
                           /lib/riscv64-linux-gnu/), musl's loader
                           (/lib/ld-musl-riscv64.so.1)
    /bin/dash
    /dev                   the usual nodes (a devtmpfs is mounted over it)
    /proc /sys /tmp /root  mount points and root's home
    /etc/mtab              -> /proc/mounts
    the files of --tree    (default user/shell/root: /init, /etc/...), with
                           their modes

Every entry is owned by root with mtime 0; the archive is rewritten only
when its bytes change.
"""
import argparse
import os
import sys

from mkinitramfs import DEV_NODES, ROOT, Archive


def applet_links(links_path):
    """The applet paths ("/bin/ls") of busybox's --list-full output."""
    with open(links_path) as f:
        return ["/" + line.strip().lstrip("/") for line in f if line.strip()]


def rootfs_image(busybox_dir, dash_dir, tree, runtimes=()):
    arc = Archive()
    for path, perm in (("/bin", 0o755), ("/sbin", 0o755), ("/usr/bin", 0o755),
                       ("/usr/sbin", 0o755), ("/etc", 0o755), ("/root", 0o700),
                       ("/proc", 0o555), ("/sys", 0o555), ("/tmp", 0o1777)):
        arc.dir(path, perm)
    arc.dir("/dev", 0o755)
    for path, perm, major, minor in DEV_NODES:
        arc.nod(path, perm, "c", major, minor)

    arc.file("/bin/busybox", os.path.join(busybox_dir, "bin", "busybox"), 0o755)
    for path in applet_links(os.path.join(busybox_dir, "share", "busybox", "links")):
        if path != "/bin/busybox":
            arc.slink(path, os.path.relpath("/bin/busybox", os.path.dirname(path)))
    arc.file("/bin/dash", os.path.join(dash_dir, "bin", "dash"), 0o755)
    busybox_glibc = os.path.join(busybox_dir, "bin", "busybox-glibc")
    if os.path.exists(busybox_glibc):
        arc.file("/bin/busybox-glibc", busybox_glibc, 0o755)
    for runtime in runtimes:
        arc.tree("/", runtime)
    arc.slink("/etc/mtab", "/proc/mounts")

    arc.tree("/", tree)
    if "/init" not in arc.paths:
        raise ValueError(f"{tree}: no init")
    return arc


def main():
    ap = argparse.ArgumentParser(description="write the shell image (newc cpio)")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--busybox", required=True, help="busybox's cache entry")
    ap.add_argument("--dash", required=True, help="dash's cache entry")
    ap.add_argument("--runtime", action="append", default=[],
                    help="a libc's dynamic runtime, copied to / (repeatable)")
    ap.add_argument("--tree", default=os.path.join(ROOT, "user", "shell", "root"),
                    help="files copied into the image (default user/shell/root)")
    a = ap.parse_args()
    try:
        arc = rootfs_image(a.busybox, a.dash, a.tree, a.runtime)
        os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
        written = arc.write(a.output)
    except (OSError, ValueError) as e:
        sys.exit(f"mkrootfs: {e}")
    if written:
        print(f"  {'CPIO':<7} {a.output}")


if __name__ == "__main__":
    main()
