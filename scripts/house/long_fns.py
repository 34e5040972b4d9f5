#!/usr/bin/env python3
"""Functions longer than a limit (default 80 lines, signature to closing brace).

A function starts at a line `fn name` (any visibility, `async`, `const`, `unsafe`) and
ends at the first later line holding only `}` at the same indentation. Component bodies
count like any function: a `view!` over 80 lines is a page that wants its parts named.

Usage: long_fns.py [--limit N] [--allow FILE] DIR...
Prints `lines path:line name` for each, longest first; with --allow, only those whose
`path name` is not in FILE, and the allowed ones that are no longer long (the list shrinks).
Exit 1 when anything is printed.
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
    limit, allow = 80, None
    if "--limit" in args:
        k = args.index("--limit")
        limit = int(args[k + 1])
        del args[k : k + 2]
    if "--allow" in args:
        k = args.index("--allow")
        allow = {
            l.strip() for l in Path(args[k + 1]).read_text().split("\n") if l.strip() and not l.startswith("#")
        }
        del args[k : k + 2]
    found = long_functions(args, limit)
    bad = 0
    for n, where, name, key in found:
        if allow is None or key not in allow:
            print(f"{n:4} {where} {name}")
            bad += 1
    if allow is not None:
        keys = {key for *_, key in found}
        for key in sorted(allow - keys):
            print(f"no longer over {limit} lines; remove from the list: {key}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
