"""A statement: one account's documents, their verdicts and figures, ready to render."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from aacompliance import __version__
from aacompliance.documents.loading import discover
from aacompliance.errors import InputError, Problem
from aacompliance.pipeline.evaluate import Evaluator, Settings
from aacompliance.pipeline.results import DocumentResult


@dataclass
class InputFile:
    name: str
    data: bytes

    @property
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

    @property
    def compliant(self) -> bool:
        return all(r.compliant for r in self.results)

    @property
    def account(self) -> str:
        return _account(self.results[0].source_data)

    def decision(self) -> dict:
        """What the statement rests on, attached as decision.json (no paths, no clock)."""
        docs = []
        for inp, res in zip(self.inputs, self.results):
            d = res.as_dict()
            d["path"] = inp.name
            d["sha256"] = inp.sha256
            docs.append(d)
        return {"aacompliance": __version__, "account": self.account, "compliant": self.compliant,
                "documents": docs}

    def decision_json(self) -> bytes:
        return json.dumps(self.decision(), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _account(data: dict) -> str:
    if data.get("kind") == "OrderForm":
        return str(data["customer"]["account"])
    return str(data.get("account"))


def evaluate_inputs(inputs: list[InputFile], settings: Settings) -> tuple[list[DocumentResult], Evaluator]:
    """Evaluate documents given as bytes (from files or from a statement's attachments),
    in memory, each under its own name."""
    from aacompliance import documents
    from aacompliance.util import yamlio

    evaluator = Evaluator(settings)
    results = []
    for inp in inputs:
        try:
            doc = documents.parse(yamlio.decode(inp.data, inp.name), inp.name)
        except InputError as exc:
            results.append(DocumentResult(inp.name, errors=exc.problems))
            continue
        results += evaluator.evaluate_documents([doc], keep_documents=True)
    return results, evaluator


def build(paths: list[str], *, lang: str, signed_off_by: str, role: str, date: dt.date,
          settings: Settings | None = None) -> Statement:
    """Read one account's documents, evaluate them and assemble the statement."""
    files, problems = discover(paths)
    if problems:
        raise InputError(problems)
    if not files:
        raise InputError(Problem(" ".join(paths), "no document (*.yaml, *.yml, *.json) found"))
    names = [f.name for f in files]
    inputs = []
    for f in files:
        name = f.name if names.count(f.name) == 1 else f"{f.parent.name}-{f.name}"
        inputs.append(InputFile(name, f.read_bytes()))
    results, evaluator = evaluate_inputs(inputs, settings or Settings())
    if any(r.errors for r in results):
        raise InputError([Problem(r.path, p.message, p.line, p.field) for r in results for p in r.errors])
    accounts = sorted({_account(r.source_data) for r in results})
    if len(accounts) != 1:
        raise InputError(Problem(", ".join(i.name for i in inputs),
                                 f"a statement covers one account; these documents are for {', '.join(accounts)}"))
    return Statement(lang, date, signed_off_by, role, inputs, results, evaluator)
