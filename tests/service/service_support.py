"""Fixtures and paths for the service tests (imported by each test module: a conftest.py
here would shadow tests/conftest.py, which other test modules import by name)."""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed (pip install 'aacompliance[service]')")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "data"
DRAFT = DATA / "revisions" / "2025-06-01.yaml"


@pytest.fixture
def tokens(tmp_path):
    """A tokens file with one token per scope set; returns (path, {name: secret})."""
    from aacompliance.service.tokens import TokenStore

    store = TokenStore(tmp_path / "tokens.json")
    secrets = {name: store.add(name, scopes) for name, scopes in {
        "all": ("check", "statement", "diff"), "checker": ("check",), "legal": ("diff",)}.items()}
    return store.path, secrets


@pytest.fixture
def make_client(tmp_path, tokens):
    """Build a TestClient for a configuration (context-managed: startup and shutdown run)."""
    from aacompliance.service.app import create_app
    from aacompliance.service.config import ServiceConfig

    clients = []

    def make(**overrides):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            from fastapi.testclient import TestClient
        config = ServiceConfig(tokens_file=str(tokens[0]), decision_log=str(tmp_path / "decisions.log"),
                               **overrides)
        client = TestClient(create_app(config), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client):
    return make_client()


@pytest.fixture
def auth(tokens):
    def header(name: str = "all") -> dict:
        return {"Authorization": f"Bearer {tokens[1][name]}"}
    return header


@pytest.fixture
def contracts_with_draft(contracts_copy) -> Path:
    """The bundled contracts plus the invented draft revision (tests only)."""
    shutil.copy(DRAFT, contracts_copy / "technical-support-terms" / DRAFT.name)
    return contracts_copy
