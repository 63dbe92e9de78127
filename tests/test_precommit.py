"""The pre-commit hooks, as a user's repository runs them (`pre-commit try-repo`), offline.

pre-commit builds this repository into a virtualenv of its own (`language: python`). To stay
offline the test lets that pip see the libraries of the running venv (PYTHONPATH: the folder
is added, its .pth files are not run, so the source tree's editable install stays out of
sight) and forbids any index; the package itself, with the terms it carries, is built and
installed from the working tree for real.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig

import pytest

from conftest import ROOT

pytest.importorskip("pre_commit")


def _git(repo, *args):
    subprocess.run(["git", "-c", "user.email=test@example.invalid", "-c", "user.name=test", *args], cwd=repo,
                   check=True, capture_output=True)


def test_hooks_check_documents_and_lint_contracts_in_a_users_repository(tmp_path):
    repo = tmp_path / "repo"
    (repo / "documents").mkdir(parents=True)
    for name in ("order-form-gold-ok.yaml", "order-form-silver-missing-region.yaml"):
        shutil.copy(ROOT / "examples" / name, repo / "documents" / name)
    shutil.copytree(ROOT / "contracts", repo / "contracts")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "documents")

    env = {k: v for k, v in os.environ.items() if k not in ("AACOMPLIANCE_HOME",)}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "cache"), PIP_NO_INDEX="1", PIP_NO_BUILD_ISOLATION="0",
               PYTHONPATH=os.pathsep.join(dict.fromkeys([sysconfig.get_paths()["purelib"],
                                                         sysconfig.get_paths()["platlib"]])))
    result = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files", "--color",
                             "never"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out  # one order form breaks OF-COVERAGE on purpose
    check = out[out.index("aacompliance check..."):]
    assert check.splitlines()[0].endswith("Failed"), out
    assert "OF-COVERAGE" in check and "order-form-silver-missing-region.yaml" in check
    assert "order-form-gold-ok.yaml" not in check.split("aacompliance contracts lint")[0]  # --failures-only
    assert "2 document(s): 1 compliant, 1 with violations, 0 with errors" in check
    lint = out[out.index("aacompliance contracts lint..."):]
    assert lint.splitlines()[0].endswith("Passed"), out
