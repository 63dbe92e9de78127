"""Large single documents for the complexity benchmark (issue 11 item 8; seeded, deterministic).

    python benchmarks/large.py OUT_DIR [--scale 1.0]

writes ``roster.yaml`` (4,000 contacts, a few listed twice), ``benefits.yaml`` (4,000 sessions in one
contract year) and ``incidents.yaml`` (2,000 incidents over a quarter), then times
``aacompliance check`` on each (one process, cold start included) and prints the seconds.
``--scale 2`` doubles every size: a linear rule set takes about twice as long.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import incident_log  # noqa: E402

BENEFITS = ["architecture_consultation", "sandbox_setup", "infosec_consultation", "support_case_review",
            "technical_health_check", "enterprise_architect_consultation", "developer_support"]


def roster(rng: random.Random, contacts: int) -> dict:
    people = [{"email": f"c{i}@big.example", "name": f"Contact {i}", "admin": i < 3,
               "sees": "own", "cc_on_incidents": rng.random() < 0.5} for i in range(contacts)]
    for i in rng.sample(range(1, contacts), max(1, contacts // 200)):  # a few listed twice, other case
        people[i]["email"] = people[i - 1]["email"].upper()
    return {"apiVersion": "aacompliance/v1", "kind": "Roster", "account": "BIG", "customer": "Big Customer",
            "plan": "titanium", "as_of": "2025-05-01", "regional_slots": ["EMEA"], "languages": ["fr"],
            "contacts": people, "account_wide_visibility": {"enabled": True, "enabled_by": people[0]["email"]}}


def benefit_usage(rng: random.Random, sessions: int) -> dict:
    start = dt.date(2025, 1, 1)
    rows = [{"benefit": rng.choice(BENEFITS), "date": (start + dt.timedelta(days=rng.randrange(365))).isoformat(),
             "hours": rng.choice([0.5, 1, 1.5, 2]), "language": "en"} for _ in range(sessions)]
    return {"apiVersion": "aacompliance/v1", "kind": "BenefitUsage", "account": "BIG", "plan": "titanium",
            "contract_year_start": start.isoformat(), "sessions": rows}


def write(folder: Path, scale: float = 1.0, seed: int = 11) -> dict[str, Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    docs = {"roster": roster(rng, int(4000 * scale)), "benefits": benefit_usage(rng, int(4000 * scale)),
            "incidents": incident_log(rng, 0, int(2000 * scale))}
    paths = {}
    for name, doc in docs.items():
        paths[name] = folder / f"{name}.yaml"
        paths[name].write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--engine", default="regorus")
    args = parser.parse_args()
    for name, path in write(args.out, args.scale).items():
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "aacompliance", "check", "--engine", args.engine,
                               "--format", "json", str(path)], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        summary = json.loads(proc.stdout)["summary"] if proc.stdout.startswith("{") else proc.stdout[-200:]
        print(f"{name:10} {path.stat().st_size / 1024:7.0f} KiB  exit {proc.returncode}  {elapsed:7.2f} s  {summary}")


if __name__ == "__main__":
    main()
