#!/usr/bin/env python3
"""
The interactive console test: boot the shell image (build/rootfs/rootfs.cpio)
under QEMU with the console on a pipe and use it as a person would: type
commands into busybox ash, wait for what the screen shows, press Ctrl-C,
Ctrl-Z and Backspace, edit a file in vi. Each step is one result,
console/smpN/STEP; the first step that fails ends that boot.

What it checks of the terminal (drivers/tty): the shell starts with job
control on (no "can't access tty"); canonical line editing (Backspace,
^W, ^U) and echo, through ash's `read`; `sleep 100 &` and `jobs`; Ctrl-C
ends a running `cat` (SIGINT to the foreground group, echoed as ^C);
Ctrl-Z stops one (SIGTSTP) and `fg` brings it back, `bg` runs a stopped
job on in the background; a background `cat` that reads the terminal
stops with SIGTTIN; vi in raw mode edits and saves a file; `exit` ends
the shell and init, and the kernel powers off.

Run by tools/runtests.py (TESTS=console), or alone:
    python3 tools/console_test.py [SMP...]
(VERBOSE=1: show the console; APPEND="...": kernel command line words.)
It prints the seconds from QEMU's start to the first prompt.
"""
import os
import re
import select
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = os.path.join(ROOT, "build", "kernel.elf")
ROOTFS = os.path.join(ROOT, "build", "rootfs", "rootfs.cpio")
BOOT_TIMEOUT = 300      # to the first prompt (a slow, shared machine)
STEP_TIMEOUT = 120      # for each step's screen text
PROMPT = r":[^\n]*# $"             # ash's, "riscv:~# ", at the end of the screen


class Failed(Exception):
    pass


class Console:
    """QEMU with the console on pipes: send keys, wait for screen text."""

    def __init__(self, smp, verbose=False):
        cmd = ["qemu-system-riscv64", "-machine", "virt", "-nographic", "-bios", "default",
               "-smp", str(smp), "-m", "512M", "-kernel", KERNEL, "-initrd", ROOTFS,
               "-append", os.environ.get("APPEND", "")]
        self.start = time.monotonic()
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.text = ""          # everything so far, "\r\n" as "\n"
        self.pos = 0            # where the next expect starts looking
        self.verbose = verbose

    def _read(self, timeout):
        ready, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not ready:
            return True
        chunk = os.read(self.p.stdout.fileno(), 65536)
        if not chunk:
            return False
        s = chunk.decode(errors="replace")
        if self.verbose:
            sys.stdout.write(s)
            sys.stdout.flush()
        self.text += s
        return True

    def expect(self, pattern, timeout=STEP_TIMEOUT, what=None):
        """Wait for regex pattern after the last match; returns the match."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.text, self.pos)
            if m:
                self.pos = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(min(left, 1.0)):
                if left > 0:  # QEMU ended
                    m = rx.search(self.text, self.pos)
                    if m:
                        self.pos = m.end()
                        return m
                raise Failed(f"no {what or repr(pattern)} on the screen")

    def send(self, keys):
        self.p.stdin.write(keys.encode())
        self.p.stdin.flush()

    def command(self, line, pattern, what=None):
        """Type a command line, wait for pattern, then for the prompt."""
        self.send(line + "\r")
        m = self.expect(pattern, what=what)
        self.expect(PROMPT, what="the prompt after " + repr(line))
        return m

    def tail(self, n=25):
        lines = self.text.replace("\r\n", "\n").split("\n")[-n:]
        return "".join(f"    {line}\n" for line in lines)

    def close(self):
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait()


def steps(c):
    """(name, function) in order; each raises Failed."""
    def prompt():
        c.expect(PROMPT, timeout=BOOT_TIMEOUT, what="the first prompt")
        c.prompt_secs = time.monotonic() - c.start
        if re.search(r"can't access tty|job control turned off", c.text):
            raise Failed("ash says: job control turned off")

    def typing():
        c.command("echo hel''lo $((6*7))", r"\nhello 42\r?\n")

    def line_editing():
        # ash's read takes the kernel's canonical line: BS, ^W and ^U edit
        # it (typed once read's prompt shows: ash's own editing is done)
        c.send("p=lin; read -p \"${p}e? \" v; echo \"[$v]\"\r")
        c.expect(r"line\? ", what="read's prompt")
        c.send("abx\x7fc dd\x17ef\r")
        c.expect(r"\[abc ef\]", what="[abc ef] (Backspace and ^W in a canonical read)")
        c.expect(PROMPT)
        c.send("p=lin; read -p \"${p}e? \" v; echo \"[$v]\"\r")
        c.expect(r"line\? ", what="read's prompt")
        c.send("junk\x15good\r")
        c.expect(r"\[good\]", what="[good] (^U in a canonical read)")
        c.expect(PROMPT)

    def background_job():
        c.send("sleep 100 &\r")
        c.expect(PROMPT)
        c.command("jobs", r"\[1\]\+\s+Running\s+sleep 100", what="jobs listing sleep 100")

    # A foreground job says "go" once it runs, in the foreground group
    # (ash gives the terminal to a job before it runs the command), so
    # keys typed after that reach it and not the shell.
    def fg_job(cmd):
        c.send(f"sh -c 'echo go; exec {cmd}'\r")
        c.expect(r"\ngo\r?\n", what=f"{cmd} starting")

    def ctrl_c():
        fg_job("cat")
        c.send("ping\r")
        c.expect(r"ping\r?\nping\r?\n", what="cat's echo of ping")
        c.send("\x03")
        c.expect(r"\^C", what="^C echoed")
        c.expect(PROMPT, what="the prompt after Ctrl-C")
        c.command("echo status=$?", r"status=130", what="status 130 (SIGINT)")

    def ctrl_z_fg():
        fg_job("cat")
        c.send("one\r")
        c.expect(r"one\r?\none\r?\n", what="cat's echo of one")
        c.send("\x1a")
        c.expect(r"\^Z", what="^Z echoed")
        c.expect(r"\[2\]\+\s+Stopped\s+sh -c", what="[2]+ Stopped")
        c.expect(PROMPT)
        c.send("fg\r")
        c.expect(r"\nsh -c[^\n]*cat", what="fg naming the job")
        c.send("two\r")
        c.expect(r"two\r?\ntwo\r?\n", what="cat running again after fg")
        c.send("\x04")
        c.expect(PROMPT, what="the prompt after Ctrl-D ended cat")

    def bg():
        fg_job("sleep 200")
        c.send("\x1a")
        c.expect(r"\[2\]\+\s+Stopped\s+sh -c[^\n]*sleep 200", what="[2]+ Stopped sleep 200")
        c.expect(PROMPT)
        c.command("bg", r"\[2\] sh -c[^\n]*sleep 200", what="bg naming the job")
        c.command("jobs", r"\[2\]\+\s+Running\s+sh -c[^\n]*sleep 200",
                  what="sleep 200 running after bg")

    def ttin():
        c.send("cat &\r")
        c.expect(PROMPT)
        c.command("sleep 1; jobs", r"\[3\]\+\s+Stopped \(tty input\)\s+cat",
                  what="the background cat stopped by SIGTTIN")
        c.command("kill %1 %2 %3; wait", r"Terminated", what="the jobs killed")

    def vi():
        # keys as a person types them: each waits for vi's answer on the
        # status line ("I" inserting, "-" in command mode), so that ESC
        # is not taken as the start of an escape sequence
        c.send("vi /tmp/notes.txt\r")
        c.expect(r"- /tmp/notes.txt", what="vi's screen")
        c.send("i")
        c.expect(r"I /tmp/notes.txt", what="vi inserting")
        c.send("hello from vi")
        c.expect(r"ello from vi", what="the typed text")
        c.send("\x1b")
        c.expect(r"- /tmp/notes.txt \[Modified\]", what="vi back in command mode")
        c.send("o")
        c.expect(r"I /tmp/notes.txt \[Modified\] 2/2", what="vi opening line 2")
        c.send("two\x7f\x7fwo lines")
        c.expect(r"wo lines", what="the second line")
        c.send("\x1b")
        c.expect(r"- /tmp/notes.txt \[Modified\] 2/2", what="vi back in command mode")
        c.send(":wq\r")
        c.expect(r"'/tmp/notes.txt' 2L, 24C", what="vi writing the file")
        c.expect(PROMPT, what="the prompt after :wq")
        c.command("cat /tmp/notes.txt", r"hello from vi\r?\ntwo lines\r?\n",
                  what="the file vi wrote")

    def stty():
        c.command("stty -a", r"speed 115200 baud;[\s\S]*intr = \^C; quit = \^\\; erase = \^\?; "
                  r"kill = \^U; eof = \^D;[\s\S]*icanon iexten echo echoe echok", what="stty -a")

    def exit_shell():
        c.send("exit\r")
        c.expect(r"init exited with status 0", what="init exiting after the shell")

    return [("prompt", prompt), ("typing", typing), ("line-editing", line_editing),
            ("background-job", background_job), ("ctrl-c", ctrl_c), ("ctrl-z-fg", ctrl_z_fg),
            ("bg", bg), ("sigttin", ttin), ("vi", vi), ("stty", stty), ("exit", exit_shell)]


def run(report, wanted=lambda name: True, smps=(1, 4), verbose=False):
    """Boot once per -smp; report(name, ok, why) each step."""
    for smp in smps:
        base = f"console/smp{smp}"
        if not wanted(base + "/"):
            continue
        if not os.path.exists(ROOTFS):
            report(base, False, f"{ROOTFS} not built: run make rootfs")
            continue
        c = Console(smp, verbose)
        try:
            for name, fn in steps(c):
                try:
                    fn()
                except Failed as e:
                    report(f"{base}/{name}", False, str(e))
                    if not verbose:
                        sys.stdout.write(c.tail())
                    break
                report(f"{base}/{name}", True)
                if name == "prompt":
                    print(f"    {base}: {c.prompt_secs:.1f} s from QEMU's start to the prompt")
        finally:
            c.close()


def main():
    smps = [int(a) for a in sys.argv[1:]] or [1, 4]
    results = []

    def report(name, ok, why=""):
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'} {name}{'' if ok else ': ' + why}", flush=True)
    run(report, smps=smps, verbose=os.environ.get("VERBOSE") == "1")
    sys.exit(0 if results and all(results) else 1)


if __name__ == "__main__":
    main()
