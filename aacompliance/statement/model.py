"""A statement: one account's documents, their verdicts and figures, ready to render.

Documents are evaluated from memory (the bytes that get attached are the bytes that
were judged); nothing is written to a temporary file.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from aacompliance import __version__
from aacompliance.documents.loading import discover, parse, read_document_bytes
from aacompliance.errors import InputError, Problem
from aacompliance.pipeline.evaluate import Evaluator, Settings
from aacompliance.pipeline.results import DocumentResult
from aacompliance.util.yamlio import decode as decode_text

#: decision.json layout: 1 = aacompliance 0.1.0 (no format field), 2 = meaning, versions, statement facts.
DECISION_FORMAT = 2


@dataclass
class InputFile:
    name: str
    data: bytes

    @functools.cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Statement:
    lang: str
    date: dt.date
    signed_off_by: str
    role: str
    inputs: list[InputFile]
    results: list[DocumentResult]
    evaluator: Evaluator = field(repr=False)
    #: Waiver files among the inputs (attached and hashed like the documents), their parsed
    #: data (by attachment name) and what became of each in this statement's documents.
    waivers: list[InputFile] = field(default_factory=list)
    waiver_data: dict[str, dict] = field(default_factory=dict)

    @property
    def compliant(self) -> bool:
        return all(r.compliant for r in self.results)

    @property
    def account(self) -> str:
        return _account(self.results[0].source_data)

    @functools.cached_property
    def bundle_revision(self) -> str:
        return bundle_revision(self.evaluator)

    def decision(self) -> dict:
        """What the statement rests on, attached as decision.json (no paths, no clock)."""
        return {"format": DECISION_FORMAT, "aacompliance": __version__, "bundle_revision": self.bundle_revision,
                "account": self.account, "compliant": self.compliant,
                "statement": {"lang": self.lang, "date": self.date.isoformat(), "signed_off_by": self.signed_off_by,
                              "role": self.role},
                "documents": documents_decision(self.inputs, self.results),
                **({"waivers": [{"path": w.name, "sha256": w.sha256} for w in self.waivers]} if self.waivers else {})}

    @property
    def all_inputs(self) -> list[InputFile]:
        """Every attached input: the documents, then the waivers."""
        return self.inputs + self.waivers

    def decision_json(self) -> bytes:
        return json.dumps(self.decision(), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def documents_decision(inputs: list[InputFile], results: list[DocumentResult]) -> list[dict]:
    docs = []
    for inp, res in zip(inputs, results):
        d = res.as_dict()
        d["path"] = inp.name
        d["sha256"] = inp.sha256
        docs.append(d)
    return docs


def bundle_revision(evaluator: Evaluator) -> str:
    """The revision of the policies and contracts that decided (as ``aacompliance bundle`` names it)."""
    from aacompliance.policy.bundle import content_revision

    return content_revision(evaluator.policies.modules, evaluator.data_document())


def _account(data: dict) -> str:
    if data.get("kind") == "OrderForm":
        return str(data["customer"]["account"])
    return str(data.get("account"))


def waiver_index(waivers: list[InputFile], evaluator: Evaluator):
    """Waivers given as bytes, parsed and validated: (index, {name: data}, problems)."""
    from aacompliance.pipeline.waivers import validated

    docs, problems = [], []
    for w in waivers:
        try:
            docs.append(parse(decode_text(w.data, w.name), w.name))
        except InputError as exc:
            problems += exc.problems
    index, more = validated(docs, {r.id: r for r in evaluator.policies.rules}, evaluator.resolver)
    return index, {d.path: d.data for d in docs if d.kind == "Waiver"}, problems + more


def evaluate_inputs(inputs: list[InputFile], evaluator: Evaluator, waivers=None) -> list[DocumentResult]:
    """Evaluate documents given as bytes (from files or from a statement's attachments),
    in memory, each under its own name; results keep their parsed document. ``waivers``:
    a validated index (:func:`waiver_index`) applied to the documents they name."""
    results: list[DocumentResult | None] = []
    docs = []
    for inp in inputs:
        try:
            docs.append(parse(decode_text(inp.data, inp.name), inp.name))
            results.append(None)
        except InputError as exc:
            results.append(DocumentResult(inp.name, errors=exc.problems))
    evaluated = iter(evaluator.evaluate_documents(docs, keep_documents=True, waivers=waivers))
    return [r if r is not None else next(evaluated) for r in results]


def attachment_names(files: list[Path]) -> list[str]:
    """One distinct attachment name per input: its file name, or ``N-name`` when several
    inputs share a name (N = its position among the inputs). Suffixes are kept: they say
    whether an attachment is YAML or JSON."""
    def base(f: Path) -> str:
        name = "".join(ch if ch.isprintable() and ch not in "/\\" else "_" for ch in f.name)
        return name or "document.yaml"

    names = [base(f) for f in files]
    folded = [n.casefold() for n in names]
    out: list[str] = []
    taken = {"decision.json"}
    for index, name in enumerate(names, start=1):
        candidate = name if folded.count(name.casefold()) == 1 and name.casefold() not in taken else f"{index}-{name}"
        while candidate.casefold() in taken:
            candidate = f"{index}-{candidate}"
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def build(paths: list[str], *, lang: str, signed_off_by: str, role: str, date: dt.date,
          settings: Settings | None = None, evaluator: Evaluator | None = None,
          waiver_paths: list[str] = ()) -> Statement:
    """Read one account's documents (and the waivers among them or in ``waiver_paths``),
    evaluate them and assemble the statement."""
    from aacompliance.pipeline.waivers import may_be_waiver

    found_docs = discover(paths)
    given = discover(list(waiver_paths)) if waiver_paths else None
    problems = list(found_docs.problems) + (list(given.problems) if given else [])
    if found_docs.stdin or (given is not None and given.stdin):
        problems.append(Problem("-", "a statement attaches its input files; name them, not standard input"))
    if problems:
        raise InputError(problems)
    found = found_docs.files
    explicit = given.files if given else []
    waiver_files = list(dict.fromkeys(explicit + [f for f in found if f not in explicit and may_be_waiver(f)]))
    files = [f for f in found if f not in waiver_files]
    if not files:
        raise InputError(Problem(" ".join(paths), "no document (*.yaml, *.yml, *.json) found"))
    inputs = []
    every = files + waiver_files
    for f, name in zip(every, attachment_names(every)):
        inputs.append(InputFile(name, read_document_bytes(f)))  # regular files only, size-capped
    inputs, waivers = inputs[:len(files)], inputs[len(files):]
    by_name = {inp.name: str(f) for inp, f in zip(inputs + waivers, every)}
    evaluator = evaluator or Evaluator(settings or Settings())
    index, waiver_data, broken = waiver_index(waivers, evaluator)
    if broken:  # fail closed: no statement rests on a waiver that cannot be used
        raise InputError([Problem(by_name.get(p.path, p.path), p.message, p.line, p.field) for p in broken])
    results = evaluate_inputs(inputs, evaluator, index)
    if any(r.errors for r in results):
        raise InputError([Problem(by_name[r.path], p.message, p.line, p.field) for r in results for p in r.errors])
    accounts = sorted({_account(r.source_data) for r in results})
    if len(accounts) != 1:
        raise InputError(Problem(", ".join(i.name for i in inputs),
                                 f"a statement covers one account; these documents are for {', '.join(accounts)}"))
    return Statement(lang, date, signed_off_by, role, inputs, results, evaluator, waivers, waiver_data)
