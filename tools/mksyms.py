#!/usr/bin/env python3
"""
Make the kernel symbol table for backtraces from `nm -n` output.

  mksyms.py NMFILE        write assembly for .rodata.ksyms to stdout
  mksyms.py --check OLD   (new nm output on stdin) fail if a text symbol moved

The table: ksyms_count, then ksyms_addrs[] (sorted), ksyms_names[] (offsets
into ksyms_strings).
"""
import sys


def text_symbols(lines):
    syms = []
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW" and not parts[2].startswith(".L"):
            syms.append((int(parts[0], 16), parts[2]))
    return sorted(set(syms))


def emit(syms):
    out = ['\t.section .rodata.ksyms, "a"', "\t.balign 8",
           "\t.globl ksyms_count, ksyms_addrs, ksyms_names, ksyms_strings",
           f"ksyms_count:\n\t.dword {len(syms)}", "ksyms_addrs:"]
    out += [f"\t.dword 0x{a:x}" for a, _ in syms]
    out.append("ksyms_names:")
    off = 0
    for _, name in syms:
        out.append(f"\t.word {off}")
        off += len(name) + 1
    out.append("ksyms_strings:")
    out += [f'\t.asciz "{name}"' for _, name in syms]
    return "\n".join(out) + "\n"


def main():
    if sys.argv[1] == "--check":
        old = text_symbols(open(sys.argv[2]))
        new = text_symbols(sys.stdin)
        if old != new:
            sys.exit("mksyms: text symbols moved between link passes")
        return
    lines = [] if sys.argv[1] == "/dev/null" else open(sys.argv[1]).readlines()
    sys.stdout.write(emit(text_symbols(lines)))


main()
