"""Prometheus metrics: requests, latency, decisions by verdict.

With one worker the counters live in the process; with several (`serve
--workers N`), ``serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a private folder
before the workers start and ``/metrics`` sums every worker's values
(prometheus_client's multiprocess mode), so a scrape sees the whole server.
"""
from __future__ import annotations

import os

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self):
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry()
        self.requests = Counter("aacompliance_http_requests_total", "HTTP requests by route, method and status",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("aacompliance_http_request_duration_seconds", "HTTP request latency by route",
                                 ["route", "method"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.decisions = Counter("aacompliance_decisions_total",
                                 "Documents decided, by kind and verdict (compliant, violations, errors)",
                                 ["kind", "verdict"], registry=self.registry)
        self.engine_failures = Counter("aacompliance_engine_failures_total",
                                       "Policy engine failures (each answered 503; the engine is reloaded)",
                                       registry=self.registry)
        self.engine_ready = Gauge("aacompliance_engine_ready", "1 when the policy engine is loaded",
                                  registry=self.registry, multiprocess_mode="min")

    def exposition(self) -> tuple[bytes, str]:
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
