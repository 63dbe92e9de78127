"""An OPA server over its REST API, through opa-python-client.

Every failure of the client — refused connection, timeout, HTTP error, an answer
that is not the expected JSON — becomes one EngineError naming what failed and
where; opa-python-client raises raw ``requests`` errors and exceptions with no
common base, so they are all caught here.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from aacompliance.errors import EngineError, UsageError
from aacompliance.engines import DECISION_PATH, Engine

#: Inputs sent per request (one ad-hoc query with `with input as` per input).
BATCH = 32


def _client_errors() -> tuple:
    import requests
    from opa_client import errors

    return (requests.exceptions.RequestException, ValueError, TypeError, KeyError,
            *[obj for obj in vars(errors).values() if isinstance(obj, type) and issubclass(obj, Exception)])


class OpaServerEngine(Engine):
    name = "opa"

    def __init__(self, url: str | None = None, timeout: float = 5.0, retries: int = 2, token: str | None = None,
                 batch: int = BATCH):
        if not url:
            raise UsageError("--engine opa needs the server's address: --opa-url URL or $AACOMPLIANCE_OPA_URL")
        parts = urlsplit(url if "://" in url else f"http://{url}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"--opa-url {url!r} is not an http(s) URL, e.g. http://127.0.0.1:8181")
        from opa_client.opa import OpaClient

        self.url = f"{parts.scheme}://{parts.hostname}:{parts.port or 8181}"
        self.timeout = timeout
        self._errors = _client_errors()
        self._client = OpaClient(host=parts.hostname, port=parts.port or 8181, ssl=parts.scheme == "https",
                                 timeout=timeout, retries=retries, token=token)
        self.expected_revision: str | None = None
        self.batch = max(1, batch)

    def _describe(self, exc: Exception) -> str:
        import requests

        if isinstance(exc, requests.exceptions.Timeout):
            return f"no answer within {self.timeout:g} s"
        if isinstance(exc, requests.exceptions.ConnectionError):
            return "cannot connect (connection refused, or the host is unreachable)"
        if isinstance(exc, requests.exceptions.HTTPError) and exc.response is not None:
            try:
                message = exc.response.json().get("message", "")
            except ValueError:
                message = exc.response.text[:200]
            return f"HTTP {exc.response.status_code} {message}".strip()
        if isinstance(exc, ValueError):
            return "the answer is not the JSON OPA sends"
        return f"{type(exc).__name__}: {exc}"

    def _fail(self, what: str, exc: Exception | None = None) -> EngineError:
        detail = f"{what}: {self._describe(exc)}" if exc is not None else what
        return EngineError(self.name, " ".join(str(detail).split())[:400], self.url)

    # -- holding the right policies and data ------------------------------------

    def server_revision(self) -> str | None:
        """The revision of our data the server holds; None when it holds none."""
        try:
            answer = self._client.ad_hoc_query("revision := data.aacompliance.meta.revision")
        except self._errors as exc:
            raise self._fail("cannot read the bundle revision held by the server", exc) from None
        if not isinstance(answer, dict):
            raise self._fail(f"malformed answer: {json.dumps(answer)[:200]}")
        rows = answer.get("result") or []
        return rows[0].get("revision") if rows and isinstance(rows[0], dict) else None

    def load(self, modules: dict[str, str], data: dict) -> None:
        """Confirm the server holds exactly these policies and data (same revision)."""
        from aacompliance.policy.bundle import content_revision

        self.expected_revision = content_revision(modules, data)
        held = self.server_revision()
        if held != self.expected_revision:
            raise EngineError(self.name, f"the server holds bundle revision {held or 'none'}, but the local "
                              f"contracts and policies are revision {self.expected_revision}; load the bundle "
                              "(aacompliance bundle) or push them (aacompliance opa push)", self.url)

    def push(self, modules: dict[str, str], data: dict) -> str:
        """Load policies and data into the server over the REST API; the revision pushed."""
        from aacompliance.policy.bundle import content_revision, with_meta

        revision = content_revision(modules, data)
        try:
            for path, source in sorted(modules.items()):
                self._client.update_policy_from_string(source, path.replace("/", "_"), rego_compat=False)
            for key, value in with_meta(data, revision)["aacompliance"].items():
                self._client.update_or_create_data(value, f"aacompliance/{key}")
        except self._errors as exc:
            raise self._fail("pushing policies and data failed", exc) from None
        return revision

    # -- decisions ----------------------------------------------------------------

    def decide(self, inputs: list[dict]) -> list[dict]:
        package, rule = DECISION_PATH.replace("/", ".").rsplit(".", 1)
        out: list[dict] = []
        for start in range(0, len(inputs), self.batch):
            chunk = inputs[start:start + self.batch]
            try:
                if len(chunk) == 1:
                    # One document: POST /v1/data/<path>, which OPA answers from a prepared query.
                    answer = self._client.query_rule(chunk[0], package, rule)
                    values = [answer.get("result")] if isinstance(answer, dict) else answer
                else:
                    # Several: one ad-hoc query with `with input as` per document, one round trip.
                    values = self._client.bulk_query_rule(chunk, package, rule)
            except self._errors as exc:
                raise self._fail("the decision query failed", exc) from None
            if not isinstance(values, list) or len(values) != len(chunk):
                raise self._fail(f"malformed answer to the decision query: {json.dumps(values)[:200]}")
            out.extend(self.check_decision(v, f"{self.url} data.{package}.{rule}") for v in values)
        return out

    def eval_rule(self, rule: str, input: dict | None = None):
        """One rule's value from the server (``data.pkg.name``); None when undefined."""
        package, name = rule.removeprefix("data.").rsplit(".", 1)
        try:
            answer = self._client.query_rule(input or {}, package, name)
        except self._errors as exc:
            raise self._fail(f"querying {rule} failed", exc) from None
        return answer.get("result") if isinstance(answer, dict) else None

    def close(self) -> None:
        try:
            self._client.close_connection()
        except self._errors:
            pass
