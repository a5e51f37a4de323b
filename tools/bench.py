#!/usr/bin/env python3
"""
`make bench`: the kernel against Linux 6.1 on the same QEMU machine, in
the same run (docs/bench.md).

    tools/bench.py [--only ours|linux] [--kernel ELF] [--linux IMAGE]
                   [--runs N] [--profile | --profile-boot] [--icount] [--out DIR]
                   [--timeout S] [ROW ...]
    tools/bench.py --plot CSV PNG

Both kernels boot with one command line,

    qemu-system-riscv64 -machine virt -m 512M -smp 1 -bios default
        -nographic -kernel KERNEL -initrd initramfs.cpio
        -append "console=ttyS0 rdinit=/init quiet [-- ROW ...]"
        -drive file=disk.img,... -device virtio-blk-device,...

the same initramfs (/init is build/bench/bench, user/bench/, beside
/bin/bench-nop) and each a fresh copy of the same disk (a FAT32
partition, /dev/vda1, and an ext4 one, /dev/vda2). Linux is
tools/build-linux.sh's Image (built once, cached); ours is
build/kernel.elf. The benchmark prints "BENCH <name> <value> <unit>"
lines and powers off; this script also times the boot, from starting
QEMU to the benchmark's first line (boot_host). The kernels boot in
turn, RUNS times each (default 2), and each row keeps its best value,
so that a burst of other work on the host hurts neither side alone.

Out: a table on stdout, DIR/bench.csv, DIR/bench.md (the table in
Markdown), DIR/bench.png (the ratios, log scale; needs
python3-matplotlib) and each kernel's console log, DIR/ours.log and
DIR/linux.log. The ratio is ours/Linux as a cost, so
lower is better everywhere: a time divided by Linux's time, and for the
MB/s rows Linux's throughput divided by ours. A row a kernel cannot do
is n/a, with the reason, and has no ratio. ROW words run only the rows
whose names start with them.

--profile samples the program counter through QEMU's monitor while the
benchmark runs and prints the hottest functions (kernel symbols from the
ELF, or from System.map beside a Linux Image); --profile-boot does the
same from QEMU's start to the benchmark's first line. --icount runs QEMU with
-icount shift=0: the guest's clock then counts instructions, so a row's
"us" reads as thousands of instructions executed (path length, without
the cost of QEMU's own work such as translating code or refilling its
TLB), and takes much longer in real time.
"""
import argparse
import csv
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = os.path.join(ROOT, "tools")

QEMU = ["qemu-system-riscv64", "-machine", "virt", "-m", "512M", "-smp", "1",
        "-bios", "default", "-nographic"]
APPEND = "console=ttyS0 rdinit=/init quiet"
KERNELS = ("ours", "linux")
DISK_PART_MB = 64

INITRAMFS_SPEC = """\
dir /bin 0755
dir /dev 0755
dir /proc 0555
dir /tmp 1777
dir /mnt 0755
nod /dev/console 0600 c 5 1
nod /dev/null 0666 c 1 3
nod /dev/zero 0666 c 1 5
file /init {out}/bench 0755
file /bin/bench-nop {out}/bench-nop 0755
"""


def run(cmd, **kw):
    subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def make_initramfs(out):
    """The one image both kernels boot: the benchmark as /init."""
    with tempfile.NamedTemporaryFile("w", suffix=".spec", dir=out, delete=False) as f:
        f.write(INITRAMFS_SPEC.format(out=os.path.relpath(out, ROOT)))
        spec = f.name
    try:
        image = os.path.join(out, "initramfs.cpio")
        run([sys.executable, os.path.join(TOOLS, "mkinitramfs.py"), "-o", image, spec])
    finally:
        os.unlink(spec)
    return image


def make_disk(out):
    """An empty FAT32 partition and an empty ext4 one, on an MBR disk."""
    empty = tempfile.mkdtemp(dir=out)
    fat, ext4 = os.path.join(out, "fat.img"), os.path.join(out, "ext4.img")
    disk = os.path.join(out, "disk.img")
    try:
        run([os.path.join(TOOLS, "mkfat.sh"), empty, fat, str(DISK_PART_MB)])
        run([os.path.join(TOOLS, "mkext4.sh"), empty, ext4, str(DISK_PART_MB)])
        run([sys.executable, os.path.join(TOOLS, "mkdisk.py"), disk,
             f"image={fat},type=fat32", f"image={ext4},type=linux"],
            stdout=subprocess.DEVNULL)
    finally:
        os.rmdir(empty)
        for f in (fat, ext4):
            if os.path.exists(f):
                os.unlink(f)
    return disk


def linux_image():
    """tools/build-linux.sh's Image: built now unless cached."""
    r = subprocess.run([os.path.join(TOOLS, "build-linux.sh")], cwd=ROOT,
                       stdout=subprocess.PIPE, text=True, check=True)
    return r.stdout.strip().splitlines()[-1]


def boot(kernel, initramfs, disk, rows, log_path, timeout, profile=None, icount=False):
    """Boot one kernel; returns ({name: (value, unit)}, [names in order], error).
    With profile "rows", sample the pc while the benchmark runs, with "boot"
    from QEMU's start to the benchmark's first line; print where it was."""
    append = APPEND + (" -- " + " ".join(rows) if rows else "")
    cmd = QEMU + ["-kernel", kernel, "-initrd", initramfs, "-append", append,
                  "-drive", f"file={disk},if=none,format=raw,id=d0",
                  "-device", "virtio-blk-device,drive=d0"]
    if icount:
        cmd += ["-icount", "shift=0"]
    monitor = log_path + ".monitor"
    if profile:
        cmd += ["-monitor", f"unix:{monitor},server,nowait", "-serial", "stdio",
                "-display", "none"]
        cmd.remove("-nographic")
    results, order, error = {}, [], None
    sampler = None
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    if profile == "boot":
        sampler = Sampler(monitor)
    buf = b""
    with open(log_path, "wb") as log:
        log.write((" ".join(cmd) + "\n").encode())
        while True:
            left = start + timeout - time.monotonic()
            if left <= 0:
                proc.kill()
                error = f"timed out after {timeout} s"
                break
            ready, _, _ = select.select([proc.stdout], [], [], min(left, 1.0))
            if not ready:
                continue
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                break
            log.write(data)
            log.flush()
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                text = line.decode(errors="replace").strip()
                if text == "BENCH-INIT" and "boot_host" not in results:
                    results["boot_host"] = (round((time.monotonic() - start) * 1000, 1), "ms")
                    order.append("boot_host")
                    if profile == "boot":
                        sampler.stop()
                    elif profile:
                        sampler = Sampler(monitor)
                elif text == "BENCH-DONE" and sampler:
                    sampler.stop()
                elif text.startswith("BENCH "):
                    parse_row(text, results, order)
    proc.wait()
    if sampler:
        sampler.stop()
        print_profile(kernel, sampler.samples)
    if os.path.exists(monitor):
        os.unlink(monitor)
    if error is None and "BENCH-DONE" not in (open(log_path, errors="replace").read()):
        error = f"QEMU exited ({proc.returncode}) before the benchmark finished"
    return results, order, error


class Sampler:
    """Where the CPU is: the pc, read through QEMU's monitor every period."""

    def __init__(self, sock_path, period=0.002):
        import socket
        import threading
        self.samples = []
        self.period = period
        self.sock = socket.socket(socket.AF_UNIX)
        for _ in range(100):
            try:
                self.sock.connect(sock_path)
                break
            except OSError:
                time.sleep(0.05)
        self.sock.settimeout(5)
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def command(self, cmd):
        self.sock.sendall(cmd.encode() + b"\n")
        data = b""
        while not data.endswith(b"(qemu) "):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError("monitor closed")
            data += chunk
        return data.decode(errors="replace")

    def run(self):
        try:
            self.command("")
            while self.running:
                for line in self.command("info registers").splitlines():
                    words = line.split()
                    if len(words) == 2 and words[0] == "pc":
                        self.samples.append(int(words[1], 16))
                time.sleep(self.period)
        except OSError:
            pass

    def stop(self):
        self.running = False
        self.thread.join(timeout=5)
        self.sock.close()


def symbols(kernel):
    """Sorted (address, name) of kernel's text symbols (an ELF, or a System.map)."""
    if kernel.endswith(".elf"):
        text = subprocess.run(["riscv64-linux-gnu-nm", "-n", kernel], stdout=subprocess.PIPE,
                              text=True, check=True).stdout
    else:
        smap = os.path.join(os.path.dirname(kernel), "System.map")
        if not os.path.exists(smap):
            return []
        text = open(smap).read()
    syms = []
    for line in text.splitlines():
        words = line.split()
        if len(words) == 3 and words[1] in "tTwW":
            syms.append((int(words[0], 16), words[2]))
    return syms


def print_profile(kernel, samples, top=30):
    import bisect
    syms = symbols(kernel)
    addrs = [a for a, _ in syms]
    counts = {}
    for pc in samples:
        if FIRMWARE[0] <= pc < FIRMWARE[1]:
            name = "(OpenSBI)"
        elif pc < 1 << 63:
            name = "(user, or the kernel before its MMU is on)"
        else:
            i = bisect.bisect_right(addrs, pc) - 1
            name = syms[i][1] if i >= 0 else f"{pc:#x}"
        counts[name] = counts.get(name, 0) + 1
    total = len(samples) or 1
    print(f"{len(samples)} samples of the pc")
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{100.0 * n / total:6.1f}%  {name}")


def parse_row(text, results, order):
    """ "BENCH name value unit" or "BENCH name n/a why" """
    words = text.split(None, 3)
    if len(words) < 3:
        return
    name = words[1]
    if words[2] == "n/a":
        results[name] = (None, words[3] if len(words) > 3 else "")
    else:
        try:
            results[name] = (float(words[2]), words[3] if len(words) > 3 else "")
        except ValueError:
            return
    if name not in order:
        order.append(name)


def merge(best, results):
    """Keep each row's best value over the runs: the least time, the most MB/s."""
    for name, new in results.items():
        old = best.get(name)
        if old is None or old[0] is None:
            best[name] = new
        elif new[0] is not None and (new[0] > old[0] if new[1] == "MB/s" else new[0] < old[0]):
            best[name] = new


def ratio(ours, linux):
    """ours/Linux as a cost: lower is better; None when either is missing."""
    if not ours or not linux or ours[0] is None or linux[0] is None:
        return None
    if ours[0] <= 0 or linux[0] <= 0:
        return None
    if ours[1] == "MB/s":
        return linux[0] / ours[0]
    return ours[0] / linux[0]


def show(value):
    if value is None:
        return "-"
    if value[0] is None:
        return "n/a"
    v = value[0]
    text = f"{v:.3f}" if v < 10 else f"{v:.1f}" if v < 10000 else f"{v:.0f}"
    return f"{text} {value[1]}"


def table(order, res):
    """Rows: (name, ours, linux, ratio, note)."""
    rows = []
    for name in order:
        o, l = res["ours"].get(name), res["linux"].get(name)
        notes = []
        for label, v in (("ours", o), ("Linux", l)):
            if v and v[0] is None:
                notes.append(f"{label}: {v[1]}")
        rows.append((name, o, l, ratio(o, l), "; ".join(notes)))
    return rows


def print_table(rows):
    w = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{w}}  {'ours':>14}  {'Linux':>14}  {'ours/Linux':>10}")
    for name, o, l, r, note in rows:
        rt = f"{r:.2f}" if r is not None else "-"
        line = f"{name:<{w}}  {show(o):>14}  {show(l):>14}  {rt:>10}"
        print(line + (f"  ({note})" if note else ""))
    print("ours/Linux is a cost ratio, lower is better: time over time, and for"
          " MB/s rows Linux's throughput over ours.")


def write_markdown(path, rows):
    """The table as docs/bench.md shows it."""
    with open(path, "w") as f:
        f.write("| benchmark | ours | Linux 6.1 | ours/Linux |\n| --- | ---: | ---: | ---: |\n")
        for name, o, l, r, note in rows:
            rt = f"{r:.2f}" if r is not None else "-"
            f.write(f"| {name} | {show(o)} | {show(l)} | {rt} |\n")
        notes = [f"- `{name}`: {note}\n" for name, _, _, _, note in rows if note]
        if notes:
            f.write("\n" + "".join(notes))


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["benchmark", "unit", "ours", "linux", "ratio_ours_over_linux", "note"])
        for name, o, l, r, note in rows:
            units = [v[1] for v in (o, l) if v and v[0] is not None]
            unit = units[0] if units else ""
            w.writerow([name, unit,
                        "n/a" if not o or o[0] is None else o[0],
                        "n/a" if not l or l[0] is None else l[0],
                        "" if r is None else f"{r:.3f}", note])


FIRMWARE = (0x80000000, 0x80200000)	# OpenSBI's memory on QEMU virt; kernels start above
SYSTEM_PYTHON = "/usr/bin/python3"	# where Debian's python3-matplotlib is


def plot(png, csv_path):
    """Draw the ratios of csv_path into png: a log-scale bar chart, 1.0 marked."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        # another python3 first on PATH: Debian's has the package
        if os.path.exists(SYSTEM_PYTHON) and os.path.realpath(sys.executable) != \
                os.path.realpath(SYSTEM_PYTHON):
            subprocess.run([SYSTEM_PYTHON, os.path.abspath(__file__), "--plot", csv_path, png])
        else:
            print("bench: no matplotlib (tools/setup.sh bench installs python3-matplotlib);"
                  " no chart", file=sys.stderr)
        return
    with open(csv_path, newline="") as f:
        data = [(r["benchmark"], float(r["ratio_ours_over_linux"]))
                for r in csv.DictReader(f) if r["ratio_ours_over_linux"]]
    if not data:
        return
    names = [n for n, _ in data][::-1]
    ratios = [r for _, r in data][::-1]
    colors = ["tab:green" if r <= 1.0 else "tab:red" for r in ratios]
    fig, ax = plt.subplots(figsize=(9, 0.28 * len(data) + 1.5))
    ax.barh(names, ratios, color=colors)
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_xlabel("ours / Linux 6.1 (cost ratio, log scale; lower is better,"
                  " MB/s rows inverted)")
    ax.set_title("Kernel vs Linux 6.1, same QEMU virt machine (-smp 1 -m 512M)")
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=100)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description="benchmark the kernel against Linux 6.1")
    ap.add_argument("--only", choices=KERNELS, help="boot only this kernel")
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "kernel.elf"))
    ap.add_argument("--linux", help="Linux Image (default: tools/build-linux.sh's)")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--runs", type=int, default=2,
                    help="boot each kernel this many times, in turn, and keep each row's best")
    ap.add_argument("--timeout", type=int, default=900, help="seconds a boot may take")
    ap.add_argument("--profile", action="store_true",
                    help="sample the pc through QEMU's monitor and print the hottest functions")
    ap.add_argument("--profile-boot", action="store_true",
                    help="the same for the boot, up to the benchmark's first line"
                         " (then runs only the getpid row)")
    ap.add_argument("--icount", action="store_true",
                    help="QEMU's -icount shift=0: the guest's clock counts instructions"
                         " (1 ns each), so \"us\" reads as thousands of instructions")
    ap.add_argument("--plot", nargs=2, metavar=("CSV", "PNG"),
                    help="only draw the chart of an earlier run's CSV")
    ap.add_argument("rows", nargs="*", help="only rows whose names start with these")
    args = ap.parse_args()
    if args.plot:
        plot(args.plot[1], args.plot[0])
        return

    out = os.path.abspath(args.out)
    profile = "boot" if args.profile_boot else "rows" if args.profile else None
    if args.profile_boot:
        args.rows = ["getpid"]
    for prog in ("bench", "bench-nop"):
        if not os.path.exists(os.path.join(out, prog)):
            sys.exit(f"bench: no {out}/{prog} (make bench builds it)")
    kernels = {"ours": os.path.abspath(args.kernel)}
    if args.only != "ours":
        kernels["linux"] = args.linux or linux_image()
    if args.only == "linux":
        del kernels["ours"]

    initramfs = make_initramfs(out)
    disk = make_disk(out)
    res = {k: {} for k in KERNELS}
    order = []
    failed = False
    for run in range(1, args.runs + 1):
        for name, kernel in kernels.items():
            copy = os.path.join(out, f"disk-{name}.img")
            shutil.copyfile(disk, copy)
            where = os.path.relpath(kernel, ROOT) if kernel.startswith(ROOT) else kernel
            print(f"bench: booting {name} ({where}), run {run} of {args.runs}",
                  file=sys.stderr, flush=True)
            log = os.path.join(out, f"{name}.log" if run == 1 else f"{name}.{run}.log")
            results, names, error = boot(kernel, initramfs, copy, args.rows, log,
                                         args.timeout, profile, args.icount)
            os.unlink(copy)
            merge(res[name], results)
            order += [n for n in names if n not in order]
            if error:
                print(f"bench: {name}: {error} (see {log})", file=sys.stderr)
                failed = True
    os.unlink(disk)

    rows = table(order, res)
    if not rows:
        sys.exit("bench: no results")
    print_table(rows)
    write_csv(os.path.join(out, "bench.csv"), rows)
    write_markdown(os.path.join(out, "bench.md"), rows)
    plot(os.path.join(out, "bench.png"), os.path.join(out, "bench.csv"))
    print(f"bench: results in {os.path.relpath(out, ROOT)}/", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
