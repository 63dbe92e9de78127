#!/usr/bin/env python3
"""What waivers cost: prints figures, asserts nothing.

- the engine decision for N generated order forms without waivers, and with one rule-wide
  waiver for every document (each decision then runs the matching in Rego);
- the quick look at every input file for a Waiver (``pipeline.waivers.may_be_waiver``).

    python benchmarks/waivers.py [--documents 2000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate  # noqa: E402

from aacompliance.pipeline.evaluate import Evaluator  # noqa: E402
from aacompliance.pipeline.waivers import WaiverIndex, may_be_waiver  # noqa: E402


def best(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), "OrderForm", args.documents)
        ev = Evaluator()
        plain = [inp for inp in (ev.prepare(f)[1] for f in files) if inp is not None]
        waivers = WaiverIndex([{"path": "-", "id": f"W-{i}", "account": inp["document"]["customer"]["account"],
                                "document": inp["document"]["id"], "rule": "OF-COVERAGE", "reason": "r",
                                "approved_by": "d", "approved_on": "2024-01-01", "expires_on": "2030-12-31"}
                               for i, inp in enumerate(plain)])
        waived = [inp for inp in (ev.prepare(f, waivers)[1] for f in files) if inp is not None]
        ev.engine.decide(plain[:20])
        without = best(args.repeat, lambda: ev.engine.decide(plain))
        with_waivers = best(args.repeat, lambda: ev.engine.decide(waived))
        look = best(args.repeat, lambda: [may_be_waiver(Path(f)) for f in files])
        decisions = ev.engine.decide(waived)
        n_waived = sum(len(d["waived"]) for d in decisions)
    n = len(plain)
    print(f"{n} order forms, regorus, best of {args.repeat}:")
    print(f"  decide, no waivers:            {without:.2f} s  ({n / without:,.0f} documents/s)")
    print(f"  decide, one waiver each:       {with_waivers:.2f} s  ({n / with_waivers:,.0f} documents/s; "
          f"{n_waived} violations waived)")
    print(f"  look for waivers in the files: {look:.3f} s  ({look / n * 1e6:.0f} µs per file)")


if __name__ == "__main__":
    main()
