"""Which documents change verdict between two contract revisions."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from aacompliance.pipeline.evaluate import Settings, check_paths
from aacompliance.pipeline.results import DocumentResult


def _without_versions(value):
    """Violation data minus the revision names it carries (they differ by construction)."""
    if isinstance(value, dict):
        return {k: _without_versions(v) for k, v in value.items() if k != "version"}
    if isinstance(value, list):
        return [_without_versions(v) for v in value]
    return value


def _signature(result: DocumentResult) -> dict[str, dict]:
    return {f"{v.rule} {json.dumps(_without_versions(v.data), sort_keys=True)}":
            {"rule": v.rule, "message": v.message} for v in result.violations}


@dataclass
class Impact:
    path: str
    kind: str | None
    id: str | None
    old_compliant: bool | None
    new_compliant: bool | None
    added: list[dict] = field(default_factory=list)  #: violations only under the new revision
    removed: list[dict] = field(default_factory=list)  #: violations only under the old revision

    @property
    def summary(self) -> str:
        def verdict(v):
            return {True: "compliant", False: "violations", None: "error"}[v]
        if self.old_compliant != self.new_compliant:
            return f"{verdict(self.old_compliant)} → {verdict(self.new_compliant)}"
        return "violations change"

    def as_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "id": self.id, "old_compliant": self.old_compliant,
                "new_compliant": self.new_compliant, "added": self.added, "removed": self.removed}


def impact(paths: list[str], old_spec: str, new_spec: str, settings: Settings, jobs: int = 0,
           waiver_paths: list[str] = ()) -> list[Impact]:
    """Evaluate every document under both revisions; the ones whose outcome differs.

    Waivers (among ``paths`` or under ``waiver_paths``) apply under both revisions: a
    waived violation does not count, so a document whose only violations are waived is
    compliant before and after."""
    base = {k: v for k, v in vars(settings).items() if k != "revision"}
    before = check_paths(paths, Settings(**base, revision=old_spec), jobs=jobs, waiver_paths=waiver_paths)
    after = check_paths(paths, Settings(**base, revision=new_spec), jobs=jobs, waiver_paths=waiver_paths)
    out = []
    for old, new in zip(before.documents, after.documents):
        a, b = _signature(old), _signature(new)
        if old.compliant == new.compliant and a.keys() == b.keys():
            continue
        out.append(Impact(new.path, new.kind, new.id, old.compliant, new.compliant,
                          [b[k] for k in b if k not in a], [a[k] for k in a if k not in b]))
    return out


def render_impact(rows: list[Impact], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2)
    if not rows:
        return "Impact: no document changes verdict or violations."
    lines = [f"Impact: {len(rows)} document(s) change:"]
    for row in rows:
        lines.append(f"  {row.path} ({row.kind} {row.id}): {row.summary}")
        lines += [f"    + {v['rule']}: {v['message']}" for v in row.added]
        lines += [f"    - {v['rule']}: {v['message']}" for v in row.removed]
    if fmt == "markdown":
        return "\n".join(["## Impact", "", *[f"- {line.strip()}" for line in lines[1:]]])
    return "\n".join(lines)
