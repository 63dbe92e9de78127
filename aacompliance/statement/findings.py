"""Findings in the statement's language: one template per violation *key*, in every
language (the ``findings`` catalogues), filled from the violation's data with the
vocabulary's names and Babel's formats. A missing template or field is an error.
"""
from __future__ import annotations

from aacompliance.statement.i18n import MissingTranslation, catalogue
from aacompliance.statement.vocab import Vocabulary


def localized(violation, vocab: Vocabulary, plan_id: str | None) -> str:
    """The finding's sentence in the vocabulary's language."""
    key = violation.key
    template = catalogue(vocab.lang, "findings").get(key)
    if template is None:
        raise MissingTranslation(f"finding {key!r} ({violation.rule}) missing from the {vocab.lang} findings catalogue")
    d = violation.data or {}
    period = d.get("period") or {}
    term = d.get("support_term") or {}
    values = {
        **{k: v for k, v in d.items() if isinstance(v, str)},
        "plan": vocab.plan(d.get("plan") or plan_id),
        "plans": vocab.all_of(vocab.plan(p) for p in d.get("plans", [])),
        "eligible": vocab.one_of(vocab.plan(p) for p in d.get("eligible_plans", [])),
        "regions": vocab.all_of(d.get("regions", [])),
        "admins": vocab.all_of(d.get("admins", [])),
        "items": vocab.all_of(d.get("slots") or [vocab.language(x) for x in d.get("languages") or []]),
        "allowed": vocab.one_of(vocab.language(x) for x in d.get("allowed", [])),
        "language": vocab.language(d.get("language")),
        "missed": vocab.all_of(d.get("missed", [])),
        "line": vocab.number((d.get("support_line") or 0) + 1),
        "session": vocab.number((d.get("session") or 0) + 1),
        "benefit": vocab.benefit(d.get("benefit")) if d.get("benefit") else "—",
        "enabled_by": d.get("enabled_by") or "—",
        "times": vocab.number(len(d.get("positions") or []) or 2),
    }
    if d.get("measure"):
        values["measure"] = vocab.measure(d["measure"])
    if d.get("per"):
        values["per"] = vocab.per(d["per"])
    for key_ in ("used", "cap", "met", "counted"):
        if isinstance(d.get(key_), (int, float)) and not isinstance(d.get(key_), bool):
            values[key_] = vocab.number(d[key_])
    if "percent" in d:
        values["percent"] = vocab.percent(d["percent"])
        values["target"] = vocab.percent(d["target_percent"])
    for name, value in (("signed_on", d.get("signed_on")), ("date", d.get("date")),
                        ("start", period.get("start")), ("end", period.get("end")),
                        ("term_start", term.get("start")), ("term_end", term.get("end"))):
        if value:
            values[name] = vocab.date(value)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise MissingTranslation(f"finding {key!r}: the {vocab.lang} template needs {exc} that the violation "
                                 "does not carry") from None
