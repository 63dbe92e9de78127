"""A TEST DOUBLE of OPA's REST API — for tests only, never shipped.

Used where no `opa` executable is on PATH. It speaks the subset of OPA's REST API
that aacompliance uses (policies, data, POST /v1/data/..., POST /v1/query) and
delegates every evaluation to OPA itself, embedded through the opa-go bindings,
so the decisions it returns are OPA's own. It can also misbehave on purpose
(`fault`: "slow", "error", "malformed", "undefined") for the fault tests.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class OpaRestTestDouble:
    def __init__(self):
        self.policies: dict[str, str] = {}
        self.data: dict = {}
        self.fault: str | None = None
        self.slow_seconds = 5.0
        self.requests: list[str] = []
        self._engine = None
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.handle_error = lambda request, address: None  # clients that time out hang up: expected
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

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

            def _misbehave(self) -> bool:
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
                if self._misbehave():
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
                if self._misbehave():
                    return
                body = json.loads(self._body() or b"{}")
                import opa_bindings

                try:
                    with double._lock:
                        if self.path.startswith("/v1/query"):
                            rows = double._opa().eval_query(body["query"])
                            if double.fault == "undefined" and "main.decision" in body["query"]:
                                rows = []
                            return self._send(200, {"result": rows} if rows else {})
                        if self.path.startswith("/v1/data/"):
                            path = self.path[len("/v1/data/"):].split("?")[0].replace("/", ".")
                            try:
                                value = double._opa().eval_document(path, body.get("input"))
                            except opa_bindings.OpaUndefinedError:
                                return self._send(200, {})
                            if double.fault == "undefined":
                                return self._send(200, {})
                            return self._send(200, {"result": value})
                except opa_bindings.OpaError as exc:
                    return self._send(400, {"code": exc.code, "message": exc.message})
                self._send(404, {"code": "not_found", "message": self.path})

        return Handler
