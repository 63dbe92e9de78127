"""Rendering: reproducible bytes on both font-subsetting paths, every script prints,
hostile names stay in their box, tagged PDF (issue 12, items 4, 5 and 7)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from conftest import ROOT  # noqa: E402
from statements_support import ACME, CA, NORD, run, statement, text_of  # noqa: E402

NO_TRUST_DIR = {"AACOMPLIANCE_TRUST_DIR": "/nonexistent-aacompliance-trust"}
NAMES = {
    "Latin": "Émile Zoë Łódź Ærøskøbing", "Greek": "Ελληνική Εταιρεία Ναυτιλίας",
    "Cyrillic": "Российская компания «Север»", "Arabic": "شركة الخليج للتقنية",
    "Hebrew": "חברת הטכנולוגיה הישראלית", "Devanagari": "भारतीय प्रौद्योगिकी कंपनी",
    "Thai": "บริษัท เทคโนโลยี ไทย จำกัด", "Chinese": "北京科技有限公司", "Japanese": "株式会社山田製作所",
    "Korean": "한국기술 주식회사",
}

_RENDER = r"""
import sys
mode, lang, who, out, paths = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
from weasyprint.pdf import fonts
calls = []
if mode == "fonttools":
    fonts.harfbuzz_subset = None
    real = fonts.Font._fonttools_subset
    def counted(self, *a, **k):
        calls.append(1)
        return real(self, *a, **k)
    fonts.Font._fonttools_subset = counted
from aacompliance.cli.main import main
try:
    main(["statement", *paths, "--out", out, "--lang", lang, "--signed-off-by", who, "--role", "CSM",
          "--date", "2025-07-01"], standalone_mode=False)
finally:
    print("fonttools-subsets", len(calls))
"""


def _render_in_process(tmp_path, mode, lang, who, name, paths):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests")])
    out = tmp_path / name
    done = subprocess.run([sys.executable, "-c", _RENDER, mode, lang, who, str(out), *paths], env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return out.read_bytes(), done.stdout


@pytest.mark.parametrize("mode, lang, customer, who", [
    ("harfbuzz", "ja", "株式会社ノルトリヒト物流", "山田 太郎"),
    # fontTools subsets the CJK faces slowly (tens of seconds): Latin, Greek and Cyrillic
    # faces exercise the same timestamp.
    ("fonttools", "en", "Nordlicht Λογιστική Логистик GmbH", "Claire Martin")])
def test_two_processes_render_byte_identical_pdfs(tmp_path, mode, lang, customer, who):
    roster = tmp_path / "roster.yaml"
    roster.write_text(Path(NORD[1]).read_text().replace("Nordlicht Logistik GmbH", customer))
    paths = [NORD[0], str(roster), NORD[2]]
    first, log = _render_in_process(tmp_path, mode, lang, who, "a.pdf", paths)
    if mode == "fonttools":
        assert "fonttools-subsets 0" not in log  # the fontTools subsetter really ran
    else:
        assert "fonttools-subsets 0" in log
    import time

    time.sleep(1.1)  # the fontTools subsetter stamps seconds
    second, _ = _render_in_process(tmp_path, mode, lang, who, "b.pdf", paths)
    assert first == second


def _glyph_runs(content, resources, reader):
    """(font dictionary, glyph ids) for every text-showing operator, forms included."""
    from pypdf.generic import ContentStream

    fonts = resources.get("/Font", {})
    font = None
    for operands, operator in ContentStream(content, reader).operations:
        if operator == b"Tf":
            font = fonts[operands[0]].get_object()
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            strings = operands[0] if operator == b"TJ" else [operands[-1]]
            for item in strings:
                if isinstance(item, (pypdf.generic.ByteStringObject, pypdf.generic.TextStringObject, bytes, str)):
                    raw = item.original_bytes if hasattr(item, "original_bytes") else bytes(item)
                    yield font, [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)]
        elif operator == b"Do":
            xobject = resources.get("/XObject", {})[operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from _glyph_runs(xobject, xobject.get("/Resources", resources), reader)


def _mapped_characters(font) -> dict[int, str]:
    import re

    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    out = {}
    for gid, hexes in re.findall(r"<([0-9a-f]{4})> <([0-9a-f]+)>", data):
        out[int(gid, 16)] = bytes.fromhex(hexes).decode("utf-16-be")
    return out


def _notdef_report(pdf: bytes, names: list[str]) -> tuple[set[str], list[str]]:
    """Characters of ``names`` that no shown glyph draws, and fonts whose .notdef is shown
    (glyph 0, or a glyph WeasyPrint re-encodes to .notdef because the font lacks it)."""
    from fontTools.ttLib import TTFont

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    drawn, notdef = set(), []
    cache: dict[int, tuple] = {}
    for page in reader.pages:
        for font, gids in _glyph_runs(page.get_contents(), page["/Resources"], reader):
            if id(font) not in cache:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                embedded = None
                if "/FontFile2" in descriptor:
                    embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
                missing_cmap = font.get("/Encoding") != "/Identity-H"
                cache[id(font)] = (_mapped_characters(font), embedded, missing_cmap)
            mapped, embedded, missing_cmap = cache[id(font)]
            for gid in gids:
                if gid == 0 or missing_cmap:
                    notdef.append(str(font["/BaseFont"]))
                    continue
                chars = mapped.get(gid, "")
                if embedded is not None and "glyf" in embedded and not chars.isspace():
                    if embedded["glyf"][embedded.getGlyphOrder()[gid]].numberOfContours == 0:
                        continue  # an empty outline draws nothing
                drawn.update(chars)
    wanted = {ch for name in names for ch in name if not ch.isspace()}
    return wanted - drawn, notdef


def _names_roster(tmp_path, customer: str) -> Path:
    path = tmp_path / "names.yaml"
    path.write_text(Path(NORD[1]).read_text().replace("customer: Nordlicht Logistik GmbH",
                                                      f"customer: {json.dumps(customer, ensure_ascii=False)}"))
    return path


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_script_prints_without_notdef(tmp_path, lang):
    customer = " · ".join(NAMES.values())
    result, out = statement(tmp_path, [str(_names_roster(tmp_path, customer))], lang=lang, who=NAMES["Korean"])
    assert result.exit_code == 0, result.output
    missing, notdef = _notdef_report(out.read_bytes(), list(NAMES.values()))
    assert not missing, {script: name for script, name in NAMES.items() if set(name) & missing}
    assert not notdef


def test_the_notdef_check_catches_a_character_no_font_has(tmp_path):
    unprintable = "\U000e01ef\U0010fff0"  # no installed font draws these
    result, out = statement(tmp_path, [str(_names_roster(tmp_path, f"ACME {unprintable}"))])
    assert result.exit_code == 0
    missing, notdef = _notdef_report(out.read_bytes(), [unprintable])
    assert missing and notdef


def _text_positions(pdf: bytes):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        width = float(page.mediabox.width)
        xs = []

        def visit(text, cm, tm, font, size):
            if text.strip():
                xs.append(cm[0] * tm[4] + cm[4])

        page.extract_text(visitor_text=visit)
        yield width, xs


def test_a_100000_character_name_is_shortened_and_stays_on_the_page(tmp_path):
    long_word = "Ｗ" + "W" * 99_999
    result, out = statement(tmp_path, [str(_names_roster(tmp_path, long_word))], who="X" * 100_000, signed=True)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) <= 6
    assert "…" in text_of(data)
    assert len(reader.metadata.title) < 300 and len(reader.metadata.author) < 300
    for width, xs in _text_positions(data):
        assert all(0 <= x < width for x in xs)
    verified = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert verified.exit_code == 0, verified.output  # the page check reads the shortened names


def test_control_characters_never_reach_the_metadata_and_signing_works(tmp_path):
    customer = "Acme\x1b[31m\r\nInc\x07\u0085"
    who = "Claire\x1bMartin\r\x00"
    result, out = statement(tmp_path, [str(_names_roster(tmp_path, customer))], who=who, signed=True)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    for value in (reader.metadata.title, reader.metadata.author, reader.xmp_metadata.stream.get_data().decode()):
        assert not any(ord(ch) < 32 and ch not in "\n" for ch in value)
        assert "\x1b" not in value and "\x07" not in value and "\x85" not in value
    verified = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert verified.exit_code == 0, verified.output


def test_bidi_overrides_in_names_are_isolated(tmp_path):
    from aacompliance.statement.text import shown

    assert shown("abc\u202edef") == "\u2068abc\u202edef\u202c\u2069"
    assert shown("\u2067x") == "\u2068\u2067x\u2069\u2069"
    result, out = statement(tmp_path, [str(_names_roster(tmp_path, "Evil \u202eLTD 00.001$"))],
                            who="Claire \u202eMartin", signed=True)
    assert result.exit_code == 0
    html = tmp_path / "s.html"
    statement(tmp_path, [str(_names_roster(tmp_path, "Evil \u202eLTD 00.001$"))], "--html", html, name="again.pdf")
    assert "\u2068Evil \u202eLTD 00.001$\u202c\u2069" in html.read_text()
    verified = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert verified.exit_code == 0, verified.output


def test_inputs_with_the_same_file_name_get_distinct_attachments_and_verify(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "doc.yaml").write_text(Path(NORD[1 if folder == "a" else 2]).read_text())
    result, out = statement(tmp_path, [str(tmp_path / "a" / "doc.yaml"), str(tmp_path / "b" / "doc.yaml")],
                            signed=True)
    assert result.exit_code == 0, result.output
    assert set(pypdf.PdfReader(out).attachments) == {"1-doc.yaml", "2-doc.yaml", "decision.json"}
    verified = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert verified.exit_code == 0, verified.output


def _structure_types(reader) -> list[str]:
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    types, pending = [], [root]
    while pending:
        node = pending.pop()
        if isinstance(node, pypdf.generic.IndirectObject):
            node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                types.append(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                pending.extend(kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids])
        elif isinstance(node, pypdf.generic.ArrayObject):
            pending.extend(node)
    return types


def test_the_statement_is_a_tagged_pdf_a_3b_with_attachments(tmp_path):
    result, out = statement(tmp_path, ACME, lang="ja")
    assert result.exit_code == 0
    reader = pypdf.PdfReader(out)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] is True or catalog["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert catalog["/Lang"] == "ja-JP"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title.startswith("コンプライアンス報告書")
    types = _structure_types(reader)
    for tag in ("/H1", "/H2", "/Table", "/TH", "/TD", "/P"):
        assert tag in types, (tag, sorted(set(types)))
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp and 'pdfuaid:part="1"' in xmp
    assert {"decision.json", "order-form-gold-ok.yaml", "incident-log-gold.yaml"} == set(reader.attachments)
