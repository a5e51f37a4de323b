#!/usr/bin/env python3
"""
The test runner of `make test`.

1. Host unit tests: every build/host/test_* binary (cmocka) is one test.
2. Kernel boots under QEMU, each under a watchdog: the in-kernel
   self-tests (each PASS/FAIL line counts as a test), tests that type on
   the console, and tests that must end in a particular panic. The disk
   self-test boots with three virtio disks (tools/mkdisk.py images), on
   the legacy and the modern virtio-mmio transport, and its runs are
   checked for the transport and for what it wrote into the images.
3. User-space tests (`make user`), for glibc and musl, each libc's image
   booted on -smp 1 and -smp 4, with the tests' /tmp in the initramfs or
   on a tmpfs, and once more from a FAT32 root disk (USER_BOOTS; names
   user/LIBC/LABEL/NAME):
   user/tests programs (and hello-pie, user/nostdlib) are differential:
   their console output and exit status must equal those of the same
   binary under qemu-riscv64 (Linux's ABI), run first, two at a time;
   user/ktests programs check themselves and pass when they exit 0.
   A program whose first comment has a line "pending: <reason>" waits
   for something the kernel does not do yet: it is built but not run,
   and reported as "SKIP user/LIBC/LABEL/NAME: <reason>".
4. The shell image (`make rootfs`) on -smp 1 and 4, typed at as a person
   would (tools/console_test.py: console/smpN/STEP).
5. The userland's suites (tools/suites.py, user/suites/): each case run
   under qemu-riscv64 and in the shell image booted on -smp 1 and -smp 4
   must print the same (suite/smpN/KIND/NAME).

The last line is "N passed, N failed, N skipped".
Environment: TESTS=substring to run only matching tests, VERBOSE=1 to
print every boot's console output, RUN_PENDING=1 to run pending
programs too, as any other.
"""
import concurrent.futures
import difflib
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
BUILD_DEBUG = os.path.join(ROOT, "build-debug")
VERBOSE = os.environ.get("VERBOSE") == "1"
ONLY = os.environ.get("TESTS", "")
RUN_PENDING = os.environ.get("RUN_PENDING") == "1"
BOOT_TIMEOUT = 120
USER_BOOT_TIMEOUT = int(os.environ.get("USER_BOOT_TIMEOUT", "300"))
REFERENCE_TIMEOUT = 60

sys.dont_write_bytecode = True  # no tools/__pycache__ in the tree
sys.path.insert(0, os.path.join(ROOT, "tools"))
import mkinitramfs  # noqa: E402  (the test images and their test lists)
import suites  # noqa: E402  (5. the userland's differential suites)

results = []
skipped = []


def report(name, ok, why=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}{'' if ok else ': ' + why}", flush=True)


def skip(name, why):
    skipped.append(name)
    print(f"SKIP {name}: {why}", flush=True)


def wanted(name):
    return ONLY in name


def host_tests():
    hostdir = os.path.join(BUILD, "host")
    env = dict(os.environ, DTB_DIR=os.path.join(hostdir, "dtb"))
    for exe in sorted(os.listdir(hostdir)):
        path = os.path.join(hostdir, exe)
        name = "host/" + exe[len("test_"):]
        if not exe.startswith("test_") or not os.access(path, os.X_OK) or not wanted(name):
            continue
        p = subprocess.run([path], env=env, capture_output=True, text=True, timeout=600)
        if VERBOSE or p.returncode:
            sys.stdout.write(p.stdout + p.stderr)
        report(name, p.returncode == 0, f"exit status {p.returncode}")


def boot(kernel, smp, append, mem="512M", send=None, timeout=BOOT_TIMEOUT, initrd=None,
         extra=(), kill_on=None):
    """Boot, optionally typing send[1] once send[0] appears, or killing
    QEMU (SIGKILL, as pulling the plug) once kill_on appears. Returns
    (output, seconds, exited), exited false if the watchdog fired."""
    cmd = ["qemu-system-riscv64", "-machine", "virt", "-nographic", "-bios", "default",
           "-smp", str(smp), "-m", mem, "-kernel", kernel, "-append", append]
    if initrd:
        cmd += ["-initrd", initrd]
    cmd += list(extra)
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = b""
    sent = False
    exited = True
    while True:
        left = timeout - (time.monotonic() - start)
        if left <= 0:
            p.kill()
            exited = False
            break
        ready, _, _ = select.select([p.stdout], [], [], min(left, 1.0))
        if ready:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
            if send and not sent and send[0].encode() in out:
                p.stdin.write(send[1].encode())
                p.stdin.flush()
                sent = True
            if kill_on and kill_on.encode() in out:
                p.kill()
                break
    p.wait()
    text = out.decode(errors="replace").replace("\r\n", "\n")
    if VERBOSE:
        sys.stdout.write(text)
    return text, time.monotonic() - start, exited


def selftest_boot(label, kernel, smp, tests, extra=()):
    """Run self-tests; returns the console text (None if not wanted)."""
    name = f"{label}/smp{smp}"
    if not wanted(name):
        return None
    text, secs, exited = boot(kernel, smp, f"selftest={tests}", extra=extra)
    seen = 0
    for m in re.finditer(r"selftest (\S+): (PASS|FAIL)", text):
        seen += 1
        report(f"{name}/{m.group(1)}", m.group(2) == "PASS", "see the boot log")
    summary = re.search(r"selftest summary: (\d+) passed, (\d+) failed", text)
    ok = exited and summary is not None and seen > 0
    report(f"{name}/complete", ok,
           "watchdog fired" if not exited else "no summary (crash?)")
    if not ok or "FAIL" in text:
        sys.stdout.write(text[-4000:])
    return text


def expect_boot(name, kernel, smp, append, patterns, send=None, max_secs=None):
    """Boot and require every regex in patterns, and that QEMU exits by itself."""
    if not wanted(name):
        return
    text, secs, exited = boot(kernel, smp, append, send=send)
    missing = [p for p in patterns if not re.search(p, text)]
    ok = exited and not missing and (max_secs is None or secs <= max_secs)
    why = ("watchdog fired" if not exited else
           f"missing {missing}" if missing else f"took {secs:.1f}s")
    report(name, ok, why)
    if not ok:
        sys.stdout.write(text[-4000:])


def kernel_tests():
    release = os.path.join(BUILD, "kernel.elf")
    debug = os.path.join(BUILD_DEBUG, "kernel.elf")
    for smp in (1, 4):
        selftest_boot("kernel", release, smp, "all")
    selftest_boot("kernel-debug", debug, 4, "all")

    expect_boot("boot/no-init/smp4", release, 4, "",
                [r"memory: \d+ MiB RAM", r"smp: 4 harts online", r"ns16550",
                 r"plic", r"no init to run"], max_secs=10)
    expect_boot("boot/uart-input/smp4", release, 4, "selftest=uart_input",
                [r'uart_input: got "hello kernel"', r"selftest uart_input: PASS"],
                send=("waiting for a line", "hello kernel\r"))
    # the thread runs on the last cpu; hart ids depend on the boot hart
    overflow = [r"Kernel panic on hart (\d+) \(cpu 3\), thread overflow-test: "
                r"kernel stack overflow in thread overflow-test \(tid \d+\) on hart \1,",
                r"Backtrace:", r"recurse[.\w]*\+0x", r"end Kernel panic"]
    expect_boot("panic/stack-overflow/smp4", release, 4, "selftest=stack_overflow", overflow)
    expect_boot("panic/stack-overflow/debug-smp4", debug, 4, "selftest=stack_overflow", overflow)
    expect_boot("panic/kernel-fault/smp2", release, 2, "selftest=kernel_fault",
                [r"kernel load page fault at .* address ffffffd000000000",
                 r"epc: \[<[0-9a-f]+>\] test_kernel_fault\+0x", r"Backtrace:",
                 r"end Kernel panic"])
    expect_boot("panic/lock-order/debug", debug, 2, "selftest=lock_order",
                [r"lock order: test_inner \(level \d+\) taken while holding test_outer",
                 r"end Kernel panic"])


# --- disks ---------------------------------------------------------------------

BLK_MARKER = b"blk selftest wrote this\n"
BLK_MARKER_AT = 6144 * 512 + (1 << 20)  # vdb3's start + 1 MiB


def blk_pattern(tmp, name, sectors):
    """A partition image whose sector i reads "blk-test NAME sector i"."""
    path = os.path.join(tmp, f"{name}.pattern")
    with open(path, "wb") as f:
        for i in range(sectors):
            f.write(f"blk-test {name} sector {i:08d}\n".encode().ljust(512, b"."))
    return path


def blk_disks(tmp):
    """The disks tests/kernel/blk_test.c expects: vda (MBR), vdb (GPT), vdc."""
    mkdisk = [sys.executable, os.path.join(ROOT, "tools", "mkdisk.py")]
    vda, vdb, vdc = (os.path.join(tmp, f"{n}.img") for n in ("vda", "vdb", "vdc"))
    subprocess.run(mkdisk + [vda, "--size", "16M",
                             f"size=2M,image={blk_pattern(tmp, 'vda1', 4096)}", "size=1M",
                             "type=extended,size=8M", "logical,size=2M", "logical,size=1M",
                             "size=4M"], check=True)
    subprocess.run(mkdisk + [vdb, "--table", "gpt", "--size", "24M",
                             f"size=2M,image={blk_pattern(tmp, 'vdb1', 4096)}",
                             "size=3M,number=3", "size=16M"], check=True)
    with open(vdc, "wb") as f:
        f.truncate(1 << 20)
    args = []
    for i, (img, ro) in enumerate(((vda, ""), (vdb, ""), (vdc, ",readonly=on"))):
        args += ["-drive", f"file={img},format=raw,if=none,id=d{i}{ro}",
                 "-device", f"virtio-blk-device,drive=d{i}"]
    return args, vdb


def blk_boot(label, kernel, smp, transport):
    """The blk self-test on fresh disks, then what it left in the images."""
    name = f"{label}/{transport}/smp{smp}"
    if not wanted(name):
        return
    with tempfile.TemporaryDirectory(prefix="blk-") as tmp:
        args, vdb = blk_disks(tmp)
        args += ["-global", f"virtio-mmio.force-legacy={'true' if transport == 'legacy' else 'false'}"]
        text = selftest_boot(f"{label}/{transport}", kernel, smp, "blk", extra=args)
        if text is None:
            return
        version = "1" if transport == "legacy" else "2"
        report(f"{name}/transport", re.search(rf"block device \(id 2, version {version}\)", text)
               is not None, f"no virtio-mmio version {version} disk in the log")
        with open(vdb, "rb") as f:
            f.seek(BLK_MARKER_AT)
            found = f.read(len(BLK_MARKER))
        report(f"{name}/written", found == BLK_MARKER, f"vdb3 holds {found!r}, not the marker")


def blk_tests():
    release = os.path.join(BUILD, "kernel.elf")
    debug = os.path.join(BUILD_DEBUG, "kernel.elf")
    for transport in ("legacy", "modern"):
        for smp in (1, 4):
            blk_boot("blk", release, smp, transport)
    blk_boot("blk-debug", debug, 4, "modern")


# --- user space ----------------------------------------------------------------

USER_ENV = {"HOME": "/", "PATH": "/bin", "TERM": "linux"}
KERNEL_LOG_LINE = re.compile(r"^\[[ \d]*\.\d{6}\] ")
MARKER = re.compile(r"(?m)^=== BEGIN (\S+)\n|=== END (\S+) (exit|signal|error) (-?\d+)\n"
                    r"|^=== DONE\n")


def normalize(text):
    """Console text as a program wrote it: \\n line ends (a terminal adds
    \\r), no kernel log lines."""
    lines = (line.rstrip("\r") for line in text.split("\n"))
    return "\n".join(line for line in lines if not KERNEL_LOG_LINE.match(line))


# On the kernel a test is a child of /init, in init's process group and
# session, leading neither. A new session of its own, as the reference run
# needs (to kill what a test leaves behind, and so that kill(0, ...) stays
# inside), would make it a leader; so the session's leader is this small
# parent, which passes the test's exit status or signal on as its own.
# (Python itself may add LC_CTYPE to its environment: the test gets its own.)
# Every signal is back to its default action, as /init leaves them: a
# runner started in the background of a shell inherits SIGINT and SIGQUIT
# ignored, and an ignored action survives exec.
REFERENCE_PARENT = f"""
import os, signal, subprocess, sys
for s in signal.valid_signals():
    try:
        signal.signal(s, signal.SIG_DFL)
    except (OSError, ValueError):
        pass
code = subprocess.call(sys.argv[1:], env={USER_ENV!r})
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code & 0xff)
"""


def reference_run(test):
    """(output, status) of test under qemu-riscv64 in a fresh directory,
    with the environment /init gives it; status is "exit N", "signal N"
    or "timeout"."""
    qemu = shutil.which("qemu-riscv64") or "qemu-riscv64"
    with tempfile.TemporaryDirectory(prefix="utest-", ignore_cleanup_errors=True) as cwd:
        p = subprocess.Popen([sys.executable, "-c", REFERENCE_PARENT,
                              qemu] + (["-L", test.sysroot] if test.sysroot else []) +
                             ["-0", f"/bin/{test.name}", test.binary] + test.args,
                             cwd=cwd, env=USER_ENV, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True)
        timed_out = False
        try:
            out, _ = p.communicate(timeout=REFERENCE_TIMEOUT)
        except subprocess.TimeoutExpired:
            timed_out = p.poll() is None
            os.killpg(p.pid, signal.SIGKILL)
            out, _ = p.communicate()
        try:  # children the test left behind
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    code = p.returncode
    status = "timeout" if timed_out else f"exit {code}" if code >= 0 else f"signal {-code}"
    return normalize(out.decode(errors="replace")), status


def split_console(text):
    """{name: [output, status or None]} from a boot of the test image, and
    whether /init got to the end of its list."""
    runs, current, pos, done = {}, None, 0, False
    for m in MARKER.finditer(text):
        if m.group(2) and m.group(2) != current:
            continue  # not the running test's END: part of its output
        if current is not None:
            runs[current][0] += text[pos:m.start()]
        pos = m.end()
        if m.group(1):
            current = m.group(1)
            runs[current] = ["", None]
        elif m.group(2):
            runs[current][1] = f"{m.group(3)} {m.group(4)}"
            current = None
        else:
            done = True
            current = None
    if current is not None:
        runs[current][0] += text[pos:]
    return runs, done


def short_diff(expected, got):
    lines = list(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                      "qemu-riscv64", "kernel", n=2))
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines[:30])
    return text + (f"... ({len(lines) - 30} more diff lines)\n" if len(lines) > 30 else "")


def indent(text, lines=30):
    tail = text.splitlines()[-lines:]
    return "".join(f"    {line}\n" for line in tail)


def judge(test, run, reference, exited, same_output=True):
    """(ok, why, details) of one test of a boot; without same_output (a
    file system whose semantics are not Linux's tmpfs) a differential
    test must end as under qemu-riscv64 with none of its checks failed,
    whatever else it prints."""
    if run is None:
        return False, "did not run (" + ("boot watchdog fired" if not exited else
                                         "the kernel stopped before it") + ")", ""
    output, status = run
    output = normalize(output)
    if status is None:  # the console's end follows the boot's results
        return False, ("hung: no END before the boot watchdog" if not exited else
                       "no END: the kernel stopped during it"), ""
    if status.startswith("error"):
        return False, f"/init could not run it (errno {status.split()[1]})", ""
    if test.kind == "ktest":
        ok = status == "exit 0"
        fails = [l for l in output.splitlines() if l.startswith("FAIL") or l.startswith("  got")]
        return ok, status, "" if ok else indent("\n".join(fails[:20])) + "    ...\n" + indent(output, 15)
    ref_output, ref_status = reference
    if ref_status == "timeout":
        return False, "its qemu-riscv64 run timed out", ""
    if status != ref_status:
        return False, f"{status}, qemu-riscv64: {ref_status}", short_diff(ref_output, output)
    fails = [l for l in output.splitlines() if l.startswith("FAIL") or l.startswith("  got")]
    if not same_output:
        return (not fails, "checks failed", indent("\n".join(fails[:20])) if fails else "")
    if output != ref_output:
        return False, "output differs", short_diff(ref_output, output)
    return True, "", ""


def runs_now(test):
    return RUN_PENDING or not test.pending


# How each libc's image boots (label, -smp, root): "initramfs" keeps the
# tests' /tmp in the ramfs root, "tmpfs" mounts a tmpfs there (init's
# argument), "fat" puts the image's files on a FAT32 partition mounted as
# the root (root=/dev/vda2), where only the checks must pass (vfat is not
# Linux's tmpfs: modes, owners). Every boot has that disk (an empty FAT32
# one for the initramfs boots), and fsck.fat must find nothing wrong after.
USER_BOOTS = {
    "glibc": [("smp1", 1, "initramfs"), ("smp4", 4, "tmpfs"), ("fat-smp1", 1, "fat")],
    "musl": [("smp1", 1, "tmpfs"), ("smp4", 4, "initramfs"), ("fat-smp4", 4, "fat")],
}
FAT_ROOT_MB = 48


def fat_disk(libc, listed, tmp, label):
    """A disk: a small ext4 partition (tools/mkext4.sh), then FAT32 with
    the test image's files (listed: the names for /tests.list, None for
    the default), or empty without libc (the disk of the initramfs boots,
    for fatdisk)."""
    tree = os.path.join(tmp, f"{label}-tree")
    fat = os.path.join(tmp, f"{label}-fat.img")
    disk = os.path.join(tmp, f"{label}-disk.img")
    if libc:
        mkinitramfs.user_image(libc, tree, listed, tree=True)
    else:
        os.makedirs(tree, exist_ok=True)
    subprocess.run(["sh", os.path.join(ROOT, "tools", "mkfat.sh"), tree, fat, str(FAT_ROOT_MB)],
                   check=True)
    ext4_tree = os.path.join(tmp, f"{label}-ext4")
    ext4 = os.path.join(tmp, f"{label}-ext4.img")
    os.makedirs(ext4_tree, exist_ok=True)
    with open(os.path.join(ext4_tree, "hello"), "w") as f:
        f.write("an ext4 partition\n")
    subprocess.run(["sh", os.path.join(ROOT, "tools", "mkext4.sh"), ext4_tree, ext4, "2"],
                   check=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "tools", "mkdisk.py"), disk,
                    "--size", f"{FAT_ROOT_MB + 4}M", f"image={ext4},type=linux",
                    f"image={fat},type=fat32"],
                   check=True, stdout=subprocess.DEVNULL)
    return disk


def fsck_partition(disk, tmp):
    """fsck.fat -n on the FAT partition of disk: (clean, its output)."""
    part = os.path.join(tmp, "fsck.img")
    with open(disk, "rb") as src, open(part, "wb") as dst:
        mbr = src.read(512)
        start, sectors = struct.unpack_from("<II", mbr, 446 + 16 + 8)  # entry 2
        src.seek(start * 512)
        dst.write(src.read(sectors * 512))
    fsck = shutil.which("fsck.fat") or "/usr/sbin/fsck.fat"
    p = subprocess.run([fsck, "-n", part], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode(errors="replace")
    lines = [l for l in out.splitlines()[2:] if l.strip()]  # past the banner
    return p.returncode == 0 and len(lines) <= 1, out  # one line: "N files, N/N clusters"


def user_boot(libc, label, smp, root, tests, image, references, tmp):
    """Boot image (a cpio, or a FAT disk) unless every test is pending,
    and judge tests in their order, skipping the pending ones."""
    booted = any(runs_now(t) for t in tests)
    kernel = os.path.join(BUILD, "kernel.elf")
    if booted:
        disk = image if root == "fat" else fat_disk(None, None, tmp, label)
        drive = ["-drive", f"file={disk},if=none,format=raw,id=d0",
                 "-device", "virtio-blk-device,drive=d0"]
        if root == "fat":
            text, secs, exited = boot(kernel, smp, "root=/dev/vda2 rw init=/init",
                                      timeout=USER_BOOT_TIMEOUT, extra=drive)
        else:
            append = "rdinit=/init" + (" -- tmpfs" if root == "tmpfs" else "")
            text, secs, exited = boot(kernel, smp, append, timeout=USER_BOOT_TIMEOUT,
                                      initrd=image, extra=drive)
        runs, done = split_console(text)
    for t in tests:
        name = f"user/{libc}/{label}/{t.name}"
        if not runs_now(t):
            skip(name, t.pending)
            continue
        ok, why, details = judge(t, runs.get(t.name), references.get(t.name), exited,
                                 same_output=root != "fat")
        report(name, ok, why)
        if details:
            sys.stdout.write(details)
    if booted and not done and not VERBOSE:
        print(f"--- user/{libc}/{label}: /init did not finish"
              f"{'' if exited else ' (boot watchdog)'}; the console's end:")
        sys.stdout.write(indent(text, 25))
    if booted and exited:
        clean, out = fsck_partition(disk, tmp)
        report(f"user/{libc}/{label}/fsck", clean, "fsck.fat -n found problems")
        if not clean:
            sys.stdout.write(indent(out, 20))


def user_tests_of(libc):
    """Boot every wanted test of libc's image as USER_BOOTS says."""
    try:
        tests = mkinitramfs.user_tests(libc)
    except ValueError as e:
        report(f"user/{libc}/build", False, str(e))
        return
    chosen = {b: [t for t in tests if wanted(f"user/{libc}/{b[0]}/{t.name}")]
              for b in USER_BOOTS[libc]}
    needed = {t.name: t for b in chosen for t in chosen[b] if runs_now(t)}
    if not needed:  # nothing to build an image for: just the skips
        for (label, smp, root), selected in chosen.items():
            user_boot(libc, label, smp, root, selected, None, {}, None)
        return
    missing = [t.name for t in tests if not os.path.exists(t.binary)]  # all are in /bin
    image = os.path.join(BUILD, "user", f"initramfs-{libc}.cpio")
    if missing or not os.path.exists(image):
        report(f"user/{libc}/build", False,
               f"not built ({', '.join(missing) or image}): run make user")
        return

    diff_tests = [t for t in needed.values() if t.kind == "diff"]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        references = dict(zip([t.name for t in diff_tests], pool.map(reference_run, diff_tests)))

    with tempfile.TemporaryDirectory(prefix="initramfs-") as tmp:
        for (label, smp, root), selected in chosen.items():
            listed = {t.name for t in selected if runs_now(t)}
            subset = listed and listed != {t.name for t in tests if not t.pending}
            boot_image = image
            try:
                if listed and root == "fat":
                    boot_image = fat_disk(libc, listed if subset else None, tmp, label)
                elif subset:  # a /tests.list with just these
                    boot_image = os.path.join(tmp, f"{label}.cpio")
                    mkinitramfs.user_image(libc, boot_image, listed)
            except (OSError, ValueError, subprocess.CalledProcessError) as e:
                report(f"user/{libc}/{label}/build", False, f"image: {e}")
                continue
            user_boot(libc, label, smp, root, selected, boot_image, references, tmp)


def durability_test(libc="musl"):
    """user/ktests/durable as init: write a file on a FAT32 disk, QEMU
    killed the moment fsync returned ("write"), or some seconds later with
    no fsync at all, once the flusher must have run ("lazy"); the next
    boot on that disk finds the file whole; fsck.fat is clean after."""
    program = os.path.join(BUILD, "user", libc, "durable")
    kernel = os.path.join(BUILD, "kernel.elf")
    for mode, marker in (("write", "durable: synced"), ("lazy", "durable: waited")):
        name = f"user/{libc}/durable/{mode}-kill-reboot"
        if not wanted(name):
            continue
        if not os.path.exists(program):
            report(name, False, f"{program} not built: run make user")
            return
        with tempfile.TemporaryDirectory(prefix="durable-") as tmp:
            arc = mkinitramfs.Archive()
            arc.file("/init", program, 0o755)
            image = os.path.join(tmp, "durable.cpio")
            arc.write(image)
            disk = fat_disk(None, None, tmp, "durable")
            drive = ["-drive", f"file={disk},if=none,format=raw,id=d0",
                     "-device", "virtio-blk-device,drive=d0"]
            text, _, exited = boot(kernel, 2, f"rdinit=/init -- {mode}", initrd=image,
                                   extra=drive, kill_on=marker)
            if marker not in text:
                report(name, False, "the writing boot did not get to its end")
                sys.stdout.write(indent(text, 15))
                continue
            text, _, exited = boot(kernel, 2, "rdinit=/init -- check", initrd=image,
                                   extra=drive)
            ok = exited and "init exited with status 0" in text
            report(name, ok, "the file was not there, whole, after the reboot")
            if not ok:
                sys.stdout.write(indent(text, 15))
            clean, out = fsck_partition(disk, tmp)
            report(f"user/{libc}/durable/{mode}-fsck", clean, "fsck.fat -n found problems")
            if not clean:
                sys.stdout.write(indent(out, 20))


def user_tests():
    for libc in mkinitramfs.LIBCS:
        user_tests_of(libc)
    durability_test()


def main():
    host_tests()
    kernel_tests()
    blk_tests()
    user_tests()
    import console_test  # noqa: E402  (the shell image driven on its console)
    console_test.run(report, wanted)
    suites.run_suites(sys.modules[__name__])
    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed, {len(skipped)} skipped")
    sys.exit(1 if failed else 0)


main()
