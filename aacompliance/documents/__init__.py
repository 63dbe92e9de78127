"""The documents users submit: one module per kind, found and loaded here."""
from aacompliance.documents.base import Document, Kind
from aacompliance.documents.loading import SUFFIXES, discover, load, parse
from aacompliance.documents.registry import KINDS

__all__ = ["KINDS", "SUFFIXES", "Document", "Kind", "discover", "load", "parse"]
