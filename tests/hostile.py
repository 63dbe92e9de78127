"""Generators of hostile and broken documents, shared by the tests and benchmarks/fuzz.py."""
from __future__ import annotations

import copy
import json

from hypothesis import strategies as st

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", "2025-02-30", "2025-01-01", "0000-00-00", "2025-04-03T09:12:00+02:00", "2025-04-03T09:12",
                     "Europe/Paris", "Nowhere/Zone", "orange", "gold", "diamond", "own", "account", "en", "xx",
                     "aacompliance/v1", "OrderForm", "Roster", "BenefitUsage", "IncidentLog",
                     "<img src=file:///etc/passwd>", "\u202e\u0000", "a" * 500, "-1", "1e309"]),
)
values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                      max_leaves=10)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


@st.composite
def mutated(draw, seed: dict):
    doc = copy.deepcopy(seed)
    for _ in range(draw(st.integers(0, 4))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        target = draw(st.sampled_from(paths))
        parent = doc
        for part in target[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if action == "delete":
            del parent[target[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[target[-1]]))
        else:
            parent[target[-1]] = draw(values)
    return doc


def _yaml(doc) -> str:
    import yaml
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@st.composite
def document_text(draw, seed: dict):
    """A document file's content: a mutation of a valid seed, as YAML or JSON, sometimes mangled."""
    doc = draw(mutated(seed))
    as_json = draw(st.booleans())
    text = json.dumps(doc, ensure_ascii=False, default=str) if as_json else _yaml(doc)
    mangle = draw(st.sampled_from(["none", "none", "none", "truncate", "insert", "tag", "alias", "bytes"]))
    if mangle == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif mangle == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\t", ":", "- ", "{", "]", "&a ", "*a", "!!binary ", "---\n", "%"])) + text[at:]
    elif mangle == "tag":
        text += "\nextra: !!python/object/apply:os.system [\"true\"]\n"
    elif mangle == "alias":
        text += "\nx: &x [1]\ny: *x\n"
    data = text.encode("utf-8")
    if mangle == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return (".json" if as_json else ".yaml"), data


#: Scalars written as YAML 1.1 would read them as numbers, booleans or dates, booleans where
#: numbers go, huge numbers, out-of-range dates and timestamps (issue 11, items 1 and 2).
HOSTILE_SCALARS = [
    "011", "0x3", "0o7", "0b101", "1:30", "190:20:30.15", "2_5", "1_000.5", "+12", "-0", "00", "012.5",
    "yes", "no", "on", "off", "Yes", "OFF", "y", "n", "true", "false", "True", "FALSE", "~", "null", "",
    ".inf", "-.Inf", ".nan", "1e999", "-1e999", "1e15", "9007199254740993", "9" * 5000, "9" * 5000 + ".5",
    "0.0000001", "1e3", ".5", "10000.0001",
    "2025-06-01", "9999-06-01", "0001-01-01", "1899-12-31", "3000-01-01", "2025-02-29", "2025-13-01",
    '"9999-12-31T23:59:00-23:59"', '"0001-01-01T00:00:00+01:00"', '"2025-04-03T09:12:00+02:00"',
    "2025-04-03T09:12:00+02:00", "2025-04-03 09:12:00", "'011'", '"yes"',
]
_PLACEHOLDER = "HOSTILE-SCALAR-PLACEHOLDER"


def _leaves(node, prefix=()):
    """Paths of the numbers, booleans and dates of a document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*prefix, index))
    elif isinstance(node, (bool, int, float)) or (isinstance(node, str) and node[:2] in ("19", "20")):
        yield prefix


@st.composite
def scalar_case(draw, seed: dict):
    """A seed document with one of its numbers, booleans or dates written as a hostile
    scalar: ``(path, written, suffix, data)``."""
    doc = copy.deepcopy(seed)
    path = draw(st.sampled_from(list(_leaves(doc))))
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = _PLACEHOLDER
    written = draw(st.sampled_from(HOSTILE_SCALARS))
    as_json = draw(st.booleans())
    if as_json:
        json_form = written if written[:1] in "-0123456789\"" or written in ("true", "false", "null") else json.dumps(written)
        text = json.dumps(doc, ensure_ascii=False).replace(json.dumps(_PLACEHOLDER), json_form)
    else:
        text = _yaml(doc).replace(_PLACEHOLDER, written)
    return path, written, (".json" if as_json else ".yaml"), text.encode("utf-8")


def alias_bomb_text(size: int = 1024 * 1024) -> str:
    """A "billion laughs" YAML document of about ``size`` bytes."""
    lines = ["apiVersion: aacompliance/v1", "kind: OrderForm", 'a0: &a0 ["lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    text = "\n".join(lines) + "\n"
    n = 10
    while len(text) < size:
        text += f"b{n}: &b{n} [" + ",".join(["*a9"] * 50) + "]\n"
        n += 1
    return text
