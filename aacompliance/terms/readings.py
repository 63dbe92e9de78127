"""The readings table: where the source contradicts itself or is silent, and what the terms take.

Built from a revision's ``interpretations:`` and ``assumptions:``; printed by
``contracts show --interpretations`` and copied into docs/contracts.md (a test keeps the
two equal). Library code: returns text, never prints.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from aacompliance.terms.store import Revision

_WORDS = {
    "en": {"chosen": "chosen", "why": "why", "favours": "favours", "rules": "rules", "terms": "terms",
           "none": "none", "line": "line", "readings": "readings", "assumptions": "Assumptions where the source is silent",
           "choice": "choice", "per_account": "configurable per account: not yet (a later step)",
           "customer": "the customer", "aai": "AAI", "neither": "neither party",
           "contradiction": "contradiction", "silence": "silence", "extraction": "extraction error",
           "head": ["reading", "the source says (line)", "readings (chosen in bold)", "why", "rules"],
           "title": "Readings of the source"},
    "fr": {"chosen": "retenue", "why": "motif", "favours": "favorise", "rules": "règles", "terms": "termes",
           "none": "aucune", "line": "ligne", "readings": "lectures", "assumptions": "Hypothèses là où le texte se tait",
           "choice": "choix", "per_account": "paramétrable par compte : pas encore (étape ultérieure)",
           "customer": "le client", "aai": "AAI", "neither": "aucune des parties",
           "contradiction": "contradiction", "silence": "silence", "extraction": "erreur d’extraction",
           "head": ["lecture", "ce que dit le texte (ligne)", "lectures (retenue en gras)", "motif", "règles"],
           "title": "Lectures du texte source"},
}


@dataclass(frozen=True)
class Side:
    clause: str
    line: int | None
    quote: str
    says: dict


@dataclass(frozen=True)
class Reading:
    id: str
    kind: str
    title: dict
    sides: list[Side]
    readings: dict
    chosen: str
    why: dict
    favours: str
    rules: list[str]
    terms: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Assumption:
    id: str
    title: dict
    sides: list[Side]
    choice: dict
    per_account: bool
    terms: list[str] = field(default_factory=list)


def _sides(rev: Revision, entry: dict) -> list[Side]:
    return [Side(s["clause"], rev.terms["clauses"][s["clause"]].get("line"), s["quote"], s["says"])
            for s in entry["sides"]]


def _users(node, path: str, out: dict[str, list[str]]) -> None:
    """Which terms point at each reading or assumption id."""
    if isinstance(node, dict):
        ref = node.get("interpretation")
        if isinstance(ref, dict) and "id" in ref:
            out.setdefault(ref["id"], []).append(path)
        for rid in node.get("assumptions", []) if isinstance(node.get("assumptions"), list) else []:
            out.setdefault(rid, []).append(path)
        if isinstance(node.get("assumption"), str):
            out.setdefault(node["assumption"], []).append(path)
        for key, value in node.items():
            if key not in ("interpretation", "interpretations", "assumptions"):
                _users(value, f"{path}.{key}" if path else key, out)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _users(item, f"{path}[{i}]", out)


def readings(rev: Revision) -> tuple[list[Reading], list[Assumption]]:
    users: dict[str, list[str]] = {}
    _users(rev.terms, "", users)
    found = [Reading(rid, e["kind"], e["title"], _sides(rev, e), e["readings"], e["chosen"], e["why"],
                     e["favours"], list(e["rules"]), users.get(rid, []))
             for rid, e in rev.terms.get("interpretations", {}).items()]
    assumed = [Assumption(aid, e["title"], _sides(rev, e), e["choice"], e["per_account"], users.get(aid, []))
               for aid, e in rev.terms.get("assumptions", {}).items()]
    return found, assumed


def as_json(rev: Revision) -> dict:
    found, assumed = readings(rev)
    return {"interpretations": [asdict(r) for r in found], "assumptions": [asdict(a) for a in assumed]}


def render_text(rev: Revision, lang: str = "en") -> str:
    w = _WORDS[lang]
    c, sep = (" : ", " ; ") if lang == "fr" else (": ", "; ")
    found, assumed = readings(rev)
    out = [f"{w['title']} — {rev.contract_id} {rev.version}", ""]
    for r in found:
        out.append(f"{r.id} — {r.title[lang]} ({w[r.kind]})")
        for s in r.sides:
            out.append(f"  {w['line']} {s.line} [{s.clause}] « {s.quote} »")
            out.append(f"      {s.says[lang]}")
        out.append(f"  {w['readings']}{c.rstrip()}")
        for key, text in r.readings.items():
            mark = f"* {key} ({w['chosen']})" if key == r.chosen else f"  {key}"
            out.append(f"    {mark}{c}{text[lang]}")
        out.append(f"  {w['why']}{c}{' '.join(r.why[lang].split())}")
        out.append(f"  {w['favours']}{c}{w[r.favours]} · {w['rules']}{c}{', '.join(r.rules) or w['none']}")
        out.append(f"  {w['terms']}{c}{', '.join(r.terms) or w['none']}")
        out.append("")
    out.append(w["assumptions"])
    for a in assumed:
        where = sep.join(f"{w['line']} {s.line} « {s.quote} »" for s in a.sides)
        out.append(f"  {a.id} — {a.title[lang]}{c}{a.choice[lang]} ({where})")
    out.append(f"  {w['per_account']}")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_markdown(rev: Revision, lang: str = "en") -> str:
    """The readings as a Markdown table (the block of docs/contracts.md)."""
    w = _WORDS[lang]
    c, sep = (" : ", " ; ") if lang == "fr" else (": ", "; ")
    found, assumed = readings(rev)
    head = w["head"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in found:
        says = "<br>".join(f"{w['line']} {s.line}{c}« {_cell(s.quote)} »" for s in r.sides)
        options = "<br>".join((f"**{_cell(t[lang])}**" if k == r.chosen else _cell(t[lang]))
                              for k, t in r.readings.items())
        out.append(f"| `{r.id}`{c}{_cell(r.title[lang])} | {says} | {options} | {_cell(r.why[lang])} "
                   f"| {', '.join(r.rules) or w['none']} |")
    out += ["", f"{w['assumptions']} ({w['per_account']}){c.rstrip()}", ""]
    for a in assumed:
        where = sep.join(f"{w['line']} {s.line} « {_cell(s.quote)} »" for s in a.sides)
        out.append(f"- `{a.id}` — {a.title[lang]} ({where}){c}{_cell(a.choice[lang])}")
    return "\n".join(out) + "\n"
