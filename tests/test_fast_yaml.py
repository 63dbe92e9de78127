"""The yaml_rs fast path never changes a value (issue 18, held to issue 11).

``yamlio._fast`` gives a document's value only when its guard proves that the reader
(libyaml + the YAML 1.2 core constructor) gives exactly the same; otherwise it declines and
the reader decides. Differential proof: generated documents (tricky scalars and keys, block
and flow, quotes, comments, unicode, anchors, tags, several documents, random damage) and
every YAML file of the repository and the spec read the same through both, or the fast
path declined.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from aacompliance.errors import InputError
from aacompliance.util import yamlio
from conftest import ROOT

pytestmark = pytest.mark.skipif(yamlio._import_yaml_rs() is None, reason="yaml_rs is not installed")

SPEC_EXAMPLES = Path("/work/shared/spec/examples")


@pytest.fixture(autouse=True)
def _fast_path_on(monkeypatch):
    """The fast path is opt-in (AACOMPLIANCE_FAST_YAML=1, util/yamlio.FAST_YAML): on for these tests."""
    monkeypatch.setattr(yamlio, "FAST_YAML", True)


def _reader(text: str):
    """What the reader alone makes of ``text``: ("ok", value) or ("error", problems)."""
    try:
        return "ok", yamlio._parse_yaml(text, False, {})
    except Exception:  # noqa: BLE001 - any refusal; parse() turns them into InputError
        try:
            yamlio.parse(text, "doc.yaml")
        except InputError as exc:
            return "error", [p.message for p in exc.problems]
        raise


def _same(a, b) -> bool:
    """Equal in value, type, sign of zero and key order (what reports would show)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


def _agree(text: str) -> bool:
    """Assert the fast path agrees with the reader or declines; True when it took the text."""
    fast = yamlio._fast(text)
    if fast is yamlio._DECLINED:
        return False
    outcome, value = _reader(text)
    assert outcome == "ok", (text, value)
    assert _same(fast, value), (text, fast, value)
    # and through the public entry point, with the lines the reader records, read lazily
    positions: dict = {}
    assert _same(yamlio.parse(text, "doc.yaml", positions=positions), value)
    return True


# --- the guard's resolver shortcut is the resolver --------------------------------------

_NUMBERISH = st.text(alphabet="-+._0123456789eExXoObBinfINFaAtTrRuUlLsSnN~: ", max_size=8)


@settings(max_examples=3000, deadline=None)
@given(value=st.one_of(_NUMBERISH, st.text(max_size=6)))
def test_the_guard_knows_exactly_which_plain_scalars_the_reader_reads_as_text(value):
    guessed = not value or value[0] in yamlio._MAYBE_NOT_TEXT and bool(yamlio._NOT_TEXT(value))
    resolved = yamlio._Core12Resolver.resolve(None, yamlio._SCALAR, value, (True, False))
    assert guessed == (resolved != yamlio.STR_TAG), value


# --- generated documents ------------------------------------------------------------------

TRICKY = [
    "12", "-3", "+4", "0", "-0", "2.5", "-0.0", "0.", "1.", ".5", "-.5", "+.5e2", "1e3", "1E3", "1e+3",
    "1.5e-3", "1e03", "1.e3", "0e0", "011", "00", "007", "0x3", "0X1F", "0o7", "0b101", "+0x3", "-011",
    "2_5", "1_000.5", "_1", "1_", "+_1", "1e_5", "._5", "0_1", "1:30", "190:20:30.15", "12:30:45",
    ".inf", "-.Inf", "+.INF", ".nan", ".NaN", ".iNf", ".infinity", "inf", "nan", "NaN",
    "~", "null", "Null", "NULL", "nUll", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE",
    "yes", "Yes", "No", "no", "on", "On", "OFF", "off", "y", "Y", "n", "N",
    "2025-06-01", "2025-04-03T09:12:00+02:00", "2001-12-14 21:59:43.10 -5", "2025-6-1",
    "9007199254740992", "9007199254740993", "-9007199254740993", "9007199254740993.0", "1e400", "-1e400",
    "12345678901234567890123", "1e-400", "3.14159265358979323846",
    "Acme Industries", "Smith & Sons", "R&D", "AT&T", "A &B", "x *y", "50%", "a: b", "a:b", "a #b",
    "a# b", "q?", "why? not", "a | b", "a > b", "a - b", "a, b", "[x]", "{x}", "<<", "é", "日本語",
    "emoji 😀", "Chloé Dubois", "SUB-00000-001", "ACC-0001", "OF-2025-00001", "sandbox_setup",
    "first_response", "v1.2.3", "1.2.3", "10.0.0.1", "+33 1 23 45 67 89", "-", "--", ".", "...",
    "", " ", "'", '"', "\\", "a\\nb", "\t", "tab\there", "line\nbreak", "a\u2028b", "\ufeffbom",
    "\x85nel", "del\x7f", "ctl\x01", "cr\rlf",
]
SAFE = ["", "12", "-3", "0", "2.5", "1e3", "true", "false", "null", "~", "Acme Industries", "Smith & Sons",
        "2025-06-01", "2025-04-03T09:12:00Z", "gold", "EMEA", "SUB-00000-001", "Chloé", "a b c", "10:30"]
SAFE_KEYS = ["id", "kind", "name", "plan", "start", "end", "signed_on", "hours", "région", "account", "region",
             "entity", "product", "severity", "opened_at", "first_response", "language", "benefit", "date",
             "covers", "contacts", "email", "admin", "slots", "notes", "Name", "x-ref", "k2", "顧客"]
KEYS = ["id", "kind", "name", "a", "b", "signed_on", "end_date", "x_1", "Key With Spaces", "é", "12",
        "1_0", "011", "true", "null", "~", "", "yes", "on", "1.5", ".inf", "a:b", "a b", "<<", "-x", "?x",
        "k" * 1100]


@st.composite
def scalar(draw, tricky: int = 3):
    if draw(st.integers(1, 10)) > tricky:
        return draw(st.sampled_from(SAFE))
    raw = draw(st.one_of(st.sampled_from(TRICKY), st.text(max_size=12)))
    style = draw(st.sampled_from(["plain", "plain", "plain", "single", "double", "double-ascii"]))
    if style == "single":
        text = "'" + raw.replace("'", "''") + "'"
    elif style.startswith("double"):
        text = json.dumps(raw, ensure_ascii=style == "double-ascii")
    else:
        text = raw
    prefix = draw(st.sampled_from(["", "", "", "", "", "!!str ", "!!int ", "!!float ", "!!bool ", "!x ",
                                   "&a ", "&b ", "!!null "]))
    if draw(st.integers(0, 30)) == 0:
        return draw(st.sampled_from(["*a", "*b", "*zz"]))
    return prefix + text


@st.composite
def key(draw, tricky: int = 3):
    if draw(st.integers(1, 10)) > tricky:
        return draw(st.sampled_from(SAFE_KEYS))
    raw = draw(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)))
    style = draw(st.sampled_from(["plain", "plain", "plain", "single", "double"]))
    if style == "single":
        return "'" + raw.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(raw, ensure_ascii=False)
    return raw


def tree(depth: int, tricky: int):
    leaves = scalar(tricky)
    if depth >= 4:
        return leaves
    deeper = st.deferred(lambda: tree(depth + 1, tricky))
    return st.one_of(
        leaves, leaves,
        st.lists(st.tuples(key(tricky), deeper), max_size=5).map(lambda p: ("map", p)),
        st.lists(deeper, max_size=4).map(lambda items: ("seq", items)),
    )


def flow(node, tight: bool = False) -> str:
    """Flow style; ``tight``: no space after `:` and `,` (JSON-like keys, `{b:}`)."""
    if isinstance(node, str):
        return node
    kind, items = node
    colon, comma = (":", ",") if tight else (": ", ", ")
    if kind == "map":
        return "{" + comma.join(f"{k}{colon}{flow(v, tight)}" for k, v in items) + "}"
    return "[" + comma.join(flow(v, tight) for v in items) + "]"


def block(node, indent: int, draw, out: list[str], width: int) -> None:
    pad = " " * indent
    kind, items = node
    for entry in items:
        k, value = entry if kind == "map" else (None, entry)
        head = f"{pad}{k}:" if kind == "map" else f"{pad}-"
        note = draw(st.sampled_from(["", "", "", "", "  # note", " #: x", "  # & * ! |"]))
        if isinstance(value, str) or not value[1] or draw(st.integers(0, 4)) == 0:
            out.append(f"{head} {flow(value, tight=draw(st.integers(0, 3)) == 0)}{note}")
        elif kind == "seq" and value[0] == "map" and draw(st.booleans()):
            inner: list[str] = []
            block(value, indent + width, draw, inner, width)
            inner[0] = f"{pad}- " + inner[0][indent + width:] if len(inner[0]) >= indent + width else inner[0]
            out.extend(inner)
        else:
            out.append(head + note)
            nested = indent if (kind == "map" and value[0] == "seq" and draw(st.booleans())) else indent + width
            block(value, nested, draw, out, width)
        if draw(st.integers(0, 12)) == 0:
            out.append(draw(st.sampled_from(["", "# comment", "  # indented comment", "---", "...", "%YAML 1.2"])))


@st.composite
def document(draw):
    tricky = draw(st.sampled_from([0, 0, 1, 1, 2, 3, 5]))  # in 10 scalars and keys
    pairs = draw(st.lists(st.tuples(key(tricky), tree(1, tricky)), min_size=1, max_size=6))
    root = ("map", [("apiVersion", "aacompliance/v1"), *pairs])
    if draw(st.integers(0, 5)) == 0:
        text = flow(root, tight=draw(st.booleans())) + "\n"
    else:
        out: list[str] = []
        block(root, 0, draw, out, draw(st.sampled_from([2, 2, 4, 1])))
        text = "\n".join(out) + draw(st.sampled_from(["\n", "\n", "\n", "", "\n\n", "\n...\n", "\n---\nb: 1\n"]))
    if tricky and draw(st.integers(0, 12)) == 0:
        text = draw(st.sampled_from(["---\n", "--- \n", "%YAML 1.2\n---\n", "\ufeff", "# c\n"])) + text
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 2] if tricky else [0]))):  # damage
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and at < len(text):
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + draw(st.sampled_from(list(" :-,[]{}#&*!|>'\"\n\t?%@`~0_\\."))) + text[at:]
    return text


def test_generated_documents_read_the_same_or_the_fast_path_declines():
    seen = {"fast": 0, "declined": 0}

    @settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
    @given(text=document())
    def run(text):
        took = _agree(text)
        seen["fast" if took else "declined"] += 1
        event("fast path" if took else "declined")

    run()
    # the proof means something only if both outcomes happen often
    assert seen["fast"] > 300 and seen["declined"] > 300, seen


@pytest.mark.parametrize("text", [
    "a: 011\n", "a: 0x3\n", "a: 2_5\n", "a: 1_\n", "a: .inf\n", "a: .iNf\n", "a: 1e400\n",
    "a: 9007199254740993\n", "a: !!str 1\n", "a: &x 1\nb: *x\n", "a: *x\n", "a: 1\n---\nb: 2\n",
    "a: |\n  x\n", "a: >\n  x\n", '{"a":011}\n', "a: b\n<<: {c: 1}\n", "? a\n: 1\n", "a: 1\na: 2\n",
    "1: x\n", "true: x\n", ": x\n", "a:\tb\n", "a: b\r\nc: d\r\n", 'a: "x\\ty"\n', "a: '12'\n",
    "a: ''\n", "\ufeffa: 1\n", "a: \x85\n", "a: " + "[" * 32 + "1" + "]" * 32 + "\n", "- 1\n", "",
    "k" * 1100 + ": 1\n", "a: [,]\n", "- : x\n", "a: [b:]\n", "a: {b:}\n", "a: [b:, c]\n", "a: {b: 1, c:}\n",
    "{a: 1, :: {}}\n", "{a: 1, 0\n0: {}}\n",
    # keys long enough to approach libyaml's bound on implicit keys, however written
    "a:\n  " + "k" * 250 + ": 1\n", "a: {" + "k" * 250 + " : 1}\n", "a: {k" + " " * 300 + ": 1}\n",
    '"' + "k" * 250 + '": 1\n', "a," + "k" * 250 + ": 1\n", "-" + "k" * 250 + ": 1\n", "a:\n  - " + "k" * 250 + ": 1\n",
])
def test_forms_the_fast_path_must_not_take(text):
    assert yamlio._fast(text) is yamlio._DECLINED
    _reader(text)  # and the reader decides, as before (value or its own error)


@pytest.mark.parametrize("text", [
    "a: 12\nb: -3\nc: 2.5\nd: 1e3\ne: .5\nf: true\ng: FALSE\nh: null\ni: ~\nj:\n",
    "name: Smith & Sons\nnote: R&D, AT&T\n",
    "when: 2025-04-03T09:12:00+02:00\nday: 2025-06-01\nat: 12:30\n",
    "a: [1, two, {b: 3}]\nc: {d: [e, f]}\n",
    "a: 'it''s'\nb: \"日本語 é\"\n# comment\nc: x  # trailing\n",
    # long lines of values with short keys (a support line covering thousands of subscriptions)
    "a: [" + "x" * 2000 + "]\n", "a: [" + "x, " * 400 + "y]\n", "a: {b: [" + "x, " * 400 + "y], c: 1}\n",
    "a:\n  - {b: [" + "SUB-1, " * 400 + "y], c: 1}\n",
    "a: [1, 2,]\n", "a: {b: 1,}\n", "a: [a: 1]\n", "a: {b:c}\n", "a: {'b':c}\n", "a: [b:\n  1]\n", "{a: 1}\n", "a: b\n  c\n", "a: 'x\n\n  y'\n",
])
def test_forms_the_fast_path_takes_read_as_the_reader_reads_them(text):
    assert _agree(text)


# --- every YAML file we have ----------------------------------------------------------------

def _files():
    roots = [ROOT / "tests", ROOT / "examples", SPEC_EXAMPLES]
    return sorted(p for r in roots if r.is_dir() for p in r.rglob("*") if p.suffix in (".yaml", ".yml"))


def test_every_yaml_file_reads_the_same_through_both_paths():
    files = _files()
    assert len(files) > 30
    took = [p for p in files if _agree(p.read_text(encoding="utf-8", errors="replace"))]
    assert len(took) > len(files) // 2, (len(took), len(files))


def test_realistic_documents_all_take_the_fast_path():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import MAKERS, sized

    texts = [sized(kind, items, seed) for kind in MAKERS for items in (3, 12, 40) for seed in range(4)]
    assert all(_agree(text) for text in texts)


def test_without_yaml_rs_the_reader_reads_everything(monkeypatch):
    text = (ROOT / "examples" / "order-form-gold-ok.yaml").read_text()
    value = yamlio.parse(text, "doc.yaml")
    monkeypatch.setattr(yamlio, "_yaml_rs", None)
    assert yamlio._fast(text) is yamlio._DECLINED
    positions: dict = {}
    assert _same(yamlio.parse(text, "doc.yaml", positions=positions), value) and positions


def test_when_yaml_rs_cannot_be_imported_the_reader_reads_everything(monkeypatch):
    text = (ROOT / "examples" / "incident-log-gold.yaml").read_text()
    value = yamlio.parse(text, "doc.yaml")
    monkeypatch.setitem(sys.modules, "yaml_rs", None)  # import fails
    monkeypatch.setattr(yamlio, "_yaml_rs", yamlio._DECLINED)
    assert yamlio._fast(text) is yamlio._DECLINED and yamlio._yaml_rs is None
    assert _same(yamlio.parse(text, "doc.yaml"), value)
    with pytest.raises(InputError) as info:
        yamlio.parse("a: &x 1\nb: *x\n", "doc.yaml")
    assert info.value.problems[0].line == 2
