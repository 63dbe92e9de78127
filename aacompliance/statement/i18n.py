"""The statement's translation catalogues (gettext .po files, read with Babel)."""
from __future__ import annotations

import functools
from pathlib import Path

LOCALES = Path(__file__).parent / "locale"
LANGUAGES = ("fr", "en")


@functools.lru_cache(maxsize=8)
def catalogue(lang: str, domain: str = "statement") -> dict[str, str]:
    """The labels of one catalogue; empty when the language has none for ``domain``."""
    from babel.messages.pofile import read_po

    path = LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return {}
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {m.id: m.string for m in catalog if m.id and m.string}


def translator(lang: str):
    labels = catalogue(lang)

    def gettext(key: str) -> str:
        try:
            return labels[key]
        except KeyError:
            raise KeyError(f"label {key!r} missing from the {lang} catalogue") from None

    return gettext
