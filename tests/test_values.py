"""Values never change silently, and no value breaks the run (issue 11, items 1, 2 and 9).

Documents are read with YAML 1.2 core-schema scalars, strictly: decimal numbers, booleans
only true/false; YAML 1.1 forms stay the text written, and a field that needs a number or a
boolean refuses them with file, line and field. Out-of-range values are input errors of
their document; the other documents are still evaluated.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aacompliance.documents import KINDS
from aacompliance.errors import InputError
from aacompliance.pipeline.evaluate import Evaluator, check_paths
from aacompliance.util import yamlio
from aacompliance.util.validation import SchemaValidator
from conftest import ROOT

EXAMPLES = ROOT / "examples"
EVALUATOR = Evaluator()


def _check(tmp_path: Path, name: str, text: str, *others: Path):
    path = tmp_path / name
    path.write_text(text)
    report = check_paths([str(path), *map(str, others)], evaluator=EVALUATOR)
    return report, report.documents[0]


def _example(name: str, old: str, new: str) -> str:
    text = (EXAMPLES / name).read_text()
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize(("written", "value"), [
    ("12", 12), ("-3", -3), ("+4", 4), ("0", 0), ("2.5", 2.5), ("1e3", 1000.0), (".5", 0.5),
    ("true", True), ("false", False), ("TRUE", True), ("~", None), ("null", None), ("", None),
    # YAML 1.1 reads these as numbers, booleans or dates; here they are the text written
    ("011", "011"), ("0x3", "0x3"), ("0o7", "0o7"), ("0b101", "0b101"), ("1:30", "1:30"),
    ("190:20:30.15", "190:20:30.15"), ("2_5", "2_5"), ("1_000.5", "1_000.5"),
    ("yes", "yes"), ("No", "No"), ("on", "on"), ("OFF", "OFF"), ("y", "y"),
    ("2025-06-01", "2025-06-01"), ("2025-04-03T09:12:00+02:00", "2025-04-03T09:12:00+02:00"),
    ("'12'", "12"), ('"true"', "true"),
])
def test_scalars_are_yaml_1_2_core_read_strictly(written, value):
    got = yamlio.parse(f"v: {written}\n", "doc.yaml")["v"]
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("written", ["011", "0x3", "0o7", "1:30", "2_5", "0b11", "true", "yes"])
def test_a_yaml_1_1_number_or_a_boolean_in_hours_is_an_input_error(tmp_path, written):
    # 011 was read as 9 (octal), 1:30 as 90, 2_5 as 25, 0x3 as 3: a session's hours changed silently
    report, result = _check(tmp_path, "usage.yaml", _example(
        "benefit-usage-silver.yaml", "date: 2025-04-20, hours: 3,", f"date: 2025-04-20, hours: {written},"))
    (problem,) = result.errors
    assert (problem.line, problem.field) == (7, "sessions[0].hours")
    assert "must be of number type" in problem.message and repr(written).strip("'") in problem.message
    assert report.exit_code == 2


@pytest.mark.parametrize("written", ["true", "false", "yes", "'2'"])
def test_severity_must_be_a_decimal_integer_on_every_validator_path(tmp_path, written):
    # `severity: true` passed the Cerberus fallback (a bool is an int there): the incident
    # dropped out of the attainment and its SLA violation disappeared
    report, result = _check(tmp_path, "log.yaml", _example(
        "incident-log-gold.yaml", "{id: INC-1001, severity: 1,", f"{{id: INC-1001, severity: {written},"))
    (problem,) = result.errors
    assert (problem.line, problem.field) == (8, "incidents[0].severity")
    assert "must be of integer type" in problem.message


def test_cerberus_never_takes_a_bool_for_a_number():
    schema = KINDS["IncidentLog"].schema
    doc = yamlio.load(EXAMPLES / "incident-log-gold.yaml")
    validator = SchemaValidator(schema)
    assert validator.errors(doc) == []
    doc["incidents"][0]["severity"] = True
    assert not validator._validator.validate(doc)  # the fallback on its own, not only the fast path
    assert validator.errors(doc) == [("incidents[0].severity",
                                      "must be of integer type (got true, a boolean; whole numbers are "
                                      "written in decimal, e.g. 3)")]
    usage = yamlio.load(EXAMPLES / "benefit-usage-silver.yaml")
    usage["sessions"][0]["hours"] = False
    assert not SchemaValidator(KINDS["BenefitUsage"].schema)._validator.validate(usage)


def test_yes_is_not_a_boolean_but_stays_text_where_text_is_expected(tmp_path):
    report, result = _check(tmp_path, "of.yaml", _example(
        "order-form-gold-ok.yaml", "credit_or_refund: false", "credit_or_refund: no"))
    (problem,) = result.errors
    assert problem.field == "support[0].credit_or_refund" and "must be of boolean type" in problem.message
    _, named = _check(tmp_path, "of2.yaml", _example(
        "order-form-gold-ok.yaml", "region: APAC}\n# expected", "region: ON}\n# expected"))
    assert not named.errors  # a region called ON is the text "ON", not true


HUGE = "9" * 5000


@pytest.mark.parametrize(("name", "example", "old", "new", "line", "field", "words"), [
    ("huge-hours.yaml", "benefit-usage-silver.yaml", "hours: 3,", f"hours: {HUGE},", 7, "sessions[0].hours",
     "too large"),
    ("huge-float.yaml", "benefit-usage-silver.yaml", "hours: 3,", f"hours: {HUGE}.5,", 7, "sessions[0].hours",
     "too large"),
    ("huge-severity.yaml", "incident-log-gold.yaml", "severity: 1,", "severity: 100000000000000000000,", 8,
     "incidents[0].severity", "too large"),
    ("far-year.yaml", "benefit-usage-silver.yaml", "contract_year_start: 2025-04-01",
     "contract_year_start: 9999-06-01", 5, "contract_year_start", "out of range"),
    ("early-session.yaml", "benefit-usage-silver.yaml", "date: 2025-04-20", "date: 0001-01-01", 7,
     "sessions[0].date", "out of range"),
    ("overflowing-timestamp.yaml", "incident-log-gold.yaml", '"2025-04-03T09:40:00+02:00"',
     '"9999-12-31T23:59:00-23:59"', 8, "incidents[0].first_response", "out of range"),
    ("early-timestamp.yaml", "incident-log-gold.yaml", '"2025-04-03T09:12:00+02:00"',
     '"0001-01-01T00:00:00+01:00"', 8, "incidents[0].opened", "out of range"),
    ("far-period.yaml", "incident-log-gold.yaml", "end: 2025-06-30", "end: 9999-12-31", 6, "period.end",
     "out of range"),
])
def test_an_out_of_range_value_is_an_input_error_and_the_others_are_evaluated(
        tmp_path, name, example, old, new, line, field, words):
    report, result = _check(tmp_path, name, _example(example, old, new), EXAMPLES / "order-form-gold-ok.yaml")
    (problem,) = result.errors
    assert (problem.line, problem.field) == (line, field) and words in problem.message
    assert len(problem.message) < 200  # a 5,000-digit number is not echoed in full
    assert report.documents[1].compliant is True
    assert report.exit_code == 2


def test_a_huge_number_in_json_is_an_input_error(tmp_path):
    doc = yamlio.load(EXAMPLES / "benefit-usage-silver.yaml")
    text = json.dumps(doc, indent=1).replace('"hours": 3,', f'"hours": {HUGE},')
    report, result = _check(tmp_path, "usage.json", text)
    (problem,) = result.errors
    assert "too large" in problem.message and problem.line == text[: text.index(HUGE)].count("\n") + 1
    text = json.dumps(doc, indent=1).replace('"hours": 3,', '"hours": 1e999,')
    _, result = _check(tmp_path, "usage2.json", text)
    assert "too large" in result.errors[0].message  # was read as infinity


def test_out_of_range_inputs_exit_2_from_the_cli_and_the_report_names_each_file(tmp_path):
    for name, example, old, new in [
        ("a.yaml", "benefit-usage-silver.yaml", "contract_year_start: 2025-04-01", "contract_year_start: 9999-06-01"),
        ("b.yaml", "benefit-usage-silver.yaml", "hours: 3,", f"hours: {HUGE},"),
        ("c.yaml", "incident-log-gold.yaml", '"2025-04-03T09:40:00+02:00"', '"9999-12-31T23:59:00-23:59"'),
    ]:
        (tmp_path / name).write_text(_example(example, old, new))
    (tmp_path / "d.yaml").write_text((EXAMPLES / "order-form-gold-ok.yaml").read_text())
    proc = subprocess.run([sys.executable, "-m", "aacompliance", "check", str(tmp_path), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    documents = {Path(d["path"]).name: d for d in json.loads(proc.stdout)["documents"]}
    assert [documents[n]["errors"][0]["field"] for n in ("a.yaml", "b.yaml", "c.yaml")] == [
        "contract_year_start", "sessions[0].hours", "incidents[0].first_response"]
    assert documents["d.yaml"]["compliant"] is True


@pytest.mark.parametrize("limits", [True, False])
@pytest.mark.parametrize(("opener", "closer"), [("[", "]"), ("{a: ", "}"), ("- ", "")])
def test_deep_nesting_has_one_message_whether_libyaml_limits_it_or_not(monkeypatch, limits, opener, closer):
    # libyaml >= 0.2.6 (PyYAML 6.0.4 wheels) stops at 1,000 levels with its own message;
    # older ones do not, and the pre-scan stops them. Either way: the same input error.
    monkeypatch.setattr(yamlio, "_LIBYAML_LIMITS_NESTING", limits)
    text = "kind: OrderForm\nid:\n  " + opener * 3000 + "1" + closer * 3000 + "\n"
    with pytest.raises(InputError) as info:
        yamlio.parse(text, "deep.yaml")
    (problem,) = info.value.problems
    assert problem.message == "nesting deeper than 32 levels" and problem.line == 3


def test_nesting_just_below_the_limit_is_read():
    text = "v: " + "[" * 31 + "1" + "]" * 31 + "\n"
    value = yamlio.parse(text, "ok.yaml")["v"]
    for _ in range(31):
        (value,) = value
    assert value == 1
    with pytest.raises(InputError):
        yamlio.parse("v: " + "[" * 32 + "1" + "]" * 32 + "\n", "deep.yaml")


# --- one parse: the lines of every key come from it (issue 18) ---------------------------

def _all_paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _all_paths(value, (*prefix, key))
        yield (*prefix, "absent-field")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _all_paths(value, (*prefix, index))
        yield (*prefix, len(node))


def test_lines_recorded_by_the_parse_are_those_a_second_parse_finds(monkeypatch):
    monkeypatch.setattr(yamlio, "FAST_YAML", True)  # the fast path is opt-in (AACOMPLIANCE_FAST_YAML=1)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import MAKERS, sized

    texts = [p.read_text() for p in sorted(EXAMPLES.glob("*.yaml"))]
    texts += [sized(kind, 12, seed) for kind in MAKERS for seed in range(6)]  # block and flow styles
    for text in texts:
        recorded: dict = {}
        data = yamlio._parse_yaml(text, False, recorded)  # the reader, recording lines as it reads
        positions: dict = {}
        assert yamlio.parse(text, "doc.yaml", positions=positions) == data
        lazy = yamlio.Lines(data, positions, text, "doc.yaml")  # fast path: none recorded, read on demand
        lines, finder = yamlio.Lines(data, recorded), yamlio.LineFinder(text)
        for path in _all_paths(data):
            assert lines.line(list(path)) == lazy.line(list(path)) == finder.line(list(path)), (path, text)


def test_check_reads_a_compliant_document_once_and_locates_violations_with_one_more_read(monkeypatch, tmp_path):
    monkeypatch.setattr(yamlio, "FAST_YAML", True)  # the fast path is opt-in (AACOMPLIANCE_FAST_YAML=1)
    # issue 18: the fast path (yaml_rs) reads every document once and records no lines; the
    # reader reads a document again, once, only when a line is asked for (violation, error)
    over = ROOT / "tests" / "data" / "documents" / "benefits-gold-over.yaml"
    compliant = EXAMPLES / "benefit-usage-silver.yaml"
    expected = check_paths([str(over)], evaluator=EVALUATOR).documents[0]
    assert expected.violations and all(v.line for v in expected.violations)

    def second_parse(*args, **kwargs):
        raise AssertionError("a document was composed again to find a line")

    reads: list[int] = []
    reader = yamlio._parse_yaml

    def counted(text, *args):
        reads.append(len(text))
        return reader(text, *args)

    monkeypatch.setattr(yamlio.LineFinder, "__init__", second_parse)
    monkeypatch.setattr(yamlio.yaml, "compose", second_parse)
    monkeypatch.setattr(yamlio, "_parse_yaml", counted)
    (ok,) = check_paths([str(compliant)], evaluator=EVALUATOR).documents
    assert ok.compliant is True and reads == []
    again = check_paths([str(over)], evaluator=EVALUATOR).documents[0]
    assert [(v.rule, v.line) for v in again.violations] == [(v.rule, v.line) for v in expected.violations]
    assert reads == [len(over.read_text())]
    broken = _example("benefit-usage-silver.yaml", "language: fr}", "language: FRENCH}")
    _, result = _check(tmp_path, "doc.yaml", broken)
    assert [(p.line, p.field) for p in result.errors] == [(9, "sessions[2].language")]


@pytest.mark.parametrize("escape, field", [
    ('"A\\ud800B"', "subscriptions[0].product"),      # a high surrogate alone
    ('"A\\udc00B"', "subscriptions[0].product"),      # a low one alone
    ('"\\ude00\\ud83d"', "subscriptions[0].product"),  # a pair in the wrong order
])
def test_a_json_string_with_an_unpaired_surrogate_is_that_documents_error(tmp_path, escape, field):
    # Not Unicode text: no engine can take it. Refused when read (exit 2, file, line, field),
    # and the other documents of the run are still judged (it once failed the whole run, exit 3).
    data = yamlio.load(EXAMPLES / "order-form-gold-ok.yaml")
    text = json.dumps(data, indent=1, default=str).replace('"Automation 360 Cloud Enterprise"', escape, 1)
    assert escape in text
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    report = check_paths([str(bad), str(EXAMPLES / "order-form-gold-ok.yaml")], jobs=1)
    first, second = report.documents
    assert [(e.field, e.line) for e in first.errors] == [(field, text[:text.index(escape)].count("\n") + 1)]
    assert "unpaired surrogate" in first.errors[0].message
    assert second.compliant is True


def test_paired_surrogate_escapes_are_ordinary_text(tmp_path):
    data = yamlio.load(EXAMPLES / "order-form-gold-ok.yaml")
    text = json.dumps(data, default=str).replace('"Automation 360 Cloud Enterprise"', '"Bot \\ud83d\\ude00"', 1)
    (tmp_path / "ok.json").write_text(text)
    (result,) = check_paths([str(tmp_path / "ok.json")], jobs=1).documents
    assert result.compliant is True, result.errors
    assert yamlio.load(tmp_path / "ok.json")["subscriptions"][0]["product"] == "Bot \U0001F600"
