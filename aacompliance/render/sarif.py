"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning among them).

Locations are relative to the folder the check ran in (``uriBaseId: SRCROOT``, which
``originalUriBaseIds`` resolves), so that a dashboard finds the file in the repository;
each result carries ``partialFingerprints`` (rule, file, field, message — not the line,
which moves when lines are added above) so that a finding keeps its identity from one
run to the next. Results are written as they come, one per line.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from aacompliance import __version__
from aacompliance.render import Writer, relative_uri

_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "SRCROOT"
#: The key of our fingerprint in ``partialFingerprints`` (versioned: a new recipe, a new key).
FINGERPRINT = "aacompliance/v1"
_RESULTS = "@@results@@"


def _location(path: str, line: int | None) -> dict:
    uri, relative = relative_uri(path)
    artifact: dict = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = BASE_ID
    physical: dict = {"artifactLocation": artifact}
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _fingerprint(rule: str, path: str, field: str | None, message: str) -> dict:
    digest = hashlib.sha256("\0".join((rule, relative_uri(path)[0], field or "", message)).encode("utf-8"))
    return {FINGERPRINT: digest.hexdigest()[:32]}


def _result(rule: str, message: str, path: str, line: int | None, field: str | None, properties=None) -> dict:
    out = {"ruleId": rule, "level": "error", "message": {"text": message}, "locations": [_location(path, line)],
           "partialFingerprints": _fingerprint(rule, path, field, message)}
    if properties:
        out["properties"] = properties
    return out


class SarifWriter(Writer):
    def start(self, report) -> None:
        driver_rules = [{"id": r.id, "name": r.package, "shortDescription": {"text": r.title},
                         "fullDescription": {"text": r.description or r.title}} for r in self.rules]
        driver_rules.append({"id": "INPUT", "name": "input", "shortDescription": {"text": "Unusable input"}})
        if report.waivers:
            driver_rules.append({"id": "WAIVER", "name": "waiver",
                                 "shortDescription": {"text": "A waiver that expired or matched nothing"}})
        sarif = {"$schema": _SCHEMA, "version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "aacompliance", "version": __version__, "rules": driver_rules}},
            "originalUriBaseIds": {BASE_ID: {"uri": Path.cwd().as_uri() + "/"}},
            "results": _RESULTS}]}
        head, self._tail = json.dumps(sarif, ensure_ascii=False, indent=2).split(json.dumps(_RESULTS))
        self.out.write(head + "[")
        self._count = 0
        for problem in report.problems:
            self._write(_result("INPUT", problem.message, problem.path, None, None))

    def _write(self, result: dict) -> None:
        self.out.write(("\n        " if not self._count else ",\n        ") + json.dumps(result, ensure_ascii=False))
        self._count += 1

    def document(self, doc) -> None:
        for problem in doc.errors:
            text = f"{problem.field}: {problem.message}" if problem.field else problem.message
            self._write(_result("INPUT", text, doc.path, problem.line, problem.field))
        for v in doc.violations:
            self._write(_result(v.rule, v.message, doc.path, v.line, (v.data or {}).get("field"),
                                {"clause": v.clause, "contract": v.contract, "data": v.data}))
        for v in doc.waived:  # reported, never dropped: a SARIF suppression carries the waiver
            w = v.waiver or {}
            result = _result(v.rule, v.message, doc.path, v.line, (v.data or {}).get("field"),
                             {"clause": v.clause, "contract": v.contract, "data": v.data})
            result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": str(w.get("reason")),
                                       "properties": {"waiver": w.get("id"), "approved_by": w.get("approved_by"),
                                                      "approved_on": w.get("approved_on"),
                                                      "expires_on": w.get("expires_on")}}]
            self._write(result)

    def finish(self, report) -> None:
        for w in report.waivers:
            if w.status != "applied":
                self._write({"ruleId": "WAIVER", "level": "warning", "message": {"text": f"waiver {w.id} {w.detail}"},
                             "locations": [_location(w.path, None)],
                             "partialFingerprints": _fingerprint("WAIVER", w.path, w.id, w.status)})
        self.out.write(("\n      ]" if self._count else "]") + self._tail + "\n")
