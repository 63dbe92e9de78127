"""Semantic diff of two contract revisions, in the terms' own vocabulary.

Each revision is flattened into *terms* — one value per plan and feature, with
its label, its clause and, where the term is ordered, which way is better for
the customer. Two revisions are compared term by term.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from aacompliance.terms.store import Revision
from aacompliance.terms.vocabulary import HIGHER, vocabulary

BETTER, WORSE, CHANGED = "better", "worse", "changed"

#: Plan terms compared one value each (initial response targets are compared per severity).
_SCALAR_TERMS = [k for k in vocabulary().term_keys if k not in ("initial_response", "business_hours")]


@dataclass(frozen=True)
class Term:
    key: str
    label: dict  #: {"en": ..., "fr": ...} e.g. "Gold · Severity 2 initial response"
    value: object  #: comparable value
    display: dict  #: {"en": ..., "fr": ...} the value as people say it
    clause: dict | None  #: citation on this side
    order: tuple | None = None  #: (basis, number, higher_is_better) for ordered terms


@dataclass
class Change:
    key: str
    kind: str  #: "changed", "added", "removed", "reworded"
    label: dict
    old: Term | None
    new: Term | None
    direction: str | None = None  #: better / worse / changed (None: not ordered)
    words: list[tuple[str, str]] = field(default_factory=list)  #: word diff for reworded labels

    def as_dict(self) -> dict:
        def side(term):
            if term is None:
                return None
            return {"value": term.value, "display": term.display, "clause": term.clause}
        out = {"key": self.key, "kind": self.kind, "label": self.label, "old": side(self.old),
               "new": side(self.new), "direction": self.direction}
        if self.words:
            out["words"] = [{"op": op, "text": text} for op, text in self.words]
        return out


def _plain(value, lang: str) -> str:
    return vocabulary().value(value, lang)


def _cite(rev: Revision, term: dict) -> dict | None:
    clause_id = term.get("clause") if isinstance(term, dict) else None
    if clause_id and clause_id in rev.terms["clauses"]:
        return rev.clause(clause_id)
    return None


def _both(en: str, fr: str) -> dict:
    return {"en": en, "fr": fr}


def caps_text(benefit: dict, lang: str) -> str:
    """A plan benefit's caps as people say them, e.g. "max 10 hours per contract year"."""
    voc = vocabulary()
    if not benefit["caps"]:
        return voc.word("no_cap", lang)
    return voc.word("list_sep", lang).join(f"{voc.word('max', lang)} {_plain(c['max'], lang)} {voc.measure(c['measure'], lang, c['max'])} "
                     f"{voc.word('per', lang)} {voc.period(c['per'], lang)}" for c in benefit["caps"])


def flatten(rev: Revision) -> dict[str, Term]:
    """Every term of a revision, keyed by a stable path."""
    t = rev.terms
    units = t["units"]
    out: dict[str, Term] = {}

    def amount(value, unit, lang):
        u = units[unit]
        return f"{_plain(value, lang)} {u['singular' if value == 1 else 'label'][lang]}"

    for plan_id in rev.plan_ids:
        plan = t["plans"][plan_id]
        name = plan["label"]

        def label(en, fr):
            return _both(f"{name['en']} · {en}", f"{name['fr']} · {fr}")

        voc = vocabulary()
        for sev, sev_terms in t["severities"].items():
            target = plan["initial_response"].get(sev)
            if target is None:
                continue
            unit = units[target["unit"]]
            out[f"plans.{plan_id}.initial_response.{sev}"] = Term(
                f"plans.{plan_id}.initial_response.{sev}",
                label(f"{sev_terms['label']['en']} {voc.label('initial_response', 'en')}",
                      f"{sev_terms['label']['fr']} – {voc.label('initial_response', 'fr')}"),
                {"value": target["value"], "unit": target["unit"]},
                _both(amount(target["value"], target["unit"], "en"), amount(target["value"], target["unit"], "fr")),
                _cite(rev, target), (unit["basis"], target["value"] * unit["minutes"], False))
        for key in _SCALAR_TERMS:
            term = plan.get(key)
            if term is None:
                continue
            value = term["value"]
            order = None
            if voc.better(key) and isinstance(value, (int, float)):
                order = ("", float(value), voc.better(key) == HIGHER)
            suffix = " %" if voc.type_of(key) == "percent" else ""
            out[f"plans.{plan_id}.{key}"] = Term(
                f"plans.{plan_id}.{key}", label(voc.label(key, "en"), voc.label(key, "fr")), value,
                _both(_plain(value, "en") + suffix, _plain(value, "fr") + suffix), _cite(rev, term), order)
        for feature, term in plan["features"].items():
            value = term["value"]
            words = feature.replace("_", " ")
            out[f"plans.{plan_id}.features.{feature}"] = Term(
                f"plans.{plan_id}.features.{feature}", label(words.capitalize(), words), value,
                _both(_plain(value, "en"), _plain(value, "fr")), _cite(rev, term),
                ("", float(value), True) if isinstance(value, bool) else None)
        for benefit_id, benefit in plan["benefits"].items():
            blabel = t["benefits"].get(benefit_id, {}).get("label", _both(benefit_id, benefit_id))
            base = f"plans.{plan_id}.benefits.{benefit_id}"
            caps = {(c["per"], c["measure"]): c["max"] for c in benefit["caps"]}
            out[base] = Term(base, label(blabel["en"], blabel["fr"]), True,
                             {lang: f"{voc.word('included', lang)} ({caps_text(benefit, lang)})"
                              for lang in ("en", "fr")}, _cite(rev, benefit), ("", 1.0, True))
            for (per, measure), maximum in caps.items():
                def cap_label(lang, per=per, measure=measure):
                    return (f"{blabel[lang]} ({voc.measure(measure, lang)} {voc.word('per', lang)} "
                            f"{voc.period(per, lang)})")
                out[f"{base}.cap.{per}.{measure}"] = Term(
                    f"{base}.cap.{per}.{measure}", label(cap_label("en"), cap_label("fr")), maximum,
                    {lang: f"{voc.word('max', lang)} {_plain(maximum, lang)} {voc.measure(measure, lang, maximum)}"
                     for lang in ("en", "fr")},
                    _cite(rev, benefit), ("", float(maximum), True))
            if benefit.get("languages"):
                langs = ", ".join(benefit["languages"])
                out[f"{base}.languages"] = Term(f"{base}.languages",
                                                label(f"{blabel['en']} {voc.word('languages', 'en')}",
                                                      f"{blabel['fr']} – {voc.word('languages', 'fr')}"),
                                                benefit["languages"], _both(langs, langs),
                                                _cite(rev, {"clause": benefit.get("languages_clause")}))
    voc = vocabulary()
    bh = t["business_hours"]
    hours = f"{', '.join(bh['days'])} {bh['start']}–{bh['end']}"
    out["business_hours"] = Term("business_hours", {lang: voc.label("business_hours", lang) for lang in ("en", "fr")},
                                 {k: bh[k] for k in ("days", "start", "end")}, _both(hours, hours),
                                 _cite(rev, bh))
    for unit_id, unit in units.items():
        out[f"units.{unit_id}"] = Term(f"units.{unit_id}", _both(f"{voc.word('unit', 'en')}: {unit['label']['en']}",
                                                                  f"{voc.word('unit', 'fr')} : {unit['label']['fr']}"),
                                       {"basis": unit["basis"], "minutes": unit["minutes"]},
                                       _both(f"{unit['minutes']} {unit['basis']} minutes",
                                             f"{unit['minutes']} minutes ({unit['basis']})"), None)
    for clause_id, clause in t["clauses"].items():
        text = f"{clause['label']['en']} | {clause['label']['fr']} | {clause['section']}"
        out[f"clauses.{clause_id}"] = Term(f"clauses.{clause_id}", _both(f"Clause {clause_id}", f"Clause {clause_id}"),
                                           text, _both(text, text), {"id": clause_id, **clause})
    return out


def _direction(old: Term, new: Term) -> str | None:
    if old.order is None or new.order is None:
        return None
    (b1, v1, up), (b2, v2, _) = old.order, new.order
    if b1 != b2:
        return CHANGED
    if v1 == v2:
        return None
    return BETTER if (v2 > v1) == up else WORSE


def _presence_direction(key: str, added: bool) -> str | None:
    """A benefit added is better for the customer; a cap added is worse; and the reverse."""
    parts = key.split(".")
    if len(parts) == 4 and parts[2] == "benefits":
        return BETTER if added else WORSE
    if ".cap." in key:
        return WORSE if added else BETTER
    if ".initial_response." in key:
        return BETTER if added else WORSE
    return None


def _words(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(" "), new.split(" ")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", " ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("insert", " ".join(b[j1:j2])))
    return out


@dataclass
class RevisionDiff:
    old: Revision
    new: Revision
    changes: list[Change]

    @property
    def identical(self) -> bool:
        return not self.changes

    def as_dict(self) -> dict:
        return {"old": self.old.ref | {"path": str(self.old.path), "status": self.old.status},
                "new": self.new.ref | {"path": str(self.new.path), "status": self.new.status},
                "identical": self.identical, "changes": [c.as_dict() for c in self.changes]}


def diff_revisions(old: Revision, new: Revision) -> RevisionDiff:
    a, b = flatten(old), flatten(new)
    changes: list[Change] = []
    appeared_or_gone = {k for k in set(a) ^ set(b) if len(k.split(".")) == 4 and ".benefits." in k}
    for key in [*a, *(k for k in b if k not in a)]:
        if any(key.startswith(parent + ".") for parent in appeared_or_gone):
            continue  # a benefit added or removed carries its caps in its own line
        before, after = a.get(key), b.get(key)
        if before is None:
            changes.append(Change(key, "added", after.label, None, after, _presence_direction(key, added=True)))
        elif after is None:
            changes.append(Change(key, "removed", before.label, before, None, _presence_direction(key, added=False)))
        elif key.startswith("clauses."):
            if before.value != after.value:
                changes.append(Change(key, "reworded", before.label, before, after, None,
                                      _words(before.value, after.value)))
        elif before.value != after.value:
            changes.append(Change(key, "changed", after.label, before, after, _direction(before, after)))
    return RevisionDiff(old, new, changes)
