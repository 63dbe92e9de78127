"""Statements in six languages (issue 16): complete catalogues, no silent English,
French clause quotes, charts with text alternatives, an executive summary."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from aacompliance.statement import i18n  # noqa: E402
from conftest import ROOT  # noqa: E402
from statements_support import ACME, CA, NORD, built, run, statement, text_of  # noqa: E402

NO_TRUST_DIR = {"AACOMPLIANCE_TRUST_DIR": "/nonexistent-aacompliance-trust"}
TEMPLATE = Path(i18n.__file__).parent / "templates" / "statement.html.j2"
DYNAMIC = {"kind_OrderForm", "kind_Roster", "kind_BenefitUsage", "kind_IncidentLog", "status_covered",
           "status_uncovered", "status_out_of_scope", "per_session", "per_month", "per_quarter",
           "per_contract_year", "hours", "sessions", "severity_n", "clause_with_plan", "chart_coverage",
           "chart_coverage_alt", "chart_usage", "chart_usage_alt", "chart_attainment", "chart_attainment_alt",
           "summary_scope", "summary_compliant", "summary_not_compliant"}
PLURALS = ("documents_count", "findings_count", "violations_count", "summary_uncovered", "summary_over_cap",
           "summary_below")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_label_is_in_every_catalogue(lang):
    from aacompliance.statement.vocab import plural_keys

    keys = set(re.findall(r'_\(["\']([a-z_]+)["\']\)', TEMPLATE.read_text())) | DYNAMIC
    for key in PLURALS:
        keys |= plural_keys(lang, key)
    labels = i18n.catalogue(lang)
    assert keys <= set(labels), sorted(keys - set(labels))
    assert all(labels[k].strip() for k in keys)


def test_verdict_labels_are_unambiguous_on_the_page():
    """verify reads the verdict and each document's result off the page: the labels must differ."""
    for lang in i18n.LANGUAGES:
        labels = i18n.catalogue(lang)
        words = [labels[k] for k in ("verdict_compliant", "verdict_violations", "compliant", "not_compliant")]
        assert len(set(words)) == 4, lang


@pytest.mark.parametrize("lang", ["es", "pt", "ja", "ko"])
def test_every_plan_benefit_clause_and_title_has_a_name(lang):
    from aacompliance.pipeline.evaluate import Evaluator
    from aacompliance.statement.vocab import Vocabulary

    store = Evaluator().store
    for rev in [r for cid in store.contract_ids() for r in store.revisions(cid)]:
        vocab = Vocabulary(lang, rev.terms)
        assert vocab.title()
        for plan in rev.terms["plans"]:
            assert vocab.plan(plan) != plan
        for benefit in rev.terms["benefits"]:
            assert vocab.benefit(benefit) != benefit
        for clause in rev.terms["clauses"]:
            assert vocab.clause(clause)


def test_finding_catalogues_have_the_same_keys_in_every_language():
    # The message keys the rules emit, as docs/opa.md lists them (tests/test_rego.py checks the
    # keys of violations against it): every language has a template for each, and no other.
    from conftest import ROOT

    derived = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", (ROOT / "docs" / "opa.md").read_text(), re.M))
    assert len(derived) >= 15
    for lang in i18n.LANGUAGES:
        assert set(i18n.catalogue(lang, "findings")) == derived, lang


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_finding_of_the_test_documents_reads_in_every_language(lang):
    from aacompliance.pipeline.evaluate import Evaluator, check_paths
    from aacompliance.policy.rules import PolicySet
    from aacompliance.statement.findings import localized
    from aacompliance.statement.vocab import Vocabulary

    import yaml

    report = check_paths([str(ROOT / "examples"), str(ROOT / "tests" / "data" / "documents")])
    vocab = Vocabulary(lang, Evaluator().store.revisions()[0].terms)
    rules_seen = set()
    for doc in report.documents:
        plan = (yaml.safe_load(Path(doc.path).read_text()) or {}).get("plan")
        for v in doc.violations:
            text = localized(v, vocab, v.data.get("plan") or plan)
            assert "{" not in text and "}" not in text, (v.rule, text)
            if lang != "en":
                assert text != v.message
            rules_seen.add(v.rule)
    assert rules_seen == {r.id for r in PolicySet().rules}


def test_a_missing_translation_fails_instead_of_printing_english(tmp_path, monkeypatch):
    real = i18n.catalogue
    labels = dict(real("ja"))
    del labels["ledger"]
    monkeypatch.setattr(i18n, "catalogue", lambda lang, domain="statement":
                        labels if (lang, domain) == ("ja", "statement") else real(lang, domain))
    result, out = statement(tmp_path, NORD, lang="ja")
    assert result.exit_code == 3, result.output
    assert "'ledger' missing from the ja statement catalogue" in result.output and not out.exists()


def test_a_missing_finding_template_fails(monkeypatch):
    from aacompliance.statement import findings
    from aacompliance.statement.i18n import MissingTranslation
    from aacompliance.statement.vocab import Vocabulary

    monkeypatch.setattr(findings, "catalogue", lambda lang, domain: {})
    statement_ = built(NORD)
    violation = next(v for r in statement_.results for v in r.violations)
    terms = statement_.evaluator.store.revisions()[0].terms
    with pytest.raises(MissingTranslation, match="coverage.order_scope"):
        findings.localized(violation, Vocabulary("ko", terms), "silver")


LANG_WORDS = {
    "fr": ("Attestation de conformité", "1 juillet 2025", "Non conforme", "Argent", "Synthèse"),
    "en": ("Compliance statement", "July 1, 2025", "Not compliant", "Silver", "Executive summary"),
    "es": ("Declaración de conformidad", "1 de julio de 2025", "No conforme", "Plata", "Resumen ejecutivo", "4,5"),
    "pt": ("Declaração de conformidade", "1 de julho de 2025", "Não conforme", "Prata", "Resumo executivo", "4,5"),
    "ja": ("コンプライアンス報告書", "2025年7月1日", "不適合", "シルバー", "概要"),
    "ko": ("컴플라이언스 확인서", "2025년 7월 1일", "미준수", "실버", "요약"),
}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_statement_in_each_language_verifies(tmp_path, lang):
    result, out = statement(tmp_path, NORD, lang=lang, signed=True)
    assert result.exit_code == 0, result.output
    text = text_of(out.read_bytes())
    flat = "".join(text.split())
    for words in LANG_WORDS[lang]:
        assert "".join(words.split()) in flat, words
    verified = run("verify", out, "--trust", CA, env=NO_TRUST_DIR)
    assert verified.exit_code == 0, verified.output


def test_clause_quotes_stay_french_with_the_translated_name_beside_them(tmp_path):
    html = tmp_path / "ja.html"
    result, _ = statement(tmp_path, NORD, "--html", html, lang="ja")
    assert result.exit_code == 0
    page = html.read_text()
    from aacompliance.pipeline.evaluate import Evaluator

    quote = Evaluator().store.revisions()[0].terms["clauses"]["premium.coverage"]["quote"]
    assert f'<blockquote lang="fr" class="quote">« {quote} »' in page
    assert "プレミアムプランは全世界のすべての製品サブスクリプションを対象とする" in page
    assert "条項は規約の正文であるフランス語原文のまま引用しています" in page


def test_charts_are_inline_svg_with_text_alternatives_and_reproducible():
    from aacompliance.statement import pdf as pdf_module

    for paths, titles in ((NORD, ("chart_coverage", "chart_usage")), (ACME, ("chart_coverage", "chart_attainment"))):
        statement_ = built(paths, lang="es")
        first = pdf_module.render_html(statement_)
        assert first == pdf_module.render_html(statement_)
        labels = i18n.catalogue("es")
        figures = re.findall(r'<figure class="chart">(.*?)</figure>', first, re.S)
        assert len(figures) == 2
        for key, figure in zip(titles, figures):
            assert f'<p class="chart-title">{labels[key]}</p>' in figure
            shapes = re.findall(r"<svg .*?</svg>", figure)
            assert shapes and all("<title>" in shape for shape in shapes)  # every shape is labelled
            assert "<text" not in figure  # labels are HTML text, shaped and in reading order
        captions = re.findall(r"<figcaption>(.*?)</figcaption>", first)
        assert len(captions) == 2 and all(c.startswith("Gráfico:") for c in captions)
    attainment = re.search(r"<figcaption>(Gráfico: porcentaje.*?)</figcaption>", first).group(1)
    assert "objetivo 95" in attainment and "Gravedad 1: 100" in attainment


def test_a_statement_without_charts_is_the_same_text_without_figures():
    from aacompliance.statement import pdf as pdf_module

    statement_ = built(NORD)
    assert "<svg" not in pdf_module.render_html(statement_, with_charts=False)


@pytest.mark.parametrize("lang", ["ja", "ko", "pt"])
def test_the_executive_summary_counts_findings_in_the_language(lang):
    from aacompliance.statement import pdf as pdf_module

    summary = pdf_module.view(built(NORD, lang=lang))["summary"]
    expected = {"ja": ("1件の書類に1件の指摘事項があります", "OF-COVERAGE"),
                "ko": ("문서 1건에서 지적 사항 1건이 확인되었습니다", "OF-COVERAGE"),
                "pt": ("1 constatação em 1 documento", "3 documentos")}[lang]
    for words in expected:
        assert words in summary, summary


def test_the_cli_offers_exactly_the_catalogued_languages():
    from aacompliance.cli.statement import LANGS

    assert LANGS == i18n.LANGUAGES
