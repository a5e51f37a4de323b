#!/usr/bin/env python3
"""
Build a raw disk image with an MBR or GPT partition table, without root
and without partitioning tools, and copy file system images into its
partitions.

    tools/mkdisk.py OUT [--table mbr|gpt] [--size SIZE] [--sector-size 512|4096]
                        [--align SECTORS] [--id TEXT] [-f SPECFILE] [PART ...]

Each PART (or each line of SPECFILE; '#' starts a comment) is a list of
key=value items separated by commas:

    size=SIZE     length; the last partition may leave it out (to the end
                  of the disk); with image= it defaults to the image's size
    start=SECTOR  first sector (default: the next free one, aligned)
    type=TYPE     MBR: a hex byte or linux, swap, fat32, efi, extended;
                  GPT: a GUID or linux, swap, efi, home, msdata (default linux)
    image=FILE    copy FILE to the start of the partition (it must fit)
    number=N      GPT: the entry number (gaps stay empty; default the next)
    name=TEXT     GPT: the partition name
    logical       MBR: a logical partition in the extended one before it
    bootable      MBR: set the boot indicator

SIZE and SECTOR are numbers of sectors, or bytes with a K, M, G or T
(binary) suffix. MBR: primaries take numbers 1-4 in order, an extended
entry holds the logical partitions that follow it (numbered from 5 by
Linux), each preceded by its EBR one alignment unit before it. GPT: a
protective MBR, 128 entries, and the backup header and entries at the end.
Unique GUIDs derive from --id (default: OUT's name), so images are
reproducible.
"""
import argparse
import os
import re
import struct
import sys
import uuid
import zlib

MBR_TYPES = {"linux": 0x83, "swap": 0x82, "fat32": 0x0c, "efi": 0xef, "extended": 0x05}
GPT_TYPES = {
    "linux": "0FC63DAF-8483-4772-8E79-3D69D8477DE4",
    "swap": "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F",
    "efi": "C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
    "home": "933AC7E1-2EB4-4F13-B844-0E14E2AEF915",
    "msdata": "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7",
}
EXTENDED = (0x05, 0x0f, 0x85)
GPT_ENTRIES = 128
GPT_ENTRY_SIZE = 128
GPT_HEADER_SIZE = 92
GPT_REVISION = 0x00010000
ID_NAMESPACE = uuid.UUID("5c0d6f3a-6a53-4f36-9a51-64b1c1d7e2a1")


class SpecError(Exception):
    pass


def parse_size(text, sector):
    """Sectors: a plain number, or bytes with a binary suffix."""
    m = re.fullmatch(r"(\d+)([KMGT]?)(i?B)?", text.strip(), re.I)
    if not m:
        raise SpecError(f"bad size {text!r}")
    n = int(m.group(1))
    if not m.group(2):
        return n
    nbytes = n << (10 * " KMGT".index(m.group(2).upper()))
    if nbytes % sector:
        raise SpecError(f"{text} is not a multiple of the {sector}-byte sector")
    return nbytes // sector


class Part:
    def __init__(self, spec, sector):
        self.size = self.start = self.image = self.number = None
        self.type = None
        self.name = ""
        self.logical = self.bootable = False
        for item in filter(None, (s.strip() for s in spec.split(","))):
            key, _, value = item.partition("=")
            if key in ("size", "start"):
                setattr(self, key, parse_size(value, sector))
            elif key == "type":
                self.type = value
            elif key == "image":
                self.image = value
            elif key == "number":
                self.number = int(value)
            elif key == "name":
                self.name = value
            elif key in ("logical", "bootable") and not value:
                setattr(self, key, True)
            else:
                raise SpecError(f"unknown item {item!r} in {spec!r}")
        if self.image:
            isize = os.path.getsize(self.image)
            need = -(-isize // sector)
            if self.size is None:
                self.size = need
            elif need > self.size:
                raise SpecError(f"{self.image} ({isize} bytes) does not fit in {spec!r}")


def align_up(x, a):
    return -(-x // a) * a


def disk_sectors(args, last_end):
    if args.size:
        return parse_size(args.size, args.sector_size)
    tail = 0 if args.table == "mbr" else gpt_table_sectors(args.sector_size) + 1
    return align_up(last_end + tail, (1 << 20) // args.sector_size)


def gpt_table_sectors(sector):
    return GPT_ENTRIES * GPT_ENTRY_SIZE // sector


def place(parts, first, limit, align):
    """Fill in start and size; returns the end of the last partition."""
    pos = first
    for i, p in enumerate(parts):
        if p.start is None:
            p.start = align_up(pos, align)
        if p.size is None:
            if i != len(parts) - 1 or limit is None:
                raise SpecError("only the last partition may leave out its size")
            p.size = limit - p.start
        if p.size <= 0 or p.start < pos:
            raise SpecError(f"partition {i + 1} overlaps or is empty")
        pos = p.start + p.size
    if limit is not None and pos > limit:
        raise SpecError(f"the partitions end at sector {pos}, past {limit}")
    return pos


# --- MBR -------------------------------------------------------------------------

def mbr_entry(boot, ptype, start, size):
    if start >= 1 << 32 or size >= 1 << 32:
        raise SpecError("MBR partitions must stay below 2 TiB (32-bit sectors)")
    # CHS fields: the "too big" value modern tools write (LBA is what counts)
    return struct.pack("<B3sB3sII", 0x80 if boot else 0, b"\xfe\xff\xff", ptype,
                       b"\xfe\xff\xff", start, size)


def mbr_type(p):
    t = p.type or "linux"
    return MBR_TYPES[t] if t in MBR_TYPES else int(t, 16)


def sector_image(entries, sector):
    data = bytearray(sector)
    for i, e in enumerate(entries):
        data[0x1be + 16 * i:0x1be + 16 * (i + 1)] = e
    data[510:512] = b"\x55\xaa"
    return bytes(data)


def build_mbr(parts, args):
    """{sector: bytes} of the tables; parts get start and size."""
    align = args.align
    primaries, ext = [], None
    for p in parts:
        if p.logical:
            if ext is None:
                raise SpecError("a logical partition needs an extended one before it")
            ext.logicals.append(p)
        else:
            if p.number:
                raise SpecError("number= is for GPT")
            p.logicals = []
            primaries.append(p)
            if mbr_type(p) in EXTENDED:
                ext = p
    if len(primaries) > 4:
        raise SpecError("an MBR holds 4 primary partitions")
    total = parse_size(args.size, args.sector_size) if args.size else None
    pos = align
    for i, p in enumerate(primaries):
        if p.start is None:
            p.start = align_up(pos, align)
        if p.logicals:
            # each logical: its EBR, then the data one alignment unit on
            lpos = p.start
            for q in p.logicals:
                if q.start is None:
                    q.start = align_up(lpos, align) + align
                q.ebr = q.start - align if q.start - align >= lpos else lpos
                if q.ebr >= q.start:
                    raise SpecError("a logical partition needs room for its EBR before it")
                if q.size is None:
                    raise SpecError("logical partitions need a size")
                lpos = q.start + q.size
            if p.size is None:
                p.size = align_up(lpos, align) - p.start
            if lpos > p.start + p.size:
                raise SpecError("the logical partitions overflow the extended one")
        elif p.size is None:
            if i != len(primaries) - 1 or total is None:
                raise SpecError("only the last partition may leave out its size (give --size)")
            p.size = total - p.start
        if p.size <= 0 or p.start < pos:
            raise SpecError(f"partition {i + 1} overlaps or is empty")
        pos = p.start + p.size
    tables = {0: sector_image([mbr_entry(p.bootable, mbr_type(p), p.start, p.size)
                               for p in primaries], args.sector_size)}
    for p in primaries:
        for k, q in enumerate(p.logicals):
            entries = [mbr_entry(q.bootable, mbr_type(q), q.start - q.ebr, q.size)]
            if k + 1 < len(p.logicals):
                n = p.logicals[k + 1]
                entries.append(mbr_entry(False, 0x05, n.ebr - p.start, n.start + n.size - n.ebr))
            tables[q.ebr] = sector_image(entries, args.sector_size)
    return tables, pos


# --- GPT -------------------------------------------------------------------------

def gpt_type(p):
    t = p.type or "linux"
    return uuid.UUID(GPT_TYPES.get(t, t))


def gpt_header(my_lba, alt_lba, first, last, disk_guid, entries_lba, entries_crc):
    fields = [b"EFI PART", GPT_REVISION, GPT_HEADER_SIZE, 0, 0, my_lba, alt_lba, first, last,
              disk_guid.bytes_le, entries_lba, GPT_ENTRIES, GPT_ENTRY_SIZE, entries_crc]
    fmt = "<8sIIIIQQQQ16sQIII"
    crc = zlib.crc32(struct.pack(fmt, *fields))
    fields[3] = crc
    return struct.pack(fmt, *fields)


def build_gpt(parts, args, nr_sectors_hint):
    sector = args.sector_size
    tsz = gpt_table_sectors(sector)
    first = 2 + tsz
    total = parse_size(args.size, sector) if args.size else None
    limit = total - 1 - tsz if total else None
    for p in parts:
        if p.logical or p.bootable:
            raise SpecError("logical and bootable are for MBR")
    end = place(parts, max(first, args.align), limit, args.align)
    total = total or nr_sectors_hint(end)
    last = total - 1
    disk_guid = uuid.uuid5(ID_NAMESPACE, args.id)
    entries = bytearray(GPT_ENTRIES * GPT_ENTRY_SIZE)
    used = set()
    number = 0
    for p in parts:
        number = p.number or number + 1
        if not 1 <= number <= GPT_ENTRIES or number in used:
            raise SpecError(f"bad or repeated partition number {number}")
        used.add(number)
        name = p.name.encode("utf-16-le")[:72]
        entry = struct.pack("<16s16sQQQ72s", gpt_type(p).bytes_le,
                            uuid.uuid5(ID_NAMESPACE, f"{args.id}/{number}").bytes_le,
                            p.start, p.start + p.size - 1, 0, name)
        entries[(number - 1) * GPT_ENTRY_SIZE:number * GPT_ENTRY_SIZE] = entry
    crc = zlib.crc32(entries)
    pmbr = sector_image([struct.pack("<B3sB3sII", 0, b"\x00\x02\x00", 0xee, b"\xff\xff\xff",
                                     1, min(total - 1, 0xffffffff))], sector)
    tables = {0: pmbr,
              1: gpt_header(1, last, first, last - 1 - tsz, disk_guid, 2, crc).ljust(sector, b"\0"),
              2: bytes(entries),
              last - tsz: bytes(entries),
              last: gpt_header(last, 1, first, last - 1 - tsz, disk_guid, last - tsz,
                               crc).ljust(sector, b"\0")}
    return tables, total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("parts", nargs="*", metavar="PART")
    ap.add_argument("--table", choices=("mbr", "gpt"), default="mbr")
    ap.add_argument("--size", help="disk size (default: what the partitions need)")
    ap.add_argument("--sector-size", type=int, choices=(512, 4096), default=512)
    ap.add_argument("--align", type=int, default=None,
                    help="alignment in sectors (default 1 MiB)")
    ap.add_argument("--id", help="seed of the GUIDs (default: OUT's name)")
    ap.add_argument("-f", dest="specfile", help="partitions, one a line")
    args = ap.parse_intermixed_args()
    args.align = args.align or (1 << 20) // args.sector_size
    args.id = args.id or os.path.basename(args.out)
    specs = list(args.parts)
    if args.specfile:
        with open(args.specfile) as f:
            specs += [line.split("#")[0].strip() for line in f]
    try:
        parts = [Part(s, args.sector_size) for s in specs if s]
        if args.table == "mbr":
            tables, end = build_mbr(parts, args)
            total = disk_sectors(args, end)
        else:
            tables, total = build_gpt(parts, args, lambda end: disk_sectors(args, end))
        for p in parts:
            if p.start + p.size > total:
                raise SpecError(f"a partition ends at sector {p.start + p.size}, past {total}")
    except (SpecError, ValueError, OSError) as e:
        sys.exit(f"mkdisk: {e}")
    with open(args.out, "wb") as f:
        f.truncate(total * args.sector_size)
        for lba, data in sorted(tables.items()):
            f.seek(lba * args.sector_size)
            f.write(data)
        for p in parts:
            if p.image:
                with open(p.image, "rb") as src:
                    f.seek(p.start * args.sector_size)
                    while chunk := src.read(1 << 20):
                        f.write(chunk)


if __name__ == "__main__":
    main()
