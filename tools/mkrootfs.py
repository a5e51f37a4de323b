#!/usr/bin/env python3
"""
Write the shell image: a newc cpio root for `make run` that boots into
busybox's ash (the archive format is tools/mkinitramfs.py's Archive).

    mkrootfs.py -o build/rootfs/rootfs.cpio --busybox DIR --dash DIR
                [--runtime DIR ...] [--tree DIR] [--program PATH=FILE]...
                [--coreutils DIR] [--suites DIR]

--busybox and --dash are the cache entries tools/build-busybox.sh and
tools/build-dash.sh install (DIR/bin/busybox with DIR/share/busybox/links,
DIR/bin/dash); each --runtime is a tree of a libc's dynamic runtime
(build/user/runtime/LIBC, user/dyn/dyn.mk). --program puts another
program (FILE, from a cache entry) at PATH: where busybox has an applet
of that path, the program replaces the applet's link (GNU gzip at
/bin/gzip, xz at /usr/bin/xz). --coreutils is tools/build-coreutils.sh's
cache entry: its multi-call program and a link to it for each utility in
a directory of its own, off the PATH, so that busybox's applets stay the
default. --suites is a directory copied to /usr/share/suites (user/suites:
the differential suites, docs/userland.md). The image holds:

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
    the --program files
    /usr/bin/coreutils     and /usr/libexec/coreutils/NAME links to it
    /usr/share/suites      the --suites tree
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


COREUTILS_BIN = "/usr/bin/coreutils"
COREUTILS_LINKS = "/usr/libexec/coreutils"
SUITES = "/usr/share/suites"


def coreutils_links(links_path):
    """Link names of coreutils' utilities ("ginstall" is installed as
    "install", as its Makefile does)."""
    with open(links_path) as f:
        names = [line.strip() for line in f if line.strip()]
    return ["install" if n == "ginstall" else n for n in names]


def rootfs_image(busybox_dir, dash_dir, tree, runtimes=(), programs=(), coreutils_dir=None,
                 suites=None):
    arc = Archive()
    for path, perm in (("/bin", 0o755), ("/sbin", 0o755), ("/usr/bin", 0o755),
                       ("/usr/sbin", 0o755), ("/etc", 0o755), ("/root", 0o700),
                       ("/proc", 0o555), ("/sys", 0o555), ("/tmp", 0o1777)):
        arc.dir(path, perm)
    arc.dir("/dev", 0o755)
    for path, perm, major, minor in DEV_NODES:
        arc.nod(path, perm, "c", major, minor)

    programs = dict(programs)
    arc.file("/bin/busybox", os.path.join(busybox_dir, "bin", "busybox"), 0o755)
    for path in applet_links(os.path.join(busybox_dir, "share", "busybox", "links")):
        if path != "/bin/busybox" and path not in programs:
            arc.slink(path, os.path.relpath("/bin/busybox", os.path.dirname(path)))
    arc.file("/bin/dash", os.path.join(dash_dir, "bin", "dash"), 0o755)
    busybox_glibc = os.path.join(busybox_dir, "bin", "busybox-glibc")
    if os.path.exists(busybox_glibc):
        arc.file("/bin/busybox-glibc", busybox_glibc, 0o755)
    for runtime in runtimes:
        arc.tree("/", runtime)
    for path, host_path in sorted(programs.items()):
        arc.file(path, host_path, 0o755)
    if coreutils_dir:
        arc.file(COREUTILS_BIN, os.path.join(coreutils_dir, "bin", "coreutils"), 0o755)
        for name in coreutils_links(os.path.join(coreutils_dir, "share", "coreutils", "links")):
            arc.slink(os.path.join(COREUTILS_LINKS, name),
                      os.path.relpath(COREUTILS_BIN, COREUTILS_LINKS))
    if suites:
        arc.dir(SUITES, 0o755)
        arc.tree(SUITES, suites)
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
    ap.add_argument("--program", action="append", default=[], metavar="PATH=FILE",
                    help="a program at PATH in the image (replaces a busybox applet link)")
    ap.add_argument("--coreutils", help="coreutils' cache entry")
    ap.add_argument("--suites", help="a directory for /usr/share/suites")
    a = ap.parse_args()
    try:
        programs = []
        for spec in a.program:
            path, sep, host_path = spec.partition("=")
            if not sep or not path.startswith("/"):
                raise ValueError(f"--program {spec}: not PATH=FILE")
            programs.append((path, host_path))
        arc = rootfs_image(a.busybox, a.dash, a.tree, a.runtime, programs, a.coreutils,
                           a.suites)
        os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
        written = arc.write(a.output)
    except (OSError, ValueError) as e:
        sys.exit(f"mkrootfs: {e}")
    if written:
        print(f"  {'CPIO':<7} {a.output}")


if __name__ == "__main__":
    main()
