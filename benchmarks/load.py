#!/usr/bin/env python3
"""Load benchmark of `aacompliance serve`: order-form checks over HTTP.

Starts `aacompliance serve --workers 2` on 127.0.0.1 (decision log on, as in
production), then drives it with N concurrent keep-alive clients for D seconds and
prints requests/s, latency percentiles, errors and the server's memory at the start
and the end of the run (resident set of the master and its workers).

    python benchmarks/load.py            # 32 clients, 60 s, 2 workers (the issue's setting)
    python benchmarks/load.py --quick    # 32 clients, 10 s

The clients are raw HTTP/1.1 over asyncio streams (one request object built once),
so that the load generator, which shares the machine's cores with the server,
spends as little CPU as possible; every response's status is checked.
Figures are reported, never asserted.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "examples" / "order-form-silver-missing-region.yaml", ROOT / "examples" / "order-form-gold-ok.yaml"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_kib(pid: int) -> dict[int, int]:
    """Resident set (KiB) of ``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, stack = {}, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[current] = int(line.split()[1])
        except OSError:
            pass
        stack.extend(children.get(current, []))
    return out


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its descendants (children still running)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for child in tree_rss_kib(pid):
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


class Stats:
    def __init__(self):
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.statuses: dict[int, int] = {}


async def client(host: str, port: int, requests: list[bytes], deadline: float, stats: Stats, offset: int):
    reader, writer = await asyncio.open_connection(host, port)
    i = offset
    try:
        while time.perf_counter() < deadline:
            request = requests[i % len(requests)]
            i += 1
            start = time.perf_counter()
            try:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                if length:
                    await reader.readexactly(length)
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                stats.errors[type(exc).__name__] = stats.errors.get(type(exc).__name__, 0) + 1
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            stats.latencies.append(time.perf_counter() - start)
            stats.statuses[status] = stats.statuses.get(status, 0) + 1
            if status != 200:
                stats.errors[f"HTTP {status}"] = stats.errors.get(f"HTTP {status}", 0) + 1
    finally:
        writer.close()


async def drive(host, port, requests, clients, seconds) -> Stats:
    stats = Stats()
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(client(host, port, requests, deadline, stats, k) for k in range(clients)))
    return stats


def build_requests(host: str, port: int, token: str) -> list[bytes]:
    out = []
    for path in DOCUMENTS:
        body = path.read_bytes()
        out.append((f"POST /v1/check HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
                    f"Content-Type: application/yaml\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="10 seconds instead of 60")
    parser.add_argument("--engine", default="regorus")
    parser.add_argument("--json", metavar="FILE", help="Also write the figures as JSON to FILE.")
    args = parser.parse_args()
    seconds = 10.0 if args.quick else args.seconds
    host, port = "127.0.0.1", free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with tempfile.TemporaryDirectory(prefix="aac-load-") as tmp:
        tokens = Path(tmp) / "tokens.json"
        token = subprocess.run([sys.executable, "-m", "aacompliance", "tokens", "add", "load", "--scope", "check",
                                "--file", str(tokens)], env=env, check=True, capture_output=True,
                               text=True).stdout.strip()
        server = subprocess.Popen([sys.executable, "-m", "aacompliance", "serve", "--host", host, "--port", str(port),
                                   "--workers", str(args.workers), "--tokens", str(tokens), "--engine", args.engine,
                                   "--decision-log", str(Path(tmp) / "decisions.log")],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            for _ in range(300):
                try:
                    with urllib.request.urlopen(f"http://{host}:{port}/readyz", timeout=1) as r:
                        if r.status == 200:
                            break
                except OSError:
                    time.sleep(0.1)
            else:
                raise SystemExit("server did not become ready: " + server.stderr.read1().decode())
            requests = build_requests(host, port, token)
            try:
                import uvloop
                uvloop.install()
            except ImportError:
                pass
            asyncio.run(drive(host, port, requests, args.clients, 3.0))  # warm-up: both workers, their engines
            rss_start = tree_rss_kib(server.pid)
            load_start = os.getloadavg()[0]
            cpu_start = tree_cpu_seconds(server.pid)
            wall = time.perf_counter()
            stats = asyncio.run(drive(host, port, requests, args.clients, seconds))
            wall = time.perf_counter() - wall
            rss_end = tree_rss_kib(server.pid)
            load_end = os.getloadavg()[0]
            cpu_used = tree_cpu_seconds(server.pid) - cpu_start
            log_lines = sum(1 for _ in open(Path(tmp) / "decisions.log", encoding="utf-8"))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    lat = sorted(stats.latencies)

    def pct(p):
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 if lat else float("nan")

    figures = {
        "clients": args.clients, "workers": args.workers, "seconds": round(wall, 1), "engine": args.engine,
        "requests": len(lat), "requests_per_second": round(len(lat) / wall, 1),
        "p50_ms": round(pct(50), 2), "p90_ms": round(pct(90), 2), "p99_ms": round(pct(99), 2),
        "max_ms": round(lat[-1] * 1000, 2) if lat else None,
        "mean_ms": round(statistics.fmean(lat) * 1000, 2) if lat else None,
        "errors": sum(stats.errors.values()), "error_kinds": stats.errors, "statuses": stats.statuses,
        "rss_start_mib": round(sum(rss_start.values()) / 1024, 1), "rss_end_mib": round(sum(rss_end.values()) / 1024, 1),
        "processes": len(rss_end), "decision_log_lines": log_lines,
        "load_average_1min": [round(load_start, 2), round(load_end, 2)],
        "server_cpu_ms_per_request": round(cpu_used / max(1, len(lat)) * 1000, 3),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    print(f"aacompliance serve load test: {figures['clients']} clients, {figures['workers']} workers, "
          f"{figures['seconds']} s, engine {figures['engine']} ({figures['machine']})")
    print(f"  requests      {figures['requests']:,} ({figures['requests_per_second']:,} req/s)")
    print(f"  latency       p50 {figures['p50_ms']} ms · p90 {figures['p90_ms']} ms · p99 {figures['p99_ms']} ms · "
          f"max {figures['max_ms']} ms")
    print(f"  errors        {figures['errors']} {figures['error_kinds'] or ''}")
    print(f"  memory (RSS)  {figures['rss_start_mib']} MiB at start → {figures['rss_end_mib']} MiB at end "
          f"({figures['processes']} processes)")
    print(f"  decision log  {figures['decision_log_lines']:,} lines")
    print(f"  server CPU    {figures['server_cpu_ms_per_request']} ms per request (all server processes; "
          f"the ceiling on N free cores is N × 1000 / this)")
    print(f"  machine load  {load_start:.2f} → {load_end:.2f} (1-min load average; other work on the cores "
          "slows the server and the clients alike)")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
