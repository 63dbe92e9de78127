"""The engine names (``--engine`` choices), importable without importing any engine."""
from __future__ import annotations

#: Engine name → (module, class). Modules are imported only when their engine is created.
ENGINES: dict[str, tuple[str, str]] = {
    "regorus": ("aacompliance.engines.regorus_engine", "RegorusEngine"),
    "opa-go": ("aacompliance.engines.opa_go", "OpaGoEngine"),
    "opa": ("aacompliance.engines.opa_server", "OpaServerEngine"),
}


def engine_names() -> list[str]:
    return list(ENGINES)
