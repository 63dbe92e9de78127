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
    driver_rules = [{"id": r.id, "name": r.package, "shortDescription": {"text": r.title},
                     "fullDescription": {"text": r.description or r.title}} for r in rules]
    driver_rules.append({"id": "INPUT", "name": "input", "shortDescription": {"text": "Unusable input"}})
    sarif = {"$schema": _SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "aacompliance", "version": __version__, "rules": driver_rules}},
        "results": results}]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
