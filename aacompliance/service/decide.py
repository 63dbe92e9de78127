"""A decision: run the check, count it, and log it — shared by the API and the web pages."""
from __future__ import annotations

import hashlib
import time

import aacompliance
from aacompliance.errors import EngineError
from .decisions import DECISION_PATH, new_id, now_rfc3339
from .pipeline import Checked, Upload


def _account(data: dict | None) -> str | None:
    if not isinstance(data, dict):
        return None
    if data.get("kind") == "OrderForm":
        return str((data.get("customer") or {}).get("account"))
    return str(data["account"]) if "account" in data else None


def _verdict(result) -> str:
    return {True: "compliant", False: "violations"}.get(result.compliant, "errors")


def input_digest(uploads: list[Upload]) -> str:
    """SHA-256 of the input: of the document itself when there is one, else of the
    list of ``name SHA-256`` lines."""
    if len(uploads) == 1:
        return uploads[0].sha256
    listing = "".join(f"{u.name} {u.sha256}\n" for u in uploads)
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


async def decide(state, uploads: list[Upload], requested_by: str, endpoint: str) -> tuple[Checked, str]:
    start = time.perf_counter_ns()
    try:
        checked = await state.runner.check(uploads)
    except EngineError:
        state.metrics.engine_ready.set(0)
        raise
    if state.revision is None:  # the engine failed to load at start and has loaded since
        state.revision = state.pipeline.bundle_revision
    decision_id = new_id()
    documents, accounts = [], []
    for upload, result, data in zip(checked.uploads, checked.report.documents, checked.data):
        account = _account(data)
        if account and account not in accounts:
            accounts.append(account)
        state.metrics.decisions.labels(result.kind or "unknown", _verdict(result)).inc()
        doc = {"name": upload.name, "kind": result.kind, "id": result.id, "account": account,
               "contract": result.contract, "compliant": result.compliant,
               "rules": sorted({v.rule for v in result.violations}), "input_sha256": upload.sha256}
        if result.waived:
            doc["waived"] = sorted({f"{v.rule} ({v.waiver['id']})" for v in result.waived})
        if result.errors:
            doc["errors"] = len(result.errors)
        documents.append(doc)
    compliant = None if checked.report.summary()["errors"] else all(r.compliant for r in checked.report.documents)
    entry = {
        "decision_id": decision_id, "timestamp": now_rfc3339(), "path": DECISION_PATH,
        "labels": {"app": "aacompliance", "version": aacompliance.__version__, "engine": state.config.engine},
        "bundles": {"aacompliance": {"revision": state.revision}},
        "requested_by": requested_by, "endpoint": endpoint,
        "input_sha256": input_digest(uploads),
        "result": {"compliant": compliant, "documents": documents},
        "accounts": accounts,
        "metrics": {"timer_server_handler_ns": time.perf_counter_ns() - start},
    }
    if state.config.log_inputs:
        entry["input"] = {"documents": [{"name": u.name, "text": u.data.decode("utf-8", "replace")}
                                        for u in uploads]}
    state.log.append(entry)
    state.metrics.engine_ready.set(1)
    return checked, decision_id
