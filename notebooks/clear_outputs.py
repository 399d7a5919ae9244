#!/usr/bin/python3
"""Keep notebooks commit-ready: no outputs, no execution counts.

    /usr/bin/python3 notebooks/clear_outputs.py NOTEBOOK.ipynb...           # clear them in place
    /usr/bin/python3 notebooks/clear_outputs.py --check NOTEBOOK.ipynb...   # exit 1 if any has outputs

Outputs (figures especially) make the repository big and every diff unreadable; the test
suite executes the notebooks anyway (run.py), so nothing is lost by not storing them.
"""

import argparse
import sys
from pathlib import Path

import nbformat


def has_outputs(nb) -> bool:
    return any(cell.get("outputs") or cell.get("execution_count") is not None
               for cell in nb.cells if cell.cell_type == "code")


def clear(nb) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks with outputs")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args()
    dirty = []
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        if not has_outputs(nb):
            continue
        dirty.append(path)
        if not args.check:
            clear(nb)
            nbformat.write(nb, path)
            print(f"cleared {path}")
    if args.check and dirty:
        for path in dirty:
            print(f"{path}: has outputs; run /usr/bin/python3 notebooks/clear_outputs.py {path}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
