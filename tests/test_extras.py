"""Optional parts are optional: `check` imports none of them, and a missing one says the
exact install command (issue 13)."""
from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from aacompliance.cli.main import main
from conftest import ROOT

#: Libraries of the extras (pdf, opa, service) and of OPA in-process.
OPTIONAL = ("weasyprint", "pyhanko", "jinja2", "babel", "pypdf", "pydyf", "opa_client", "requests", "opa_bindings",
            "fastapi", "uvicorn")


def test_check_imports_no_optional_library():
    code = ("import sys\nfrom aacompliance.cli.main import main\n"
            "try:\n    main(['check', '--format', 'json', '-o', '/dev/null', 'examples'])\n"
            "except SystemExit as exc:\n    status = exc.code\n"
            f"print(status, sorted({{m.split('.')[0] for m in sys.modules}} & set({OPTIONAL!r})))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "[]"], result.stdout


def test_a_missing_pdf_extra_names_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now fails
    result = CliRunner().invoke(main, ["statement", str(ROOT / "examples" / "order-form-gold-ok.yaml"),
                                       "--out", str(tmp_path / "s.pdf"), "--signed-off-by", "A", "--role", "B"])
    assert result.exit_code == 2, result.output
    assert "'weasyprint' is not installed; install it with: pip install 'aacompliance[pdf]'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "s.pdf").exists()


def test_missing_opa_go_bindings_name_their_own_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "opa_bindings", None)
    result = CliRunner().invoke(main, ["check", "--engine", "opa-go", str(ROOT / "examples")])
    assert result.exit_code == 3, result.output
    assert "pip install --ignore-requires-python opa-golib-python-bindings==0.4.4" in result.output


def test_an_import_error_of_a_required_module_stays_an_internal_error():
    from aacompliance.util.extras import install_command, missing_dependency

    assert install_command("yaml") is None
    assert missing_dependency(ModuleNotFoundError("No module named 'yaml'", name="yaml")) is None
    assert install_command("opa_client.opa") == "pip install 'aacompliance[opa]'"
