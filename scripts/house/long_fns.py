#!/usr/bin/env python3
"""Functions longer than a limit (default 80 lines, signature to closing brace).

A function starts at a line `fn name` (any visibility, `async`, `const`, `unsafe`) and
ends at the first later line holding only `}` at the same indentation. Component bodies
count like any function: a `view!` over 80 lines is a page that wants its parts named.

Usage: long_fns.py [--limit N] DIR...
Prints `lines path:line name` for each, longest first. Exit 1 when anything is printed.
"""

import re
import sys
from pathlib import Path

FN = re.compile(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(\w+)")


def long_functions(dirs, limit):
    out = []
    for d in dirs:
        for f in sorted(Path(d).rglob("*.rs")):
            lines = f.read_text().split("\n")
            for i, line in enumerate(lines):
                m = FN.match(line)
                if not m or line.rstrip().endswith(";"):
                    continue
                indent = m.group(1)
                for j in range(i + 1, len(lines)):
                    if lines[j] == indent + "}":
                        n = j - i + 1
                        if n > limit:
                            out.append((n, f"{f}:{i + 1}", m.group(2), f"{f} {m.group(2)}"))
                        break
    return sorted(out, reverse=True)


def main():
    args = sys.argv[1:]
    limit = 80
    if "--limit" in args:
        k = args.index("--limit")
        limit = int(args[k + 1])
        del args[k : k + 2]
    found = long_functions(args, limit)
    for n, where, name, _key in found:
        print(f"{n:4} {where} {name}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
