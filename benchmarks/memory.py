#!/usr/bin/env python3
"""Peak memory of `aacompliance check` over 10,000 generated order forms, in every format:
`make bench-memory`. Prints one line per format (peak RSS of the largest process, wall time,
output size). The report is streamed, so the figure should not grow with the number of
documents (issue 18: at most 150 MiB for 10,000 documents in any format).

Usage: benchmarks/memory.py [--count N] [--jobs N] [FORMAT ...]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

_CHILD = """
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    code = subprocess.run(sys.argv[2:], stdout=out).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(folder: Path, fmt: str, jobs: int, out: Path) -> tuple[int, float, float]:
    """(exit code, peak RSS in MiB, wall seconds) of one check, measured by a fresh parent."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(out), sys.executable, "-m", "aacompliance", "check",
                           "--format", fmt, "--jobs", str(jobs), str(folder)], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    wall = time.perf_counter() - start
    code, rss = proc.stdout.split()
    return int(code), int(rss) / 1024, wall


def main() -> None:
    from aacompliance.render import format_names

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=0, help="0: one worker per core (the default of check)")
    parser.add_argument("formats", nargs="*", default=format_names())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aac-memory-") as tmp:
        folder = Path(tmp) / "documents"
        generate(folder, "OrderForm", args.count)
        print(f"{args.count} generated order forms, --jobs {args.jobs}, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} cores")
        for fmt in args.formats:
            out = Path(tmp) / f"report.{fmt}"
            code, rss, wall = measure(folder, fmt, args.jobs, out)
            print(f"  {fmt:<7} peak {rss:6.1f} MiB  {wall:6.1f} s  exit {code}  output {out.stat().st_size / 2**20:6.1f} MiB")
            out.unlink()


if __name__ == "__main__":
    main()
