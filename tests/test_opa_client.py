"""The OPA client can't be led astray (issue 11, item 6), against the REST test double."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from click.testing import CliRunner

from aacompliance.cli.main import main
from aacompliance.engines import opa_admin, opa_http
from aacompliance.engines.opa_http import OpaEndpoint
from aacompliance.pipeline.evaluate import Evaluator
from opa_rest_double import OpaRestTestDouble

pytest.importorskip("opa_bindings")

VIOLATING = "examples/order-form-silver-missing-region.yaml"
ONE = ["examples/order-form-gold-ok.yaml"]
MANY = ["examples"]


@pytest.fixture(scope="module")
def loaded():
    ev = Evaluator()
    return ev.policies.modules, ev.data_document()


def _double(loaded, **kwargs) -> OpaRestTestDouble:
    double = OpaRestTestDouble(**kwargs)
    double.__enter__()
    opa_admin.push(OpaEndpoint(double.url), *loaded)
    return double


def _check(url, *args, timeout="2"):
    result = CliRunner().invoke(main, ["check", "--no-color", "--engine", "opa", "--opa-url", url,
                                       "--opa-timeout", timeout, *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("paths", [ONE, MANY], ids=["one", "batch"])
def test_a_dripping_server_meets_the_deadline(loaded, paths):
    double = _double(loaded)
    double.fault, double.drip_seconds = "drip", 0.1
    try:
        start = time.monotonic()
        code, out = _check(double.url, *paths, timeout="1")
        elapsed = time.monotonic() - start
    finally:
        double.__exit__()
    assert code == 3 and "no answer within 1 s" in out and double.url in out, out
    assert elapsed < 3, elapsed


def test_the_deadline_holds_even_while_headers_drip(monkeypatch):
    """Whatever the server does, the caller waits at most the deadline."""
    endpoint = OpaEndpoint("http://127.0.0.1:9", timeout=0.3)
    monkeypatch.setattr(endpoint, "_exchange", lambda *a: time.sleep(5))
    start = time.monotonic()
    with pytest.raises(Exception, match="no answer within 0.3 s"):
        endpoint.post("/v1/query", {})
    assert time.monotonic() - start < 1


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("paths", [ONE, MANY], ids=["one", "batch"])
def test_redirects_are_never_followed(loaded, status, paths):
    elsewhere = OpaRestTestDouble().__enter__()
    elsewhere.fault, elsewhere.wrong_shape = "wrong-shape", {"violations": []}  # would say "compliant"
    double = _double(loaded)
    double.fault, double.redirect_status, double.redirect_to = "redirect", status, elsewhere.url + "/v1/query"
    try:
        code, out = _check(double.url, VIOLATING, *paths)
    finally:
        double.__exit__()
        elsewhere.__exit__()
    assert code == 3, out
    assert f"HTTP {status}" in out and "redirect" in out and elsewhere.url in out and double.url in out
    assert elsewhere.requests == []  # the documents never left for the other server


def test_push_refuses_redirects_too(loaded):
    elsewhere = OpaRestTestDouble().__enter__()
    double = OpaRestTestDouble().__enter__()
    double.fault, double.redirect_to = "redirect-admin", elsewhere.url + "/v1/policies/x"
    try:
        result = CliRunner().invoke(main, ["opa", "push", "--opa-url", double.url], catch_exceptions=False)
    finally:
        double.__exit__()
        elsewhere.__exit__()
    assert result.exit_code == 3 and "redirect" in result.output, result.output
    assert elsewhere.requests == []


@pytest.mark.parametrize("fault", ["oversized", "oversized-stream"])
def test_oversized_answers_are_refused(loaded, monkeypatch, fault):
    monkeypatch.setattr(opa_http, "MAX_ANSWER_BYTES", 1024 * 1024)
    double = _double(loaded)
    double.fault, double.oversized_bytes = fault, 16 * 1024 * 1024
    try:
        code, out = _check(double.url, *ONE, timeout="10")
    finally:
        double.__exit__()
    assert code == 3 and "cap" in out and double.url in out, out


WRONG_SHAPES = [  # otherwise well formed (compliant, errors), so each names its own fault
    ({"compliant": False, "errors": [], "violations": [{"rule": "X", "key": "k"}]}, "violations[0].message"),
    ({"compliant": False, "errors": [], "violations": [{"rule": "X", "key": "k", "message": "m", "clause": "c"}]},
     "violations[0].clause"),
    ({"compliant": False, "errors": [], "violations": [1]}, "violations[0] must be an object"),
    ({"compliant": False, "errors": [], "violations": "none"}, "malformed"),
    ({"compliant": True, "errors": [], "violations": [], "report": 3}, "'report' must be an object"),
    ({"violations": []}, "'compliant' must be true or false"),
    ([], "malformed"),
    ("compliant", "malformed"),
    (None, "malformed"),
]


@pytest.mark.parametrize(("shape", "words"), WRONG_SHAPES, ids=[str(i) for i in range(len(WRONG_SHAPES))])
@pytest.mark.parametrize("paths", [ONE, MANY], ids=["one", "batch"])
def test_a_decision_of_the_wrong_shape_is_exit_3_naming_url_and_what(loaded, shape, words, paths):
    double = _double(loaded)
    double.fault, double.wrong_shape = "wrong-shape", shape
    try:
        code, out = _check(double.url, *paths)
    finally:
        double.__exit__()
    assert code == 3, out
    assert words in out and double.url in out, out
    assert "KeyError" not in out and "internal error" not in out


def test_bearer_token(loaded, monkeypatch):
    double = _double(loaded)
    double.token = "s3cret"
    try:
        code, out = _check(double.url, *ONE)
        assert code == 3 and "HTTP 401" in out and "--opa-token" in out
        code, out = _check(double.url, "--opa-token", "wrong", *ONE)
        assert code == 3 and "HTTP 401" in out
        assert _check(double.url, "--opa-token", "s3cret", *ONE)[0] == 0
        monkeypatch.setenv("AACOMPLIANCE_OPA_TOKEN", "s3cret")
        assert _check(double.url, *MANY)[0] == 1  # the examples break one rule on purpose
        result = CliRunner().invoke(main, ["opa", "push", "--opa-url", double.url], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    finally:
        double.__exit__()


def test_a_path_prefix_is_honoured(loaded):
    double = OpaRestTestDouble().__enter__()
    double.prefix = "/opa"
    try:
        result = CliRunner().invoke(main, ["opa", "push", "--opa-url", double.url + "/opa/"],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert _check(double.url + "/opa", *ONE)[0] == 0
        assert _check(double.url + "/opa", *MANY)[0] == 1
        code, out = _check(double.url, *ONE)  # without the prefix: the proxy's 404, not a silent success
        assert code == 3 and "HTTP 404" in out
        assert all(r.split()[1].startswith("/opa/") for r in double.requests if "/opa/" in r or r.endswith("/"))
    finally:
        double.__exit__()


@pytest.mark.parametrize(("url", "words"), [
    ("http://user:pw@127.0.0.1:8181", "credentials"),
    ("http://127.0.0.1:8181/?x=1", "query"),
    ("ftp://127.0.0.1", "not an http(s) URL"),
])
def test_urls_that_cannot_be_honoured_are_refused(url, words):
    code, out = _check(url, *ONE)
    assert code == 2 and words in out


def _self_signed(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aacompliance test OPA")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def test_tls_with_opa_ca(loaded, tmp_path):
    cert, key = _self_signed(tmp_path)
    double = OpaRestTestDouble(tls=(cert, key)).__enter__()
    try:
        opa_admin.push(OpaEndpoint(double.url, ca=cert), *loaded)
        code, out = _check(double.url, *ONE)
        assert code == 3 and "TLS" in out and "--opa-ca" in out  # not trusted without the CA
        assert _check(double.url, "--opa-ca", cert, *ONE)[0] == 0
        assert _check(double.url, "--opa-ca", cert, *MANY)[0] == 1
    finally:
        double.__exit__()
