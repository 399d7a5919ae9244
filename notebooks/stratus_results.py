"""Run the `stratus` command line from a notebook and read what it writes.

The notebooks import this module so that each of them shows the experiment, not the plumbing.
Every command is printed before it runs, so a student can type it in a terminal too.

Where things are, from the environment (the tests set these) or defaults for a user who starts
Jupyter in the repository's `notebooks/` folder:
  STRATUS_BINARY      the `stratus` program        (default: <repo>/build/bin/stratus)
  STRATUS_OUT         where the results are written (default: <repo>/results/notebooks)
  STRATUS_SOURCE_DIR  the repository               (default: the parent of this folder)
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REPO = Path(os.environ.get("STRATUS_SOURCE_DIR", Path(__file__).resolve().parent.parent))
SCENARIOS = REPO / "scenarios"
BINARY = Path(os.environ.get("STRATUS_BINARY", REPO / "build" / "bin" / "stratus"))
OUT = Path(os.environ.get("STRATUS_OUT", REPO / "results" / "notebooks"))


def check_binary() -> None:
    """Fails with what to do when the simulator has not been built."""
    if not BINARY.is_file():
        raise FileNotFoundError(
            f"no stratus binary at {BINARY}: build it with `cmake --preset release && "
            f"cmake --build build -j2 --target stratus` in {REPO}, or set STRATUS_BINARY"
        )


def _overrides(params: dict | None, sets: dict | None) -> list[str]:
    args = []
    for name, value in (params or {}).items():
        args += ["--param", f"{name}={value}"]
    for path, value in (sets or {}).items():
        args += ["--set", f"{path}={value}"]
    return args


def _shown(args: list[str]) -> str:
    """The command as a user would type it from the repository."""
    def short(a: str) -> str:
        for root, name in ((BINARY, "stratus"), (REPO, ".")):
            if a == str(root):
                return name
            if a.startswith(str(root) + os.sep):
                return a[len(str(root)) + 1:]
        return a
    return " ".join(shlex.quote(short(a)) for a in args)


def stratus(*args: str) -> None:
    """Runs `stratus ARGS`; a failure raises with the program's own error message."""
    check_binary()
    command = [str(BINARY), *map(str, args)]
    print("$", _shown(command), flush=True)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(
            f"stratus exited with {done.returncode}:\n{done.stderr.strip() or done.stdout.strip()}"
        )


@dataclass
class Result:
    """One run's output folder: summary.json, timeseries.csv, bill.csv and events.csv."""

    folder: Path

    @property
    def summary(self) -> dict:
        return json.loads((self.folder / "summary.json").read_text())

    @property
    def timeseries(self) -> pd.DataFrame:
        return pd.read_csv(self.folder / "timeseries.csv")

    @property
    def bill(self) -> pd.DataFrame:
        return pd.read_csv(self.folder / "bill.csv")

    @property
    def events(self) -> pd.DataFrame:
        path = self.folder / "events.csv"
        if not path.exists():
            return pd.DataFrame(columns=["time_s", "kind", "subject", "hosts", "detail"])
        return pd.read_csv(path)


def run(scenario: str, out: Path, params: dict | None = None, sets: dict | None = None,
        until: str | None = None, variant: str | None = None) -> Result:
    """`stratus run` into `out` (quiet), returning its result folder."""
    args = ["run", SCENARIOS / scenario, "--out", out, "--quiet", *_overrides(params, sets)]
    if until:
        args += ["--until", until]
    if variant:
        args += ["--variant", variant]
    stratus(*args)
    return Result(Path(out))


def run_many(jobs: list[dict], workers: int = 2) -> list[Result]:
    """Several `run(**job)` at once (one per core by default), in the order given."""
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda job: run(**job), jobs))
    print(f"{len(jobs)} runs in {time.monotonic() - started:.1f} s", flush=True)
    return results


def compare(scenario: str, out: Path, params: dict | None = None, sets: dict | None = None,
            workers: int = 2) -> tuple[pd.DataFrame, dict[str, Result]]:
    """`stratus compare`: comparison.csv (indexed by variant) and each variant's result folder."""
    started = time.monotonic()
    stratus("compare", SCENARIOS / scenario, "--out", out, "-j", str(workers), "--quiet",
            *_overrides(params, sets))
    print(f"compared in {time.monotonic() - started:.1f} s", flush=True)
    table = pd.read_csv(Path(out) / "comparison.csv").set_index("variant")
    return table, {name: Result(Path(out) / name) for name in table.index}


def unbalanced_requests(requests: dict) -> int:
    """arrived - (completed + rejected + failed + in flight): 0 when no request was lost."""
    return requests["arrived"] - (requests["completed"] + requests["rejected"]
                                  + requests["failed"] + requests["in_flight"])


def bill_lines_total(bill: pd.DataFrame) -> tuple[float, float]:
    """(sum of the bill's items, its `total` line)."""
    items = bill[bill["service"] != "total"]["cost_usd"].sum()
    return float(items), float(bill.loc[bill["service"] == "total", "cost_usd"].iloc[0])
