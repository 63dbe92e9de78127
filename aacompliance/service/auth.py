"""Who is calling: a bearer token (API) or the session cookie set by the login page (web pages)."""
from __future__ import annotations

from .tokens import Token, TokenError

COOKIE = "aac_session"


def bearer(request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def authenticate(request, scope: str | None, *, cookie: bool = False) -> Token:
    """The caller's token, which must hold ``scope`` (any scope when None): 401 without
    a valid token, 403 without the scope."""
    secret = bearer(request) or (request.cookies.get(COOKIE) if cookie else None)
    if not secret:
        raise TokenError(401, "a bearer token is required (Authorization: Bearer <token>)")
    token = request.app.state.aac.tokens.authenticate(secret)
    if token is None:
        raise TokenError(401, "unknown or revoked token")
    if scope is not None and scope not in token.scopes:
        raise TokenError(403, f"token {token.name!r} lacks the {scope!r} scope (it has: {', '.join(token.scopes)})")
    return token


def require(scope: str | None):
    """A FastAPI dependency: the API caller's token with ``scope``. (A coroutine: FastAPI
    would run a plain function on its thread pool, a thread hop per request for a
    microsecond's work.)"""

    async def dependency(request) -> Token:
        return authenticate(request, scope)

    from starlette.requests import Request

    dependency.__annotations__["request"] = Request
    return dependency
