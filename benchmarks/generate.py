"""Generate varied, realistic documents for the benchmarks (deterministic: seeded)."""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

PLANS = ["orange", "silver", "gold", "platinum", "titanium"]
REGIONS = ["EMEA", "AMER", "APAC", "LATAM", "ANZ"]
PRODUCTS = ["Automation 360 Cloud", "Automation 360 On-Premises", "Document Automation", "Process Discovery",
            "AI Agent Studio"]


def _day(rng: random.Random, start: dt.date, span: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span))


def order_form(rng: random.Random, n: int) -> dict:
    signed = _day(rng, dt.date(2024, 12, 1), 500)
    subs = []
    for i in range(rng.randint(1, 8)):
        start = _day(rng, signed - dt.timedelta(days=900), 1200)
        subs.append({"id": f"S{n}-{i}", "product": rng.choice(PRODUCTS), "region": rng.choice(REGIONS),
                     "entity": f"Entity {rng.randint(1, 40)}", "start": start.isoformat(),
                     "end": (start + dt.timedelta(days=rng.choice([364, 729, 1094]))).isoformat()})
    plan = rng.choice(PLANS)
    covered = [s["id"] for s in subs if rng.random() < 0.9]
    if rng.random() < 0.05:
        covered.append(f"S{n}-404")
    lines = [{"plan": plan, "covers": covered, "start": signed.isoformat(),
              "end": (signed + dt.timedelta(days=364)).isoformat(), "credit_or_refund": rng.random() < 0.03}]
    if rng.random() < 0.05:
        lines.append({**lines[0], "plan": rng.choice(PLANS), "covers": covered[:1]})
    doc = {"apiVersion": "aacompliance/v1", "kind": "OrderForm", "id": f"OF-BENCH-{n:05d}",
           "customer": {"name": f"Customer {n}", "account": f"ACC-{n:05d}"},
           "signed_on": signed.isoformat(), "subscriptions": subs, "support": lines}
    if rng.random() < 0.2:
        doc["extra_tams"] = [{"region": rng.choice(REGIONS)}]
    return doc


def incident_log(rng: random.Random, count: int) -> dict:
    incidents = []
    for i in range(count):
        opened = dt.datetime(2025, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))) + dt.timedelta(
            minutes=rng.randrange(60 * 24 * 85))
        entry = {"id": f"INC-{i}", "severity": rng.randint(1, 4), "opened": opened.isoformat()}
        if rng.random() < 0.97:
            entry["first_response"] = (opened + dt.timedelta(minutes=rng.randrange(1, 60 * 30))).isoformat()
        incidents.append(entry)
    return {"apiVersion": "aacompliance/v1", "kind": "IncidentLog", "account": "BENCH", "plan": rng.choice(PLANS[1:]),
            "timezone": "Europe/Paris", "period": {"start": "2025-01-01", "end": "2025-03-31"},
            "incidents": incidents}


def roster(rng: random.Random, n: int) -> dict:
    plan = rng.choice(PLANS)
    contacts = [{"email": f"c{i}@acc{n}.example", "name": f"Contact {i}", "admin": rng.random() < 0.3,
                 "sees": rng.choice(["own", "account"]), "cc_on_incidents": rng.random() < 0.5}
                for i in range(rng.randint(1, 22))]
    return {"apiVersion": "aacompliance/v1", "kind": "Roster", "account": f"ACC-{n}", "customer": f"Customer {n}",
            "plan": plan, "as_of": "2025-05-01", "regional_slots": rng.sample(REGIONS, rng.randint(1, 3)),
            "languages": rng.sample(["fr", "de", "ja", "es", "pt", "ko"], rng.randint(0, 3)), "contacts": contacts,
            "account_wide_visibility": {"enabled": rng.random() < 0.5, "enabled_by": contacts[0]["email"]}}


def benefit_usage(rng: random.Random, n: int) -> dict:
    benefits = ["architecture_consultation", "sandbox_setup", "infosec_consultation", "support_case_review",
                "technical_health_check", "enterprise_architect_consultation", "developer_support"]
    sessions = [{"benefit": rng.choice(benefits), "date": _day(rng, dt.date(2025, 1, 1), 365).isoformat(),
                 "hours": rng.choice([0.5, 1, 1.5, 2, 3, 4]), "language": rng.choice(["en", "en", "fr", "ja"])}
                for _ in range(rng.randint(1, 30))]
    return {"apiVersion": "aacompliance/v1", "kind": "BenefitUsage", "account": f"ACC-{n}",
            "plan": rng.choice(PLANS[1:]), "contract_year_start": "2025-01-01", "sessions": sessions}


def write_yaml(path: Path, doc: dict) -> None:
    # Flow-style YAML written by hand keeps generation fast; JSON is valid YAML 1.2 flow.
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


def generate(folder: Path, kind: str, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    make = {"OrderForm": order_form, "Roster": roster, "BenefitUsage": benefit_usage}[kind]
    paths = []
    for n in range(count):
        path = folder / f"{kind.lower()}-{n:05d}.yaml"
        write_yaml(path, make(rng, n))
        paths.append(path)
    return paths
