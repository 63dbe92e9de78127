"""Where the terms (``contracts/``) and the rules (``policies/``) are found.

In this order:

1. ``$AACOMPLIANCE_HOME`` — a folder holding ``contracts/`` and ``policies/`` (e.g. a
   company's own fork of the terms);
2. the source tree, when the package runs from a clone (editable install, ``PYTHONPATH``);
3. the copies bundled in the installed package (``aacompliance/_bundled/``, put there by
   the build: see ``setup.py``).

``--contracts DIR`` / ``--policies DIR`` override each folder for one command.
"""
from __future__ import annotations

import os
from pathlib import Path

from aacompliance.errors import UsageError

#: The installed (or source) ``aacompliance`` package folder.
PACKAGE = Path(__file__).resolve().parents[1]
#: Where the build puts the terms and the rules inside the package.
BUNDLED = PACKAGE / "_bundled"
FOLDERS = ("contracts", "policies")


def _source_tree() -> Path | None:
    root = PACKAGE.parent
    if (root / "pyproject.toml").is_file() and all((root / name).is_dir() for name in FOLDERS):
        return root
    return None


def project_root() -> Path:
    """The folder holding ``contracts/`` and ``policies/``."""
    env = os.environ.get("AACOMPLIANCE_HOME")
    if env:
        return Path(env)
    return _source_tree() or BUNDLED


def default_dir(name: str) -> Path:
    """``contracts`` or ``policies`` under :func:`project_root`; a UsageError saying what to
    do when it is not there."""
    root = project_root()
    path = root / name
    if path.is_dir():
        return path
    option = "--contracts" if name == "contracts" else "--policies"
    if os.environ.get("AACOMPLIANCE_HOME"):
        raise UsageError(f"$AACOMPLIANCE_HOME is {root}, which has no {name}/ folder; point it at a folder "
                         f"holding contracts/ and policies/ (e.g. a clone of the aacompliance repository), "
                         f"or unset it to use the bundled terms, or pass {option} DIR")
    raise UsageError(f"no {name}/ folder: this aacompliance installation carries no terms ({path} is missing). "
                     f"Reinstall it from its wheel or sdist (pip install --force-reinstall aacompliance), "
                     f"set AACOMPLIANCE_HOME to a folder holding contracts/ and policies/, or pass {option} DIR")


def default_contracts_dir() -> Path:
    return default_dir("contracts")


def default_policy_dir() -> Path:
    return default_dir("policies")
