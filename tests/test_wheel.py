"""The wheel carries everything it needs to judge: built, installed into a throw-away
venv and run from an empty folder, far from the source tree (issue 13).

The build goes sdist → wheel (``python -m build --no-isolation``), so both carry the
terms. The throw-away venv gets the wheel only (``--no-deps``, offline); the libraries
it depends on are borrowed from the running venv through a ``.pth`` line, which adds
that site-packages folder to ``sys.path`` without running its ``.pth`` files — so the
editable install of the source tree stays out of sight.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from selfsigned import self_signed

pytest.importorskip("build")

#: What the build reads; the rest of the tree (tests, benchmarks, venvs) stays behind.
_IGNORE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc",
                                 ".pytest_cache", ".hypothesis", "tests", "benchmarks", "out", "_bundled",
                                 "node_modules")


def _signing_pair(folder: Path) -> tuple[Path, Path]:
    return self_signed(folder, "Wheel Test Signer (invented)", "key.pem", "cert.pem")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the throw-away venv's aacompliance script, the wheel, the sdist)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    shutil.copytree(ROOT, source, ignore=_IGNORE)
    dist = base / "dist"
    build = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--skip-dependency-check",
                            "--outdir", str(dist), str(source)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheel, = dist.glob("aacompliance-*.whl")
    sdist, = dist.glob("aacompliance-*.tar.gz")

    venv = base / "venv"
    subprocess.run(["/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable,
                    "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    pip = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                          "-q", str(wheel)], capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr[-2000:]
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "_borrowed_dependencies.pth").write_text("".join(f"{p}\n" for p in sorted(borrowed)))
    return venv / "bin" / "aacompliance", wheel, sdist


def _run(script: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AACOMPLIANCE_HOME")}
    env["XDG_CACHE_HOME"] = str(cwd / ".cache")
    return subprocess.run([str(script), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_wheel_and_the_sdist_carry_the_terms_and_the_package_data(installed):
    _, wheel, sdist = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("contracts", "policies"):
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()}
        assert shipped and {f"aacompliance/_bundled/{p}" for p in shipped} <= names, folder
    package_data = {p.relative_to(ROOT).as_posix() for p in (ROOT / "aacompliance").rglob("*")
                    if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    assert "aacompliance/terms/vocabulary.yaml" in package_data
    assert package_data <= names, package_data - names
    in_sdist = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    assert {"contracts/technical-support-terms/2024-11-18.yaml", "setup.py"} <= in_sdist


def test_installed_commands_work_from_an_empty_folder(installed, tmp_path):
    script, _, _ = installed
    empty = tmp_path / "empty"
    empty.mkdir()
    examples = ROOT / "examples"

    listed = _run(script, empty, "contracts", "list")
    assert listed.returncode == 0, listed.stderr
    assert "technical-support-terms  2024-11-18  published" in listed.stdout
    assert "/_bundled/contracts/" in listed.stdout and str(ROOT) not in listed.stdout

    checked = _run(script, empty, "check", "--no-color", str(examples))
    assert checked.returncode == 1, checked.stderr
    assert "OF-COVERAGE" in checked.stdout and "6 document(s): 5 compliant, 1 with violations" in checked.stdout

    rules = _run(script, empty, "rules")
    assert rules.returncode == 0 and "SLA-ATTAINMENT" in rules.stdout, rules.stderr
    tested = _run(script, empty, "rules", "--test")
    assert tested.returncode == 0 and " 0 failed" in tested.stdout, tested.stdout[-500:] + tested.stderr

    key, cert = _signing_pair(tmp_path)
    made = _run(script, empty, "statement", str(examples / "order-form-gold-ok.yaml"),
                str(examples / "incident-log-gold.yaml"), "--out", "acme.pdf", "--signed-off-by", "Wheel Test",
                "--role", "CSM", "--date", "2025-07-01", "--sign-key", str(key), "--sign-cert", str(cert))
    assert made.returncode == 0, made.stderr
    verified = _run(script, empty, "verify", "acme.pdf", "--trust", str(cert))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "verified" in verified.stdout.splitlines()[-1]
    assert sorted(p.name for p in empty.iterdir() if p.name != ".cache") == ["acme.pdf"]


def test_shell_completion_of_the_installed_command(installed, tmp_path):
    script, _, _ = installed
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    source = subprocess.run([str(script)], env={**env, "_AACOMPLIANCE_COMPLETE": "bash_source"}, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert source.returncode == 0 and "complete -o nosort -F _aacompliance_completion aacompliance" in source.stdout
    words = subprocess.run([str(script)], env={**env, "_AACOMPLIANCE_COMPLETE": "bash_complete",
                                               "COMP_WORDS": "aacompliance sch", "COMP_CWORD": "1"},
                           cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert words.stdout.split() == ["plain,schema"], words.stdout


def test_a_missing_terms_folder_says_what_to_do(installed, tmp_path):
    script, _, _ = installed
    env_home = tmp_path / "home"
    env_home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["AACOMPLIANCE_HOME"] = str(env_home)
    result = subprocess.run([str(script), "check", str(ROOT / "examples")], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "AACOMPLIANCE_HOME" in result.stderr and "has no contracts/ folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_terms_are_found_in_the_source_tree_the_bundle_or_aacompliance_home(tmp_path, monkeypatch):
    from aacompliance.errors import UsageError
    from aacompliance.util import home

    monkeypatch.delenv("AACOMPLIANCE_HOME", raising=False)
    assert home.default_contracts_dir() == ROOT / "contracts"  # running from the source tree
    installed_package = tmp_path / "site-packages" / "aacompliance"
    (installed_package / "_bundled" / "policies").mkdir(parents=True)
    monkeypatch.setattr(home, "PACKAGE", installed_package)
    monkeypatch.setattr(home, "BUNDLED", installed_package / "_bundled")
    assert home.default_policy_dir() == installed_package / "_bundled" / "policies"
    with pytest.raises(UsageError, match=r"carries no terms .*Reinstall it .*AACOMPLIANCE_HOME.*--contracts DIR"):
        home.default_contracts_dir()
    monkeypatch.setenv("AACOMPLIANCE_HOME", str(ROOT))
    assert home.default_contracts_dir() == ROOT / "contracts"
