"""Statement benchmarks: warm render time of a 3-page statement, 50 statements in one
process (time per statement and memory, first ten against last ten), and what the
charts cost. Prints the figures; writes nothing. Times are CPU seconds of this process
(``time.process_time``), which other jobs on a shared machine disturb far less than wall
time; the wall-clock median is printed beside them.

    python benchmarks/statements.py [--count 50] [--lang en]
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NORD = [str(ROOT / "examples" / n) for n in
        ("order-form-silver-missing-region.yaml", "roster-silver.yaml", "benefit-usage-silver.yaml")]


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()

    from aacompliance.pipeline.evaluate import Evaluator
    from aacompliance.statement import model, pdf

    evaluator = Evaluator()

    walls: list[float] = []

    def one(with_charts: bool = True) -> tuple[float, int]:
        start, wall = time.process_time(), time.perf_counter()
        statement = model.build(NORD, lang=args.lang, signed_off_by="Claire Martin", role="CSM",
                                date=dt.date(2025, 7, 1), evaluator=evaluator)
        data, _ = pdf.render_pdf(statement, pdf.render_html(statement, with_charts=with_charts))
        walls.append(time.perf_counter() - wall)
        return time.process_time() - start, data.count(b"/Type /Page\n") or data.count(b"/Type /Page")

    cold, pages = one()
    print(f"statement ({args.lang}, NORD-77: order form, roster, benefit usage)")
    print(f"  cold (first in the process): {cold * 1000:,.0f} ms")
    walls.clear()
    warm = [one()[0] for _ in range(7)]
    print(f"  warm, median of 7: {statistics.median(warm) * 1000:,.0f} ms CPU "
          f"({statistics.median(walls) * 1000:,.0f} ms wall)  (goal ≤ 300 ms)")

    plain, charts = [], []
    for _ in range(7):  # interleaved, so that load from other jobs falls on both alike
        plain.append(one(with_charts=False)[0])
        charts.append(one()[0])
    share = statistics.median(charts) / statistics.median(plain) - 1
    print(f"  charts: {statistics.median(charts) * 1000:,.0f} ms with, {statistics.median(plain) * 1000:,.0f} ms "
          f"without: {share * 100:+.0f} %  (goal ≤ +20 %)")

    gc.collect()
    times, memory = [], []
    for _ in range(args.count):
        times.append(one()[0])
        memory.append(rss_mib())
    first, last = times[:10], times[-10:]
    print(f"{args.count} statements in one process:")
    print(f"  time per statement: first ten {statistics.median(first) * 1000:,.0f} ms, "
          f"last ten {statistics.median(last) * 1000:,.0f} ms (median)")
    print(f"  resident memory: after 10 {memory[9]:,.0f} MiB, after {args.count} {memory[-1]:,.0f} MiB "
          f"(+{memory[-1] - memory[9]:,.1f} MiB)")


if __name__ == "__main__":
    main()
