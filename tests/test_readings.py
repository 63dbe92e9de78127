"""The readings table: every contradiction of issue 15 settled in the data, printed and documented."""
from __future__ import annotations

import copy
import dataclasses
import re

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from aacompliance.terms.store import load_revision
from aacompliance.policy.rules import PolicySet
from aacompliance.terms.show import render_terms
from aacompliance.terms.readings import readings, render_markdown
from conftest import ROOT

REVISION = ROOT / "contracts" / "technical-support-terms" / "2024-11-18.yaml"
DOCS = ROOT / "docs" / "contracts.md"


@pytest.fixture(scope="module")
def rev():
    return load_revision(REVISION)


def _entry(rev, rid):
    (found,) = [r for r in readings(rev)[0] if r.id == rid]
    return found


def test_every_reading_quotes_two_places_and_names_known_rules(rev):
    known = {r.id for r in PolicySet().rules}
    found, assumed = readings(rev)
    assert len(found) >= 8 and len(assumed) == 4
    for r in found:
        assert len(r.sides) >= 2, r.id
        assert all(s.line for s in r.sides)
        assert r.chosen in r.readings and len(r.readings) >= 2
        assert set(r.rules) <= known, r.id
        assert r.terms, f"no term follows reading {r.id}"
        for lang in ("fr", "en"):
            assert r.title[lang] and r.why[lang] and all(s.says[lang] for s in r.sides)
    assert all(not a.per_account and a.terms for a in assumed)


def test_silver_architecture_is_one_benefit_in_english(rev):
    silver = rev.terms["plans"]["silver"]["benefits"]
    assert "enterprise_architect_consultation" not in silver
    arch = silver["architecture_consultation"]
    assert arch["languages"] == ["en"] and arch["interpretation"] == {"id": "architecture-one-benefit"}
    assert sum(c["max"] for c in arch["caps"] if (c["per"], c["measure"]) == ("contract_year", "hours")) == 10
    assert rev.terms["benefits"]["enterprise_architect_consultation"]["same_as"] == "architecture_consultation"
    lines = {s.line for s in _entry(rev, "architecture-one-benefit").sides}
    assert {72, 124, 157} <= lines


def test_gold_and_platinum_architecture_capped_by_the_table_in_english(rev):
    plans = rev.terms["plans"]
    for plan, hours in (("gold", 40), ("platinum", 80)):
        arch = plans[plan]["benefits"]["architecture_consultation"]
        assert arch["caps"] == [{"per": "contract_year", "measure": "hours", "max": hours,
                                 "clause": "table.enterprise_architect"}]
        assert arch["languages"] == ["en"]
    assert plans["titanium"]["benefits"]["architecture_consultation"]["caps"] == []
    assert {178, 212} <= {s.line for s in _entry(rev, "architecture-as-needed").sides}


def test_case_review_note_says_the_titanium_choice_is_not_the_customer_favourable_one(rev):
    entry = _entry(rev, "case-review-cadence")
    assert entry.chosen == "section_caps" and entry.favours == "aai"
    assert "not the reading most favourable to the customer" in entry.why["en"]
    assert rev.terms["plans"]["titanium"]["benefits"]["support_case_review"]["caps"] == [
        {"per": "month", "measure": "sessions", "max": 6}, {"per": "month", "measure": "hours", "max": 8}]


def test_unstated_period_is_one_place_to_change():
    text = REVISION.read_text(encoding="utf-8")
    assert len(re.findall(r"&unstated_total_period\b", text)) == 1
    users = re.findall(r"\{per: \*unstated_total_period, measure: hours, max: (\d+)\}", text)
    assert sorted(users) == ["3", "3", "3", "8", "8", "8"]  # QBR and onboarding, Gold to Titanium
    changed = text.replace("chosen: &unstated_total_period contract_year", "chosen: &unstated_total_period quarter")
    import yaml
    terms = yaml.safe_load(changed)
    caps = [c for p in ("gold", "platinum", "titanium") for b in ("quarterly_business_review", "technical_onboarding")
            for c in terms["plans"][p]["benefits"][b]["caps"] if c["measure"] == "hours"]
    assert {c["per"] for c in caps} == {"quarter"}


def test_premium_languages_are_chosen_per_incident_and_silver_phone_is_severity_1(rev):
    plans = rev.terms["plans"]
    assert plans["orange"]["extra_languages_max"]["selected_at"] == "roster"
    for plan in ("silver", "gold", "platinum", "titanium"):
        assert plans[plan]["extra_languages_max"]["selected_at"] == "incident"
        assert plans[plan]["follow_the_sun"] == {"value": True, "severities": ["1"], "languages": ["en"],
                                                 "clause": "premium.follow_the_sun"}
    phone = plans["silver"]["features"]["phone_support"]
    assert phone["value"] != True and phone["severities"] == ["1"]  # noqa: E712 - not a plain true


def test_targets_are_objectives_never_guarantees(rev):
    lines = set()
    for plan in rev.plan_ids:
        objective = rev.terms["plans"][plan]["objective"]
        assert objective["value"] == "commercially_reasonable_efforts"
        lines.add(rev.terms["clauses"][objective["clause"]]["line"])
    assert lines == {129, 151, 168, 202, 255}
    out = CliRunner().invoke(main, ["contracts", "show", "--revision", str(REVISION), "--plan", "gold"]).output
    assert "(commercially reasonable efforts, not a guarantee)" in out
    assert "Initial response met for" not in out
    terms = copy.deepcopy(rev.terms)
    del terms["plans"]["gold"]["objective"]  # the marker, not the plan, makes the sentence
    assert "not a guarantee" not in render_terms(dataclasses.replace(rev, terms=terms), ["gold"])


def test_new_terms_have_french_and_english_labels(rev):
    plans = rev.terms["plans"]
    for plan in rev.plan_ids:
        for key in ("customer_interface", "premium_support_team", "premium_support_portal", "premium_field_alerts",
                    "expert_advice"):
            clause = rev.terms["clauses"][plans[plan]["features"][key]["clause"]]
            assert clause["label"]["fr"] and clause["label"]["en"]
    for sev in ("1", "2", "3", "4"):
        assert rev.terms["severities"][sev]["definition"]["en"]
    conditions = plans["gold"]["features"]["root_cause_analysis_sev1"]["conditions"]
    assert conditions[0]["label"]["fr"] == "Uniquement à la demande du client"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_show_interpretations_prints_the_table(lang):
    result = CliRunner().invoke(main, ["contracts", "show", "--revision", str(REVISION), "--interpretations",
                                       "--lang", lang])
    assert result.exit_code == 0, result.output
    assert "case-review-cadence" in result.output and "line 272" in result.output.replace("ligne", "line")
    assert ("retenue" if lang == "fr" else "chosen") in result.output


def test_docs_carry_the_same_table(rev):
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("<!-- readings:begin -->\n", 1)[1].split("<!-- readings:end -->", 1)[0]
    assert block == render_markdown(rev, "en")
