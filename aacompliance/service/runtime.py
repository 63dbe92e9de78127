"""Per-process state of the service: the pipelines and their threads, the decision
log, tokens, metrics, and the request guard (body limit, metrics, headers)."""
from __future__ import annotations

import asyncio
import concurrent.futures
import time

from aacompliance.errors import AacError, EngineError
from .config import ServiceConfig
from .decisions import DecisionLog
from .metrics import Metrics
from .pipeline import Pipeline
from .problems import BodyTooLarge, RequestTimeout, SlowBody, from_exception
from .tokens import TokenStore


class Runner:
    """Runs checks with a time limit, and the slow work off the event loop.

    Engines need not be thread-safe, and some are bound to the thread that created
    them (regorus's VM), so each engine lives on one thread:

    - a request of at most ``inline_bytes`` is checked on the event loop's own thread,
      by ``pipeline`` (its engine is loaded there at start): a small document takes
      about a millisecond, and handing it to another thread would cost a quarter of
      that again in wake-ups and GIL transfers;
    - a larger request is checked on the engine thread, by a second pipeline loaded
      there on first use, under the time limit: a request past it is answered 503 while
      the work finishes in the background (Python cannot interrupt an engine call);
    - statements and impact runs, which take seconds and build engines of their own,
      go to a third thread with a longer limit.
    """

    def __init__(self, pipeline: Pipeline, timeout: float, slow_timeout: float, inline_bytes: int):
        self.pipeline = pipeline
        self.timeout, self.slow_timeout, self.inline_bytes = timeout, slow_timeout, inline_bytes
        self._large: Pipeline | None = None  #: owned by the engine thread
        self.engine_thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="aac-engine")
        self.slow_thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="aac-slow")

    async def _run(self, executor, timeout, fn, *args):
        future = asyncio.get_running_loop().run_in_executor(executor, _detached, fn, *args)
        try:
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise RequestTimeout(timeout) from None

    async def check(self, uploads):
        """The pipeline's check of ``uploads``, on the thread that suits their size."""
        if sum(len(u.data) for u in uploads) <= self.inline_bytes:
            try:
                return self.pipeline.check(uploads)
            except EngineError:
                asyncio.get_running_loop().call_soon(self.pipeline.reload)  # recover before the next request
                raise
        return await self._run(self.engine_thread, self.timeout, self._check_large, uploads)

    def _check_large(self, uploads):
        if self._large is None:
            self._large = Pipeline(self.pipeline.settings)
        return self._large.check(uploads)

    async def engine(self, fn, *args):
        """Other bounded work (terms, diffs), on the engine thread under the time limit."""
        return await self._run(self.engine_thread, self.timeout, fn, *args)

    async def slow(self, fn, *args):
        return await self._run(self.slow_thread, self.slow_timeout, fn, *args)

    def close(self) -> None:
        """Free each engine on its own thread (this is the event loop's), then stop the threads."""
        self.pipeline.reset_engine()
        if self._large is not None:
            try:
                self.engine_thread.submit(self._large.reset_engine).result(timeout=self.timeout + 5)
            except Exception:  # noqa: BLE001 - a stuck evaluation: the process is exiting anyway
                pass
        self.engine_thread.shutdown(wait=False, cancel_futures=True)
        self.slow_thread.shutdown(wait=False, cancel_futures=True)


def _detached(fn, *args):
    """Call ``fn`` on a worker thread; an exception leaves the thread without its traceback.

    A traceback keeps its frames' locals alive — engines among them — and some engines
    (regorus's VM) must be freed on the thread that made them. The text of the
    traceback is kept on the exception (``aac_traceback``) for the server's log.
    """
    try:
        return fn(*args)
    except BaseException as exc:
        import traceback

        if not isinstance(exc, AacError):
            exc.aac_traceback = "".join(traceback.format_exception(exc))
        exc.__traceback__ = exc.__context__ = exc.__cause__ = None
        raise exc from None


class State:
    def __init__(self, config: ServiceConfig, pipeline: Pipeline | None = None):
        self.config = config
        self.pipeline = pipeline or Pipeline(config.settings())
        self.tokens = TokenStore(config.tokens_file)
        self.log = DecisionLog(config.decision_log, max_bytes=config.log_max_bytes, backups=config.log_backups)
        self.metrics = Metrics()
        self.runner = Runner(self.pipeline, config.request_timeout, config.statement_timeout,
                             config.inline_max_bytes)
        self.revision: str | None = None
        self.load_error: str | None = None
        self.started = time.time()


_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     b"object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
]


class Guard:
    """Pure ASGI middleware (no per-request task, unlike BaseHTTPMiddleware):

    - refuses a body above the limit (413) from its Content-Length, and stops
      reading one that grows past it without a Content-Length;
    - answers 408 when the client pauses longer than the time limit while sending
      its body (a slow client cannot hold a connection and a worker's memory);
    - counts requests and latency by route template (never by raw path);
    - adds security headers; turns any escaped exception into a problem response.
    """

    def __init__(self, app, state: State):
        self.app, self.state = app, state

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        limit = self.state.config.max_body_bytes
        status_holder = {"status": 500, "started": False}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = True
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                message["headers"] = headers + [(k, v) for k, v in _SECURITY_HEADERS if k not in present]
            await send(message)

        try:
            length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
            if length is not None and (not length.isdigit() or int(length) > limit):
                raise BodyTooLarge(limit)
            received = 0
            body_done = False
            timeout = self.state.config.request_timeout

            async def limited_receive():
                nonlocal received, body_done
                if body_done:  # e.g. waiting for a disconnect: no limit
                    return await receive()
                try:
                    message = await asyncio.wait_for(receive(), timeout)
                except asyncio.TimeoutError:
                    raise SlowBody(timeout) from None
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > limit:
                        raise BodyTooLarge(limit)
                    body_done = not message.get("more_body", False)
                return message

            await self.app(scope, limited_receive, send_wrapper)
        except Exception as exc:  # noqa: BLE001 - never a stack trace to the client
            if not status_holder["started"]:
                await from_exception(exc)(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or ("static" if scope["path"].startswith("/static/")
                                                        else "unmatched")
            metrics = self.state.metrics
            metrics.requests.labels(template, scope["method"], str(status_holder["status"])).inc()
            metrics.latency.labels(template, scope["method"]).observe(time.perf_counter() - start)
