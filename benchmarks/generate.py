"""Realistic documents for the benchmarks, deterministic (seeded).

Distributions (described in docs/performance.md):
- order forms: 5–40 subscriptions over 2–5 regions and 1–6 legal entities, 1–3 support
  lines (the first covering nearly every subscription), an extra TAM one time in five;
- rosters: 2–20 contacts, a fifth of them admins, 0–3 extra languages, 1–3 regional slots;
- benefit usage: 10–100 sessions over a contract year, 0.5–6 hours each, mostly of the
  plan's benefits and in English;
- incident logs: 50–500 incidents over a year, severities 1–4 (5/20/45/30 %), first
  responses minutes to days later (log-normal), 2 % still open.
Each document is written as people write YAML: block style with comments, or one flow
mapping per list item (as in examples/), chosen per document. A few documents break a
rule on purpose, so reports have violations to locate.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
from pathlib import Path

PLANS = ["orange", "silver", "gold", "platinum", "titanium"]
REGIONS = ["EMEA", "AMER", "APAC", "LATAM", "ANZ", "MEA", "NORDICS"]
PRODUCTS = ["Automation 360 Cloud Enterprise", "Automation 360 On-Premises", "Document Automation",
            "Process Discovery", "AI Agent Studio", "Automation Co-Pilot", "Bot Insight", "Control Room HA"]
ENTITY_SUFFIXES = ["SA", "Inc.", "GmbH", "Pte Ltd", "KK", "Ltda", "Pty Ltd", "AB", "BV", "S.p.A."]
FIRST = ["Ana", "Bruno", "Chloé", "Dmitri", "Emma", "Farid", "Greta", "Hiro", "Inès", "João", "Kofi", "Lena",
         "Mateo", "Nora", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tara", "Ugo", "Vera", "Wen", "Yusuf"]
LAST = ["Martin", "Keller", "Tanaka", "Silva", "Okafor", "Dubois", "Rossi", "Nguyen", "Schmidt", "Haddad",
        "Larsen", "Moreau", "Kowalski", "Fernández", "Ito", "Bianchi"]
BENEFITS_BY_PLAN: dict[str, list[str]] = {}


def _benefits(plan: str) -> list[str]:
    """The plan's benefits in the current revision (read once from contracts/)."""
    if not BENEFITS_BY_PLAN:
        import yaml
        root = Path(__file__).resolve().parent.parent / "contracts" / "technical-support-terms"
        latest = sorted(root.glob("*.yaml"))[-1]
        terms = yaml.safe_load(latest.read_text(encoding="utf-8"))
        for name, terms_of in terms["plans"].items():
            BENEFITS_BY_PLAN[name] = sorted(terms_of["benefits"])
        BENEFITS_BY_PLAN["*"] = sorted(terms["benefits"])
    return BENEFITS_BY_PLAN.get(plan, [])


def _day(rng: random.Random, start: dt.date, span: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span))


def _company(rng: random.Random) -> str:
    return rng.choice(["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Soylent", "Hooli",
                       "Vandelay", "Cyberdyne", "Aperture", "Wonka", "Oceanic", "Nakatomi"]) + " " + rng.choice(
        ["Industries", "Holdings", "Logistics", "Bank", "Insurance", "Health", "Retail", "Energy", "Group"])


# --- documents (as data) -----------------------------------------------------------

def order_form(rng: random.Random, n: int, subscriptions: int | None = None) -> dict:
    signed = _day(rng, dt.date(2024, 12, 1), 500)
    company = _company(rng)
    regions = rng.sample(REGIONS, rng.randint(2, 5))
    entities = [(f"{company} {suffix}", region) for suffix, region in
                zip(rng.sample(ENTITY_SUFFIXES, rng.randint(1, 6)), (rng.choice(regions) for _ in range(6)))]
    count = subscriptions if subscriptions is not None else rng.randint(5, 40)
    subs = []
    for i in range(count):
        entity, region = rng.choice(entities)
        start = _day(rng, signed - dt.timedelta(days=700), 820)
        sub = {"id": f"SUB-{n:05d}-{i:03d}", "product": rng.choice(PRODUCTS), "region": region, "entity": entity,
               "start": start.isoformat(), "end": (start + dt.timedelta(days=rng.choice([364, 729, 1094]))).isoformat()}
        if start > signed and rng.random() < 0.3:
            sub["new"] = True
        subs.append(sub)
    plan = rng.choice(PLANS)
    live = [s["id"] for s in subs if s["end"] >= signed.isoformat()]
    covered = [s for s in live if rng.random() < 0.97] or [subs[0]["id"]]
    if rng.random() < 0.03:
        covered.append(f"SUB-{n:05d}-404")
    lines = [{"plan": plan, "covers": covered, "start": signed.isoformat(),
              "end": (signed + dt.timedelta(days=364)).isoformat(), "credit_or_refund": rng.random() < 0.02}]
    for _ in range(rng.choice([0, 0, 0, 0, 1, 1, 2])):
        lines.append({"plan": plan if rng.random() < 0.9 else rng.choice(PLANS),
                      "covers": rng.sample(covered, min(len(covered), rng.randint(1, 3))),
                      "start": lines[0]["start"], "end": lines[0]["end"], "credit_or_refund": False})
    doc = {"apiVersion": "aacompliance/v1", "kind": "OrderForm", "id": f"OF-{signed.year}-{n:05d}",
           "customer": {"name": f"{company} {entities[0][0].rsplit(' ', 1)[-1]}", "account": f"ACC-{n:05d}"},
           "signed_on": signed.isoformat(), "subscriptions": subs, "support": lines}
    if rng.random() < 0.2:
        doc["extra_tams"] = [{"region": rng.choice(regions)}]
    return doc


def roster(rng: random.Random, n: int, contacts: int | None = None) -> dict:
    plan = rng.choice(PLANS)
    domain = f"acc{n}.example"
    count = contacts if contacts is not None else rng.randint(2, 20)
    people = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        people.append({"email": f"{first.lower()}.{last.lower()}.{i}@{domain}".encode("ascii", "ignore").decode(),
                       "name": f"{first} {last}", "admin": i == 0 or rng.random() < 0.2,
                       "sees": "account" if rng.random() < 0.25 else "own", "cc_on_incidents": rng.random() < 0.4})
    return {"apiVersion": "aacompliance/v1", "kind": "Roster", "account": f"ACC-{n:05d}",
            "customer": _company(rng), "plan": plan, "as_of": _day(rng, dt.date(2025, 1, 1), 300).isoformat(),
            "regional_slots": rng.sample(REGIONS, rng.randint(1, 3)),
            "languages": rng.sample(["fr", "de", "ja", "es", "pt", "ko", "it", "zh"], rng.randint(0, 3)),
            "contacts": people,
            "account_wide_visibility": {"enabled": rng.random() < 0.4,
                                        "enabled_by": people[0]["email"] if rng.random() < 0.9 else None}}


def benefit_usage(rng: random.Random, n: int, sessions: int | None = None) -> dict:
    plan = rng.choice(PLANS[1:])
    own, every = _benefits(plan), _benefits("*")
    start = dt.date(2025, rng.randint(1, 6), 1)
    count = sessions if sessions is not None else rng.randint(10, 100)
    span = max(1, min(365, count * 3))
    items = sorted(({"benefit": rng.choice(own if rng.random() < 0.95 else every),
                     "date": _day(rng, start, span).isoformat(),
                     "hours": rng.choice([0.5, 1, 1, 1.5, 2, 2, 3, 4, 6]),
                     "language": rng.choice(["en", "en", "en", "fr", "de", "ja"])} for _ in range(count)),
                   key=lambda s: s["date"])
    return {"apiVersion": "aacompliance/v1", "kind": "BenefitUsage", "account": f"ACC-{n:05d}", "plan": plan,
            "contract_year_start": start.isoformat(), "sessions": items}


_SEVERITY_WEIGHTS = (5, 20, 45, 30)
_ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Europe/London", "Australia/Sydney"]


def incident_log(rng: random.Random, n: int, incidents: int | None = None) -> dict:
    year = 2025
    zone_name = rng.choice(_ZONES)
    offset = dt.timezone(dt.timedelta(hours=rng.choice([-5, 0, 1, 2, 9, 10])))
    count = incidents if incidents is not None else rng.randint(50, 500)
    items = []
    for i in range(count):
        opened = dt.datetime(year, 1, 1, tzinfo=offset) + dt.timedelta(minutes=rng.randrange(60 * 24 * 360))
        entry = {"id": f"INC-{n:05d}-{i:05d}", "severity": rng.choices((1, 2, 3, 4), _SEVERITY_WEIGHTS)[0],
                 "opened": opened.isoformat()}
        if rng.random() < 0.98:
            minutes = max(1, int(math.exp(rng.gauss(4.0, 1.4))))  # median ~55 min, a tail of days
            entry["first_response"] = (opened + dt.timedelta(minutes=minutes)).isoformat()
        else:
            entry["first_response"] = None
        items.append(entry)
    items.sort(key=lambda e: e["opened"])
    return {"apiVersion": "aacompliance/v1", "kind": "IncidentLog", "account": f"ACC-{n:05d}",
            "plan": rng.choice(PLANS[1:]), "timezone": zone_name,
            "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"}, "incidents": items}


MAKERS = {"OrderForm": order_form, "Roster": roster, "BenefitUsage": benefit_usage, "IncidentLog": incident_log}
#: The list that grows with a document's size, per kind.
ITEMS = {"OrderForm": "subscriptions", "Roster": "contacts", "BenefitUsage": "sessions", "IncidentLog": "incidents"}


# --- writing YAML as people do ----------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._@/()-]*\Z")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT")


def scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if (_PLAIN.match(value) and value.lower() not in _RESERVED and not value[0].isdigit()
            and not value.endswith(" ")) or re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value)


def _block(value, indent: int, out: list[str], rng: random.Random, comment_rate: float) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out.append(f"{pad}{key}:")
                _block(item, indent + 2, out, rng, comment_rate)
            else:
                note = f"  # {rng.choice(['checked', 'per CRM', 'see ticket', 'TODO confirm'])}" \
                    if rng.random() < comment_rate else ""
                out.append(f"{pad}{key}: {_flow(item)}{note}")
    else:
        for item in value:
            if isinstance(item, dict):
                lines: list[str] = []
                _block(item, indent + 2, lines, rng, comment_rate)
                lines[0] = f"{pad}- {lines[0][indent + 2:]}"
                out.extend(lines)
            else:
                out.append(f"{pad}- {_flow(item)}")


def to_yaml(doc: dict, rng: random.Random) -> str:
    """Block style with comments, or a flow mapping per list item; the header always in block."""
    flow_items = rng.random() < 0.4
    out = [f"# {doc['kind']} {doc.get('id') or doc.get('account')} — exported {rng.choice(['from CRM', 'by hand'])}"]
    for key, value in doc.items():
        if isinstance(value, list) and value and flow_items:
            out.append(f"{key}:")
            out.extend(f"  - {_flow(item)}" for item in value)
        elif isinstance(value, dict) and flow_items:
            out.append(f"{key}: {_flow(value)}")
        elif isinstance(value, (dict, list)) and value:
            if rng.random() < 0.3:
                out.append(f"# {key}")
            out.append(f"{key}:")
            _block(value, 2, out, rng, 0.02)
        else:
            out.append(f"{key}: {_flow(value)}")
    return "\n".join(out) + "\n"


def write_yaml(path: Path, doc: dict, rng: random.Random | None = None) -> None:
    path.write_text(to_yaml(doc, rng or random.Random(0)), encoding="utf-8")


def generate(folder: Path, kind: str, count: int, seed: int = 7) -> list[Path]:
    """``count`` documents of ``kind`` in ``folder`` (kept when already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{kind.lower()}-{n:05d}.yaml" for n in range(count)]
    if all(p.exists() for p in paths) and len(list(folder.glob("*.yaml"))) == count:
        return paths
    for old in folder.glob("*.yaml"):
        old.unlink()
    rng = random.Random(f"{seed}-{kind}")
    make = MAKERS[kind]
    for n, path in enumerate(paths):
        path.write_text(to_yaml(make(rng, n), rng), encoding="utf-8")
    return paths


def sized(kind: str, items: int, seed: int = 11) -> str:
    """One document of ``kind`` with ``items`` entries in its growing list, as YAML."""
    rng = random.Random(f"{seed}-{kind}-{items}")
    return to_yaml(MAKERS[kind](rng, 1, items), rng)


def at_size(kind: str, size_bytes: int, seed: int = 11) -> tuple[str, int]:
    """The largest document of ``kind`` not above ``size_bytes``, and its item count."""
    per_item = len(sized(kind, 200, seed)) / 200
    items = int(size_bytes / per_item)
    text = sized(kind, items, seed)
    while len(text.encode()) > size_bytes:
        items = int(items * 0.98)
        text = sized(kind, items, seed)
    return text, items
