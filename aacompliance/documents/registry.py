"""The document kinds, by the name documents give in their ``kind`` field.

Adding a kind: one module in this package (schema, date, checks, facts, statement
section), one Rego rule group under policies/aacompliance/rules/, one statement
template block — and one line here.
"""
from __future__ import annotations

from aacompliance.documents import benefit_usage, incident_log, order_form, roster, waiver
from aacompliance.documents.base import Kind

KINDS: dict[str, Kind] = {k.name: k for k in (order_form.KIND, roster.KIND, benefit_usage.KIND, incident_log.KIND)}
KINDS[waiver.KIND.name] = waiver.KIND
