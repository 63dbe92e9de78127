"""One vocabulary of plan terms (``vocabulary.yaml`` beside this module).

Every renderer of the terms — ``contracts show``, ``diff``, lint, statements, findings —
asks this module for a term's label in a language, how its values are told, and which
way is better for the customer. A missing word is an error, never an English fallback.
"""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

HERE = Path(__file__).parent
HIGHER, LOWER = "higher", "lower"


class Vocabulary:
    def __init__(self, data: dict):
        self._data = data

    @property
    def term_keys(self) -> list[str]:
        return list(self._data["terms"])

    @property
    def languages(self) -> list[str]:
        return sorted(self._data["terms"]["premium"]["label"])

    def label(self, key: str, lang: str) -> str:
        return self._data["terms"][key]["label"][lang]

    def better(self, key: str) -> str | None:
        """``higher`` or ``lower`` where the term is ordered for the customer, else None."""
        return self._data["terms"].get(key, {}).get("better")

    def type_of(self, key: str) -> str:
        return self._data["terms"][key]["type"]

    def word(self, key: str, lang: str, **values) -> str:
        text = self._data["words"][key][lang]
        return text.format(**values) if values else text

    def yes_no(self, value: bool, lang: str) -> str:
        return self.word("yes" if value else "no", lang)

    def period(self, key: str, lang: str) -> str:
        return self._data["periods"][key][lang]

    def measure(self, key: str, lang: str, amount: float | None = None) -> str:
        entry = self._data["measures"][key]
        return entry["singular"][lang] if amount == 1 else entry[lang]

    def day(self, key: str, lang: str) -> str:
        return self._data["days"][key][lang]

    def value(self, value, lang: str) -> str:
        """A plain term value as people say it: yes/no, a label in ``lang``, a number."""
        if isinstance(value, bool):
            return self.yes_no(value, lang)
        if isinstance(value, dict) and lang in value:
            return value[lang]
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def missing(self, langs: list[str]) -> list[str]:
        """Every (entry, language) without a word: empty when the vocabulary is complete."""
        out = []

        def walk(node, path):
            if isinstance(node, dict) and ("en" in node or "fr" in node):
                out.extend(f"{path}: {lang}" for lang in langs if lang not in node)
            if isinstance(node, dict):
                for k, v in node.items():
                    if k not in ("en", "fr") and k not in langs and isinstance(v, dict):
                        walk(v, f"{path}.{k}" if path else k)
        walk(self._data, "")
        return out


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    with open(HERE / "vocabulary.yaml", encoding="utf-8") as fh:
        return Vocabulary(yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
