"""The application factory: ``create_app(config)``; ``app_from_env()`` for uvicorn workers."""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path

import aacompliance
from aacompliance.errors import AacError, EngineError
from .config import ServiceConfig
from .pipeline import Pipeline
from .problems import from_exception, response
from .runtime import Guard, State

HERE = Path(__file__).parent
STATIC = HERE / "static"
log = logging.getLogger("aacompliance.service")

DESCRIPTION = """Check customer documents against Automation Anywhere's Technical Support Terms —
the same decisions as `aacompliance check`. Authenticate with `Authorization: Bearer <token>`
(tokens are made with `aacompliance tokens add`). Errors are `application/problem+json`."""


def create_app(config: ServiceConfig, *, pipeline: Pipeline | None = None):
    from fastapi import FastAPI
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException
    from starlette.staticfiles import StaticFiles

    state = State(config, pipeline)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        try:
            state.revision = state.pipeline.load()  # on the event loop's thread: see Runner
            state.metrics.engine_ready.set(1)
        except Exception as exc:  # noqa: BLE001 - the service starts; /readyz says why it is not ready
            state.load_error = str(exc)
            state.metrics.engine_ready.set(0)
            log.error("engine not loaded: %s", exc)
        yield
        state.runner.close()
        state.log.close()

    app = FastAPI(title="aacompliance", version=aacompliance.__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.aac = state

    @app.exception_handler(AacError)
    async def _aac_error(request, exc):
        if isinstance(exc, EngineError):
            state.metrics.engine_failures.inc()
            state.metrics.engine_ready.set(0)
        return from_exception(exc)

    @app.exception_handler(HTTPException)
    async def _http_error(request, exc):
        titles = {404: "Not Found", 405: "Method Not Allowed"}
        return response(exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail) if exc.detail
                        else None, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request, exc):
        errors = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]), "message": e.get("msg", ""),
                   "in": (e.get("loc") or ["request"])[0]} for e in exc.errors()]
        return response(400, "Bad Request", "invalid request parameters", "bad-request", errors=errors)

    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC), follow_symlink=False), name="static")
    _docs(app)
    if config.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(Guard, state=state)
    return app


def _docs(app) -> None:
    """OpenAPI at /docs, with the vendored Swagger UI when present (no CDN), else a plain page."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from starlette.responses import HTMLResponse

    swagger = STATIC / "vendor" / "swagger-ui"

    @app.get("/docs", include_in_schema=False)
    async def docs():
        if (swagger / "swagger-ui-bundle.js").is_file():
            page = get_swagger_ui_html(openapi_url="/openapi.json", title="aacompliance API",
                                       swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                       swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                       swagger_favicon_url="/static/favicon.svg")
            # Swagger UI starts from one inline script: allowed on this page only.
            page.headers["content-security-policy"] = (
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                "script-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'")
            return page
        from .pages import render_page

        return HTMLResponse(render_page("api_docs.html.j2", None, openapi=app.openapi()))


def app_from_env():
    """For ``uvicorn --factory``: the configuration comes from $AACOMPLIANCE_SERVICE_CONFIG."""
    return create_app(ServiceConfig.from_env())
