"""CPU time per document of the embedded engine alone: ``Evaluator().engine.decide(inputs)``.

Realistic documents of each kind (benchmarks/generate.py, seeded), prepared once (parsed and
checked as ``check`` does), then decided by a fresh engine (its size routing learnt from
scratch) three times; prints the best CPU ms per document and how many decision parts ran on
the compiled VM and on the interpreter in the last pass.

    PYTHONPATH=$PWD python benchmarks/engine_decide.py [KIND ...] [--count N]
"""
from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from aacompliance.pipeline.evaluate import Evaluator  # noqa: E402

KINDS = ["OrderForm", "Roster", "BenefitUsage", "IncidentLog"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kinds", nargs="*", default=KINDS)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--folder", default=str(Path(tempfile.gettempdir()) / "aac-engine-decide"))
    args = parser.parse_args()
    for kind in args.kinds:
        paths = generate(Path(args.folder) / kind, kind, args.count)
        ev = Evaluator()
        inputs = [inp for p in paths for _, inp in [ev.prepare(p)] if inp is not None]
        best = float("inf")
        runs: collections.Counter = collections.Counter()
        for _ in range(3):
            engine = Evaluator().engine
            runs = collections.Counter()
            start = time.process_time()
            for doc in inputs:
                engine.decide([doc])
                runs.update(getattr(engine, "last_runs", None) or [engine.last_run])
            best = min(best, (time.process_time() - start) / len(inputs))
        shown = " ".join(f"{k}={v}" for k, v in sorted(runs.items()))
        print(f"{kind:13s} {len(inputs):4d} docs  {best * 1e3:7.3f} ms/doc  {shown}")


if __name__ == "__main__":
    main()
