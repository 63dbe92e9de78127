"""A TEST DOUBLE of OPA's REST API — for tests only, never shipped.

Used where no `opa` executable is on PATH. It speaks the subset of OPA's REST API
that aacompliance uses (policies, data, POST /v1/data/..., POST /v1/query) and
delegates every evaluation to OPA itself, embedded through the opa-go bindings,
so the decisions it returns are OPA's own. It can also misbehave on purpose for the
fault tests (`fault`, on decision and query calls):

- "slow": waits `slow_seconds` before answering; "drip": answers one byte every
  `drip_seconds`, for ever (a per-read timeout never fires);
- "error" (HTTP 500), "malformed" (not JSON), "undefined" (no result);
- "redirect": `redirect_status` (307) to `redirect_to`; "redirect-admin": the same on
  the calls that load policies and data;
- "oversized": declares `oversized_bytes` and sends them; "oversized-stream": sends
  them without declaring a length;
- "wrong-shape": answers `wrong_shape` as the decision.

`token`, when set, is required as a bearer token on every call (OPA's
`--authentication=token`, answered 401 otherwise); `prefix` serves the API under a path
prefix, as behind a reverse proxy.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class OpaRestTestDouble:
    def __init__(self, tls: tuple[str, str] | None = None):
        self.policies: dict[str, str] = {}
        self.data: dict = {}
        self.fault: str | None = None
        self.slow_seconds = 5.0
        self.drip_seconds = 0.2
        self.redirect_status = 307
        self.redirect_to = "http://127.0.0.1:9/"
        self.oversized_bytes = 64 * 1024 * 1024
        self.wrong_shape = {"violations": [{"rule": "X"}]}
        self.token: str | None = None
        self.prefix = ""
        self.requests: list[str] = []
        self._engine = None
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.handle_error = lambda request, address: None  # clients that time out hang up: expected
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.scheme = "http"
        if tls:  # (certificate file, key file): serve https
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    # -- OPA semantics, delegated to the embedded OPA -------------------------------

    def _opa(self):
        import opa_bindings

        if self._engine is None:
            engine = opa_bindings.OpaEngine()
            for path, source in self.policies.items():
                engine.add_policy(path, source)
            engine.add_data(self.data)
            self._engine = engine
        return self._engine

    def _put_data(self, path: list[str], value) -> None:
        node = self.data
        for part in path[:-1]:
            node = node.setdefault(part, {})
        if path:
            node[path[-1]] = value
        else:
            self.data = value
        self._engine = None

    def _handler(self):
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as OPA's server does

            def setup(self):
                super().setup()
                # Headers and body go out as two writes: without this, Nagle's algorithm and
                # delayed ACKs add ~40 ms to every answer (OPA's Go server sets it too).
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body, raw: bool = False):
                payload = body if raw else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _refused(self) -> bool:
                """Authentication and the path prefix, checked on every call; True when answered."""
                if double.token and self.headers.get("Authorization") != f"Bearer {double.token}":
                    self._send(401, {"code": "unauthorized", "message": "missing or invalid authentication"})
                    return True
                if double.prefix:
                    if not self.path.startswith(double.prefix + "/"):
                        self._send(404, {"code": "not_found", "message": self.path})
                        return True
                    self.path = self.path[len(double.prefix):]
                return False

            def _misbehave(self) -> bool:
                if double.fault == "drip":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    try:
                        while True:
                            self.wfile.write(b" ")
                            self.wfile.flush()
                            time.sleep(double.drip_seconds)
                    except OSError:
                        return True
                if double.fault == "redirect":
                    self.send_response(double.redirect_status)
                    self.send_header("Location", double.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return True
                if double.fault in ("oversized", "oversized-stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    if double.fault == "oversized":
                        self.send_header("Content-Length", str(double.oversized_bytes))
                    else:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    block = b" " * 65536
                    try:
                        for _ in range(double.oversized_bytes // len(block)):
                            self.wfile.write(block)
                    except OSError:
                        pass
                    return True
                if double.fault == "slow":
                    time.sleep(double.slow_seconds)
                if double.fault == "error":
                    self._send(500, {"code": "internal_error", "message": "test double: injected failure"})
                    return True
                if double.fault == "malformed":
                    self._send(200, b"<html>not json", raw=True)
                    return True
                return False

            def do_GET(self):
                double.requests.append(f"GET {self.path}")
                if self._refused() or self._misbehave():
                    return
                if self.path.startswith("/health"):
                    return self._send(200, {})
                if self.path.startswith("/v1/data"):
                    parts = [p for p in self.path.split("?")[0][len("/v1/data"):].split("/") if p]
                    with double._lock:
                        value = double._opa().eval_query("x = data" + "".join(f'["{p}"]' for p in parts))
                    return self._send(200, {"result": value[0]["x"]} if value else {})
                if self.path.startswith("/v1/policies"):
                    return self._send(200, {"result": [{"id": k, "raw": v} for k, v in double.policies.items()]})
                self._send(404, {"code": "not_found", "message": self.path})

            def do_PUT(self):
                double.requests.append(f"PUT {self.path}")
                body = self._body()
                if self._refused():
                    return
                if double.fault == "redirect-admin":
                    double.fault = "redirect"
                    try:
                        self._misbehave()
                    finally:
                        double.fault = "redirect-admin"
                    return
                with double._lock:
                    if self.path.startswith("/v1/policies/"):
                        import opa_bindings

                        policy_id = self.path[len("/v1/policies/"):]
                        try:
                            opa_bindings.OpaEngine().add_policy(policy_id, body.decode())
                        except opa_bindings.OpaError as exc:
                            return self._send(400, {"code": "invalid_parameter", "message": str(exc)})
                        double.policies[policy_id] = body.decode()
                        double._engine = None
                        return self._send(200, {})
                    if self.path.startswith("/v1/data"):
                        parts = [p for p in self.path[len("/v1/data"):].split("/") if p]
                        double._put_data(parts, json.loads(body))
                        return self._send(204, b"", raw=True)
                self._send(404, {"code": "not_found", "message": self.path})

            def do_POST(self):
                double.requests.append(f"POST {self.path}")
                body = json.loads(self._body() or b"{}")
                if self._refused():
                    return
                # Faults hit the decision calls (a server that misbehaves after passing the revision check).
                decision = "main/decision" in self.path or "main.decision" in str(body.get("query", ""))
                wrong = decision and double.fault == "wrong-shape"
                if decision and not wrong and self._misbehave():
                    return
                import opa_bindings

                try:
                    with double._lock:
                        if self.path.startswith("/v1/query"):
                            rows = double._opa().eval_query(body["query"])
                            if double.fault == "undefined" and "main.decision" in body["query"]:
                                rows = []
                            if wrong and rows:
                                rows = [{k: double.wrong_shape for k in rows[0]}]
                            return self._send(200, {"result": rows} if rows else {})
                        if self.path.startswith("/v1/data/"):
                            path = self.path[len("/v1/data/"):].split("?")[0].replace("/", ".")
                            try:
                                value = double._opa().eval_document(path, body.get("input"))
                            except opa_bindings.OpaUndefinedError:
                                return self._send(200, {})
                            if double.fault == "undefined":
                                return self._send(200, {})
                            return self._send(200, {"result": double.wrong_shape if wrong else value})
                except opa_bindings.OpaError as exc:
                    return self._send(400, {"code": exc.code, "message": exc.message})
                self._send(404, {"code": "not_found", "message": self.path})

        return Handler
