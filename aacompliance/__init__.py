"""aacompliance — Automation Anywhere's Technical Support Terms as code.

The terms live as effective-dated YAML contract revisions, the rules as Rego
policies; this package evaluates customer documents against the revision in
force and reports violations with the clause they rest on.
"""
from __future__ import annotations

__version__ = "0.1.0"

from aacompliance.terms.store import ContractStore, Revision, load_revision
from aacompliance.errors import AacError, EngineError, ExitCode, InputError, Problem, UsageError
from aacompliance.pipeline.evaluate import Evaluator, Settings, check_paths
from aacompliance.pipeline.results import DocumentResult, Report, Violation

__all__ = [
    "AacError",
    "ContractStore",
    "DocumentResult",
    "EngineError",
    "Evaluator",
    "ExitCode",
    "InputError",
    "Problem",
    "Report",
    "Revision",
    "Settings",
    "UsageError",
    "Violation",
    "__version__",
    "check_paths",
    "load_revision",
]
