#!/usr/bin/python3
"""Execute a notebook from top to bottom, as Jupyter would, and fail on the first cell error.

    /usr/bin/python3 notebooks/run.py NOTEBOOK.ipynb [--out executed.ipynb] [--figures DIR]
                                      [--cpu-budget SECONDS]

The kernel is the Python running this script (so `/usr/bin/python3 notebooks/run.py` uses
Debian's Python with pandas and matplotlib, whatever `python3` a kernelspec names), and its
working directory is the notebook's folder, as in Jupyter. The notebook file itself is never
modified: the executed copy goes to --out, and --figures saves every PNG it drew. Prints the
time it took, and the CPU time of the kernel and of the programs it ran (`stratus` mostly):
on a machine shared with other work the elapsed time varies with the load, the CPU time hardly
does. Exits 1 if a cell raised (an assert included) or the CPU time exceeded --cpu-budget, 2 on
bad arguments.
"""

import argparse
import base64
import os
import re
import resource
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets import default

# One cell may take this long (a full week of scaling-policies.yaml takes 2 to 3 minutes);
# the tests put their own limit on the whole notebook.
CELL_TIMEOUT_S = 300


class ThisPythonKernels(KernelSpecManager):
    """Every kernel name resolves to an IPython kernel on this very interpreter."""

    def get_kernel_spec(self, kernel_name):
        # -Xfrozen_modules=off: else the kernel's debugger warns about frozen modules.
        argv = [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        return KernelSpec(argv=argv, display_name="Python 3", language="python")


class ThisPythonKernelManager(KernelManager):
    @default("kernel_spec_manager")
    def _this_python_kernels(self):
        return ThisPythonKernels(data_dir=self.data_dir)


def children_cpu_s() -> float:
    """User + system CPU time of the finished child processes and of the children they waited
    for: the kernel, once shut down, and every `stratus` it ran."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def save_figures(nb, folder: Path, stem: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                path = folder / f"{stem}-cell{index:02d}-{len(saved) + 1}.png"
                path.write_bytes(base64.b64decode(png))
                saved.append(path)
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--out", type=Path, help="write the executed notebook here")
    parser.add_argument("--figures", type=Path, help="save the notebook's PNG figures in this folder")
    parser.add_argument("--cpu-budget", type=float, metavar="SECONDS",
                        help="fail if the kernel and the programs it ran used more CPU time than this")
    args = parser.parse_args()
    if not args.notebook.is_file():
        parser.error(f"no notebook at {args.notebook}")

    # The kernel must not leave __pycache__ next to the notebooks: the tests run them from
    # the source tree.
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_manager_class=ThisPythonKernelManager,
        timeout=CELL_TIMEOUT_S,
        resources={"metadata": {"path": str(args.notebook.resolve().parent)}},
    )
    started, cpu_before = time.monotonic(), children_cpu_s()
    failed = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        failed = error
    elapsed = time.monotonic() - started
    cpu = children_cpu_s() - cpu_before  # the kernel has been shut down and reaped by now

    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, args.out)
    if args.figures:
        for path in save_figures(nb, args.figures, args.notebook.stem):
            print(f"figure: {path}")
    if failed:
        # The traceback as the notebook shows it, without its terminal colours.
        print(re.sub(r"\x1b\[[0-9;]*m", "", str(failed)), file=sys.stderr)
        print(f"{args.notebook.name}: FAILED after {elapsed:.1f} s", file=sys.stderr)
        return 1
    print(f"{args.notebook.name}: {len(nb.cells)} cells executed in {elapsed:.1f} s, {cpu:.1f} s of CPU")
    if args.cpu_budget is not None and cpu > args.cpu_budget:
        print(f"{args.notebook.name}: used {cpu:.1f} s of CPU, over its budget of {args.cpu_budget:g} s: "
              "simulate less (shorter horizons, fewer sweep points)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
