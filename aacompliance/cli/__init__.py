"""The ``aacompliance`` command line: the only place that prints and picks exit codes."""
from aacompliance.cli.main import main

__all__ = ["main"]
