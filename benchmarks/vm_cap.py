"""Milliseconds per decision on regorus at realistic sizes, with and without routing by size.

    python benchmarks/vm_cap.py [--count 150]

regorus's compiled VM stops after 25,000 instructions; a document that needs more is decided
by the interpreter. Without routing, every such document first runs 25,000 wasted VM
instructions; with routing (the default), the engine learns per kind the smallest input the VM
could not finish and sends inputs at least that large straight to the interpreter. Sizes
(seeded): order forms of 5-40 subscriptions, incident logs of 50-500 incidents, benefit usage
of 10-100 sessions. Prints p50 and p99 per kind and how many documents went past the cap.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import PLANS, PRODUCTS, REGIONS, incident_log, write_yaml  # noqa: E402
from large import BENEFITS  # noqa: E402


def order_form(rng: random.Random, n: int, subs: int) -> dict:
    signed = dt.date(2025, 3, 1) + dt.timedelta(days=rng.randrange(300))
    rows = []
    for i in range(subs):
        start = signed - dt.timedelta(days=rng.randrange(-200, 700))
        rows.append({"id": f"S{n}-{i}", "product": rng.choice(PRODUCTS), "region": rng.choice(REGIONS),
                     "entity": f"Entity {rng.randint(1, 40)}", "start": start.isoformat(),
                     "end": (start + dt.timedelta(days=729)).isoformat()})
    plan = rng.choice(PLANS)
    return {"apiVersion": "aacompliance/v1", "kind": "OrderForm", "id": f"OF-{n}",
            "customer": {"name": f"Customer {n}", "account": f"ACC-{n}"}, "signed_on": signed.isoformat(),
            "subscriptions": rows,
            "support": [{"plan": plan, "covers": [r["id"] for r in rows if rng.random() < 0.95],
                         "start": signed.isoformat(), "end": (signed + dt.timedelta(days=364)).isoformat(),
                         "credit_or_refund": False}]}


def benefit_usage(rng: random.Random, n: int, sessions: int) -> dict:
    start = dt.date(2025, 1, 1)
    return {"apiVersion": "aacompliance/v1", "kind": "BenefitUsage", "account": f"ACC-{n}",
            "plan": rng.choice(PLANS[1:]), "contract_year_start": start.isoformat(),
            "sessions": [{"benefit": rng.choice(BENEFITS),
                          "date": (start + dt.timedelta(days=rng.randrange(365))).isoformat(),
                          "hours": rng.choice([0.5, 1, 2]), "language": "en"} for _ in range(sessions)]}


KINDS = {
    "OrderForm (5-40 subscriptions)": lambda rng, n: order_form(rng, n, rng.randint(5, 40)),
    "IncidentLog (50-500 incidents)": lambda rng, n: incident_log(rng, n, rng.randint(50, 500)),
    "BenefitUsage (10-100 sessions)": lambda rng, n: benefit_usage(rng, n, rng.randint(10, 100)),
}


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=150)
    args = parser.parse_args()
    from aacompliance.engines.regorus_engine import RegorusEngine
    from aacompliance.pipeline.evaluate import Evaluator

    ev = Evaluator()
    print("| documents | routing | p50 ms | p99 ms | decided by the interpreter |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, make in KINDS.items():
            rng = random.Random(5)
            inputs = []
            for n in range(args.count):
                path = Path(tmp) / f"{n}.yaml"
                write_yaml(path, make(rng, n))
                result, inp = ev.prepare(path)
                assert inp is not None, result.errors
                inputs.append(inp)
            # Both engines decide each document in turn, so that load on the machine weighs on both alike.
            engines = {}
            for route in (False, True):
                engine = RegorusEngine(route_by_size=route)
                engine.load(ev.policies.modules, ev.data_document())
                engine.decide(inputs[:1])
                engine.too_big.clear()
                engine.fits.clear()
                engines[route] = engine
            samples: dict = {False: [], True: []}
            interpreted = {False: 0, True: 0}
            for inp in inputs:
                for route, engine in engines.items():
                    start = time.perf_counter()
                    engine.decide([inp])
                    samples[route].append((time.perf_counter() - start) * 1000)
                    interpreted[route] += engine.last_run != "vm"
            for route in (False, True):
                print(f"| {label} | {'by size' if route else 'VM first'} | {statistics.median(samples[route]):.2f} | "
                      f"{_pct(samples[route], 0.99):.2f} | {interpreted[route]}/{len(inputs)} |")


if __name__ == "__main__":
    main()
