"""Server-rendered web pages: deal desk, legal, customer success (Jinja2, no build step).

Every page works with plain HTML forms (upload, paste, submit buttons for adding and
removing rows); ``/static/app.js`` only saves round trips. Pages authenticate with
a session cookie holding the API token (HttpOnly, SameSite=Strict), set by /login.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from aacompliance.errors import AacError, EngineError, InputError
from . import orderform
from .api import make_statement
from .auth import COOKIE, authenticate
from .decide import decide
from .i18n import LANGS, words
from .pipeline import Upload, safe_name
from .problems import BodyTooLarge, RequestTimeout
from .tokens import TokenError

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).parent / "templates"
_env = None


def _jinja():
    global _env
    if _env is None:
        from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

        _env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2", "html"]),
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        _env.filters["tojson_pretty"] = lambda v: json.dumps(v, ensure_ascii=False, indent=2)
    return _env


def render_page(template: str, request: Request | None, *, lang: str = "en", status: int = 200, **ctx) -> str:
    user = None
    if request is not None:
        try:
            user = authenticate(request, None, cookie=True).name
        except TokenError:
            user = None
    return _jinja().get_template(template).render(lang=lang, w=words(lang), user=user, **ctx)


def page(template: str, request: Request, *, lang: str = "en", status: int = 200, **ctx) -> HTMLResponse:
    return HTMLResponse(render_page(template, request, lang=lang, **ctx), status_code=status)


def _lang(value) -> str:
    return value if value in LANGS else "en"


def _gate(request: Request, scope: str, lang: str):
    """The page's token, or the response to send instead (login page or 403)."""
    try:
        return authenticate(request, scope, cookie=True), None
    except TokenError as exc:
        if exc.status == 401:
            return None, RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return None, page("message.html.j2", request, lang=lang, status=403,
                          title=words(lang)["need_scope"], message=f"{words(lang)['need_scope']} {scope}")


def _friendly(exc: Exception, lang: str) -> str:
    if isinstance(exc, (EngineError, RequestTimeout)):
        return "The policy engine is unavailable; try again in a moment." if lang == "en" else \
            "Le moteur de règles est indisponible ; réessayez dans un instant."
    if isinstance(exc, BodyTooLarge):
        return str(exc)
    return str(exc)


# -- home, login --------------------------------------------------------------------------

@router.get("/")
async def home(request: Request, lang: str = "en"):
    return page("home.html.j2", request, lang=_lang(lang))


@router.get("/login")
async def login_form(request: Request, next: str = "/", lang: str = "en"):
    return page("login.html.j2", request, lang=_lang(lang), next=_local(next), error=None)


def _local(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.post("/login")
async def login(request: Request):
    form = await request.form()
    lang = _lang(form.get("lang"))
    secret = str(form.get("token", "")).strip()
    target = _local(str(form.get("next", "/")))
    token = request.app.state.aac.tokens.authenticate(secret)
    if token is None:
        return page("login.html.j2", request, lang=lang, status=401, next=target, error=words(lang)["bad_token"])
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, secret, httponly=True, samesite="strict", path="/",
                        secure=request.app.state.aac.config.secure_cookies, max_age=8 * 3600)
    return response


@router.post("/logout")
async def logout(request: Request):
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


# -- deal desk -------------------------------------------------------------------------------

@router.get("/deal-desk")
async def deal_desk(request: Request, lang: str = "en"):
    lang = _lang(lang)
    token, deny = _gate(request, "check", lang)
    if deny:
        return deny
    return page("deal_desk.html.j2", request, lang=lang, form=orderform.empty(), pasted="", outcome=None,
                problem=None, field_id=orderform.field_id)


async def _uploads_from(form, field: str) -> list[Upload]:
    out = []
    for index, value in enumerate(form.getlist(field)):
        if hasattr(value, "read"):
            data = await value.read()
            if data:
                out.append(Upload(safe_name(value.filename, f"document-{index + 1}.yaml"), data))
    return out


@router.post("/deal-desk")
async def deal_desk_post(request: Request):
    form = await request.form(max_files=20, max_fields=4000)
    lang = _lang(form.get("lang"))
    token, deny = _gate(request, "check", lang)
    if deny:
        return deny
    op = str(form.get("op", "check"))
    state = orderform.from_form({k: v for k, v in form.items() if isinstance(v, str)})
    pasted = str(form.get("document", ""))
    files = await _uploads_from(form, "file")
    # Row editing without JavaScript: the buttons submit the form.
    if op == "add-subscription":
        state["subscriptions"].append(orderform.empty()["subscriptions"][0])
    elif op == "add-support":
        state["support"].append(orderform.empty()["support"][0])
    elif op.startswith("remove-sub-") or op.startswith("remove-sup-"):
        group = "subscriptions" if op.startswith("remove-sub-") else "support"
        index = op.rsplit("-", 1)[-1]
        if index.isdigit() and int(index) < len(state[group]) and len(state[group]) > 1:
            del state[group][int(index)]
    if op != "check":
        return page("deal_desk.html.j2", request, lang=lang, form=state, pasted=pasted, outcome=None, problem=None,
                    field_id=orderform.field_id)
    if files:
        upload = files[0]
    elif pasted.strip():
        upload = Upload("order-form.yaml" if not pasted.lstrip().startswith("{") else "order-form.json",
                        pasted.encode("utf-8"))
    else:
        import yaml

        text = yaml.safe_dump(orderform.to_document(state), sort_keys=False, allow_unicode=True)
        upload = Upload("order-form.yaml", text.encode("utf-8"))
    return await _deal_desk_result(request, token, lang, upload, state, pasted if not files else "")


async def _deal_desk_result(request, token, lang, upload: Upload, state, pasted: str):
    aac = request.app.state.aac
    try:
        checked, decision_id = await decide(aac, [upload], token.name, "/deal-desk")
    except AacError as exc:
        return page("deal_desk.html.j2", request, lang=lang, form=state, pasted=pasted, outcome=None,
                    problem=_friendly(exc, lang), field_id=orderform.field_id, status=503)
    if not checked.report.documents:  # e.g. a Waiver on its own: nothing to judge here
        return page("deal_desk.html.j2", request, lang=lang, form=state, pasted=pasted, outcome=None,
                    problem="; ".join(str(p) for p in checked.report.problems) or "no order form to check",
                    field_id=orderform.field_id, status=422)
    result = checked.report.documents[0]
    data = checked.data[0]
    if data is None:  # unusable: parse it again, leniently, just to refill the editor
        data = _lenient(upload)
    refill = orderform.from_document(data) if data else None
    if refill is not None:
        state = refill
    outcome = _outcome(aac.pipeline, result, data, lang, decision_id)
    outcome["document_text"] = upload.data.decode("utf-8", "replace")
    outcome["document_name"] = upload.name
    return page("deal_desk.html.j2", request, lang=lang, form=state, pasted=pasted, outcome=outcome, problem=None,
                field_id=orderform.field_id, status=200 if result.compliant is not None else 422)


def _lenient(upload: Upload) -> dict | None:
    try:
        from aacompliance.util import yamlio

        value = yamlio.parse(upload.data.decode("utf-8"), upload.name)
        return value if isinstance(value, dict) else None
    except (InputError, UnicodeDecodeError):
        return None


def _outcome(pipeline, result, data, lang: str, decision_id: str) -> dict:
    """What the pages show for one document result."""
    rev = pipeline.revision_of(result) if result.contract else None
    plans = rev.terms["plans"] if rev else {}

    def plan_label(pid):
        return plans.get(pid, {}).get("label", {}).get(lang, pid)

    plan_id = (data or {}).get("plan") if isinstance(data, dict) else None
    violations = []
    for v in result.violations:
        clause = v.clause or {}
        violations.append({"rule": v.rule, "message": pipeline.finding(v, lang, plan_id), "line": v.line,
                           "clause_id": clause.get("id"), "clause_label": (clause.get("label") or {}).get(lang),
                           "section": clause.get("section"), "quote": clause.get("quote"),
                           "clause_line": clause.get("line")})
    coverage = []
    for row in (result.report or {}).get("order_form", {}).get("coverage", []):
        coverage.append({**row, "required": [plan_label(p) for p in row.get("required_plans", [])],
                         "covered": [plan_label(p) for p in row.get("covered_by", [])]})
    return {"name": result.path, "kind": result.kind, "id": result.id, "compliant": result.compliant,
            "errors": [p for p in result.errors], "violations": violations, "coverage": coverage,
            "report": result.report or {}, "decision_id": decision_id,
            "revision": (f"{rev.terms['title'][lang]} — {rev.effective_date.isoformat()}" if rev else None),
            "rev": rev, "ledger": None, "ledger_svg": "", "attainment": None, "attainment_svg": ""}


@router.post("/statement")
async def statement_download(request: Request):
    """The statement PDF for the documents a page has just checked (sent back as text)."""
    form = await request.form(max_files=50, max_fields=200)
    lang = _lang(form.get("lang"))
    token, deny = _gate(request, "statement", lang)
    if deny:
        return deny
    uploads = []
    for index, (name, text) in enumerate(zip(form.getlist("document_name"), form.getlist("document_text"))):
        uploads.append(Upload(safe_name(str(name), f"document-{index + 1}.yaml"), str(text).encode("utf-8")))
    signed_off_by = str(form.get("signed_off_by", "")).strip()[:200]
    role = str(form.get("role", "")).strip()[:200]
    if not uploads or not signed_off_by or not role:
        return page("message.html.j2", request, lang=lang, status=400, title=words(lang)["statement"],
                    message=f"{words(lang)['signed_off_by']}, {words(lang)['role']}: required")
    try:
        pdf = await make_statement(request.app.state.aac, uploads, lang=lang, signed_off_by=signed_off_by,
                                   role=role)
    except InputError as exc:
        return page("message.html.j2", request, lang=lang, status=422, title=words(lang)["errors"],
                    message="; ".join(str(p) for p in exc.problems))
    except AacError as exc:
        return page("message.html.j2", request, lang=lang, status=503, title=words(lang)["statement"],
                    message=_friendly(exc, lang))
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="statement.pdf"'})


# -- legal ---------------------------------------------------------------------------------

@router.get("/legal")
async def legal(request: Request, lang: str = "en"):
    lang = _lang(lang)
    token, deny = _gate(request, "diff", lang)
    if deny:
        return deny
    revisions = request.app.state.aac.pipeline.contracts()
    return page("legal.html.j2", request, lang=lang, revisions=revisions, old=None, new=None, diff=None,
                impact=None, problem=None)


@router.post("/legal")
async def legal_post(request: Request):
    form = await request.form(max_files=500, max_fields=50)
    lang = _lang(form.get("lang"))
    token, deny = _gate(request, "diff", lang)
    if deny:
        return deny
    aac = request.app.state.aac
    revisions = aac.pipeline.contracts()
    old, new = str(form.get("old", "")), str(form.get("new", ""))
    uploads = [u for u in await _uploads_from(form, "documents") if u.name.endswith((".yaml", ".yml", ".json"))]
    ctx = {"revisions": revisions, "old": old, "new": new, "diff": None, "impact": None, "problem": None}
    try:
        ctx["diff"] = await aac.runner.engine(aac.pipeline.diff_result, old, new)
        if uploads:
            ctx["impact"] = await aac.runner.slow(aac.pipeline.impact, old, new, uploads)
    except AacError as exc:
        ctx["problem"] = _friendly(exc, lang)
        return page("legal.html.j2", request, lang=lang, status=400, **ctx)
    return page("legal.html.j2", request, lang=lang, **ctx)


# -- customer success -------------------------------------------------------------------------

@router.get("/success")
async def success(request: Request, lang: str = "en"):
    lang = _lang(lang)
    token, deny = _gate(request, "check", lang)
    if deny:
        return deny
    return page("success.html.j2", request, lang=lang, outcomes=None, problem=None)


@router.post("/success")
async def success_post(request: Request):
    form = await request.form(max_files=20, max_fields=50)
    lang = _lang(form.get("lang"))
    token, deny = _gate(request, "check", lang)
    if deny:
        return deny
    aac = request.app.state.aac
    uploads = await _uploads_from(form, "documents")
    if not uploads:
        return page("success.html.j2", request, lang=lang, outcomes=None, status=400,
                    problem=words(lang)["success_upload"])
    try:
        checked, decision_id = await decide(aac, uploads, token.name, "/success")
    except AacError as exc:
        return page("success.html.j2", request, lang=lang, outcomes=None, problem=_friendly(exc, lang), status=503)
    from .charts import attainment_chart, ledger_chart

    outcomes = []
    for upload, result, data in zip(checked.uploads, checked.report.documents, checked.data):
        outcome = _outcome(aac.pipeline, result, data, lang, decision_id)
        outcome["document_text"] = upload.data.decode("utf-8", "replace")
        outcome["document_name"] = upload.name
        report = result.report or {}
        rev = outcome["rev"]
        if result.kind == "BenefitUsage" and rev is not None:
            rows = []
            for row in report.get("benefits", {}).get("ledger", []):
                label = rev.terms["benefits"].get(row["benefit"], {}).get("label", {}).get(lang, row["benefit"])
                rows.append({**row, "label": label})
            outcome["ledger"] = rows
            outcome["ledger_svg"] = ledger_chart(rows, words(lang))
        if result.kind == "IncidentLog":
            attainment = report.get("incidents", {}).get("attainment", {})
            outcome["attainment"] = attainment
            outcome["attainment_svg"] = attainment_chart(attainment, words(lang))
        outcomes.append(outcome)
    return page("success.html.j2", request, lang=lang, outcomes=outcomes, problem=None)
