"""
The differential suites of the userland (user/suites/, docs/userland.md),
run by tools/runtests.py: every case must print the same thing and end
with the same exit status inside the kernel as under qemu-riscv64, whose
user mode is Linux's ABI.

1. The reference: the shell image (build/rootfs/rootfs.cpio, `make
   rootfs`) is unpacked into a temporary directory R, where each program
   (a riscv64 ELF file outside /lib, or a link to one) becomes a host
   program (WRAPPER) that runs the same binary under qemu-riscv64,
   argv[0] kept, so that a riscv64 program can run another one without
   binfmt_misc; the other files (the suites, /etc) are copied. Then
   user/suites/run, under qemu-riscv64 as busybox's sh with SUITE_ROOT=R,
   runs each case on its own, two at a time. R in its output reads as /
   (getcwd() gives host paths).
2. The kernel: the same image booted once per -smp setting (SMPS) with
   rdinit=/usr/share/suites/init, which runs every case, each between
   "=== BEGIN"/"=== END" markers, then powers off.
3. Each case is reported as "PASS suite/smpN/KIND/NAME" or FAIL with a
   diff; a case in KNOWN_FAILING is run but reported as SKIP with its
   reason.

Cases must print only what does not depend on the machine: no times,
inode numbers, pids, sizes of directories.
"""
import concurrent.futures
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOTFS = os.path.join(ROOT, "build", "rootfs", "rootfs.cpio")
KERNEL = os.path.join(ROOT, "build", "kernel.elf")
SUITES = "/usr/share/suites"
SMPS = (1, 4)
CASE_TIMEOUT = 120
BOOT_TIMEOUT = 600
CMDLINE_ROOM = 900  # of the kernel's 1024-byte command line

# Cases that differ because the kernel does not do something yet: not
# run in the kernel, and reported as skipped with the reason. With
# RUN_PENDING=1 they run as any other (to see whether one passes now).
KNOWN_FAILING = {
    "coreutils/timeout":
        "events: timer_create and setitimer (musl's alarm) return -ENOSYS, so "
        "timeout(1) never gets its SIGALRM and waits for the command",
}

SUITES_SRC = os.path.join(ROOT, "user", "suites")


# --- the image as a host tree ------------------------------------------------

# A host program standing for a riscv64 one: it runs BINARY under
# qemu-riscv64 with argv[0] the name it was started by, and changes
# nothing else (a shell script would add PWD to the environment).
WRAPPER = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *name = strrchr(argv[0], '/');
	char **args = calloc(argc + 4, sizeof(*args));

	args[0] = QEMU;
	args[1] = "-0";
	args[2] = name ? name + 1 : argv[0];
	args[3] = BINARY;
	memcpy(args + 4, argv + 1, argc * sizeof(*args));
	execv(QEMU, args);
	perror(QEMU);
	return 127;
}
"""


def wrapper(root, binary, qemu):
    """The host wrapper of binary (compiled once per binary)."""
    exe = binary + ".wrapper"
    if not os.path.exists(exe):
        src = os.path.join(root, ".wrapper.c")
        with open(src, "w") as f:
            f.write(WRAPPER)
        subprocess.run(["gcc", "-O2", "-o", exe, f'-DQEMU="{qemu}"',
                        f'-DBINARY="{binary}"', src], check=True)
    return exe

def cpio_entries(path):
    """(name, mode, data) of each entry of a newc archive."""
    with open(path, "rb") as f:
        buf = f.read()
    pos, out = 0, []
    while True:
        hdr = buf[pos:pos + 110]
        if hdr[:6] != b"070701":
            raise ValueError(f"{path}: not a newc archive at {pos}")
        fields = [int(hdr[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = fields[1], fields[6], fields[11]
        name_at = pos + 110
        name = buf[name_at:name_at + namesize - 1].decode()
        data_at = (name_at + namesize + 3) & ~3
        if name == "TRAILER!!!":
            return out
        out.append(("/" + name.lstrip("/"), mode, buf[data_at:data_at + size]))
        pos = (data_at + size + 3) & ~3


def resolve(entries, path, depth=0):
    """The entry a path names, following symbolic links inside the image."""
    entry = entries.get(path)
    if entry is None or not stat.S_ISLNK(entry[0]) or depth > 8:
        return path, entry
    target = entry[1].decode()
    target = os.path.normpath(os.path.join(os.path.dirname(path), target))
    return resolve(entries, target, depth + 1)


def host_tree(image, root):
    """Unpack image into root, programs as qemu-riscv64 wrappers."""
    qemu = shutil.which("qemu-riscv64") or "/usr/bin/qemu-riscv64"
    entries = {name: (mode, data) for name, mode, data in cpio_entries(image)}
    binaries = os.path.join(root, ".riscv64")
    for name, (mode, data) in sorted(entries.items()):
        if name.startswith(("/dev/", "/proc/", "/sys/")):
            continue
        dest = root + name
        if stat.S_ISDIR(mode):
            os.makedirs(dest, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        real, entry = resolve(entries, name)
        if (entry and stat.S_ISREG(entry[0]) and entry[1][:4] == b"\x7fELF"
                and not real.startswith("/lib/")):
            binary = binaries + real
            if not os.path.exists(binary):
                os.makedirs(os.path.dirname(binary), exist_ok=True)
                with open(binary, "wb") as f:
                    f.write(entry[1])
                os.chmod(binary, 0o755)
            os.link(wrapper(root, binary, qemu), dest)
        elif stat.S_ISREG(mode):
            with open(dest, "wb") as f:
                f.write(data)
            os.chmod(dest, stat.S_IMODE(mode))
        elif stat.S_ISLNK(mode) and not data.startswith(b"/"):
            os.symlink(data.decode(), dest)
    os.makedirs(os.path.join(root, "tmp"), exist_ok=True)


def reference_run(root, name):
    """(output, status) of one case under qemu-riscv64."""
    busybox = os.path.join(root, ".riscv64", "bin", "busybox")
    env = {"SUITE_ROOT": root, "PATH": "/usr/bin:/bin"}
    p = subprocess.Popen(["qemu-riscv64", "-0", "sh", busybox,
                          root + SUITES + "/run", name],
                         cwd=root, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    timed_out = False
    try:
        out, _ = p.communicate(timeout=CASE_TIMEOUT)
    except subprocess.TimeoutExpired:
        timed_out = True
        out = b""
    try:  # children the case left behind
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if timed_out:
        p.communicate()
        return "", "timeout"
    return out.decode(errors="replace").replace(root, ""), None


# --- running and judging --------------------------------------------------------

def case_names():
    """Every case, as user/suites/run --list names them."""
    names = []
    for kind in ("busybox", "coreutils"):
        with open(os.path.join(SUITES_SRC, kind + ".list")) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    names.append(f"{kind}/{line.split()[0]}")
    for kind in ("sh", "bash", "lua", "sqlite"):
        for f in sorted(os.listdir(os.path.join(SUITES_SRC, kind))):
            names.append(f"{kind}/{os.path.splitext(f)[0]}")
    return names


def judge(rt, name, run, reference, exited):
    """(ok, why, details) of one case."""
    if run is None:
        return False, "did not run (" + ("boot watchdog fired" if not exited else
                                         "the kernel stopped before it") + ")", ""
    output, status = rt.normalize(run[0]), run[1]
    if status is None:
        return False, "no END: " + ("the boot watchdog fired" if not exited else
                                    "the kernel stopped during it"), rt.indent(output, 15)
    if reference is None:
        return False, "no reference: it did not run under qemu-riscv64", ""
    ref_output, ref_status = reference
    if status != ref_status:
        return False, f"{status}, qemu-riscv64: {ref_status}", rt.short_diff(ref_output, output)
    if output != ref_output:
        return False, "output differs", rt.short_diff(ref_output, output)
    return True, "", ""


def boot_args(names, every):
    """rdinit and init's arguments: every case, or the chosen ones when
    they fit on the command line, or every case but those left out."""
    base = f"rdinit={SUITES}/init --"
    left_out = [n for n in every if n not in names]
    if not left_out:
        return base
    if len(" ".join(names)) <= CMDLINE_ROOM:
        return base + " " + " ".join(names)
    return base + " -x " + " ".join(n for n in left_out if n in KNOWN_FAILING)


def run_suites(rt):
    """Called by tools/runtests.py with itself (rt): report, skip, boot,
    wanted, split_console, normalize, short_diff, indent."""
    every = case_names()
    wanted = {smp: [n for n in every if rt.wanted(f"suite/smp{smp}/{n}")] for smp in SMPS}
    if not any(wanted.values()):
        return
    runnable = {smp: [n for n in wanted[smp] if rt.RUN_PENDING or n not in KNOWN_FAILING]
                for smp in SMPS}
    needed = sorted(set(n for smp in SMPS for n in runnable[smp]))
    if not os.path.exists(ROOTFS):
        rt.report("suite/build", False, f"{ROOTFS} not built: run make rootfs")
        return
    with tempfile.TemporaryDirectory(prefix="suites-") as root:
        try:
            host_tree(ROOTFS, root)
        except (OSError, ValueError) as e:
            rt.report("suite/build", False, f"the host tree of {ROOTFS}: {e}")
            return

        def one(name):
            out, timeout = reference_run(root, name)
            if timeout:
                return name, ("", "timeout")
            runs, _ = rt.split_console(out)
            got = runs.get(name)
            return name, (rt.normalize(got[0]), got[1]) if got else None

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            references = dict(pool.map(one, needed))

    for smp in SMPS:
        suite_boot(rt, smp, wanted[smp], runnable[smp], every, references)


def suite_boot(rt, smp, names, runnable, every, references):
    """Boot once, running the runnable cases; judge every wanted one."""
    runs, done, exited, secs, text = {}, True, True, 0, ""
    if runnable:
        append = boot_args(runnable, every)
        text, secs, exited = rt.boot(KERNEL, smp, append, timeout=BOOT_TIMEOUT, initrd=ROOTFS)
        runs, done = rt.split_console(text)
    for name in names:
        full = f"suite/smp{smp}/{name}"
        if name not in runnable:
            rt.skip(full, f"known failing: {KNOWN_FAILING[name]}")
            continue
        ok, why, details = judge(rt, name, runs.get(name), references.get(name), exited)
        if name in KNOWN_FAILING:
            rt.skip(full, f"known failing: {KNOWN_FAILING[name]}"
                    + (" (passes now: take it off KNOWN_FAILING)" if ok else ""))
            continue
        rt.report(full, ok, why)
        if details:
            print(details, end="")
    if not runnable:
        return
    if not done and not rt.VERBOSE:
        print(f"--- suite/smp{smp}: the runner did not finish"
              f"{'' if exited else ' (boot watchdog)'}; the console's end:")
        print(rt.indent(text, 25), end="")
    print(f"--- suite/smp{smp}: {len(names)} cases in {secs:.0f} s", flush=True)
