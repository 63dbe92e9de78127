"""The deal desk's order-form editor: form fields ⇄ an OrderForm document.

Field names: ``customer_name``, ``customer_account``, ``of_id``, ``signed_on``,
``extra_tams``, ``sub-N-{id,product,region,entity,start,end,new}`` and
``sup-N-{plan,covers,start,end,credit}`` for rows N (any integers, kept in order).
"""
from __future__ import annotations

import re

SUB_FIELDS = ("id", "product", "region", "entity", "start", "end")
SUP_FIELDS = ("plan", "covers", "start", "end")
_ROW = re.compile(r"^(sub|sup)-(\d{1,4})-([a-z_]+)$")
MAX_ROWS = 500


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def empty() -> dict:
    return {"customer_name": "", "customer_account": "", "of_id": "", "signed_on": "", "extra_tams": "",
            "subscriptions": [{f: "" for f in SUB_FIELDS} | {"new": False}],
            "support": [{f: "" for f in SUP_FIELDS} | {"credit": False}]}


def from_form(form) -> dict:
    """The editor's state from submitted fields (``form``: a mapping of str → str)."""
    rows: dict[str, dict[int, dict]] = {"sub": {}, "sup": {}}
    for key, value in form.items():
        match = _ROW.match(key)
        if match and isinstance(value, str):
            group, index, name = match.group(1), int(match.group(2)), match.group(3)
            if len(rows[group]) < MAX_ROWS or index in rows[group]:
                rows[group].setdefault(index, {})[name] = value.strip()
    subs = [{f: r.get(f, "") for f in SUB_FIELDS} | {"new": bool(r.get("new"))}
            for _, r in sorted(rows["sub"].items())]
    sups = [{f: r.get(f, "") for f in SUP_FIELDS} | {"credit": bool(r.get("credit"))}
            for _, r in sorted(rows["sup"].items())]
    return {"customer_name": form.get("customer_name", "").strip(),
            "customer_account": form.get("customer_account", "").strip(),
            "of_id": form.get("of_id", "").strip(), "signed_on": form.get("signed_on", "").strip(),
            "extra_tams": form.get("extra_tams", "").strip(), "subscriptions": subs, "support": sups}


def is_blank(state: dict) -> bool:
    head = any(state[k] for k in ("customer_name", "customer_account", "of_id", "signed_on"))
    rows = any(any(v for k, v in r.items() if k != "new") for r in state["subscriptions"]) or \
        any(any(v for k, v in r.items() if k != "credit") for r in state["support"])
    return not head and not rows


def to_document(state: dict) -> dict:
    """The OrderForm the editor describes (empty fields left out, so that the schema
    check names them as missing, with their row)."""
    def put(target: dict, key: str, value):
        if value not in ("", None, []):
            target[key] = value

    doc: dict = {"apiVersion": "aacompliance/v1", "kind": "OrderForm"}
    put(doc, "id", state["of_id"])
    customer: dict = {}
    put(customer, "name", state["customer_name"])
    put(customer, "account", state["customer_account"])
    doc["customer"] = customer
    put(doc, "signed_on", state["signed_on"])
    doc["subscriptions"] = []
    for row in state["subscriptions"]:
        sub: dict = {}
        for f in SUB_FIELDS:
            put(sub, f, row[f])
        if row["new"]:
            sub["new"] = True
        doc["subscriptions"].append(sub)
    doc["support"] = []
    for row in state["support"]:
        line: dict = {}
        put(line, "plan", row["plan"])
        line["covers"] = _split(row["covers"])
        put(line, "start", row["start"])
        put(line, "end", row["end"])
        line["credit_or_refund"] = bool(row["credit"])
        doc["support"].append(line)
    tams = _split(state["extra_tams"])
    if tams:
        doc["extra_tams"] = [{"region": region} for region in tams]
    return doc


def from_document(doc: dict) -> dict | None:
    """The editor's state for a parsed OrderForm (None for anything else)."""
    if not isinstance(doc, dict) or doc.get("kind") != "OrderForm":
        return None

    def text(value) -> str:
        return "" if value is None else str(value)

    customer = doc.get("customer") if isinstance(doc.get("customer"), dict) else {}
    subs = [{f: text(s.get(f)) for f in SUB_FIELDS} | {"new": bool(s.get("new"))}
            for s in doc.get("subscriptions") or [] if isinstance(s, dict)]
    sups = [{"plan": text(s.get("plan")), "covers": ", ".join(map(str, s.get("covers") or [])),
             "start": text(s.get("start")), "end": text(s.get("end")), "credit": bool(s.get("credit_or_refund"))}
            for s in doc.get("support") or [] if isinstance(s, dict)]
    tams = ", ".join(text(t.get("region")) for t in doc.get("extra_tams") or [] if isinstance(t, dict))
    return {"customer_name": text(customer.get("name")), "customer_account": text(customer.get("account")),
            "of_id": text(doc.get("id")), "signed_on": text(doc.get("signed_on")), "extra_tams": tams,
            "subscriptions": subs or empty()["subscriptions"], "support": sups or empty()["support"]}


def field_id(path: str | None) -> str | None:
    """The form input showing a document field: ``subscriptions[1].end`` → ``sub-1-end``."""
    if not path:
        return None
    match = re.match(r"^(subscriptions|support)\[(\d+)\](?:\.([a-z_]+))?", path)
    if match:
        prefix = "sub" if match.group(1) == "subscriptions" else "sup"
        name = {"credit_or_refund": "credit"}.get(match.group(3) or "id", match.group(3) or "id")
        if prefix == "sup" and name == "id":
            name = "plan"
        return f"{prefix}-{match.group(2)}-{name}"
    simple = {"id": "of_id", "customer.name": "customer_name", "customer.account": "customer_account",
              "signed_on": "signed_on", "customer": "customer_name"}
    if path.startswith("extra_tams"):
        return "extra_tams"
    return simple.get(path)
