"""What user-supplied text looks like on a statement, in its metadata and on a terminal.

One definition, used by the renderer and by ``verify`` (which must find on the page
exactly what the renderer printed):

- ``shown``: control characters become U+FFFD, names longer than ``limit`` end in an
  ellipsis, and the value is a Unicode bidi *isolate* (FSI … PDI) whose embeddings and
  overrides are closed inside it, so a right-to-left override in a name cannot reorder
  the labels, figures or hashes around it;
- ``metadata``: the same without any bidi or other format character (PDF Info, XMP and
  the signature's name field take plain text only);
- ``terminal``: every control and format character (CR, ESC, bidi controls…) escaped,
  so a certificate subject cannot repaint a terminal line.
"""
from __future__ import annotations

import unicodedata

#: Longest name printed whole; longer ones are shortened with an ellipsis.
NAME_LIMIT = 300
_OPENERS = {"\u202a", "\u202b", "\u202d", "\u202e"}  # LRE RLE LRO RLO
_ISOLATES = {"\u2066", "\u2067", "\u2068"}  # LRI RLI FSI
_PDF, _PDI, _FSI = "\u202c", "\u2069", "\u2068"


def _clean(value: object) -> str:
    text = "" if value is None else str(value)
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\t\n\r":
            out.append(" ")
        elif cat == "Cc" or cat == "Cs" or ch in "\ufffe\uffff":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def ellipsize(text: str, limit: int = NAME_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _balanced(text: str) -> str:
    """``text`` with every embedding, override and isolate it opens closed at its end."""
    stack: list[str] = []
    for ch in text:
        if ch in _OPENERS:
            stack.append(_PDF)
        elif ch in _ISOLATES:
            stack.append(_PDI)
        elif ch == _PDF and stack and stack[-1] == _PDF:
            stack.pop()
        elif ch == _PDI:
            while stack and stack.pop() != _PDI:
                pass
    return text + "".join(reversed(stack))


def shown(value: object, limit: int = NAME_LIMIT) -> str:
    """The text as printed on the page (see the module docstring)."""
    return _FSI + _balanced(ellipsize(_clean(value), limit)) + _PDI


def visible(value: object, limit: int = NAME_LIMIT) -> str:
    """``shown`` without its invisible format characters: what a reader sees, and what
    ``verify`` looks for in the page's text."""
    return "".join(ch for ch in shown(value, limit) if unicodedata.category(ch) != "Cf")


def metadata(value: object, limit: int = 200) -> str:
    return ellipsize("".join(ch for ch in _clean(value) if unicodedata.category(ch) != "Cf"), limit)


def terminal(value: object) -> str:
    """Safe to print on a terminal: control and format characters escaped."""
    out = []
    for ch in "" if value is None else str(value):
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Zl", "Zp") or ch == "\\":
            out.append("\\\\" if ch == "\\" else (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"))
        else:
            out.append(ch)
    return "".join(out)
