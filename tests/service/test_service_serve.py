"""`aacompliance serve` as deployed: a real uvicorn with two worker processes."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from service_support import EXAMPLES, ROOT  # noqa: F401


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, token: str, body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/yaml"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.status, json.loads(r.read())


def _stalled_request(port: int, token: str, body: bytes, pause: float) -> bytes:
    """Send the headers and half the body, pause, and return what the server answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=pause + 10) as sock:
        sock.sendall((f"POST /v1/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                      f"Content-Type: application/yaml\r\nContent-Length: {len(body)}\r\n\r\n").encode()
                     + body[: len(body) // 2])
        time.sleep(pause)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


def test_two_workers_share_one_decision_log_and_one_metrics_view_and_cut_off_slow_bodies(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env["TMPDIR"] = str(tmp_path)  # where serve makes its private metrics folder
    tokens = tmp_path / "tokens.json"
    token = subprocess.run([sys.executable, "-m", "aacompliance", "tokens", "add", "t", "--scope", "check",
                            "--file", str(tokens)], env=env, capture_output=True, text=True, check=True).stdout.strip()
    port = _free_port()
    log = tmp_path / "decisions.log"
    proc = subprocess.Popen([sys.executable, "-m", "aacompliance", "serve", "--port", str(port), "--workers", "2",
                             "--tokens", str(tokens), "--decision-log", str(log), "--timeout", "1.5"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=1) as r:
                    assert json.loads(r.read())["bundle_revision"].startswith("sha256:")
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.1)
        body = (EXAMPLES / "order-form-silver-missing-region.yaml").read_bytes()
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: _post(base + "/v1/check", token, body), range(60)))
        assert {status for status, _ in answers} == {200}
        ids = {answer["decision_id"] for _, answer in answers}
        assert len(ids) == 60
        logged = [json.loads(line) for line in log.read_text().splitlines()]
        assert {e["decision_id"] for e in logged} == ids
        with urllib.request.urlopen(base + "/metrics", timeout=5) as r:
            text = r.read().decode()
        counted = re.search(r'aacompliance_decisions_total\{kind="OrderForm",verdict="violations"\} (\S+)', text)
        assert counted and float(counted.group(1)) == 60.0  # both workers' counts, summed
        # A client that stops sending its body is cut off after the time limit (408).
        assert _stalled_request(port, token, body, 2.5).startswith(b"HTTP/1.1 408 ")
        [metrics_dir] = tmp_path.glob("aacompliance-metrics-*")
        assert any(f.suffix == ".db" for f in metrics_dir.iterdir())
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr.read().decode()
    assert not metrics_dir.exists()  # serve removes its private metrics folder
