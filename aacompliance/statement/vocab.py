"""Words and formats of one statement language: plan, benefit and clause names, dates,
numbers, percentages and lists (Babel, CLDR data).

French and English names come from the contract revision itself; the other languages
from the ``terms`` catalogue. A missing name raises ``MissingTranslation``: a statement
never silently prints English in another language.
"""
from __future__ import annotations

import datetime as dt

from aacompliance.statement.i18n import BABEL_LOCALE, MissingTranslation, catalogue, translator

CONTRACT_LANGUAGES = ("fr", "en")


class Vocabulary:
    def __init__(self, lang: str, terms: dict):
        from babel import Locale

        self.lang = lang
        self.terms = terms
        self.locale = Locale.parse(BABEL_LOCALE[lang])
        self._ = translator(lang)
        self._terms = catalogue(lang, "terms")

    # -- names from the contract -------------------------------------------------------

    def _from_terms(self, key: str, labels: dict | None) -> str:
        if self.lang in CONTRACT_LANGUAGES:
            if labels and self.lang in labels:
                return labels[self.lang]
            raise MissingTranslation(f"the contract has no {self.lang} label for {key}")
        try:
            return self._terms[key]
        except KeyError:
            raise MissingTranslation(f"{key!r} missing from the {self.lang} terms catalogue") from None

    def plan(self, plan_id: str) -> str:
        plan = self.terms["plans"].get(plan_id)
        if plan is None:
            return str(plan_id)
        return self._from_terms(f"plan.{plan_id}", plan.get("label"))

    def benefit(self, benefit_id: str) -> str:
        benefit = self.terms["benefits"].get(benefit_id)
        if benefit is None:
            return str(benefit_id)
        return self._from_terms(f"benefit.{benefit_id}", benefit.get("label"))

    def clause(self, clause_id: str) -> str:
        clause = self.terms["clauses"].get(clause_id, {})
        if self.lang in CONTRACT_LANGUAGES:
            return self._from_terms(f"clause.{clause_id}", clause.get("label"))
        if f"clause.{clause_id}" in self._terms:
            return self._terms[f"clause.{clause_id}"]
        plan_id, _, topic = clause_id.partition(".")
        if plan_id in self.terms["plans"] and f"topic.{topic}" in self._terms:
            return self._("clause_with_plan").format(topic=self._terms[f"topic.{topic}"], plan=self.plan(plan_id))
        raise MissingTranslation(f"'clause.{clause_id}' missing from the {self.lang} terms catalogue")

    def title(self) -> str:
        return self._from_terms(f"title.{self.terms.get('contract', 'technical-support-terms')}",
                                self.terms.get("title"))

    def measure(self, measure: str) -> str:
        return self._(measure)

    def per(self, per: str) -> str:
        return self._(f"per_{per}")

    def language(self, code) -> str:
        """A language's name in the statement's language (CLDR), the code when unknown."""
        code = str(code or "")
        return self.locale.languages.get(code.replace("-", "_"), code) or code

    # -- formats -----------------------------------------------------------------------

    def date(self, value) -> str:
        from babel.dates import format_date

        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return format_date(day, format="long", locale=self.locale)

    def number(self, value) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, format="#,##0.##", locale=self.locale)

    def percent(self, value) -> str:
        from babel.numbers import format_percent

        return format_percent(value / 100, format="#,##0.#%", locale=self.locale)

    def all_of(self, items) -> str:
        from babel.lists import format_list

        items = [str(i) for i in items]
        return format_list(items, style="standard", locale=self.locale) if items else "—"

    def one_of(self, items) -> str:
        from babel.lists import format_list

        items = [str(i) for i in items]
        return format_list(items, style="or", locale=self.locale) if items else "—"

    def plural(self, key: str, count: int) -> str:
        """The ``key_<category>`` label for ``count`` (CLDR plural rules), with {count} filled."""
        return self._(f"{key}_{self.locale.plural_form(count)}").format(count=self.number(count))


def plural_keys(lang: str, key: str) -> set[str]:
    """Every ``key_<category>`` a language needs (for the completeness test)."""
    from babel import Locale

    return {f"{key}_{tag}" for tag in Locale.parse(BABEL_LOCALE[lang]).plural_form.tags | {"other"}}
