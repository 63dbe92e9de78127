"""CPU time per document of the embedded engine alone: ``engine.decide([input])``.

Realistic documents of each kind (benchmarks/generate.py, seeded), prepared once (parsed and
checked as ``check`` does), then decided one by one by a fresh engine (its size routing learnt
from scratch), three times; prints the best CPU ms per document and, for the last pass, how many
runs went to the compiled VM, to the interpreter, and stopped at the VM's cap.

    PYTHONPATH=$PWD python benchmarks/engine_decide.py [KIND ...] [--count N] [--against FILE]

``--against FILE``: another version of aacompliance/engines/regorus_engine.py (e.g. from
``git show main:aacompliance/engines/regorus_engine.py``), timed in turn with this one on the
same inputs, so that load on the machine weighs on both alike.
"""
from __future__ import annotations

import argparse
import collections
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

from aacompliance.engines.regorus_engine import RegorusEngine  # noqa: E402
from aacompliance.pipeline.evaluate import Evaluator  # noqa: E402

KINDS = ["OrderForm", "Roster", "BenefitUsage", "IncidentLog"]


def _other(path: str):
    spec = importlib.util.spec_from_file_location("other_regorus_engine", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RegorusEngine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kinds", nargs="*", default=KINDS)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--folder", default=str(Path(tempfile.gettempdir()) / "aac-engine-decide"))
    parser.add_argument("--against", help="another regorus_engine.py to time in turn")
    args = parser.parse_args()
    engines = {"this": RegorusEngine, **({"other": _other(args.against)} if args.against else {})}
    ev = Evaluator()
    for kind in args.kinds:
        paths = generate(Path(args.folder) / kind, kind, args.count)
        inputs = [inp for p in paths for _, inp in [ev.prepare(p)] if inp is not None]
        best = dict.fromkeys(engines, float("inf"))
        runs: dict = {}
        for _ in range(3):
            for name, cls in engines.items():
                engine = cls()
                engine.load(ev.policies.modules, ev.data_document())
                runs[name] = collections.Counter()
                start = time.process_time()
                for doc in inputs:
                    engine.decide([doc])
                    runs[name].update(getattr(engine, "last_runs", None) or [engine.last_run])
                best[name] = min(best[name], (time.process_time() - start) / len(inputs))
        for name in engines:
            shown = " ".join(f"{k}={v}" for k, v in sorted(runs[name].items()))
            print(f"{kind:13s} {name:5s} {len(inputs):4d} docs  {best[name] * 1e3:7.3f} ms/doc  {shown}")


if __name__ == "__main__":
    main()
