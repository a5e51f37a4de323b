#!/usr/bin/env python3
"""Write compile_commands.json for editors: compdb.py "CC FLAGS" SOURCES..."""
import json
import os
import sys

cmd, srcs = sys.argv[1], sys.argv[2:]
cwd = os.getcwd()
entries = []
for src in srcs:
    extra = " -D__ASSEMBLER__" if src.endswith(".S") else ""
    entries.append({"directory": cwd, "file": src,
                    "command": f"{cmd}{extra} -c {src}"})
json.dump(entries, sys.stdout, indent=1)
print()
