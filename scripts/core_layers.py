#!/usr/bin/env python3
"""Checks that the folders of core/ form a one-way stack of layers.

The stack (docs/architecture.md) is LAYERS below, bottom first. A file in
core/<folder>/ may include headers of its own folder and of folders on lower
levels; folders on one level (terrain, claims, annotations) may not include
each other. Each folder is one static library (core/<folder>/CMakeLists.txt),
which must link only libraries of lower levels.

Fails (exit 1), naming the file and the line, on:
  - an #include "folder/..." that goes up or sideways in the stack;
  - a cycle between folders (reported separately, as the knot it makes);
  - an include of app/ or cli/ from core/ (they sit on top of the stack);
  - a folder of core/ that is not in the stack, or a quoted include
    that does not name a core folder (so a new folder must be placed);
  - a layer library linking a linewatch_* library that is not below it.

    python3 scripts/core_layers.py            # check; ctest runs this as test_core_layers
    python3 scripts/core_layers.py --graph    # also print the include graph between folders
"""

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

# Bottom first; folders on one level are siblings that may not include each other.
LAYERS = [
    ["common"],
    ["geodesy"],
    ["crs"],
    ["io"],
    ["terrain", "claims", "annotations"],
    ["render"],
    ["project"],
    ["export"],
]

LEVEL = {folder: level for level, folders in enumerate(LAYERS) for folder in folders}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
LINKS = re.compile(r"target_link_libraries\s*\(\s*(linewatch_\w+)(.*?)\)", re.S)
SOURCE_SUFFIXES = {".h", ".hpp", ".cpp", ".cc"}


def core_files(core):
    return sorted(p for p in core.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES)


def scan(root):
    """Returns (edges, problems): edges[(from, to)] lists "file:line" of each
    include between two different folders; problems are failure lines."""
    core = root / "core"
    top_names = {p.name for d in ("app", "cli") for p in (root / d).glob("*") if p.is_file()}
    edges = defaultdict(list)
    problems = []
    folders = sorted(p.name for p in core.iterdir() if p.is_dir())
    for folder in folders:
        if folder not in LEVEL:
            problems.append(f"core/{folder}/: folder not in the layer stack (scripts/core_layers.py LAYERS)")
    for path in core_files(core):
        rel = path.relative_to(root)
        source = rel.parts[1] if len(rel.parts) > 2 else None
        for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            match = INCLUDE.match(text)
            if not match:
                continue
            target = match.group(1)
            if target.endswith(".moc"):
                continue  # AUTOMOC output of the file itself
            where = f"{rel}:{number}"
            head = target.split("/")[0] if "/" in target else None
            if head in ("app", "cli") or (head is None and target in top_names):
                problems.append(f"{where}: includes {target} from app/ or cli/, which sit above core/")
                continue
            if head is None:
                problems.append(f'{where}: #include "{target}" names no core folder; write "folder/{target}"')
                continue
            if head not in LEVEL:
                problems.append(f'{where}: #include "{target}": {head}/ is not a folder of the layer stack')
                continue
            if source is None or head == source:
                continue
            edges[(source, head)].append(where)
            if source in LEVEL and LEVEL[head] >= LEVEL[source]:
                way = "sideways to" if LEVEL[head] == LEVEL[source] else "up to"
                problems.append(f"{where}: {source}/ includes {target}, {way} {head}/")
    return edges, problems


def cycles(edges):
    """Strongly connected components with more than one folder (Tarjan)."""
    graph = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(set(graph) | {b for _, b in edges}):
        if v not in index:
            visit(v)
    return found


def check_links(root):
    """Each core/<folder>/CMakeLists.txt may link only linewatch_<lower folder>."""
    problems = []
    for folder, level in LEVEL.items():
        cmake = root / "core" / folder / "CMakeLists.txt"
        if not cmake.is_file():
            problems.append(f"core/{folder}/CMakeLists.txt: missing (each layer is one library)")
            continue
        for target, args in LINKS.findall(cmake.read_text(encoding="utf-8")):
            if target != f"linewatch_{folder}":
                continue
            for lib in re.findall(r"\blinewatch_(\w+)", args):
                if lib == "options":
                    continue
                if lib not in LEVEL or LEVEL[lib] >= level:
                    problems.append(f"{cmake.relative_to(root)}: linewatch_{folder} links linewatch_{lib}, "
                                    f"which is not below it")
    return problems


def print_graph(edges):
    print("core/ layers, top first; each folder with the folders it includes (number of includes):")
    for level in reversed(range(len(LAYERS))):
        for folder in LAYERS[level]:
            targets = sorted((b for a, b in edges if a == folder), key=lambda b: (-LEVEL.get(b, -1), b))
            listed = ", ".join(f"{b} ({len(edges[(folder, b)])})" for b in targets) or "-"
            print(f"  {level}  {folder:<12} -> {listed}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", action="store_true", help="print the include graph between core folders")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the source tree (default: the one holding this script)")
    args = parser.parse_args()

    edges, problems = scan(args.root)
    knots = cycles(edges)
    for knot in knots:
        detail = "; ".join(f"{a} -> {b}: {edges[(a, b)][0]}" for a in knot for b in knot if (a, b) in edges)
        problems.append(f"cycle between core folders: {' <-> '.join(knot)} ({detail})")
    problems += check_links(args.root)

    if args.graph:
        print_graph(edges)
    for problem in problems:
        print(problem)
    print(f"core folders: {len(LEVEL)} in {len(LAYERS)} levels, folder cycles: {len(knots)}, "
          f"problems: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
