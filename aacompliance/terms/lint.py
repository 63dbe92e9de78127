"""Consistency checks on contract revisions, beyond the schema.

Errors make a revision unusable; warnings flag terms that are probably wrong,
e.g. a higher plan with a worse target than a lower one.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from aacompliance.util import yamlio
from aacompliance.terms.store import Revision


@dataclass(frozen=True)
class Finding:
    level: str  #: "error" or "warning"
    path: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{self.level}: {where}: {self.field}: {self.message}"


@functools.lru_cache(maxsize=4)
def _line_finder(text: str) -> yamlio.LineFinder:
    """One composed text per file content: linting many variants of one revision
    (the mutation test) composes the YAML once."""
    return yamlio.LineFinder(text)


def _target_minutes(rev: Revision, target: dict) -> tuple[str, float]:
    unit = rev.terms["units"][target["unit"]]
    return unit["basis"], target["value"] * unit["minutes"]


def _caps(benefit: dict) -> dict[tuple[str, str], float]:
    return {(c["per"], c["measure"]): c["max"] for c in benefit["caps"]}


def _referenced_clauses(node, out: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("clause") and isinstance(value, str):
                out.add(value)
            elif key in ("clauses", "see_also") and isinstance(value, list):
                out.update(v for v in value if isinstance(v, str))
            else:
                _referenced_clauses(value, out)
    elif isinstance(node, list):
        for item in node:
            _referenced_clauses(item, out)


def lint_revision(rev: Revision, source=None) -> list[Finding]:
    """``source``: the source text's path, or a :class:`~aacompliance.lint_source.Source`."""
    terms, path = rev.terms, str(rev.path)
    lines = _line_finder(rev.path.read_text(encoding="utf-8"))
    findings: list[Finding] = []

    def add(level, field, message, where=None):
        findings.append(Finding(level, path, field, message, lines.line(where or field)))

    plans = rev.plan_ids
    for lower, higher in zip(plans, plans[1:]):
        lo, hi = terms["plans"][lower], terms["plans"][higher]
        for sev, target in lo["initial_response"].items():
            other = hi["initial_response"].get(sev)
            if other is None:
                add("warning", f"plans.{higher}.initial_response",
                    f"{higher} has no severity {sev} target but the lower plan {lower} has one")
                continue
            (b1, m1), (b2, m2) = _target_minutes(rev, target), _target_minutes(rev, other)
            if b1 == b2 and m2 > m1:
                add("warning", f"plans.{higher}.initial_response.{sev}",
                    f"{higher}'s severity {sev} target ({other['value']} {other['unit']}) is longer than "
                    f"{lower}'s ({target['value']} {target['unit']})")
        for term in ("attainment_percent", "designated_contacts_max", "delegated_admins_max",
                     "regional_slots_max", "extra_languages_max"):
            if hi[term]["value"] < lo[term]["value"]:
                add("warning", f"plans.{higher}.{term}",
                    f"{higher} ({hi[term]['value']}) is below the lower plan {lower} ({lo[term]['value']})")
        for name, benefit in lo["benefits"].items():
            other = hi["benefits"].get(name)
            if other is None:
                add("warning", f"plans.{higher}.benefits",
                    f"{higher} lacks benefit {name}, which the lower plan {lower} includes")
                continue
            lo_caps, hi_caps = _caps(benefit), _caps(other)
            if not lo_caps and hi_caps:
                add("warning", f"plans.{higher}.benefits.{name}.caps",
                    f"{higher} caps {name}, which {lower} has without a cap")
            for key, value in hi_caps.items():
                if key in lo_caps and value < lo_caps[key]:
                    add("warning", f"plans.{higher}.benefits.{name}.caps",
                        f"{higher}'s cap of {value} {key[1]} per {key[0]} is below {lower}'s {lo_caps[key]}")
    for plan in plans:
        p = terms["plans"][plan]
        if p["delegated_admins_max"]["value"] > p["designated_contacts_max"]["value"]:
            add("warning", f"plans.{plan}.delegated_admins_max", "more delegated admins than designated contacts")
    hours = terms["business_hours"]
    (h1, m1), (h2, m2) = (int(x) for x in hours["start"].split(":")), (int(x) for x in hours["end"].split(":"))
    window = (h2 * 60 + m2) - (h1 * 60 + m1)
    if window <= 0:
        add("error", "business_hours.end", "business hours end before they start")
    for name, unit in terms["units"].items():
        if unit["basis"] == "business" and name.endswith("days") and unit["minutes"] != window:
            add("warning", f"units.{name}.minutes",
                f"{unit['minutes']} minutes, but the business-hours window is {window} minutes a day")
    used: set[str] = set()
    _referenced_clauses({k: v for k, v in terms.items() if k != "clauses"}, used)
    for clause_id in sorted(set(terms["clauses"]) - used):
        add("warning", f"clauses.{clause_id}", "clause is cited by no term", ["clauses", clause_id])
    used_readings: set[str] = set()
    _referenced_readings(terms, used_readings)
    for section in ("interpretations", "assumptions"):
        for rid in sorted(set(terms.get(section, {})) - used_readings):
            add("warning", f"{section}.{rid}", "no term refers to it", [section, rid])
    if source is not None:
        from aacompliance.terms.lint_source import Source, check_source

        check_source(terms, source if isinstance(source, Source) else Source.read(source),
                     lambda field, message, where: add("error", field, message, where))
    return findings


def _referenced_readings(node, out: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "interpretation" and isinstance(value, dict) and "id" in value:
                out.add(value["id"])
            elif key == "assumptions" and isinstance(value, list):
                out.update(v for v in value if isinstance(v, str))
            elif key == "assumption" and isinstance(value, str):
                out.add(value)
            elif key not in ("interpretations", "assumptions"):
                _referenced_readings(value, out)
    elif isinstance(node, list):
        for item in node:
            _referenced_readings(item, out)
