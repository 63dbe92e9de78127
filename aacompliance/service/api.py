"""The HTTP API (``/v1/…``, ``/healthz``, ``/readyz``, ``/metrics``)."""
from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from aacompliance.errors import UsageError
from aacompliance.render import render_json
from aacompliance.util.dates import parse_date
from .auth import require
from .decide import decide
from .pipeline import Upload, safe_name
from .problems import PROBLEM_JSON, NotImplementedYet, UnsupportedMediaType

router = APIRouter()

YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
MAX_FILES = 200
_PROBLEM = {"content": {PROBLEM_JSON: {}}}
_ERRORS = {401: {"description": "no valid token", **_PROBLEM}, 403: {"description": "token lacks the scope", **_PROBLEM},
           413: {"description": "body above the input limit", **_PROBLEM},
           503: {"description": "engine failure or time limit", **_PROBLEM}}


def _state(request: Request):
    return request.app.state.aac


async def read_uploads(request: Request, name: str | None) -> list[Upload]:
    """The documents in a request: its body (JSON or YAML), or each file of a multipart form."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json":
        return [Upload(_with_suffix(safe_name(name, "document.json"), ".json"), await request.body())]
    if media in YAML_TYPES:
        return [Upload(_with_suffix(safe_name(name, "document.yaml"), ".yaml"), await request.body())]
    if media == "multipart/form-data":
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES)
        uploads = []
        for index, (_, value) in enumerate(form.multi_items()):
            if hasattr(value, "read"):
                data = await value.read()
                uploads.append(Upload(safe_name(value.filename, f"document-{index + 1}.yaml"), data))
        await form.close()
        if not uploads:
            raise UsageError("the multipart form holds no file")
        return uploads
    raise UnsupportedMediaType(f"send one document as application/json or application/yaml, or several as "
                               f"multipart/form-data (got {media or 'no Content-Type'!r})")


def _with_suffix(name: str, suffix: str) -> str:
    return name if name.endswith(suffix) or (suffix == ".yaml" and name.endswith(".yml")) else name + suffix


@router.post("/v1/check", tags=["check"], responses={
    200: {"description": "the same JSON as `check --format json`, plus `decision_id`"},
    422: {"description": "unusable input: errors with file, line and field", **_PROBLEM}, **_ERRORS})
async def check(request: Request, name: str | None = Query(None, description="Name reported as the document's path"),
                token=Depends(require("check"))):
    """Evaluate one document (JSON, or YAML as `application/yaml`) or several (multipart/form-data)."""
    state = _state(request)
    uploads = await read_uploads(request, name)
    checked, decision_id = await decide(state, uploads, token.name, "/v1/check")
    report = checked.report
    headers = {"X-Decision-Id": decision_id}
    if report.summary()["errors"]:
        errors = [{"path": d.path, **p.as_dict()} for d in report.documents for p in d.errors]
        errors += [{"path": p.path, **p.as_dict()} for p in report.problems]  # e.g. a waiver that cannot be used
        body = {"type": "/problems/invalid-input", "title": "Unprocessable Content", "status": 422,
                "detail": f"{len(errors)} problem(s) in the input; the usable documents were evaluated "
                          "(see report)",
                "decision_id": decision_id, "errors": errors, "report": json.loads(render_json(report))}
        return Response(json.dumps(body, ensure_ascii=False), 422, media_type=PROBLEM_JSON, headers=headers)
    text = render_json(report)  # exactly `check --format json`
    return Response('{"decision_id": ' + json.dumps(decision_id) + ", " + text[1:], media_type="application/json",
                    headers=headers)


@router.post("/v1/statements", tags=["statements"], response_class=Response, responses={
    200: {"content": {"application/pdf": {}}, "description": "the PDF/A-3b statement (signed when configured)"},
    422: {"description": "unusable input", **_PROBLEM}, **_ERRORS})
async def statement(request: Request, lang: str = Query("en", pattern="^(en|fr)$"),
                    signed_off_by: str = Query(..., min_length=1, max_length=200),
                    role: str = Query(..., min_length=1, max_length=200),
                    date: str | None = Query(None, description="Statement date, YYYY-MM-DD (default today)"),
                    name: str | None = Query(None), token=Depends(require("statement"))):
    """A compliance statement for one account's documents (body as for /v1/check)."""
    state = _state(request)
    uploads = await read_uploads(request, name)
    pdf = await make_statement(state, uploads, lang=lang, signed_off_by=signed_off_by, role=role, date_text=date)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="statement.pdf"'})


async def make_statement(state, uploads, *, lang, signed_off_by, role, date_text=None) -> bytes:
    import os

    day = None
    if date_text:
        day = parse_date(date_text)
        if day is None:
            raise UsageError(f"date {date_text!r} is not a date (YYYY-MM-DD)")
    cfg = state.config
    passphrase = os.environ.get(cfg.sign_passphrase_env, "").encode() if cfg.sign_passphrase_env else None

    def work():
        return state.pipeline.statement(uploads, lang=lang, signed_off_by=signed_off_by, role=role, date=day,
                                        sign_key=cfg.sign_key, sign_cert=cfg.sign_cert, passphrase=passphrase)

    return await state.runner.slow(work)


@router.get("/v1/contracts", tags=["terms"], responses=_ERRORS)
async def contracts(request: Request, token=Depends(require(None))):
    """Every contract revision: id, version, effective date, status, plans."""
    state = _state(request)
    return {"revisions": await state.runner.engine(state.pipeline.contracts)}


@router.get("/v1/contracts/in-force", tags=["terms"], responses=_ERRORS)
async def in_force(request: Request, on: str = Query(..., description="YYYY-MM-DD"), token=Depends(require(None))):
    """The revision of each contract in force on a date."""
    day = parse_date(on)
    if day is None:
        raise UsageError(f"on={on!r} is not a date (YYYY-MM-DD)")
    state = _state(request)
    return await state.runner.engine(state.pipeline.in_force, day)


@router.get("/v1/diff", tags=["terms"], responses=_ERRORS)
async def diff(request: Request, old: str = Query(..., description="effective date or id@date"),
               new: str = Query(..., description="effective date or id@date"),
               format: str = Query("json", pattern="^(json|html)$"), token=Depends(require("diff"))):
    """What changed between two stored revisions, term by term (json) or as a redline (html)."""
    state = _state(request)
    text, _ = await state.runner.engine(state.pipeline.diff, old, new, format)
    if format == "html":
        return HTMLResponse(text)
    return Response(text, media_type="application/json")


@router.get("/v1/rules", tags=["terms"], responses=_ERRORS)
async def rules(request: Request, token=Depends(require(None))):
    """The rule ids, the document kind each applies to, and what breaks them."""
    return {"rules": _state(request).pipeline.rules()}


@router.get("/v1/schemas/{kind}", tags=["terms"], responses={404: _PROBLEM, **_ERRORS})
async def schema(request: Request, kind: str, token=Depends(require(None))):
    """The JSON Schema of a document kind (OrderForm, Roster, BenefitUsage, IncidentLog)."""
    from aacompliance.documents import KINDS
    from .problems import response

    if kind not in KINDS:
        return response(404, "Not Found", f"unknown kind {kind!r}; known: {', '.join(KINDS)}", "unknown-kind")
    base = str(request.base_url).rstrip("/")
    out = _state(request).pipeline.schema(kind, base)
    if out is None:
        raise NotImplementedYet(f"no JSON Schema export for {kind}")
    return JSONResponse(out, media_type="application/schema+json")


@router.get("/healthz", tags=["operations"])
async def healthz():
    """The process is up (says nothing about the engine: see /readyz)."""
    return {"status": "ok"}


@router.get("/readyz", tags=["operations"])
async def readyz(request: Request):
    """Ready when the engine is loaded: 200 with the bundle revision, else 503."""
    state = _state(request)
    loaded = state.pipeline.engine_loaded
    body = {"ready": loaded, "engine": state.config.engine, "bundle_revision": state.revision}
    if not loaded and state.load_error:
        body["error"] = state.load_error
    return JSONResponse(body, status_code=200 if loaded else 503)


@router.get("/metrics", tags=["operations"], response_class=Response)
async def metrics(request: Request):
    """Prometheus text exposition."""
    data, content_type = _state(request).metrics.exposition()
    return Response(data, media_type=content_type)

