"""Strict, bounded loading of YAML and JSON files.

- libyaml's parser and composer (PyYAML's C extension), values built here with the
  YAML 1.2 core schema read strictly (decimal numbers, true/false; see below), so a value
  is never other than what is written, and YAML and JSON documents mean the same;
- duplicate keys, anchors/aliases (in documents), tags, several documents in one file,
  nesting deeper than :data:`MAX_DEPTH`, numbers beyond :data:`MAX_NUMBER`, non-finite
  numbers, non-UTF-8 or binary content and files above :data:`MAX_FILE_BYTES` are errors
  naming the line (and the field, for a value);
- YAML dates and timestamps stay strings, exactly as written;
- the single parse records the line of every key and item (:class:`Lines`), for messages;
  :func:`line_of` composes a text again for the other callers (contract lint);
- a document is first read by ``yaml_rs`` (Rust, ~6× faster), whose result is kept only
  when a conservative guard proves it is exactly what this reader gives (:func:`_fast`);
  otherwise, and always for contracts, this reader decides. The fast path records no
  lines: :class:`Lines` then reads the text again with this reader, only when a line is
  asked for (an error or a violation to locate).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import yaml

from aacompliance.errors import InputError, Problem

#: Files larger than this are refused before parsing (documented in README).
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Contract revisions are larger and ours; they get their own bound.
MAX_CONTRACT_BYTES = 32 * 1024 * 1024
#: Deepest nesting accepted in a document.
MAX_DEPTH = 32


class _Reject(Exception):
    def __init__(self, message: str, line: int | None = None, node=None, token: str | None = None):
        super().__init__(message)
        self.message, self.line, self.node, self.token = message, line, node, token
        self.field: str | None = None


# --- YAML 1.2 core schema -------------------------------------------------------------
#
# Documents are read with the YAML 1.2 core schema, in its strictest reading, so that no
# value changes between what is written and what is judged:
# - numbers are decimal only: `12`, `-3`, `2.5`, `1e3`, without leading zeros. Forms YAML 1.1
#   reads as numbers and YAML 1.2 does not, or reads differently (`011` octal 9 in 1.1,
#   `0x3`, `0o7`, `0b1`, `1:30` sexagesimal 90, `2_5` 25, and so `012.5`) stay text, exactly as written: a field that needs a
#   number then refuses them, with the line and field (see validation.py);
# - booleans are only `true`/`false` (and True/TRUE/False/FALSE); `yes`, `no`, `on`, `off`
#   stay text;
# - there are no implicit timestamps: dates stay the text written (the schemas check them);
# - `null`, `~` or nothing is null; `.inf` and `.nan` are refused (not finite);
# - an integer or a number beyond ±2**53 (what every engine holds exactly) is refused.

_SCALAR, _SEQ, _MAP = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_T = "tag:yaml.org,2002:"
STR_TAG, INT_TAG, FLOAT_TAG, BOOL_TAG, NULL_TAG = (_T + n for n in ("str", "int", "float", "bool", "null"))
SEQ_TAG, MAP_TAG, TIMESTAMP_TAG = _T + "seq", _T + "map", _T + "timestamp"
_CORE_TAGS = frozenset((STR_TAG, INT_TAG, FLOAT_TAG, BOOL_TAG, NULL_TAG, SEQ_TAG, MAP_TAG))

_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT_RE = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_NOT_FINITE_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)\Z")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_NUMBER_START = frozenset("-+.0123456789")
#: Largest magnitude of a number in a document (integers above it lose precision in JSON and Rego).
MAX_NUMBER = 2 ** 53
#: YAML 1.1 forms of numbers that this reader keeps as text (for error hints).
YAML11_NUMBER_RE = re.compile(r"[-+]?(?:0[0-7_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
                              r"|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
                              r"|0[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)\Z")


class _Core12Resolver(yaml.resolver.BaseResolver):
    """Implicit tags of the YAML 1.2 core schema (strict decimal reading, see above)."""

    def resolve(self, kind, value, implicit):
        if kind is _SCALAR:
            if implicit[0]:
                if value[:1] in _NUMBER_START:
                    if _INT_RE.match(value):
                        return INT_TAG
                    if _FLOAT_RE.match(value) or _NOT_FINITE_RE.match(value):
                        return FLOAT_TAG
                elif value in _BOOLS:
                    return BOOL_TAG
                if value in _NULLS:
                    return NULL_TAG
            return STR_TAG
        return SEQ_TAG if kind is _SEQ else MAP_TAG


class _Composer(yaml.cyaml.CParser, _Core12Resolver):
    """libyaml's parser and composer with the YAML 1.2 core resolver; values are built by
    :func:`_construct`, never by PyYAML's constructors (they follow YAML 1.1)."""

    def __init__(self, stream):
        yaml.cyaml.CParser.__init__(self, stream)
        _Core12Resolver.__init__(self)


def _number_problem(node, what: str) -> _Reject:
    shown = node.value if len(node.value) <= 40 else f"{node.value[:20]}…({len(node.value)} characters)"
    return _Reject(f"{shown!r} {what}", node.start_mark.line + 1, node)


def _scalar(node):
    tag, value = node.tag, node.value
    if tag == STR_TAG or tag == TIMESTAMP_TAG:
        return value
    if tag == INT_TAG:
        if not _INT_RE.match(value):
            raise _number_problem(node, "is not a decimal integer")
        if len(value) > 20 or abs(int(value)) > MAX_NUMBER:
            raise _number_problem(node, f"is too large: numbers in documents are at most {MAX_NUMBER:,} in size")
        return int(value)
    if tag == FLOAT_TAG:
        if _NOT_FINITE_RE.match(value):
            raise _number_problem(node, "is not a finite number")
        if not (_FLOAT_RE.match(value) or _INT_RE.match(value)):
            raise _number_problem(node, "is not a decimal number")
        number = float(value)
        if not abs(number) <= MAX_NUMBER:
            raise _number_problem(node, f"is too large: numbers in documents are at most {MAX_NUMBER:,} in size")
        return number
    if tag == BOOL_TAG:
        if value not in _BOOLS:
            raise _Reject(f"{value!r} is not a boolean: write true or false", node.start_mark.line + 1, node)
        return _BOOLS[value]
    if tag == NULL_TAG:
        if value not in _NULLS:
            raise _Reject(f"{value!r} is not null", node.start_mark.line + 1, node)
        return None
    raise _refuse_tag(node)


def _refuse_tag(node) -> _Reject:
    return _Reject(f"YAML tag {node.tag} is not allowed: documents hold plain text, numbers, "
                   "true/false, lists and mappings", node.start_mark.line + 1, node)


def _construct(root, positions: dict | None, aliases: bool):
    """Plain Python values from a composed node tree; ``positions`` (when given) receives,
    for each mapping and list (by id), the lines of its keys or items, in order."""
    shared: dict[int, object] = {}

    def build(node, depth: int):
        cls = type(node)
        if cls is _SCALAR:
            return _scalar(node)
        if depth >= MAX_DEPTH:
            raise _Reject(f"nesting deeper than {MAX_DEPTH} levels", node.start_mark.line + 1)
        if aliases:
            if id(node) in shared:
                return shared[id(node)]
        if cls is _MAP:
            if node.tag != MAP_TAG:
                raise _refuse_tag(node)
            out: dict = {}
            if aliases:
                shared[id(node)] = out
            lines = []
            for key_node, value_node in node.value:
                if type(key_node) is not _SCALAR or key_node.tag != STR_TAG:  # the field is the mapping's
                    if key_node.tag not in _CORE_TAGS:
                        raise _Reject(_refuse_tag(key_node).message, key_node.start_mark.line + 1, node)
                    shown = key_node.value if type(key_node) is _SCALAR else "a list or mapping"
                    what = {INT_TAG: "number", FLOAT_TAG: "number", BOOL_TAG: "true/false",
                            NULL_TAG: "null"}.get(key_node.tag, "a list or mapping")
                    raise _Reject(f"a mapping key must be text, not {what} ({shown!r})",
                                  key_node.start_mark.line + 1, node)
                key = key_node.value
                if key in out:
                    raise _Reject(f"duplicate key {key!r}", key_node.start_mark.line + 1, key_node)
                lines.append(key_node.start_mark.line + 1)
                out[key] = build(value_node, depth + 1)
        elif cls is _SEQ:
            if node.tag != SEQ_TAG:
                raise _refuse_tag(node)
            out = []
            if aliases:
                shared[id(node)] = out
            lines = []
            for item in node.value:
                lines.append(item.start_mark.line + 1)
                out.append(build(item, depth + 1))
        else:  # pragma: no cover - the composer makes only these three
            raise _Reject(f"unexpected YAML node {cls.__name__}")
        if positions is not None:
            positions[id(out)] = tuple(lines)
        return out

    return build(root, 0)


def _field_of(root, target) -> str | None:
    """The field path of ``target`` (a node) in the tree under ``root`` (errors only)."""
    stack = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node is target:
            return path or None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                name = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                sub = f"{path}.{name}" if path else str(name)
                if key_node is target:
                    return sub
                stack.append((value_node, sub))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(node.value))
    return None


def read_text(path: Path, *, limit: int | None = None) -> str:
    """Read a file as UTF-8 text, refusing large, binary and non-UTF-8 files."""
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        size = os.stat(path).st_size
        if size > limit:
            raise InputError(Problem(str(path), f"file is {size} bytes, above the {limit}-byte limit"))
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(str(path), f"cannot read file: {exc.strerror or exc}")) from None
    return decode(raw, str(path), limit=limit)


def decode(raw: bytes, name: str, *, limit: int | None = None) -> str:
    """Bytes of a document (a file's, a request body's, an attachment's) as UTF-8 text,
    refusing large, binary and non-UTF-8 input."""
    limit = MAX_FILE_BYTES if limit is None else limit
    if len(raw) > limit:
        raise InputError(Problem(name, f"input is {len(raw)} bytes, above the {limit}-byte limit"))
    if b"\x00" in raw:
        raise InputError(Problem(name, "binary file (contains NUL bytes), expected YAML or JSON text"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(Problem(name, f"not valid UTF-8 (byte {exc.start})", line)) from None


def _json_constant(name: str):
    raise _Reject(f"{name} is not a finite number", token=name)


def _too_large(text: str) -> _Reject:
    shown = text if len(text) <= 40 else f"{text[:20]}…({len(text)} characters)"
    return _Reject(f"{shown!r} is too large: numbers in documents are at most {MAX_NUMBER:,} in size", token=text[:40])


def _json_int(text: str) -> int:
    if len(text) > 20 or abs(int(text)) > MAX_NUMBER:
        raise _too_large(text)
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if not abs(value) <= MAX_NUMBER:
        raise _too_large(text)
    return value


def _json_pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise _Reject(f"duplicate key {key!r}", token=json.dumps(key))
        out[key] = value
    return out


def _libyaml_limits_nesting() -> bool:
    """Whether the linked libyaml stops deep nesting itself (libyaml ≥ 0.2.6, e.g. in
    PyYAML 6.0.4 wheels: at 1,000 levels, with its own message, which :func:`parse` words
    as ours). Older ones recurse without bound and crash the process past ~20,000 levels."""
    try:
        _Composer("[" * 1500 + "]" * 1500).get_single_node()
    except yaml.YAMLError as exc:
        return "nesting depth" in str(exc)
    return False


_LIBYAML_LIMITS_NESTING = _libyaml_limits_nesting()
#: Without libyaml's own limit, a YAML text above this size is first scanned event by event
#: (iteratively) for depth: the composer recurses in C, and a smaller text cannot nest deep
#: enough to crash it.
PRESCAN_BYTES = 8192


#: Aliases allowed in a contract file (anchors share interpretations; a few dozen at most).
MAX_CONTRACT_ALIASES = 64


def _prescan(text: str, allow_aliases: bool) -> None:
    depth = aliases = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Reject(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark.line + 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if not allow_aliases:
                raise _Reject("YAML anchors and aliases are not allowed in documents", event.start_mark.line + 1)
            if aliases > MAX_CONTRACT_ALIASES:
                raise _Reject(f"more than {MAX_CONTRACT_ALIASES} YAML aliases", event.start_mark.line + 1)


def _depth_ok(value, limit: int = MAX_DEPTH) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


#: A JSON escape of a UTF-16 surrogate; one left unpaired makes a string no UTF-8 (and no
#: engine) can hold. (libyaml refuses such escapes in YAML itself.)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                                    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def _refuse_lone_surrogates(value, text: str) -> None:
    """Refuse a JSON document holding a string with an unpaired surrogate (``"\\ud800"``): it
    is not Unicode text, cannot be written as UTF-8, and no engine would take it. The field
    is named; the line is that of the first unpaired escape in the text."""
    stack: list = [(value, "")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):  # children pushed last first: visited in document order
            if not all(map(_is_unicode, item)):
                _surrogate_error(text, where)
            stack.extend(reversed([(child, f"{where}.{key}" if where else key) for key, child in item.items()]))
        elif isinstance(item, list):
            stack.extend(reversed([(child, f"{where}[{i}]") for i, child in enumerate(item)]))
        elif isinstance(item, str) and not _is_unicode(item):
            _surrogate_error(text, where)


def _surrogate_error(text: str, where: str):
    match = _LONE_SURROGATE_ESCAPE.search(text)
    exc = _Reject(f"unpaired surrogate escape {match.group() if match else ''} is not a Unicode character "
                  "(JSON escapes \\ud800-\\udfff must come in high-low pairs)",
                  line=text.count("\n", 0, match.start()) + 1 if match else None)
    exc.field = where or None
    raise exc


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- the fast path: yaml_rs, held to this reader's rules ------------------------------
#
# yaml_rs (YAML 1.2 core, Rust) reads a document several times faster, but not by the rules
# above: it reads `011`, `0x3`, `0o7`, `0b1`, `2_5`, `_1` as numbers, `.inf`/`.nan` in any
# case, numbers beyond ±2**53, honours tags, expands aliases (an unknown one is null), reads
# several documents into a list, and records no lines. Its result is used only when both
# of these hold (a false alarm costs only speed: this reader then decides, as always):
# 1. the text holds nothing whose reading could differ. A first scan looks for any
#    character outside the printable set libyaml accepts or among `!%&*>?@\`|` and the
#    backslash; only then (a company "A & B") does a precise scan decline: a character
#    outside that set (tab, CR, NEL, LS/PS, BOM, DEL, controls), a backslash (escapes),
#    `&`, `*`, `!`, `|`, `>`, `%`, `@`, a backquote or `?` where a node can start (anchors,
#    aliases, tags, block scalars, directives, reserved indicators, explicit keys).
#    Always declined: `---` or `...` at a line start (several documents), `<<` (merge
#    keys), a `:` after a space, a flow indicator, `?`, `:`, `-` or at a line start (an
#    empty key; `::` opens a plain scalar for yaml_rs, not for libyaml), a `:` right
#    before `]`, `}` or `,` (`{b:}` is b: null for yaml_rs, an error for libyaml), a `:` that
#    may end a key of 200 characters or more (libyaml's bound on implicit keys is 1,024; see
#    `_LONG_KEY`), and any token yaml_rs may read
#    as a number while this reader keeps it as text: a `_` next to a digit or a dot (every yaml_rs number with a `_` has one), or a token starting with
#    `0` followed by a digit, `x`, `o`, `b` or `_` (after an optional sign);
# 2. the value read walks clean (:func:`_clean_map`): a mapping at the top; only dict,
#    list, str, int, float, bool and None; every key a str without a space or a line break
#    (a key written over several lines folds into one with a space: yaml_rs takes it in a
#    flow mapping, libyaml refuses it; with no `:` after a space, a key ends on the line of
#    its `:`); no str that this reader would resolve to a number, boolean or null if
#    written plain (a quoted "12" is a false alarm); ints and floats within ±2**53 (so finite); no collection :data:`MAX_DEPTH` deep.
# Then booleans and nulls are the same in both (true/True/TRUE, false/False/FALSE;
# null/Null/NULL/~/nothing), and a number in canonical decimal form has the same value in
# both (both round correctly). tests/test_fast_yaml.py holds the differential proof.

_DECLINED = object()
#: yaml_rs, imported on the first document (5–10 ms: commands that read none never pay);
#: None when it is not installed: the reader then reads every document.
_yaml_rs: object = _DECLINED


#: The yaml_rs fast path, off unless ``AACOMPLIANCE_FAST_YAML=1``: yaml_rs 0.1.6 crashed the
#: process (a segmentation fault inside its parser, on an ordinary incident log) when called
#: from the service's event-loop thread under the test client, and a crash loses a whole run.
#: Until that is understood the libyaml reader reads every document; the guard below, and its
#: tests, are kept for when the fast path can be turned back on.
FAST_YAML = os.environ.get("AACOMPLIANCE_FAST_YAML") == "1"


def _import_yaml_rs():
    global _yaml_rs
    try:
        import yaml_rs
    except ImportError:  # a core dependency, but never required
        yaml_rs = None
    _yaml_rs = yaml_rs
    return yaml_rs
_PRINTABLE = r"\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_RARE = re.compile(r"[^\n\x20\x22-\x24\x27-\x29\x2b-\x3d\x41-\x5b\x5d-\x5f\x61-\x7b\x7d\x7e"
                   r"\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_RARE_DECLINE = re.compile(rf"[^{_PRINTABLE}]|\\|(?:^|[-\[{{,:?])[ ]*[&*!|>%@`?]", re.MULTILINE)
_UNDERSCORE_DECLINE = re.compile(r"_(?:[0-9.]|(?<=[0-9.]_))")
_ZERO_DECLINE = re.compile(
    r"0[0-9xXoObB_](?:(?<=[\s\[{,]0.)|(?<=[\s\[{,][-+]0.)|(?<=[\"'\]}]:0.)|(?<=[\"'\]}]:[-+]0.))")
#: A `:` after a space, a flow indicator, `?`, `:`, `-` or at a line start: it may open a
#: node (an empty key, a plain scalar libyaml refuses); a `:` right before `]`, `}` or `,`
#: (`{b:}`: libyaml refuses it, yaml_rs reads b: null); `key: value` never matches.
_COLON_DECLINE = re.compile(r":(?:(?<=[ \[{,?:\n-].)|[\]},])")
#: A `:` that may end a long implicit key (libyaml bounds them at 1,024 characters, a bound
#: the two parsers might count differently): a `:` after 200 or more characters with no flow
#: indicator or line break (a key in a flow collection, or spaces before its `:`), or a block
#: line, not opening a flow collection, whose first 200 characters hold no `: ` (a block key
#: ends at its first `: `). (A `:` far into a long line of values, such as a support line's
#: `covers`, ends a short key.) Runs start only after a delimiter: the scan stays linear.
_LONG_KEY = re.compile(r"(?<![^,\[\]{}\n])[^,\[\]{}\n]{200,}+:|^[ -]*+[^\s\[{](?:[^:\n]|:(?=[^ \n])){200}",
                       re.MULTILINE)
#: What the resolver reads as int, float (also not finite), bool or null, written plain
#: (and the empty string): tests/test_fast_yaml.py checks it against the resolver.
_NOT_TEXT = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z"
                       r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)\Z"
                       r"|(?:true|True|TRUE|false|False|FALSE|null|Null|NULL|~)?\Z").match
_MAYBE_NOT_TEXT = frozenset("-+.0123456789tTfFnN~")


def _clean_value(value, depth: int) -> bool:
    cls = type(value)
    if cls is str:
        return not (not value or value[0] in _MAYBE_NOT_TEXT and _NOT_TEXT(value))
    if cls is dict:
        return _clean_map(value, depth)
    if cls is list:
        if depth >= MAX_DEPTH:
            return False
        depth += 1
        for item in value:
            if not _clean_value(item, depth):
                return False
        return True
    if cls is int or cls is float:
        return -MAX_NUMBER <= value <= MAX_NUMBER  # False for inf and nan
    return cls is bool or value is None


def _clean_map(value: dict, depth: int) -> bool:
    if depth >= MAX_DEPTH:
        return False
    depth += 1
    for key, item in value.items():
        if (type(key) is not str or not key or key[0] in _MAYBE_NOT_TEXT and _NOT_TEXT(key)
                or " " in key or "\n" in key):  # a key over several lines (see above)
            return False
        if type(item) is str:  # most values: inline
            if not item or item[0] in _MAYBE_NOT_TEXT and _NOT_TEXT(item):
                return False
        elif not _clean_value(item, depth):
            return False
    return True


def _long_key(text: str) -> bool:
    """``_LONG_KEY`` on the lines it can match (200 characters or more): most lines are
    shorter, and a regex scan of the whole text costs more than yaml_rs's parse of it."""
    return any(len(line) >= 200 and _LONG_KEY.search(line) for line in text.split("\n"))


def _fast(text: str):
    """The value of a document as this reader gives it, read by yaml_rs; :data:`_DECLINED`
    when that cannot be proved (see above)."""
    reader = _yaml_rs if _yaml_rs is not _DECLINED else _import_yaml_rs()
    if reader is None:
        return _DECLINED
    if _RARE.search(text) and _RARE_DECLINE.search(text):
        return _DECLINED
    if ("\n---" in text or "\n..." in text or text.startswith(("---", "...", ":")) or "<<" in text
            or _COLON_DECLINE.search(text) or _UNDERSCORE_DECLINE.search(text) or _ZERO_DECLINE.search(text)
            or (len(text) >= 200 and _long_key(text))):
        return _DECLINED
    try:
        value = reader.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - any trouble (duplicate key, syntax, depth): the reader decides
        return _DECLINED
    if type(value) is not dict or not _clean_map(value, 0):
        return _DECLINED
    return value


def _parse_yaml(text: str, contract: bool, positions: dict | None):
    if (not _LIBYAML_LIMITS_NESTING and len(text) > PRESCAN_BYTES) or "*" in text:
        _prescan(text, allow_aliases=contract)  # aliases (never in documents) and depth, with lines
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    finally:
        composer.dispose()
    if root is None:
        return None
    if positions is not None:
        positions[None] = root.start_mark.line + 1
    try:
        return _construct(root, positions, aliases=contract)
    except _Reject as exc:
        if exc.node is not None:
            exc.field = _field_of(root, exc.node)
        raise


def parse(text: str, path: str, *, contract: bool = False, positions: dict | None = None):
    """Parse YAML or JSON ``text`` (JSON when ``path`` ends in ``.json``). When a dict is
    given as ``positions``, a YAML parse by this reader fills it for :class:`Lines`; the
    fast path leaves it empty (:class:`Lines` then reads the text again when asked)."""
    is_json = path.endswith(".json")
    try:
        if is_json:
            value = json.loads(text, object_pairs_hook=_json_pairs, parse_constant=_json_constant,
                               parse_int=_json_int, parse_float=_json_float)
            if not _depth_ok(value):
                raise _Reject(f"nesting deeper than {MAX_DEPTH} levels")
            if "\\u" in text and _SURROGATE_ESCAPE.search(text):
                _refuse_lone_surrogates(value, text)
        else:
            value = _fast(text) if FAST_YAML and not contract else _DECLINED
            if value is _DECLINED:
                value = _parse_yaml(text, contract, positions)
    except _Reject as exc:
        line = exc.line
        if line is None and exc.token:  # json's hooks get no position: find the token
            at = text.find(exc.token)
            line = text.count("\n", 0, at) + 1 if at >= 0 else None
        raise InputError(Problem(path, exc.message, line, exc.field)) from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem(path, f"invalid JSON: {exc.msg}", exc.lineno)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in what:  # libyaml ≥ 0.2.6 stops at 1,000 levels itself
            what = f"nesting deeper than {MAX_DEPTH} levels"
        elif "expected a single document" in str(exc):
            what = "several YAML documents in one file; put one document per file"
        raise InputError(Problem(path, what, mark.line + 1 if mark else None)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(path, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise InputError(Problem(path, f"nesting deeper than {MAX_DEPTH} levels")) from None
    return value


def load(path: Path, *, contract: bool = False):
    """Read and parse one file; errors name the file and line."""
    return parse(read_text(path), str(path), contract=contract)


_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(field: str) -> list:
    """``"support[0].plan"`` → ``["support", 0, "plan"]``."""
    return [int(idx) if idx else name for name, idx in _SEGMENT.findall(field)]


class LineFinder:
    """Finds the lines of field paths in one text, composing it once."""

    def __init__(self, text: str):
        self._text = text
        self._root = None
        self._composed = False

    def _node(self):
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=yaml.CSafeLoader)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root

    def line(self, field: str | list) -> int | None:
        """The 1-based line where ``field`` is written; the deepest existing ancestor's
        line when the field is absent; None if the text cannot be composed."""
        node = self._node()
        if node is None:
            return None
        parts = split_path(field) if isinstance(field, str) else list(field)
        line = node.start_mark.line + 1
        for part in parts:
            found = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(part):
                        found, line = value_node, key_node.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                found = node.value[part]
                line = found.start_mark.line + 1
            if found is None:
                break
            node = found
        return line


def line_of(text: str, field: str | list) -> int | None:
    """The 1-based line where ``field`` (a path) is written in ``text``."""
    return LineFinder(text).line(field)


class Lines:
    """The line of each field of one parsed document, from the lines its parse recorded
    (``positions``). Without them: for a YAML document read by the fast path (``path``
    given, not ``.json``), from this reader's parse of ``text``, made on the first call;
    otherwise (JSON), from :class:`LineFinder` on demand."""

    __slots__ = ("_data", "_positions", "_text", "_finder", "_path")

    def __init__(self, data, positions: dict | None, text: str | None = None, path: str | None = None):
        self._data, self._positions = data, positions or None
        self._text = None if self._positions else text
        self._path = path
        self._finder: LineFinder | None = None

    def _reparse(self) -> bool:
        """Record the lines by this reader's parse of the text (once); False if it cannot."""
        text, self._path = self._text, None
        positions: dict = {}
        try:
            data = _parse_yaml(text, False, positions)
        except (_Reject, yaml.YAMLError, RecursionError):  # pragma: no cover - the fast path proved it reads
            return False
        if not positions:
            return False
        self._data, self._positions, self._text = data, positions, None
        return True

    def _fallback(self, field) -> int | None:
        if self._text is None:
            return None
        if self._path is not None and not self._path.endswith(".json") and self._reparse():
            return self.line(field)
        if self._finder is None:
            self._finder = LineFinder(self._text)
        return self._finder.line(field)

    def line(self, field: str | list) -> int | None:
        """The 1-based line where ``field`` is written; the deepest existing ancestor's
        line when the field is absent (as :meth:`LineFinder.line`)."""
        positions = self._positions
        if positions is None:
            return self._fallback(field)
        parts = split_path(field) if isinstance(field, str) else list(field)
        node, line = self._data, positions.get(None)
        for part in parts:
            table = positions.get(id(node))
            if table is None or len(table) != len(node):
                break
            if isinstance(node, dict):
                if part not in node:
                    break
                for index, key in enumerate(node):
                    if key == part:
                        break
                line = table[index]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                line = table[part]
            else:
                break
            node = node[part]
        return line
