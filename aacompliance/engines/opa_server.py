"""Decisions from an OPA server over its REST API.

The calls go through :class:`~aacompliance.engines.opa_http.OpaEndpoint` (a deadline per
request, a size cap, no redirects, bearer token, CA, path prefix: see there why not
through opa-python-client). Administration — pushing policies and data, the revision a
server holds — lives in :mod:`aacompliance.engines.opa_admin`.

Every failure — refused connection, deadline, HTTP error, redirect, an answer that is
not the JSON OPA sends, a decision of the wrong shape — is one EngineError (exit 3)
naming the URL and what failed.
"""
from __future__ import annotations

import json

from aacompliance.engines import DECISION_PATH, Engine
from aacompliance.engines import opa_admin
from aacompliance.engines.opa_http import OpaEndpoint
from aacompliance.errors import EngineError

#: Inputs sent per request (one ad-hoc query with `with input as` per input).
BATCH = 32
#: The decision as a reference, and its REST path — both from the one DECISION_PATH.
DECISION_REF = "data." + DECISION_PATH.replace("/", ".")
DECISION_URL = "/v1/data/" + DECISION_PATH


class OpaServerEngine(Engine):
    name = "opa"

    def __init__(self, url: str | None = None, timeout: float = 5.0, retries: int = 2, token: str | None = None,
                 batch: int = BATCH, ca: str | None = None):
        self.endpoint = OpaEndpoint(url, timeout=timeout, token=token, ca=ca)
        self.url = self.endpoint.url
        self.timeout = timeout
        self.retries = retries
        self.expected_revision: str | None = None
        self.batch = max(1, batch)

    # -- holding the right policies and data ------------------------------------

    def server_revision(self) -> str | None:
        return opa_admin.server_revision(self.endpoint)

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
        """Load policies and data into the server (see :func:`opa_admin.push`)."""
        return opa_admin.push(self.endpoint, modules, data, retries=self.retries)

    # -- decisions ----------------------------------------------------------------

    def decide(self, inputs: list[dict]) -> list[dict]:
        out: list[dict] = []
        for start in range(0, len(inputs), self.batch):
            chunk = inputs[start:start + self.batch]
            values = self._decide_one(chunk[0]) if len(chunk) == 1 else self._decide_many(chunk)
            where = f"{self.url} {DECISION_REF}"
            out.extend(check_decision_shape(self, v, where) for v in values)
        return out

    def _decide_one(self, doc: dict) -> list:
        # One document: POST /v1/data/<path>, which OPA answers from a prepared query.
        answer = self.endpoint.post(DECISION_URL, {"input": doc})
        if "result" not in answer:
            raise self.endpoint.fail(f"the decision is undefined for this input ({DECISION_REF})",
                                     self.url + DECISION_URL)
        return [answer["result"]]

    def _decide_many(self, chunk: list[dict]) -> list:
        # Several: one ad-hoc query with `with input as` per document, one round trip.
        names = [f"r{i}" for i in range(len(chunk))]
        query = "; ".join(f"{n} := {DECISION_REF} with input as {json.dumps(doc)}" for n, doc in zip(names, chunk))
        answer = self.endpoint.post("/v1/query", {"query": query})
        rows = answer.get("result")
        where = self.url + "/v1/query"
        if not rows:
            raise self.endpoint.fail(f"the decision query failed: {DECISION_REF} is undefined for at least one "
                                     "input", where)
        if not isinstance(rows, list) or not isinstance(rows[0], dict):
            raise self.endpoint.fail(f"malformed answer to the decision query: 'result' is "
                                     f"{json.dumps(rows)[:120]}", where)
        missing = [n for n in names if n not in rows[0]]
        if missing:
            raise self.endpoint.fail(f"malformed answer to the decision query: no value for {missing[0]}", where)
        return [rows[0][n] for n in names]

    def eval_rule(self, rule: str, input: dict | None = None):
        """One rule's value from the server (``data.pkg.name``); None when undefined."""
        path = "/v1/data/" + rule.removeprefix("data.").replace(".", "/")
        answer = self.endpoint.post(path, {"input": input or {}})
        return answer.get("result")

    def close(self) -> None:
        self.endpoint.close()


def check_decision_shape(engine: Engine, value, where: str) -> dict:
    """The decision, or an EngineError naming what is malformed: the server's answer is
    trusted with a verdict only when every violation has the shape the results need."""
    decision = engine.check_decision(value, where)
    for i, v in enumerate(decision["violations"]):
        if not isinstance(v, dict):
            raise EngineError(engine.name, f"malformed decision: violations[{i}] is not an object", where)
        for key, kind in (("rule", str), ("message", str), ("clause", dict)):
            if not isinstance(v.get(key), kind):
                raise EngineError(engine.name, f"malformed decision: violations[{i}].{key} is missing or not "
                                  f"{'text' if kind is str else 'an object'}", where)
        if v.get("data") is not None and not isinstance(v["data"], dict):
            raise EngineError(engine.name, f"malformed decision: violations[{i}].data is not an object", where)
    if decision.get("report") is not None and not isinstance(decision["report"], dict):
        raise EngineError(engine.name, "malformed decision: 'report' is not an object", where)
    return decision
