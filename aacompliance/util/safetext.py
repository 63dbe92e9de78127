"""Text from files and documents, made safe to show.

A file name or a product name is data written by whoever wrote the document. Shown
raw in a terminal, an ``ESC]0;…`` or ``ESC[2J`` sequence retitles or clears it and can
hide the rest of a report; a carriage return or a bidi override makes a line read
as something else; XML 1.0 cannot hold most C0 controls at all. These functions show
such characters as visible escapes (``\\x1b``, ``\\u202e``) instead.
"""
from __future__ import annotations

import re

#: C0 controls (tab and newline included: one value is one line), DEL, C1 controls, the
#: bidi embeddings, overrides and isolates, the invisible marks, lone surrogates and
#: the non-characters XML refuses.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
                     "\ud800-\udfff\ufffe\uffff]")
#: What XML 1.0 forbids (its Char production), plus the C1 controls and bidi overrides.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                         "\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(text: str) -> str:
    """``text`` with every control, bidi and invisible character shown as an escape."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def xml_safe(text) -> str:
    """``text`` holdable by XML 1.0 (tab, newline and carriage return kept)."""
    text = str(text)
    return _XML_UNSAFE.sub(_escape, text) if _XML_UNSAFE.search(text) else text
