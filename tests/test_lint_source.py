"""`contracts lint --source` proves the quotes support the values: a mutation test.

Every number the bundled revision encodes (plan values, targets, caps, ranks, unit
minutes) is changed by +1 and by -1, and every citation (a clause's line, a part's or a
table's line) is moved one line up, one line down and to every other line its quote is
on; each mutant alone must make lint report an error. The unmutated revision has none.
"""
from __future__ import annotations

import copy
import dataclasses

import pytest

from aacompliance.terms.store import load_revision
from aacompliance.terms.lint import lint_revision
from aacompliance.terms.lint_source import Source, french_number, mentions
from conftest import ROOT, SOURCE_TEXT

REVISION = ROOT / "contracts" / "technical-support-terms" / "2024-11-18.yaml"
pytestmark = pytest.mark.skipif(not SOURCE_TEXT.exists(), reason="source text not beside the repository")

#: Keys whose integers are citations (lines of the source), mutated as citations.
_CITATIONS = {"line", "header", "end"}


def _numbers(node, path=()):
    """(path, value) of every number in the terms that is not a citation."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in _CITATIONS or not isinstance(value, int):
                yield from _numbers(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _numbers(value, path + (i,))
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield path, node


def _citations(terms):
    for cid, clause in terms["clauses"].items():
        if "line" in clause:
            yield ("clauses", cid, "line"), clause["line"], clause.get("quote")
    for i, part in enumerate(terms["source"].get("parts", [])):
        yield ("source", "parts", i, "line"), part["line"], part["quote"]
    for tid, table in terms["source"].get("tables", {}).items():
        for key in ("header", "end"):
            yield ("source", "tables", tid, key), table[key], None


def _mutant_errors(rev, source, path, value):
    """Lint with one value changed in place (restored after): cheaper than a deep copy."""
    node = rev.terms
    for key in path[:-1]:
        node = node[key]
    old = node[path[-1]]
    node[path[-1]] = value
    try:
        return _errors(rev, source, rev.terms)
    finally:
        node[path[-1]] = old


@pytest.fixture(scope="module")
def setup():
    rev = load_revision(REVISION)
    return rev, Source.read(SOURCE_TEXT)


def _errors(rev, source, terms):
    mutant = dataclasses.replace(rev, terms=terms)
    return [f for f in lint_revision(mutant, source) if f.level == "error"]


def test_the_bundled_revision_lints_clean(setup):
    rev, source = setup
    assert lint_revision(rev, source) == []


def test_changing_any_encoded_number_fails_lint(setup):
    rev, source = setup
    survivors, count = [], 0
    for path, value in _numbers(rev.terms):
        for new in (value + 1, value - 1):
            if new < 0:
                continue
            count += 1
            if not _mutant_errors(rev, source, path, new):
                survivors.append((".".join(map(str, path)), value, new))
    assert count > 200  # every number of the revision, twice
    assert survivors == []


def test_changing_any_citation_fails_lint(setup):
    rev, source = setup
    survivors, count = [], 0
    for path, line, quote in _citations(rev.terms):
        others = set(source.lines_with(quote)) if quote else set()
        for new in sorted(({line - 1, line + 1} | others) - {line}):
            count += 1
            if not _mutant_errors(rev, source, path, new):
                survivors.append((".".join(map(str, path)), line, new))
    assert count > 300
    assert survivors == []
    assert lint_revision(rev, source) == []  # every mutant was undone


def test_a_quote_on_several_lines_must_name_its_row(setup):
    rev, source = setup
    terms = copy.deepcopy(rev.terms)
    del terms["clauses"]["gold.dr"]["table"], terms["clauses"]["gold.dr"]["row"]
    (error,) = [f for f in _errors(rev, source, terms) if f.field == "clauses.gold.dr.quote"]
    assert "ambiguous" in error.message and "180, 181, 182" in error.message


def test_the_issue_examples_fail(setup):
    """Gold severity 2 from 2 to 3 hours; a Gold clause pointed at Platinum's line."""
    rev, source = setup
    terms = copy.deepcopy(rev.terms)
    terms["plans"]["gold"]["initial_response"]["2"]["value"] = 3
    assert any(f.field == "plans.gold.initial_response.2" for f in _errors(rev, source, terms))
    terms = copy.deepcopy(rev.terms)
    terms["clauses"]["gold.attainment"]["line"] = rev.terms["clauses"]["platinum.attainment"]["line"]
    assert any(f.field == "clauses.gold.attainment.line" and "gold" in f.message
               for f in _errors(rev, source, terms))


@pytest.mark.parametrize(("word", "value"), [
    ("un", 1), ("une", 1), ("sept", 7), ("dix", 10), ("seize", 16), ("dix-sept", 17), ("vingt-quatre", 24),
    ("vingt-et-un", 21), ("soixante-dix", 70), ("quatre-vingt", 80), ("quatre-vingt-dix-neuf", 99), ("heure", None),
])
def test_french_number_words(word, value):
    assert french_number(word) == value


def test_mentions_read_unit_and_period():
    found = mentions("Quatre fois par an au maximum, à raison de 3 heures par session au maximum et de "
                     "10 heures au total sur une année.")
    assert [(m.value, m.kind, m.per) for m in found] == [
        (4, "sessions", "contract_year"), (3, "hours", "session"), (10, "hours", "contract_year"), (1, "count", None)]


def test_flipping_a_table_backed_feature_or_dropping_a_target_fails_lint(setup):
    """A feature read in a plan's column of the benefits table cannot be turned on or off,
    and a target cannot be dropped, without lint noticing."""
    rev, source = setup
    tables = rev.terms["source"]["tables"]
    survivors, count = [], 0
    for pid, plan in rev.terms["plans"].items():
        for key, term in plan["features"].items():
            clause = rev.terms["clauses"][term["clause"]]
            if tables.get(clause.get("table"), {}).get("columns") != "plans" or not isinstance(term["value"], bool):
                continue
            terms = copy.deepcopy(rev.terms)
            terms["plans"][pid]["features"][key]["value"] = not term["value"]
            count += 1
            if not _errors(rev, source, terms):
                survivors.append((pid, key))
        for sev in plan["initial_response"]:
            terms = copy.deepcopy(rev.terms)
            del terms["plans"][pid]["initial_response"][sev]
            count += 1
            if not _errors(rev, source, terms):
                survivors.append((pid, "initial_response", sev))
    assert count > 80
    assert survivors == []
