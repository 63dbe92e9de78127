"""aacompliance — Automation Anywhere's Technical Support Terms as code.

The terms live as effective-dated YAML contract revisions, the rules as Rego
policies; this package evaluates customer documents against the revision in
force and reports violations with the clause they rest on.

The public API is re-exported here and imported on first use, so that importing
the package (e.g. for ``aacompliance --help``) stays cheap.
"""
from __future__ import annotations

import importlib


def _version() -> str:
    """The version from the package metadata (pyproject.toml is the one place it is written);
    read on first use: scanning the installed distributions costs a tenth of a second."""
    from importlib import metadata

    try:
        return metadata.version("aacompliance")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "0+unknown"

_EXPORTS = {
    "AacError": "aacompliance.errors",
    "EngineError": "aacompliance.errors",
    "ExitCode": "aacompliance.errors",
    "InputError": "aacompliance.errors",
    "Problem": "aacompliance.errors",
    "UsageError": "aacompliance.errors",
    "ContractStore": "aacompliance.terms.store",
    "Revision": "aacompliance.terms.store",
    "load_revision": "aacompliance.terms.store",
    "RevisionResolver": "aacompliance.terms.resolver",
    "Evaluator": "aacompliance.pipeline.evaluate",
    "Settings": "aacompliance.pipeline.evaluate",
    "check_paths": "aacompliance.pipeline.evaluate",
    "check_document": "aacompliance.pipeline.api",
    "DocumentResult": "aacompliance.pipeline.results",
    "Report": "aacompliance.pipeline.results",
    "Violation": "aacompliance.pipeline.results",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str):
    if name == "__version__":
        globals()["__version__"] = value = _version()
        return value
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'aacompliance' has no attribute {name!r}")


def __dir__():
    return __all__
