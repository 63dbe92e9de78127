"""The Rego unit tests beside each policy, on every available engine."""
from __future__ import annotations

import pytest

from aacompliance.pipeline import regotest
from aacompliance.policy.rules import PolicySet
from conftest import ROOT, available_engines


def test_rego_tests_are_found():
    tests = regotest.discover(PolicySet(with_tests=True))
    packages = {t.package.rsplit(".", 1)[0] for t in tests}
    assert {"aacompliance.rules.order_form", "aacompliance.rules.roster", "aacompliance.rules.benefits",
            "aacompliance.rules.incidents"} <= packages
    assert len(tests) >= 30


@pytest.mark.parametrize("engine", available_engines())
def test_rego_unit_tests_pass(engine):
    outcomes = regotest.run(engine)
    failures = [f"{o.test.rule}: {o.detail}" for o in outcomes if not o.passed]
    assert not failures, "\n".join(failures)


def test_every_rule_id_of_the_spec_is_declared_once():
    ids = [r.id for r in PolicySet().rules]
    assert sorted(ids) == sorted(set(ids))
    assert set(ids) == {
        "OF-COVERAGE", "OF-SAME-PLAN", "OF-NO-CREDIT-REFUND", "OF-EXTRA-TAM", "OF-UNKNOWN-SUBSCRIPTION",
        "ROSTER-CONTACTS-MAX", "ROSTER-ADMINS-MAX", "ROSTER-DUPLICATE-CONTACT", "VIS-OWN-ONLY",
        "VIS-ENABLED-BY-ADMIN", "VIS-CC", "SLOT-LANGUAGE", "BEN-NOT-INCLUDED", "BEN-CAP", "BEN-LANGUAGE",
        "SLA-ATTAINMENT"}


def test_no_plan_name_or_limit_literal_in_rules():
    """Rules read plans and limits from the contract data, never from literals."""
    import re
    plans = ("orange", "silver", "gold", "platinum", "titanium")
    for path, source in PolicySet().modules.items():
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
        for plan in plans:
            assert f'"{plan}"' not in code, f"{path} names plan {plan}"
        # Comparisons with 0 and 1 are structural ("any", "more than one"); limits come from data.
        assert not re.search(r"[<>]=?\s*(\d{2,}|[2-9])", code), f"{path} compares with a limit literal"


def test_every_policy_has_its_test_file_beside_it():
    policies = PolicySet()
    with_tests = PolicySet(with_tests=True)
    for path in policies.modules:
        if path.startswith(("aacompliance/rules/", "aacompliance/reports/")):
            test_path = path.removesuffix(".rego") + "_test.rego"
            assert test_path in with_tests.modules, f"{path} has no {test_path}"


def test_rules_test_command_runs_the_rego_tests():
    from click.testing import CliRunner

    from aacompliance.cli.main import main

    result = CliRunner().invoke(main, ["rules", "--test"])
    assert result.exit_code == 0, result.output
    assert "0 failed (regorus)" in result.output and "ok   data.aacompliance.rules.order_form.coverage_test." in result.output


def _all_results():
    from aacompliance.pipeline.evaluate import Settings, check_paths
    from conftest import DATA, ROOT

    report = check_paths([str(ROOT / "examples"), str(DATA / "documents")], Settings())
    return [d for d in report.documents if not d.errors]


def test_every_violation_carries_a_documented_message_key():
    """Keys say which wording applies (no reader switches on rule ids); docs/opa.md lists them and
    every statement language has a template for each."""
    import re

    from aacompliance.statement.i18n import catalogue
    from conftest import ROOT

    docs = (ROOT / "docs" / "opa.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| ([A-Z-]+) \|", docs, re.M))
    rules = {r.id for r in PolicySet().rules}
    seen = set()
    for result in _all_results():
        for v in [*result.violations, *result.waived]:
            assert re.fullmatch(r"[a-z_]+\.[a-z_]+", v.key), (result.path, v.rule, v.key)
            assert documented.get(v.key) == v.rule, f"{v.key} ({v.rule}) is not in docs/opa.md"
            assert v.as_dict()["key"] == v.key
            seen.add(v.key)
    assert len(seen) >= 12
    sources = "\n".join(PolicySet().modules.values())
    assert set(documented.values()) == rules
    for key in documented:
        assert f'"{key}"' in sources, f"docs/opa.md lists {key}, which no rule emits"
        for lang in ("en", "fr"):
            assert key in catalogue(lang, "findings"), f"no {lang} finding template for {key}"


def test_roster_report_has_the_figures_statements_print():
    """The same counts as the statement computed in Python (statement/pdf.py), from the revision's caps."""
    from aacompliance.policy.rules import default_contracts_dir
    from aacompliance.terms.store import ContractStore

    store = ContractStore(default_contracts_dir())
    rosters = [r for r in _all_results() if r.kind == "Roster"]
    assert len(rosters) >= 3
    for result in rosters:
        import yaml
        doc = yaml.safe_load(open(result.path, encoding="utf-8"))
        plan = store.resolve(result.contract["version"]).terms["plans"][doc["plan"]]
        contacts = doc["contacts"]
        assert result.report["roster"] == {
            "contacts": {"used": len(contacts), "max": plan["designated_contacts_max"]["value"]},
            "admins": {"used": sum(1 for c in contacts if c["admin"]), "max": plan["delegated_admins_max"]["value"]},
            "regional_slots": {"used": len(doc["regional_slots"]), "max": plan["regional_slots_max"]["value"]},
            "extra_languages": {"used": len([x for x in doc["languages"] if x != "en"]),
                                "max": plan["extra_languages_max"]["value"]},
            "account_wide_visibility": {"enabled": doc["account_wide_visibility"]["enabled"],
                                        "offered": plan["account_wide_visibility"]["value"]},
            "cc_on_incidents": {"used": sum(1 for c in contacts if c.get("cc_on_incidents")),
                                "offered": plan["cc_on_incidents"]["value"]},
        }, result.path


def test_rules_test_speaks_checks_formats_and_a_failing_test_fails(tmp_path):
    """`rules --test --format junit` is a JUnit report; a broken test is a failure with exit 1."""
    import shutil
    import xml.etree.ElementTree as ET

    from click.testing import CliRunner

    from aacompliance.cli.main import main

    policies = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", policies)
    broken = policies / "aacompliance" / "rules" / "roster" / "cc" / "cc_test.rego"
    broken.write_text(broken.read_text() + "\ntest_always_broken if {\n\tfalse == true\n}\n")
    result = CliRunner().invoke(main, ["rules", "--test", "--format", "junit", "--policies", str(policies)])
    assert result.exit_code == 1, result.output
    suite = ET.fromstring(result.output)
    failures = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert len(failures) == 1 and "test_always_broken" in ET.tostring(failures[0], encoding="unicode")
