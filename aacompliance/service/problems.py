"""RFC 9457 problem details: every error the service answers, and none with a stack trace."""
from __future__ import annotations

import json
import logging

from aacompliance.errors import AacError, EngineError, InputError, UsageError
from .tokens import TokenError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("aacompliance.service")


class BodyTooLarge(AacError):
    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"request body above the {limit}-byte limit")


class RequestTimeout(AacError):
    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the request took longer than its {seconds:g}-second limit")


class SlowBody(AacError):
    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the request body stalled for more than {seconds:g} seconds")


class UnsupportedMediaType(AacError):
    pass


class NotImplementedYet(AacError):
    pass


def body(status: int, title: str, detail: str | None = None, kind: str | None = None, **extra) -> dict:
    out = {"type": f"/problems/{kind}" if kind else "about:blank", "title": title, "status": status}
    if detail:
        out["detail"] = detail
    out.update(extra)
    return out


def response(status: int, title: str, detail: str | None = None, kind: str | None = None,
             headers: dict | None = None, **extra):
    from starlette.responses import Response

    content = json.dumps(body(status, title, detail, kind, **extra), ensure_ascii=False)
    return Response(content, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def input_errors(exc: InputError) -> list[dict]:
    return [{"path": p.path, **p.as_dict()} for p in exc.problems]


def from_exception(exc: BaseException):
    """The response for an exception raised while handling a request."""
    if isinstance(exc, TokenError):
        headers = {"WWW-Authenticate": 'Bearer realm="aacompliance"'} if exc.status == 401 else None
        title = "Unauthorized" if exc.status == 401 else "Forbidden"
        return response(exc.status, title, str(exc), "unauthorized" if exc.status == 401 else "forbidden",
                        headers=headers)
    if isinstance(exc, BodyTooLarge):
        return response(413, "Content Too Large", str(exc), "too-large", limit=exc.limit)
    if isinstance(exc, RequestTimeout):
        return response(503, "Service Unavailable", str(exc), "timeout", headers={"Retry-After": "1"})
    if isinstance(exc, SlowBody):
        return response(408, "Request Timeout", str(exc), "slow-body", headers={"Connection": "close"})
    if isinstance(exc, EngineError):
        log.error("engine failure: %s", exc)
        return response(503, "Service Unavailable", "the policy engine failed; it is being reloaded — retry",
                        "engine-failure", headers={"Retry-After": "1"})
    if isinstance(exc, UnsupportedMediaType):
        return response(415, "Unsupported Media Type", str(exc), "media-type")
    if isinstance(exc, NotImplementedYet):
        return response(501, "Not Implemented", str(exc), "not-implemented")
    if isinstance(exc, InputError):
        return response(422, "Unprocessable Content", "the input cannot be evaluated", "invalid-input",
                        errors=input_errors(exc))
    if isinstance(exc, UsageError):
        return response(400, "Bad Request", str(exc), "bad-request")
    trace = getattr(exc, "aac_traceback", None)
    if trace:
        log.error("internal error: %s", trace)
    else:
        log.error("internal error: %s: %s", type(exc).__name__, exc, exc_info=exc)
    return response(500, "Internal Server Error", "an internal error occurred; it has been logged", "internal")
