"""Administering an OPA server: what it holds, and loading our policies and data into it.

Kept apart from the decisions (``opa_server``): ``aacompliance opa push`` and
``aacompliance bundle`` use this; ``check --engine opa`` only asks which revision the
server holds before trusting its decisions. Pushing goes through opa-python-client
(policies with ``rego_compat=False``: ours are OPA v1 Rego already), configured like the
decision calls: the same base URL (path prefix included), bearer token and CA, and no
redirects followed. Its raw ``requests`` errors and its own exceptions, which share no
base, all become one EngineError naming the URL.
"""
from __future__ import annotations

from aacompliance.engines.opa_http import OpaEndpoint, _short
from aacompliance.errors import EngineError
from aacompliance.policy.bundle import ROOT, build_bundle, content_revision, with_meta

#: Where a server keeps the revision of the terms it holds (``aacompliance bundle`` and
#: ``push`` write it; ``check --engine opa`` reads it).
REVISION_REF = f"data.{ROOT}.meta.revision"


def _client_errors() -> tuple:
    import requests
    from opa_client import errors

    return (requests.exceptions.RequestException, ValueError, TypeError, KeyError,
            *[obj for obj in vars(errors).values() if isinstance(obj, type) and issubclass(obj, Exception)])


def server_revision(endpoint: OpaEndpoint) -> str | None:
    """The revision of our policies and data the server holds; None when it holds none."""
    answer = endpoint.post("/v1/query", {"query": f"revision := {REVISION_REF}"})
    rows = answer.get("result") or []
    if not isinstance(rows, list):
        raise endpoint.fail(f"malformed answer to the revision query: 'result' is {type(rows).__name__}, "
                            "not a list")
    value = rows[0].get("revision") if rows and isinstance(rows[0], dict) else None
    if value is not None and not isinstance(value, str):
        raise endpoint.fail("malformed answer to the revision query: the revision is not text")
    return value


def bundle(modules: dict[str, str], data: dict) -> tuple[bytes, str]:
    """A bundle OPA loads as is (``opa run --server --bundle``), and its revision."""
    return build_bundle(modules, data)


def push(endpoint: OpaEndpoint, modules: dict[str, str], data: dict, retries: int = 2) -> str:
    """Load the policies and data into the server over its REST API; the revision pushed."""
    from urllib.parse import urlsplit

    from opa_client.opa import OpaClient

    parts = urlsplit(endpoint.url)
    errors = _client_errors()
    client = OpaClient(host=parts.hostname, port=parts.port or 8181, ssl=parts.scheme == "https",
                       timeout=endpoint.timeout, retries=retries, token=endpoint.token)
    # The client builds its URL from host and port only: put the path prefix back, and
    # give its session the decision calls' rules (no redirects, our CA, no proxy from the environment).
    client.root_url = f"{endpoint.url}/{client.version}"
    session = client._session
    session.max_redirects = 0
    session.verify = endpoint.verify
    session.trust_env = False
    revision = content_revision(modules, data)
    try:
        for path, source in sorted(modules.items()):
            client.update_policy_from_string(source, path.replace("/", "_"), rego_compat=False)
        for key, value in with_meta(data, revision)[ROOT].items():
            client.update_or_create_data(value, f"{ROOT}/{key}")
    except errors as exc:
        raise EngineError("opa", f"pushing policies and data failed: {_describe(exc, endpoint)}",
                          endpoint.url) from None
    finally:
        try:
            client.close_connection()
        except errors:
            pass
    return revision


def _describe(exc: Exception, endpoint: OpaEndpoint) -> str:
    import requests

    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return "the server answered with a redirect; redirects are never followed"
    if isinstance(exc, requests.exceptions.Timeout):
        return f"no answer within {endpoint.timeout:g} s"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "cannot connect (connection refused, or the host is unreachable)"
    if isinstance(exc, requests.exceptions.HTTPError) and exc.response is not None:
        try:
            message = exc.response.json().get("message", "")
        except ValueError:
            message = exc.response.text[:200]
        return f"HTTP {exc.response.status_code} {message}".strip()
    return _short(exc)
