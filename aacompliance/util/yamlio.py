"""Strict, bounded loading of YAML and JSON files.

- safe loading only (PyYAML's C parser with the safe constructor);
- duplicate keys, anchors/aliases (in documents), several documents in one file,
  non-UTF-8 or binary content and files above :data:`MAX_FILE_BYTES` are errors;
- YAML dates and timestamps stay strings, exactly as written, so YAML and JSON
  documents reach the policies in the same form;
- :func:`line_of` finds the line of a field path, for error messages.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Hashable
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
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line


class _StrictLoader(yaml.CSafeLoader):
    allow_aliases = False

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects and not self.allow_aliases:
            raise _Reject("YAML anchors and aliases are not allowed in documents",
                          node.start_mark.line + 1)
        return super().construct_object(node, deep=deep)


class _ContractLoader(_StrictLoader):
    allow_aliases = True  # contract files are ours; anchors share interpretations


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    mapping = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise _Reject(f"a mapping key must be text, not {type(key).__name__} ({key_node.value!r})",
                          key_node.start_mark.line + 1)
        if key in mapping:
            raise _Reject(f"duplicate key {key!r}", key_node.start_mark.line + 1)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _construct_str(loader, node):
    return loader.construct_scalar(node)


def _construct_float(loader, node):
    value = yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
    if value != value or value in (float("inf"), float("-inf")):
        raise _Reject(f"{node.value!r} is not a finite number", node.start_mark.line + 1)
    return value


def _refuse_tag(loader, node):
    raise _Reject(f"YAML tag {node.tag} is not allowed: documents hold plain text, numbers, "
                  "true/false, lists and mappings", node.start_mark.line + 1)


for _loader in (_StrictLoader, _ContractLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str)
    _loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
    for _tag in ("binary", "set", "omap", "pairs"):
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


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


def _json_constant(name: str):
    raise _Reject(f"{name} is not a finite number")


def _json_pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise _Reject(f"duplicate key {key!r}")
        out[key] = value
    return out


#: Above this size a YAML text is first scanned event by event (iteratively) for depth and
#: aliases: PyYAML's composer recurses in C and crashes the process past ~20,000 levels,
#: which a smaller text cannot reach.
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


def parse(text: str, path: str, *, contract: bool = False):
    """Parse YAML or JSON ``text`` (JSON when ``path`` ends in ``.json``)."""
    try:
        if len(text) > PRESCAN_BYTES and not path.endswith(".json"):
            _prescan(text, allow_aliases=contract)
        if path.endswith(".json"):
            value = json.loads(text, object_pairs_hook=_json_pairs, parse_constant=_json_constant)
        else:
            loader = (_ContractLoader if contract else _StrictLoader)(text)
            try:
                value = loader.get_single_data()
            finally:
                loader.dispose()
    except _Reject as exc:
        line = exc.line
        if line is None and path.endswith(".json"):  # json's hooks get no position: find the token
            at = text.find(exc.message.split()[0])
            line = text.count("\n", 0, at) + 1 if at >= 0 else None
        raise InputError(Problem(path, exc.message, line)) from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem(path, f"invalid JSON: {exc.msg}", exc.lineno)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc):
            what = "several YAML documents in one file; put one document per file"
        elif "could not determine a constructor" in str(exc):
            tag = re.search(r"tag '([^']*)'", str(exc))
            what = f"YAML tag {tag.group(1) if tag else ''} is not allowed: documents hold plain data only"
        raise InputError(Problem(path, what, mark.line + 1 if mark else None)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(path, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise InputError(Problem(path, f"nesting deeper than {MAX_DEPTH} levels")) from None
    if not _depth_ok(value):
        raise InputError(Problem(path, f"nesting deeper than {MAX_DEPTH} levels"))
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
