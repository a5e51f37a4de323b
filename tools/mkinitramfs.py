#!/usr/bin/env python3
"""
Write an initramfs: a "newc" cpio archive, in pure Python (no root, no
device nodes on the host). Every entry is owned by uid 0, gid 0, with
mtime 0, so the same input gives the same bytes.

    mkinitramfs.py -o OUT.cpio SPEC      an archive from a spec file
    mkinitramfs.py -o OUT.cpio --user LIBC [--only NAME,...]
                                         a test image (below)

A spec has one entry a line (# comments), in the syntax of Linux's
gen_init_cpio, uid and gid optional:

    dir   /tmp 1777
    file  /init build/user/runner/init-glibc 0755
    slink /bin/sh busybox 0777
    nod   /dev/console 0600 c 5 1

Parents an entry needs and the spec did not list come first, as 0755
directories. Host paths are relative to the current directory. The
archive is rewritten only when its bytes change.

    mkinitramfs.py -o DIR --tree --user LIBC
                                         the same image as a directory tree

A test image (--user LIBC, for glibc or musl) holds /init (user/runner,
built with that libc), /bin/NAME for every test program of that libc and
every nostdlib program, the dynamically linked programs of user/dyn/
with what they load (build/user/sysroot/LIBC/: /lib), the files of
user/rootfs/ with their modes, /tmp,
/proc, /dev with the usual nodes, and /tests.list: the programs to run,
one "NAME [args...]" a line. A test's arguments come from a line
"test-args: ..." in the first comment of its source. A test whose first
comment has a line "pending: <reason>" waits for something the kernel
does not do yet: it is in /bin but not in /tests.list. A line "libc:
NAME" keeps a ktest or a user/dyn program out of the other libc's image. The glibc image also
holds /bin/busybox-glibc when the userland cache has it (ktest bbglibc
runs it; it is pending without). tools/runtests.py
imports user_tests() and user_image() from here.
"""
import argparse
import os
import re
import shutil
import stat
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USER_BUILD = os.path.join(ROOT, "build", "user")
LIBCS = ("glibc", "musl")

DEV_NODES = [  # path, mode, major, minor
    ("/dev/console", 0o600, 5, 1),
    ("/dev/tty", 0o666, 5, 0),
    ("/dev/null", 0o666, 1, 3),
    ("/dev/zero", 0o666, 1, 5),
    ("/dev/random", 0o666, 1, 8),
    ("/dev/urandom", 0o666, 1, 9),
]


# --- the archive ---------------------------------------------------------------

class Archive:
    """Entries in order; each is (path, mode with file type, data, rdev)."""

    def __init__(self):
        self.entries = []
        self.paths = {}

    def _add(self, path, mode, data=b"", rdev=(0, 0)):
        path = "/" + path.strip("/")
        if path == "/":
            return
        parent = os.path.dirname(path)
        if parent != "/" and parent not in self.paths:
            self._add(parent, stat.S_IFDIR | 0o755)
        old = self.paths.get(path)
        if old is not None:
            if stat.S_ISDIR(old[1]) and stat.S_ISDIR(mode):
                return  # a directory listed twice keeps its first mode
            raise ValueError(f"{path}: listed twice")
        entry = (path, mode, data, rdev)
        self.paths[path] = entry
        self.entries.append(entry)

    def dir(self, path, perm):
        self._add(path, stat.S_IFDIR | perm)

    def file(self, path, host_path, perm):
        with open(host_path, "rb") as f:
            self._add(path, stat.S_IFREG | perm, f.read())

    def data(self, path, data, perm):
        self._add(path, stat.S_IFREG | perm, data)

    def slink(self, path, target, perm=0o777):
        self._add(path, stat.S_IFLNK | perm, target.encode())

    def nod(self, path, perm, kind, major, minor):
        ftype = {"c": stat.S_IFCHR, "b": stat.S_IFBLK}[kind]
        self._add(path, ftype | perm, rdev=(major, minor))

    def tree(self, path, host_dir):
        """A host directory's contents under path, with their modes."""
        for top, dirs, files in os.walk(host_dir):
            dirs.sort()
            rel = os.path.relpath(top, host_dir)
            dest = path if rel == "." else os.path.join(path, rel)
            if rel != ".":
                self.dir(dest, stat.S_IMODE(os.lstat(top).st_mode))
            for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(top, d))]):
                src = os.path.join(top, name)
                st = os.lstat(src)
                if stat.S_ISLNK(st.st_mode):
                    self.slink(os.path.join(dest, name), os.readlink(src))
                elif stat.S_ISREG(st.st_mode):
                    self.file(os.path.join(dest, name), src, stat.S_IMODE(st.st_mode))
                else:
                    raise ValueError(f"{src}: only files, directories and symlinks")

    def bytes(self):
        out = bytearray()

        def put(ino, mode, nlink, data, rdev, name):
            name = name.encode() + b"\0"
            fields = (ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1],
                      len(name), 0)
            out.extend(b"070701" + b"".join(b"%08X" % v for v in fields) + name)
            out.extend(b"\0" * (-len(out) % 4))
            out.extend(data)
            out.extend(b"\0" * (-len(out) % 4))

        for ino, (path, mode, data, rdev) in enumerate(self.entries, 1):
            put(ino, mode, 2 if stat.S_ISDIR(mode) else 1, data, rdev, path.lstrip("/"))
        put(0, 0, 1, b"", (0, 0), "TRAILER!!!")
        return bytes(out)

    def extract(self, out_dir):
        """The directories and regular files, with their modes, under
        out_dir (made afresh) for a disk image tool; symlinks and device
        nodes are left out (a FAT image cannot hold them; the kernel's
        devtmpfs has the nodes). Returns what was left out."""
        skipped = []
        if os.path.isdir(out_dir):
            shutil.rmtree(out_dir)
        os.makedirs(out_dir)
        for path, mode, data, _ in self.entries:
            dest = os.path.join(out_dir, path.lstrip("/"))
            if stat.S_ISDIR(mode):
                os.makedirs(dest, exist_ok=True)
            elif stat.S_ISREG(mode):
                with open(dest, "wb") as f:
                    f.write(data)
            else:
                skipped.append(path)
                continue
            os.chmod(dest, stat.S_IMODE(mode) | 0o200)
        return skipped

    def write(self, out_path):
        data = self.bytes()
        try:
            with open(out_path, "rb") as f:
                if f.read() == data:
                    return False
        except FileNotFoundError:
            pass
        tmp = out_path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, out_path)
        return True


def from_spec(spec_path):
    arc = Archive()
    with open(spec_path) as f:
        for lineno, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            try:
                kind, path, rest = words[0], words[1], words[2:]
                if kind == "dir":
                    arc.dir(path, int(rest[0], 8))
                elif kind == "file":
                    arc.file(path, rest[0], int(rest[1], 8))
                elif kind == "slink":
                    arc.slink(path, rest[0], int(rest[1], 8) if len(rest) > 1 else 0o777)
                elif kind == "nod":
                    if len(rest) == 6:  # mode uid gid type major minor
                        rest = [rest[0]] + rest[3:]
                    arc.nod(path, int(rest[0], 8), rest[1], int(rest[2]), int(rest[3]))
                else:
                    raise ValueError(f"unknown entry type {kind}")
            except (IndexError, ValueError, OSError) as e:
                sys.exit(f"{spec_path}:{lineno}: {e}")
    return arc


# --- test images -----------------------------------------------------------------

class Test:
    """One program of a test image. kind: "diff" (output compared with
    qemu-riscv64) or "ktest" (self-checking: passes when it exits 0).
    pending: why it is not run yet, or None. sysroot: for a dynamically
    linked program, the host directory that is / for its loader and
    libraries (qemu-riscv64 -L), else None."""

    def __init__(self, name, kind, source, binary, sysroot=None):
        self.name, self.kind, self.source, self.binary = name, kind, source, binary
        self.sysroot = sysroot
        self.args = (source_field(source, "test-args") or "").split()
        pending = source_field(source, "pending")
        self.pending = None if pending is None else pending or "pending"

    def line(self):
        return " ".join([self.name] + self.args)


def source_field(path, key):
    """The text after "key:" on a line of the file's first comment (at
    most its first 60 lines), or None."""
    pattern = re.compile(r"(?:^|[\s*/])" + re.escape(key) + r":(.*)")
    try:
        with open(path, errors="replace") as f:
            for _, line in zip(range(60), f):
                m = pattern.search(line)
                if m:
                    return m.group(1).split("*/")[0].strip()
                if "*/" in line:
                    break
    except FileNotFoundError:
        pass
    return None


def _sources(subdir, exts):
    d = os.path.join(ROOT, "user", subdir)
    if not os.path.isdir(d):
        return []
    return sorted((os.path.splitext(n)[0], os.path.join(d, n))
                  for n in os.listdir(d) if os.path.splitext(n)[1] in exts)


def user_tests(libc):
    """Every program of libc's image, in the order they run."""
    tests = [Test(n, "diff", src, os.path.join(USER_BUILD, libc, n))
             for n, src in _sources("tests", (".c",))]
    hello = os.path.join(ROOT, "user", "tests", "hello.c")
    pie = os.path.join(USER_BUILD, libc, "hello-pie")
    if os.path.exists(hello) and os.path.exists(pie):  # glibc may have no static-pie
        tests.append(Test("hello-pie", "diff", hello, pie))
    tests += [Test(n, "diff", src, os.path.join(USER_BUILD, "nostdlib", n))
              for n, src in _sources("nostdlib", (".c", ".S"))]
    tests += [Test(n, "ktest", src, os.path.join(USER_BUILD, libc, n))
              for n, src in _sources("ktests", (".c",))
              if source_field(src, "libc") in (None, libc)]
    # user/dyn: programs (libNAME.c are their libraries); C++ for glibc only
    sysroot = sysroot_of(libc)
    tests += [Test(n, "diff", src, os.path.join(USER_BUILD, libc, n), sysroot)
              for n, src in _sources("dyn", (".c", ".cc") if libc == "glibc" else (".c",))
              if not n.startswith("lib") and source_field(src, "libc") in (None, libc)]
    for t in tests:
        if t.name == "bbglibc" and not t.pending and not os.path.exists(busybox_glibc()):
            t.pending = "no busybox-glibc in the userland cache (make userland)"
    names = [t.name for t in tests]
    for name in sorted(set(n for n in names if names.count(n) > 1)):
        raise ValueError(f"two user programs are both /bin/{name}: rename one")
    return tests


def sysroot_of(libc):
    """The runtime of libc's dynamically linked programs (user/dyn/dyn.mk)."""
    return os.path.join(USER_BUILD, "sysroot", libc)


def busybox_glibc():
    """busybox linked against glibc, from tools/build-busybox.sh's cache entry."""
    cache = os.environ.get("CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "riscv64-kernel")
    return os.path.join(cache, "busybox-1.35.0-musl", "bin", "busybox-glibc")


def user_image(libc, out_path, only=None, tree=False):
    """Write libc's test image; only: the names to list in /tests.list,
    pending or not (by default every test not pending; every program is
    in /bin either way). Returns the tests listed and whether the file
    changed. With tree, out_path is a directory to fill instead (for a
    disk image: see Archive.extract)."""
    tests = user_tests(libc)
    listed = [t for t in tests if (not t.pending if only is None else t.name in only)]
    unknown = set(only or ()) - {t.name for t in tests}
    if unknown:
        raise ValueError(f"no such test: {', '.join(sorted(unknown))}")
    arc = Archive()
    arc.file("/init", os.path.join(USER_BUILD, "runner", f"init-{libc}"), 0o755)
    arc.dir("/bin", 0o755)
    for t in tests:
        arc.file(f"/bin/{t.name}", t.binary, 0o755)
    rootfs = os.path.join(ROOT, "user", "rootfs")
    if os.path.isdir(rootfs):
        arc.tree("/", rootfs)
    if any(t.sysroot for t in tests):
        arc.tree("/", sysroot_of(libc))
    if libc == "glibc" and os.path.exists(busybox_glibc()):
        arc.file("/bin/busybox-glibc", busybox_glibc(), 0o755)
    arc.dir("/dev", 0o755)
    for path, perm, major, minor in DEV_NODES:
        arc.nod(path, perm, "c", major, minor)
    arc.dir("/proc", 0o555)
    arc.dir("/tmp", 0o1777)
    arc.data("/tests.list", "".join(t.line() + "\n" for t in listed).encode(), 0o644)
    if tree:
        arc.extract(out_path)
        return listed, True
    return listed, arc.write(out_path)


def main():
    ap = argparse.ArgumentParser(description="write a newc cpio initramfs")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--user", choices=LIBCS, help="the test image of this libc")
    ap.add_argument("--only", help="with --user: comma-separated tests for /tests.list, "
                    "pending ones too (default: all but those)")
    ap.add_argument("--tree", action="store_true",
                    help="with --user: fill the directory OUTPUT with the image's directories "
                    "and files (for tools/mkfat.sh) instead of writing an archive")
    ap.add_argument("spec", nargs="?", help="spec file (without --user)")
    a = ap.parse_args()
    try:
        if a.user:
            written = user_image(a.user, a.output, a.only.split(",") if a.only else None,
                                 a.tree)[1]
        elif a.spec:
            written = from_spec(a.spec).write(a.output)
        else:
            ap.error("a spec file or --user LIBC")
    except (OSError, ValueError) as e:
        sys.exit(f"mkinitramfs: {e}")
    if written:
        print(f"  {'TREE' if a.tree else 'CPIO':<7} {a.output}")


if __name__ == "__main__":
    main()
