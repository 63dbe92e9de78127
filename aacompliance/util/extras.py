"""Optional parts: which install command brings a missing library.

``check`` needs only the base install; the PDF statements, the OPA-server engine and the
HTTP service come with extras (``pip install 'aacompliance[pdf]'``, ``[opa]``,
``[service]``, or ``[all]``); OPA in-process comes with a package of its own. The
CLI (and the engine registry) turn an ``ImportError`` of one of these libraries into an
error that says the exact command — :func:`missing_dependency`.
"""
from __future__ import annotations

from aacompliance.errors import UsageError

OPA_GO_INSTALL = "pip install --ignore-requires-python opa-golib-python-bindings==0.4.4"

#: Top-level module → (what needs it, the extra that brings it).
EXTRAS: dict[str, tuple[str, str]] = {
    "weasyprint": ("PDF statements", "pdf"),
    "pyhanko": ("statement signatures", "pdf"),
    "pyhanko_certvalidator": ("statement signatures", "pdf"),
    "jinja2": ("PDF statements", "pdf"),
    "babel": ("PDF statements", "pdf"),
    "markupsafe": ("PDF statements", "pdf"),
    "pydyf": ("PDF statements", "pdf"),
    "pypdf": ("statement verification", "pdf"),
    "cryptography": ("statement signatures", "pdf"),
    "opa_client": ("the OPA server engine (--engine opa)", "opa"),
    "requests": ("the OPA server engine (--engine opa)", "opa"),
    "fastapi": ("the HTTP service", "service"),
    "uvicorn": ("the HTTP service", "service"),
    "starlette": ("the HTTP service", "service"),
    "multipart": ("the HTTP service", "service"),
    "prometheus_client": ("the HTTP service", "service"),
}


def install_command(module: str | None) -> str | None:
    """The command that installs ``module`` (a dotted name is fine), or None if it is not optional."""
    top = (module or "").split(".")[0]
    if top == "opa_bindings":
        return OPA_GO_INSTALL
    if top in EXTRAS:
        return f"pip install 'aacompliance[{EXTRAS[top][1]}]'"
    return None


def missing_dependency(exc: ImportError) -> UsageError | None:
    """The error to raise for ``exc``, naming what needs the library and how to install it;
    None when ``exc`` is not about an optional library (a real bug: let it through)."""
    module = getattr(exc, "name", None) or ""
    command = install_command(module)
    if command is None:
        return None
    top = module.split(".")[0]
    what = EXTRAS[top][0] if top in EXTRAS else "OPA in-process (--engine opa-go)"
    return UsageError(f"{what}: the Python package {top!r} is not installed; install it with: {command}")
