"""The documents users submit: one module per kind, found and loaded here."""
from aacompliance.documents.base import Document, Kind
from aacompliance.documents.loading import SUFFIXES, Discovery, discover, load, parse, read_stdin
from aacompliance.documents.registry import KINDS

__all__ = ["KINDS", "SUFFIXES", "Document", "Kind", "Discovery", "discover", "load", "parse", "read_stdin"]
