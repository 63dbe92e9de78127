"""SARIF 2.1.0, for code-scanning dashboards."""
from __future__ import annotations

import json

from aacompliance import __version__

_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _location(path: str, line: int | None) -> dict:
    physical: dict = {"artifactLocation": {"uri": path}}
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def render_sarif(report, *, rules=(), **_options) -> str:
    results = []
    for problem in report.problems:
        results.append({"ruleId": "INPUT", "level": "error", "message": {"text": problem.message},
                        "locations": [_location(problem.path, None)]})
    for doc in report.documents:
        for problem in doc.errors:
            results.append({"ruleId": "INPUT", "level": "error",
                            "message": {"text": f"{problem.field}: {problem.message}" if problem.field
                                        else problem.message},
                            "locations": [_location(doc.path, problem.line)]})
        for v in doc.violations:
            results.append({"ruleId": v.rule, "level": "error", "message": {"text": v.message},
                            "locations": [_location(doc.path, v.line)],
                            "properties": {"clause": v.clause, "contract": v.contract, "data": v.data}})
        for v in doc.waived:  # reported, never dropped: a SARIF suppression carries the waiver
            w = v.waiver or {}
            results.append({"ruleId": v.rule, "level": "error", "message": {"text": v.message},
                            "locations": [_location(doc.path, v.line)],
                            "suppressions": [{"kind": "external", "status": "accepted",
                                              "justification": str(w.get("reason")),
                                              "properties": {"waiver": w.get("id"), "approved_by": w.get("approved_by"),
                                                             "approved_on": w.get("approved_on"),
                                                             "expires_on": w.get("expires_on")}}],
                            "properties": {"clause": v.clause, "contract": v.contract, "data": v.data}})
    for w in report.waivers:
        if w.status != "applied":
            results.append({"ruleId": "WAIVER", "level": "warning", "message": {"text": f"waiver {w.id} {w.detail}"},
                            "locations": [_location(w.path, None)]})
    driver_rules = [{"id": r.id, "name": r.package, "shortDescription": {"text": r.title},
                     "fullDescription": {"text": r.description or r.title}} for r in rules]
    driver_rules.append({"id": "INPUT", "name": "input", "shortDescription": {"text": "Unusable input"}})
    if report.waivers:
        driver_rules.append({"id": "WAIVER", "name": "waiver",
                             "shortDescription": {"text": "A waiver that expired or matched nothing"}})
    sarif = {"$schema": _SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "aacompliance", "version": __version__, "rules": driver_rules}},
        "results": results}]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
