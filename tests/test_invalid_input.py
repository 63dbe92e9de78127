"""One broken file per failure mode: each is refused with file, line, field and a clear message."""
from __future__ import annotations

import pytest

from aacompliance.pipeline.evaluate import check_paths
from conftest import DATA

CASES = [
    ("duplicate_key.yaml", 4, "id", "duplicate key 'id'"),
    ("bad_date.yaml", 6, "as_of", "YYYY-MM-DD"),
    ("unknown_plan.yaml", 8, "support[0].plan", "unknown plan 'diamond'"),
    ("before_first_revision.yaml", 5, "signed_on", "before the earliest revision"),
    ("unknown_benefit.yaml", 7, "sessions[0].benefit", "unknown benefit 'free_lunch'"),
    ("bad_timezone.yaml", 5, "timezone", "unknown IANA time zone"),
    ("response_before_opened.yaml", 8, "incidents[0].first_response", "before the incident was opened"),
    ("unknown_field.yaml", 8, "discount", "unknown field"),
    ("alias.yaml", 2, None, "anchors and aliases are not allowed"),
    ("two_documents.yaml", 3, None, "several YAML documents"),
    ("python_tag.yaml", 2, "kind", "is not allowed"),
    ("unknown_kind.yaml", 2, "kind", "unknown kind 'Invoice'"),
    ("binary.yaml", None, None, "binary file"),
    ("latin1.yaml", 3, None, "not valid UTF-8"),
    ("binary_key.yaml", 4, None, "tag:yaml.org,2002:binary is not allowed"),
    ("number_key.yaml", 3, None, "a mapping key must be text"),
    ("nan_hours.yaml", 7, "sessions[0].hours", "'.nan' is not a finite number"),
    ("infinite_hours.json", 3, None, "Infinity is not a finite number"),
]


@pytest.mark.parametrize(("name", "line", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_invalid_file_is_reported_precisely(name, line, field, words):
    report = check_paths([str(DATA / "invalid" / name)])
    (result,) = report.documents
    assert result.compliant is None
    problem = result.errors[0]
    assert words in problem.message
    assert problem.line == line
    assert problem.field == field
    assert report.exit_code == 2


def test_one_bad_document_does_not_stop_the_others():
    report = check_paths([str(DATA / "invalid" / "unknown_plan.yaml"), "examples/order-form-gold-ok.yaml",
                          "examples/order-form-silver-missing-region.yaml", "no/such/path.yaml"])
    assert [d.compliant for d in report.documents] == [None, True, False]
    assert report.problems[0].path == "no/such/path.yaml"
    assert report.summary() == {"documents": 3, "compliant": 1, "violations": 1, "errors": 2}
    assert report.exit_code == 2


def test_oversized_file_refused(tmp_path, monkeypatch):
    from aacompliance.util import yamlio
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.yaml"
    big.write_text("apiVersion: aacompliance/v1\nkind: OrderForm\n" + "# padding\n" * 20)
    (result,) = check_paths([str(big)]).documents
    assert "above the 100-byte limit" in result.errors[0].message


def test_deep_nesting_refused(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("apiVersion: aacompliance/v1\nkind: OrderForm\nid: " + "[" * 200 + "]" * 200 + "\n")
    (result,) = check_paths([str(deep)]).documents
    assert "nesting deeper" in result.errors[0].message
