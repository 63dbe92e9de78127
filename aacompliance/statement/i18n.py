"""The statement's translation catalogues (gettext .po files, read with Babel).

Every language has every label: a missing one is an error, never a silent English
fallback (tests/test_statement_i18n.py checks the catalogues are complete).

Domains: ``statement`` (page labels), ``findings`` (one template per violation key),
``terms`` (plan, benefit, clause and severity names for languages the contract files do
not carry; French and English come from the contract itself).
"""
from __future__ import annotations

import functools
from pathlib import Path

from aacompliance.errors import AacError, ExitCode

LOCALES = Path(__file__).parent / "locale"
LANGUAGES = ("fr", "en", "es", "pt", "ja", "ko")
#: Babel locale of each statement language (Portuguese is Brazilian Portuguese).
BABEL_LOCALE = {"fr": "fr_FR", "en": "en_US", "es": "es_ES", "pt": "pt_BR", "ja": "ja_JP", "ko": "ko_KR"}
#: BCP 47 tag of the document (PDF /Lang, html lang).
BCP47 = {"fr": "fr-FR", "en": "en-US", "es": "es-ES", "pt": "pt-BR", "ja": "ja-JP", "ko": "ko-KR"}
#: Catalogues of earlier versions whose page labels ``verify`` still recognises.
ARCHIVED = ("0.1.0",)


class MissingTranslation(AacError):
    """A label, name or finding template missing from a catalogue: a packaging error,
    reported (exit 3) rather than printed in another language."""

    exit_code = ExitCode.ENGINE


def _read(path: Path, lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=BABEL_LOCALE.get(lang, lang))
    return {m.id: m.string for m in catalog if m.id and m.string}


@functools.lru_cache(maxsize=32)
def catalogue(lang: str, domain: str = "statement") -> dict[str, str]:
    """The labels of one catalogue; empty when the language has none for ``domain``."""
    path = LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"
    return _read(path, lang) if path.exists() else {}


@functools.lru_cache(maxsize=8)
def archived_catalogue(version: str, lang: str) -> dict[str, str]:
    path = LOCALES / f"_{version}" / f"{lang}.po"
    return _read(path, lang) if path.exists() else {}


def page_label_sets(lang: str | None) -> list[dict[str, str]]:
    """The label sets a statement in ``lang`` may have been printed with (today's and
    earlier versions'); every language's when ``lang`` is unknown (0.1.0 did not record it)."""
    langs = LANGUAGES if lang is None else ((lang,) if lang in LANGUAGES else ())
    sets = [catalogue(code) for code in langs]
    sets += [archived_catalogue(version, code) for version in ARCHIVED for code in langs]
    return [labels for labels in sets if labels]


def translator(lang: str, domain: str = "statement"):
    labels = catalogue(lang, domain)

    def gettext(key: str) -> str:
        try:
            return labels[key]
        except KeyError:
            raise MissingTranslation(f"label {key!r} missing from the {lang} {domain} catalogue") from None

    return gettext
