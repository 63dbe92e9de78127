"""A local RFC 3161 time-stamping authority for tests: pyHanko's DummyTimeStamper
served over HTTP on 127.0.0.1 (the test that starts it stops it)."""
from __future__ import annotations

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from selfsigned import self_signed


def make_tsa(folder: Path) -> tuple[Path, Path]:
    """A self-signed TSA certificate (extendedKeyUsage timeStamping, critical) and its key."""
    return self_signed(folder, "aacompliance Test TSA (invented)", "tsa.key", "tsa.pem", ca=False, cert_sign=False,
                       until=2060, time_stamping=True)


class TimeStampServer:
    def __init__(self, key: Path, cert: Path, *, fixed: dt.datetime | None = None):
        from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
        from pyhanko.sign.timestamps import DummyTimeStamper

        self.stamper = DummyTimeStamper(tsa_cert=load_cert_from_pemder(str(cert)),
                                        tsa_key=load_private_key_from_pemder(str(key), passphrase=None),
                                        fixed_dt=fixed)
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                from asn1crypto import tsp

                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests += 1
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_response(415)
                    self.end_headers()
                    return
                reply = outer.stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
