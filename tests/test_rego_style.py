"""Rego hygiene, as far as it can be checked here (issue 10): OPA's own annotation parser,
Regal's directory-package-mismatch, prefer-snake-case and line-length rules, the entrypoint."""
from __future__ import annotations

import re

import pytest

from aacompliance.policy.rules import PolicySet

POLICIES = PolicySet(with_tests=True)
MAX_LINE = 120  # Regal's line-length default
_RULE_HEAD = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\b(?=\s*(\(|\[|:=|=|\bif\b|\bcontains\b|\{|$))", re.M)


def _package(source: str) -> str:
    return re.search(r"^package\s+([\w.]+)\s*$", source, re.M).group(1)


def test_package_path_mirrors_the_directory():
    """Regal directory-package-mismatch (with its default exclude-test-suffix)."""
    for path, source in POLICIES.modules.items():
        package = _package(source).removesuffix("_test")
        directory = path.rsplit("/", 1)[0]
        assert directory == package.replace(".", "/"), f"{path}: package {_package(source)}"


def test_lines_are_at_most_120_characters():
    for path, source in POLICIES.modules.items():
        for number, line in enumerate(source.splitlines(), 1):
            assert len(line) <= MAX_LINE, f"{path}:{number} has {len(line)} characters"


def test_rule_and_function_names_are_snake_case():
    keywords = {"package", "import", "default", "some", "every", "not", "with", "else", "true", "false", "null"}
    for path, source in POLICIES.modules.items():
        for name, _ in _RULE_HEAD.findall(source):
            if name in keywords:
                continue
            assert re.fullmatch(r"_?[a-z][a-z0-9_]*", name), f"{path}: rule {name} is not snake_case"


def test_the_decision_is_the_entrypoint():
    main = POLICIES.modules["aacompliance/main/main.rego"]
    block = main[:main.index("\ndecision := ")].rsplit("# METADATA", 1)[1]
    assert "# entrypoint: true" in block and "\n\n" not in block.strip("\n")


def test_opa_accepts_every_annotation():
    """OPA parses METADATA only when a module reads it: a probe calling rego.metadata.chain()
    makes it process (and reject) every annotation, as `opa build` and `opa check` do."""
    opa_bindings = pytest.importorskip("opa_bindings")
    from aacompliance.pipeline.evaluate import Evaluator

    engine = opa_bindings.OpaEngine()
    for path, source in PolicySet().modules.items():
        engine.add_policy(path, source)
    engine.add_policy("probe.rego", "package probe\n\nchain := rego.metadata.chain()\n")
    engine.add_data(Evaluator().data_document())
    assert engine.eval_query("x := data.probe.chain")[0]["x"]


def test_opa_rejects_a_related_resource_without_ref():
    """The probe above can fail: the entry coverage.rego once had is refused by OPA's parser."""
    opa_bindings = pytest.importorskip("opa_bindings")
    engine = opa_bindings.OpaEngine()
    engine.add_policy("bad.rego", "# METADATA\n# related_resources:\n#   - description: no ref\npackage bad\n\n"
                                  "chain := rego.metadata.chain()\n")
    with pytest.raises(opa_bindings.OpaError, match="'ref' value required"):
        engine.eval_query("x := data.bad.chain")
