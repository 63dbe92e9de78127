"""The HTTP API against the app (httpx through FastAPI's TestClient)."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from aacompliance.pipeline.evaluate import Evaluator, Settings, check_paths
from aacompliance.render import render_json

from selfsigned import self_signed
from service_support import DATA, EXAMPLES  # noqa: F401
from service_support import auth, client, contracts_with_draft, make_client, tokens  # noqa: F401  (fixtures)

DOCUMENTS = sorted(p for p in [*EXAMPLES.glob("*.yaml"), *(DATA / "documents").glob("*")]
                   if p.suffix in (".yaml", ".json"))
MISSING_REGION = EXAMPLES / "order-form-silver-missing-region.yaml"
YAML = {"Content-Type": "application/yaml"}


def _check_json(*paths: Path) -> dict:
    """What `check --format json` prints for these files. (The engine is closed here, on
    the thread that made it: regorus's VM must not be freed by the cyclic GC elsewhere.)"""
    evaluator = Evaluator(Settings())
    try:
        return json.loads(render_json(check_paths([str(p) for p in paths], Settings(), evaluator=evaluator)))
    finally:
        evaluator.close()


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_check_answers_the_same_json_as_check_format_json(client, auth, path):
    media = "application/json" if path.suffix == ".json" else "application/yaml"
    r = client.post("/v1/check", params={"name": path.name}, content=path.read_bytes(),
                    headers={**auth(), "Content-Type": media})
    assert r.status_code == 200, r.text
    body = r.json()
    decision_id = body.pop("decision_id")
    assert r.headers["x-decision-id"] == decision_id and len(decision_id) == 36
    expected = _check_json(path)
    expected["documents"][0]["path"] = path.name
    assert body == expected


def test_several_documents_in_one_multipart_request(client, auth):
    paths = [MISSING_REGION, EXAMPLES / "roster-silver.yaml", DATA / "documents" / "of-extra-tam-silver.json"]
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    r = client.post("/v1/check", files=files, headers=auth())
    assert r.status_code == 200, r.text
    body = r.json()
    expected = _check_json(*paths)
    for doc, path in zip(expected["documents"], paths):
        doc["path"] = path.name
    assert {k: v for k, v in body.items() if k != "decision_id"} == expected
    assert body["summary"] == {"documents": 3, "compliant": 1, "violations": 2, "errors": 0}


@pytest.mark.parametrize("name, field, line, words", [
    ("duplicate_key.yaml", None, None, "duplicate key"),
    ("unknown_field.yaml", None, None, "unknown field"),
    ("bad_date.yaml", None, None, "YYYY-MM-DD"),
    ("unknown_plan.yaml", None, None, "unknown plan"),
    ("latin1.yaml", None, None, "UTF-8"),
    ("python_tag.yaml", None, None, "not allowed"),
])
def test_unusable_input_is_422_problem_with_the_errors_check_reports(client, auth, name, field, line, words):
    path = DATA / "invalid" / name
    r = client.post("/v1/check", params={"name": name}, content=path.read_bytes(), headers={**auth(), **YAML})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["status"] == 422 and problem["title"]
    expected = _check_json(path)["documents"][0]["errors"]
    assert [{k: v for k, v in e.items() if k != "path"} for e in problem["errors"]] == expected
    assert all(e["path"] == name for e in problem["errors"])
    assert words in " ".join(e["message"] for e in problem["errors"])
    assert any("line" in e for e in problem["errors"])
    assert "Traceback" not in r.text


def test_one_bad_document_among_several_keeps_the_others_evaluated(client, auth):
    files = [("f", ("good.yaml", MISSING_REGION.read_bytes())),
             ("f", ("bad.yaml", (DATA / "invalid" / "bad_date.yaml").read_bytes()))]
    r = client.post("/v1/check", files=files, headers=auth())
    assert r.status_code == 422
    report = r.json()["report"]
    assert report["documents"][0]["violations"][0]["rule"] == "OF-COVERAGE"
    assert report["documents"][1]["errors"]


def test_no_token_401_wrong_scope_403_revoked_401(client, auth, tokens):
    body = MISSING_REGION.read_bytes()
    r = client.post("/v1/check", content=body, headers=YAML)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert r.headers["content-type"] == "application/problem+json"
    assert client.post("/v1/check", content=body, headers={**YAML, "Authorization": "Bearer aac_nope"}).status_code == 401
    assert client.post("/v1/check", content=body, headers={**YAML, **auth("legal")}).status_code == 403
    assert client.get("/v1/diff", params={"old": "2024-11-18", "new": "2024-11-18"},
                      headers=auth("checker")).status_code == 403
    from aacompliance.service.tokens import TokenStore

    time.sleep(0.01)  # a distinct mtime for the rewritten file
    TokenStore(tokens[0]).revoke("checker")
    assert client.post("/v1/check", content=body, headers={**YAML, **auth("checker")}).status_code == 401


def test_body_over_the_limit_is_413(make_client, auth):
    client = make_client(max_body_bytes=2048)
    big = MISSING_REGION.read_bytes() + b"# " + b"x" * 4096 + b"\n"
    r = client.post("/v1/check", content=big, headers={**auth(), **YAML})
    assert r.status_code == 413 and r.json()["limit"] == 2048

    def chunks():  # no Content-Length: counted while read
        yield big[:1500]
        yield big[1500:]
    r = client.post("/v1/check", content=chunks(), headers={**auth(), **YAML})
    assert r.status_code == 413


def test_unsupported_media_type_is_415(client, auth):
    r = client.post("/v1/check", content=b"hello", headers={**auth(), "Content-Type": "text/plain"})
    assert r.status_code == 415 and "multipart/form-data" in r.json()["detail"]


def test_engine_failure_is_503_and_the_service_recovers(client, auth):
    pipeline = client.app.state.aac.pipeline
    engine_class = type(pipeline.evaluator._engine)  # the engine itself stays on its own thread
    first = id(pipeline.evaluator._engine)
    real = engine_class.decide

    def broken(self, inputs):  # an engine failure is an EngineError (any other exception is one document's error)
        from aacompliance.errors import EngineError
        raise EngineError(self.name, "engine crashed")

    engine_class.decide = broken
    try:
        r = client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth(), **YAML})
    finally:
        engine_class.decide = real
    assert r.status_code == 503 and r.headers["retry-after"]
    assert r.headers["content-type"] == "application/problem+json"
    assert "engine crashed" not in r.text and "Traceback" not in r.text
    r = client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth(), **YAML})
    assert r.status_code == 200 and r.json()["documents"][0]["violations"][0]["rule"] == "OF-COVERAGE"
    assert id(pipeline.evaluator._engine) != first  # a fresh engine
    assert client.get("/readyz").status_code == 200
    assert 'aacompliance_engine_failures_total 1.0' in client.get("/metrics").text


def test_an_opa_server_failing_is_503_then_recovers_when_it_is_back(make_client, auth):
    pytest.importorskip("opa_bindings", reason="the OPA test double needs the opa-go bindings")
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from opa_rest_double import OpaRestTestDouble

    from aacompliance.engines import create
    from aacompliance.pipeline.evaluate import Evaluator

    ev = Evaluator()
    with OpaRestTestDouble() as opa:
        create("opa", url=opa.url).push(ev.policies.modules, ev.data_document())
        client = make_client(engine="opa", engine_options={"url": opa.url, "timeout": 2.0, "batch": 32})
        assert client.get("/readyz").status_code == 200
        opa.fault = "error"
        r = client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth(), **YAML})
        assert r.status_code == 503 and r.json()["type"] == "/problems/engine-failure"
        opa.fault = None
        r = client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth(), **YAML})
        assert r.status_code == 200, r.text
        assert r.json()["documents"][0]["violations"][0]["rule"] == "OF-COVERAGE"


def test_request_time_limit_is_503(make_client, auth, monkeypatch):
    from aacompliance.service.pipeline import Pipeline

    client = make_client(request_timeout=0.2, inline_max_bytes=16)  # this document is checked off the loop
    real = Pipeline.check

    def slow(self, uploads):
        time.sleep(0.6)
        return real(self, uploads)

    monkeypatch.setattr(Pipeline, "check", slow)
    r = client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth(), **YAML})
    assert r.status_code == 503 and "0.2-second limit" in r.json()["detail"]
    monkeypatch.setattr(Pipeline, "check", real)
    time.sleep(0.5)  # the late check finishes in the background
    r = client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth(), **YAML})
    assert r.status_code == 200


def test_large_and_small_requests_decide_the_same(make_client, auth):
    """Above the inline size a request is checked on the engine thread by a second engine."""
    body = MISSING_REGION.read_bytes()
    small = make_client().post("/v1/check", content=body, headers={**auth(), **YAML}).json()
    client = make_client(inline_max_bytes=16)
    large = client.post("/v1/check", content=body, headers={**auth(), **YAML}).json()
    assert client.app.state.aac.runner._large is not None
    small.pop("decision_id"), large.pop("decision_id")
    assert small == large


def test_an_internal_error_is_a_500_problem_without_a_trace(client, auth, monkeypatch):
    import aacompliance.service.api as api

    def boom(report):
        raise KeyError("secret internal detail")

    monkeypatch.setattr(api, "render_json", boom)
    r = client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth(), **YAML})
    assert r.status_code == 500 and r.headers["content-type"] == "application/problem+json"
    assert "secret internal detail" not in r.text and "Traceback" not in r.text


def test_contracts_in_force_rules(client, auth):
    revisions = client.get("/v1/contracts", headers=auth("checker")).json()["revisions"]
    assert [r["version"] for r in revisions] == ["2024-11-18"]
    assert revisions[0]["plans"][0] == "orange"
    r = client.get("/v1/contracts/in-force", params={"on": "2025-06-02"}, headers=auth("checker"))
    assert r.json()["in_force"][0]["version"] == "2024-11-18"
    r = client.get("/v1/contracts/in-force", params={"on": "2020-01-01"}, headers=auth("checker"))
    assert r.json()["in_force"] == []
    r = client.get("/v1/contracts/in-force", params={"on": "yesterday"}, headers=auth("checker"))
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    rules = client.get("/v1/rules", headers=auth("checker")).json()["rules"]
    assert {"OF-COVERAGE", "BEN-CAP"} <= {r["id"] for r in rules}
    assert client.get("/v1/rules").status_code == 401


def test_diff_json_and_html_and_no_file_paths(make_client, auth, contracts_with_draft):
    client = make_client(contracts_dir=str(contracts_with_draft))
    r = client.get("/v1/diff", params={"old": "2024-11-18", "new": "2025-06-01"}, headers=auth("legal"))
    assert r.status_code == 200
    from aacompliance.terms.store import ContractStore
    from aacompliance.terms.diff import diff_revisions
    from aacompliance.terms.redline import render_json as diff_json, render_html

    store = ContractStore(contracts_with_draft)
    result = diff_revisions(store.resolve("2024-11-18"), store.resolve("2025-06-01"))
    assert r.json() == json.loads(diff_json(result))
    r = client.get("/v1/diff", params={"old": "2024-11-18", "new": "2025-06-01", "format": "html"},
                   headers=auth("legal"))
    assert r.headers["content-type"].startswith("text/html") and r.text == render_html(result)
    for spec in ["/etc/passwd", str(contracts_with_draft / "technical-support-terms" / "2024-11-18.yaml"),
                 "../2024-11-18"]:
        r = client.get("/v1/diff", params={"old": spec, "new": "2025-06-01"}, headers=auth("legal"))
        assert r.status_code == 400, spec
    r = client.get("/v1/diff", params={"old": "2024-11-18", "new": "2030-01-01"}, headers=auth("legal"))
    assert r.status_code == 400 and "2030-01-01" in r.json()["detail"]


def _valid(schema: dict, value, where="") -> list[str]:
    """A small JSON Schema check (type, enum, const, required, properties, items)."""
    types = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int, "number": (int, float),
             "null": type(None)}
    problems = []
    allowed = schema.get("type")
    if allowed:
        allowed = allowed if isinstance(allowed, list) else [allowed]
        if not any(isinstance(value, types[t]) and not (t in ("integer", "number") and isinstance(value, bool))
                   for t in allowed):
            return [f"{where}: type"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: enum")
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where}: const")
    if isinstance(value, dict) and "properties" in schema:
        problems += [f"{where}.{k}: required" for k in schema.get("required", []) if k not in value]
        for k, v in value.items():
            if k not in schema["properties"]:
                problems.append(f"{where}.{k}: additional")
            else:
                problems += _valid(schema["properties"][k], v, f"{where}.{k}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += _valid(schema["items"], item, f"{where}[{i}]")
    return problems


def test_schemas_accept_the_examples_and_reject_what_check_rejects(client, auth):
    import yaml

    for path in EXAMPLES.glob("*.yaml"):
        doc = yaml.safe_load(path.read_text())
        doc = json.loads(json.dumps(doc, default=str))  # dates as text, as the service reads them
        r = client.get(f"/v1/schemas/{doc['kind']}", headers=auth("checker"))
        assert r.status_code == 200 and r.headers["content-type"] == "application/schema+json"
        schema = r.json()
        assert schema["title"] == doc["kind"] and schema["$id"].endswith(f"/v1/schemas/{doc['kind']}")
        assert _valid(schema, doc) == [], path
        broken = {**doc, "surprise": 1}
        broken.pop("apiVersion")
        assert sorted(_valid(schema, broken)) == [".apiVersion: required", ".surprise: additional"]
    assert client.get("/v1/schemas/Invoice", headers=auth("checker")).status_code == 404


def test_health_ready_metrics(client, auth):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    from aacompliance.policy.bundle import content_revision

    evaluator = client.app.state.aac.pipeline.evaluator
    assert ready == {"ready": True, "engine": "regorus",
                     "bundle_revision": content_revision(evaluator.policies.modules, evaluator.data_document())}
    client.post("/v1/check", content=MISSING_REGION.read_bytes(), headers={**auth(), **YAML})
    client.post("/v1/check", content=(EXAMPLES / "order-form-gold-ok.yaml").read_bytes(), headers={**auth(), **YAML})
    text = client.get("/metrics").text
    assert 'aacompliance_decisions_total{kind="OrderForm",verdict="violations"} 1.0' in text
    assert 'aacompliance_decisions_total{kind="OrderForm",verdict="compliant"} 1.0' in text
    assert 'aacompliance_http_requests_total{method="POST",route="/v1/check",status="200"} 2.0' in text
    assert 'aacompliance_http_request_duration_seconds_bucket{le="0.1",method="POST",route="/v1/check"}' in text


def test_readyz_is_503_when_the_engine_cannot_load(make_client, tmp_path):
    client = make_client(engine="opa", engine_options={"url": "http://127.0.0.1:9", "timeout": 0.5, "batch": 8})
    r = client.get("/readyz")
    assert r.status_code == 503 and r.json()["ready"] is False and r.json()["error"]


def test_cors_off_by_default_and_on_when_configured(make_client):
    client = make_client()
    r = client.options("/v1/check", headers={"Origin": "https://crm.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in r.headers
    client = make_client(cors_origins=["https://crm.example"])
    r = client.options("/v1/check", headers={"Origin": "https://crm.example", "Access-Control-Request-Method": "POST"})
    assert r.headers["access-control-allow-origin"] == "https://crm.example"


def test_only_the_packages_own_assets_are_served(client):
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    for path in ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fpipeline.py", "/contracts/x"]:
        r = client.get(path)
        assert r.status_code == 404, path
        assert "import" not in r.text
    r = client.get("/docs")
    assert r.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in r.text
    assert "cdn" not in r.text.lower()
    assert client.get("/openapi.json").json()["paths"]["/v1/check"]["post"]


def test_security_headers(client):
    r = client.get("/")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_statement_pdf(client, auth):
    pytest.importorskip("pypdf")
    from io import BytesIO

    from pypdf import PdfReader

    files = [("f", (p.name, p.read_bytes())) for p in (EXAMPLES / "roster-silver.yaml",
                                                         EXAMPLES / "benefit-usage-silver.yaml")]
    r = client.post("/v1/statements", params={"signed_off_by": "Ana Lopez", "role": "Deal desk", "lang": "fr",
                                              "date": "2026-01-15"}, files=files, headers=auth())
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(r.content)).pages)
    assert "NORD-77" in text and "Ana Lopez" in text
    assert client.post("/v1/statements", params={"signed_off_by": "A", "role": "B"}, files=files,
                       headers=auth("checker")).status_code == 403
    mixed = [("f", ("a.yaml", MISSING_REGION.read_bytes())),
             ("f", ("b.yaml", (EXAMPLES / "order-form-gold-ok.yaml").read_bytes()))]
    r = client.post("/v1/statements", params={"signed_off_by": "A", "role": "B"}, files=mixed, headers=auth())
    assert r.status_code == 422 and "one account" in r.text


def test_statement_is_signed_when_the_server_has_a_key(make_client, auth, tmp_path):
    self_signed(tmp_path, "Service Signer (invented)", "key.pem", "cert.pem")
    client = make_client(sign_key=str(tmp_path / "key.pem"), sign_cert=str(tmp_path / "cert.pem"))
    files = [("f", (p.name, p.read_bytes())) for p in (EXAMPLES / "order-form-gold-ok.yaml",
                                                         EXAMPLES / "incident-log-gold.yaml")]
    r = client.post("/v1/statements", params={"signed_off_by": "Ana Lopez", "role": "Deal desk"}, files=files,
                    headers=auth())
    assert r.status_code == 200, r.text[:300]
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(r.content)
    from aacompliance.cli import main

    result = CliRunner().invoke(main, ["verify", str(pdf), "--trust", str(tmp_path / "cert.pem")])
    assert result.exit_code == 0, result.output
    assert "signature: intact, covers the whole file" in result.output and "same verdict, same findings" in result.output
    assert result.output.rstrip().endswith("verified")



WAIVERS = EXAMPLES / "waivers"


def _check_json_text(*paths: Path) -> str:
    evaluator = Evaluator(Settings())
    try:
        return render_json(check_paths([str(p) for p in paths], Settings(), evaluator=evaluator))
    finally:
        evaluator.close()


def test_waivers_among_the_documents_are_applied_as_check_applies_them(client, auth):
    paths = [WAIVERS / "order-form-helvetia-renewal.yaml", WAIVERS / "waiver-helvetia-h3-coverage.yaml"]
    files = [("f", (p.name, p.read_bytes())) for p in paths]
    r = client.post("/v1/check", files=files, headers=auth())
    assert r.status_code == 200, r.text
    body = r.json()
    body.pop("decision_id")
    expected = json.loads(_check_json_text(*paths).replace(str(WAIVERS) + "/", ""))
    assert body == expected
    assert body["documents"][0]["waived"] and body["waivers"][0]["status"] == "applied"
    alone = client.post("/v1/check", files=files[:1], headers=auth()).json()
    assert alone["documents"][0]["compliant"] is False  # without the waiver, OF-COVERAGE stands


def test_a_waiver_that_cannot_be_used_is_422(client, auth):
    order_form = WAIVERS / "order-form-helvetia-renewal.yaml"
    broken = (WAIVERS / "waiver-helvetia-h3-coverage.yaml").read_text().replace("rule: OF-COVERAGE", "rule: OF-NOPE")
    files = [("f", (order_form.name, order_form.read_bytes())), ("f", ("waiver.yaml", broken.encode()))]
    r = client.post("/v1/check", files=files, headers=auth())
    assert r.status_code == 422
    assert any(e["path"] == "waiver.yaml" and "OF-NOPE" in e["message"] for e in r.json()["errors"])


def test_server_waivers_apply_to_every_request(make_client, auth):
    from aacompliance.documents import discover
    from aacompliance.pipeline.waivers import collect

    evaluator = Evaluator(Settings())
    found, _, broken = collect([], discover([str(WAIVERS / "waiver-helvetia-h3-coverage.yaml")])[0],
                               {r.id: r for r in evaluator.policies.rules}, evaluator.resolver)
    assert not broken
    client = make_client(waivers=[w.as_setting() for w in found])
    order_form = WAIVERS / "order-form-helvetia-renewal.yaml"
    r = client.post("/v1/check", content=order_form.read_bytes(), headers={**auth(), **YAML})
    assert r.status_code == 200 and r.json()["documents"][0]["compliant"] is True
    assert r.json()["documents"][0]["waived"][0]["rule"] == "OF-COVERAGE"
