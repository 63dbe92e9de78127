"""The Rego policies shipped with aacompliance and their rule catalogue.

Rule ids are written once, in each rule package's ``# METADATA`` annotation
(``custom: {id: ..., kind: ..., subject: ...}``; ``subject`` names the field of a
violation's ``data`` that says what it is about — a subscription, an email, a
benefit — which a waiver may name). The catalogue built from them here goes to
the engine as data (``data.aacompliance.catalogue``), so that every engine —
embedded or an OPA server fed by a bundle — stamps the same ids.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from aacompliance.errors import UsageError
# Where policies/ and contracts/ are found ($AACOMPLIANCE_HOME, the source tree, or the
# copies bundled in the installed package), re-exported here.
from aacompliance.util.home import default_contracts_dir, default_policy_dir, project_root  # noqa: F401

_PACKAGE_RE = re.compile(r"^package\s+([\w.]+)\s*$", re.M)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    package: str  #: e.g. ``aacompliance.rules.order_form.coverage``
    title: str
    description: str
    path: str
    #: The field of each violation's ``data`` naming what it is about (None: the document).
    subject: str | None = None

    @property
    def group(self) -> str:
        return self.package.split(".")[2]

    @property
    def name(self) -> str:
        return self.package.split(".")[3]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _package_metadata(source: str) -> dict | None:
    """The METADATA annotation directly above the ``package`` line, if any."""
    lines = source.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("package "):
            block: list[str] = []
            j = index - 1
            while j >= 0 and lines[j].startswith("#"):
                block.insert(0, lines[j])
                j -= 1
            if block and block[0].strip() == "# METADATA":
                text = "\n".join(b[2:] if b.startswith("# ") else b[1:] for b in block[1:])
                # The C loader when libyaml is there (the same YAML 1.1 reading, a tenth of the time).
                return yaml.load(text, Loader=_LOADER) or {}
            return None
    return None


class PolicySet:
    """The Rego modules of a policy directory, with their rule catalogue."""

    def __init__(self, root: Path | None = None, *, with_tests: bool = False):
        self.root = Path(root) if root else default_policy_dir()
        if not self.root.is_dir():
            raise UsageError(f"policy directory not found: {self.root} (check --policies DIR or $AACOMPLIANCE_HOME)")
        self.modules: dict[str, str] = {}
        self.rules: list[Rule] = []
        self.reports: list[str] = []
        for path in sorted(self.root.rglob("*.rego")):
            is_test = path.name.endswith("_test.rego")
            if is_test and not with_tests:
                continue
            rel = path.relative_to(self.root).as_posix()
            source = path.read_text(encoding="utf-8")
            self.modules[rel] = source
            meta = None if is_test else _package_metadata(source)
            custom = (meta or {}).get("custom") or {}
            if "report" in custom:
                self.reports.append(custom["report"])
            if "id" in custom:
                package = _PACKAGE_RE.search(source).group(1)
                self.rules.append(Rule(custom["id"], custom["kind"], package, meta.get("title", ""),
                                       " ".join(str(meta.get("description", "")).split()), rel,
                                       custom.get("subject")))
        self.rules.sort(key=lambda r: r.id)

    def catalogue(self) -> dict:
        """The rule catalogue for the engine's data::

            {"rules": {group: {name: {id, kind, title[, subject]}}}, "kinds": {kind: group},
             "reports": [group]}
        """
        rules: dict = {}
        kinds: dict = {}
        for rule in self.rules:
            entry = {"id": rule.id, "kind": rule.kind, "title": rule.title}
            if rule.subject:
                entry["subject"] = rule.subject
            rules.setdefault(rule.group, {})[rule.name] = entry
            if kinds.setdefault(rule.kind, rule.group) != rule.group:
                raise UsageError(f"{rule.path}: kind {rule.kind} already belongs to rule group "
                                 f"{kinds[rule.kind]!r}; one group per document kind")
        return {"rules": rules, "kinds": kinds, "reports": sorted(self.reports)}

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
