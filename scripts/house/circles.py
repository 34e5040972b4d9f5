#!/usr/bin/env python3
"""Import circles between a crate's modules (`make lint` fails on any).

Each `crate::…` or `super::…` path a module names (in `use` or inline) is an edge to the
deepest module of that path. An edge between two modules counts between the two children
of their nearest common ancestor that hold them, so `service::requests::list` naming
`service::requests::counts` is an edge `list -> counts` under `service::requests`, and
`http::requests` naming `service::requests::list` is `http -> service` under the crate. A
parent naming its own children (or a child its parent) is the module tree, not an import,
and is left out. A circle is a group of siblings that reach each other.

Usage: circles.py [--list] CRATE_SRC_DIR...   (prints each circle; exit 1 if any)
"""

import re
import sys
from pathlib import Path

COMMENT = re.compile(r"//[^\n]*")
USE = re.compile(r"\buse\s+((?:crate|super)\b[^;]*);", re.S)
INLINE = re.compile(r"\b((?:crate|super)(?:::(?:super|[A-Za-z_][A-Za-z0-9_]*))+)")


def module_of(root: Path, file: Path) -> tuple:
    rel = file.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts in (["lib"], ["main"]):
        return ()
    if parts[-1] == "mod":
        parts = parts[:-1]
    return tuple(parts)


def expand(tree: str) -> list:
    """`a::{b, c::{d, e}}` -> ["a::b", "a::c::d", "a::c::e"]."""
    tree = re.sub(r"\s+", "", tree)
    if "{" not in tree:
        return [tree]
    head, rest = tree.split("{", 1)
    body = rest[: rest.rfind("}")]
    items, depth, cur = [], 0, ""
    for ch in body:
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    items.append(cur)
    return [p for item in items if item for p in expand(head + item)]


def absolute(module: tuple, is_dir_module: bool, path: str) -> tuple:
    segs = path.split("::")
    if segs[0] == "crate":
        return tuple(s for s in segs[1:] if s not in ("*", "self"))
    base = list(module)
    while segs and segs[0] == "super":
        if base:
            base.pop()
        segs = segs[1:]
    return tuple(base + [s for s in segs if s not in ("*", "self")])


def circles(root: Path) -> list:
    files = sorted(root.rglob("*.rs"))
    modules = {module_of(root, f): f for f in files}
    edges = set()
    for f in files:
        me = module_of(root, f)
        text = COMMENT.sub("", f.read_text())
        paths = []
        for m in USE.finditer(text):
            paths += expand(m.group(1).split(" as ")[0])
        paths += INLINE.findall(text)
        for p in paths:
            if p.startswith("super::*") or p == "super":
                continue  # `use super::*` in a file's own test module
            target = absolute(me, f.name == "mod.rs", p.split(" as ")[0])
            while target and target not in modules:
                target = target[:-1]
            common = 0
            while common < min(len(me), len(target)) and me[common] == target[common]:
                common += 1
            if common == len(me) or common == len(target):
                continue  # a module and its ancestor
            parent = me[:common]
            edges.add((parent, me[common], target[common]))
    found = []
    for parent in sorted({e[0] for e in edges}):
        graph = {}
        for p, a, b in edges:
            if p == parent:
                graph.setdefault(a, set()).add(b)
        for group in strongly_connected(graph):
            if len(group) > 1:
                found.append((parent, sorted(group), graph))
    return found


def strongly_connected(graph: dict) -> list:
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            out.append(group)

    sys.setrecursionlimit(10000)
    for v in sorted(set(graph) | {w for ws in graph.values() for w in ws}):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    total = 0
    for src in args:
        root = Path(src)
        for parent, group, graph in circles(root):
            total += 1
            where = "::".join(parent) or "(crate root)"
            links = ", ".join(f"{a} -> {b}" for a in group for b in sorted(graph.get(a, ())) if b in group)
            print(f"{src}: {where}: {' <-> '.join(group)}  ({links})")
    if "--count" in sys.argv:
        print(total)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
