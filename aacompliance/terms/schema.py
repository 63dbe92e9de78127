"""The Cerberus schema of a contract revision (shape and formats; consistency is lint's job).

Each document kind's schema lives with its kind, in :mod:`aacompliance.documents`.
"""
from __future__ import annotations

from aacompliance.util.validation import BOOL as _BOOL
from aacompliance.util.validation import DATE as _DATE
from aacompliance.util.validation import REQ_STR as _REQ_STR
from aacompliance.util.validation import STR as _STR

_LABEL = {"type": "dict", "required": True,
          "schema": {"fr": _REQ_STR, "en": _REQ_STR}}
#: A term's reading: `{id}` names an entry of the top-level `interpretations:` (the
#: readings table); the older free-text form `{reading, clauses}` is still accepted.
_INTERPRETATION = {"type": "dict", "schema": {
    "id": {"type": "string", "required": True, "check_with": "interpretation_ref", "excludes": ["reading", "clauses"]},
    "reading": {"type": "string", "empty": False, "required": True, "excludes": "id"},
    "clauses": {"type": "list", "minlength": 1, "schema": _STR, "required": True, "excludes": "id"},
}}
_CLAUSE_REF = {"type": "string", "required": True, "check_with": "clause_ref"}
#: Further clauses a term rests on, besides its main `clause`.
_SEE_ALSO = {"type": "list", "schema": {"type": "string", "check_with": "clause_ref"}}
_SEVERITY_LIST = {"type": "list", "minlength": 1, "schema": {"type": "string", "check_with": "severity_ref"}}
_LANGUAGE_LIST = {"type": "list", "schema": {"type": "string", "empty": False, "regex": "^[a-z]{2,3}$"}}
#: Conditions the source attaches to a term ("only at the customer's request"), each cited.
_CONDITIONS = {"type": "list", "schema": {"type": "dict", "schema": {"label": _LABEL, "clause": _CLAUSE_REF}}}


def _term(value_schema: dict) -> dict:
    return {"type": "dict", "schema": {
        "value": {**value_schema, "required": True},
        "clause": _CLAUSE_REF,
        "see_also": _SEE_ALSO,
        "interpretation": _INTERPRETATION,
        "conditions": _CONDITIONS,
        "severities": _SEVERITY_LIST,
        "languages": _LANGUAGE_LIST,
        #: Where the customer makes the choice a cap counts: once for the team (`roster`,
        #: checked by SLOT-LANGUAGE) or per incident (`incident`, not a roster cap).
        "selected_at": {"type": "string", "allowed": ["roster", "incident"]},
    }}


_TEXT_OR_BOOL = {"anyof": [{"type": "boolean"}, _LABEL | {"required": False}], "nullable": False}
_COUNT = {"type": "integer", "min": 0}
_CAP = {"type": "dict", "schema": {
    "per": {"type": "string", "required": True, "allowed": ["session", "month", "quarter", "contract_year"]},
    "measure": {"type": "string", "required": True, "allowed": ["hours", "sessions"]},
    "max": {"type": "number", "required": True, "min": 0},
    "clause": {"type": "string", "check_with": "clause_ref"},  # where the cap is stated, if not the benefit's clause
}}
_PLAN_BENEFIT = {"type": "dict", "schema": {
    "clause": _CLAUSE_REF,
    "see_also": _SEE_ALSO,
    "caps": {"type": "list", "required": True, "schema": _CAP},
    "languages": {"type": "list", "schema": {"type": "string", "empty": False, "regex": "^[a-z]{2,3}$"}},
    "languages_clause": {"type": "string", "check_with": "clause_ref", "dependencies": "languages"},
    "interpretation": _INTERPRETATION,
}}
_TARGET = {"type": "dict", "schema": {
    "value": {"type": "number", "required": True, "min": 0},
    "unit": {"type": "string", "required": True, "check_with": "unit_ref"},
    "clause": _CLAUSE_REF,
    "interpretation": _INTERPRETATION,
}}

_ID = {"type": "string", "regex": "^[a-z][a-z0-9-]*$"}
#: One place of the source a reading rests on: a clause, the words quoted from its line.
_SIDE = {"type": "dict", "schema": {"clause": _CLAUSE_REF, "quote": _REQ_STR, "says": _LABEL}}

PLAN = {
    "rank": {"type": "integer", "required": True, "min": 1},
    "label": _LABEL,
    "premium": _term({"type": "boolean"}) | {"required": True},
    "support_hours": _term(_LABEL | {"required": False}),
    "initial_response": {"type": "dict", "required": True,
                         "keysrules": {"type": "string", "check_with": "severity_ref"},
                         "valuesrules": _TARGET},
    "attainment_percent": _term({"type": "number", "min": 0, "max": 100}) | {"required": True},
    #: The nature of the initial-response targets: an objective AAI pursues with
    #: commercially reasonable efforts, never a guarantee.
    "objective": _term({"type": "string", "allowed": ["commercially_reasonable_efforts"]}),
    "follow_the_sun": _term({"type": "boolean"}),
    "incident_handling": _term(_LABEL | {"required": False}),
    "designated_contacts_max": _term(_COUNT) | {"required": True},
    "delegated_admins_max": _term(_COUNT) | {"required": True},
    "account_wide_visibility": _term({"type": "boolean"}) | {"required": True},
    "cc_on_incidents": _term({"type": "boolean"}) | {"required": True},
    "regional_slots_max": _term(_COUNT) | {"required": True},
    "extra_languages_max": _term(_COUNT) | {"required": True},
    "covers_all_subscriptions": _term({"type": "boolean"}),
    "same_plan_for_added_subscriptions": _term({"type": "boolean"}),
    "credit_or_refund_allowed": _term({"type": "boolean"}),
    "extra_tams_allowed": _term({"type": "boolean"}) | {"required": True},
    "features": {"type": "dict", "required": True,
                 "keysrules": {"type": "string", "regex": "^[a-z][a-z0-9_]*$"},
                 "valuesrules": _term(_TEXT_OR_BOOL)},
    "benefits": {"type": "dict", "required": True,
                 "keysrules": {"type": "string", "check_with": "benefit_ref"},
                 "valuesrules": _PLAN_BENEFIT},
}

CONTRACT = {
    "contract": {"type": "string", "required": True, "regex": "^[a-z0-9][a-z0-9-]*$"},
    "effective_date": _DATE,
    "status": {"type": "string", "required": True, "allowed": ["published", "draft"]},
    "title": _LABEL,
    "source": {"type": "dict", "required": True, "schema": {
        "language": {"type": "string", "required": True, "regex": "^[a-z]{2}$"},
        "revised": _REQ_STR,
        "file": _STR,
        "parts": {"type": "list", "schema": {"type": "dict", "schema": {
            "line": {"type": "integer", "min": 1, "required": True},
            "quote": _REQ_STR,
            "plans": {"type": "list", "required": True, "schema": _STR},
        }}},
        "tables": {"type": "dict", "keysrules": {"type": "string", "regex": "^[a-z][a-z0-9_]*$"},
                   "valuesrules": {"type": "dict", "schema": {
                       "header": {"type": "integer", "min": 1, "required": True},
                       "end": {"type": "integer", "min": 1, "required": True},
                       "columns": {"type": "string", "allowed": ["plans"], "excludes": "value_column"},
                       "value_column": {"type": "string", "empty": False, "excludes": "columns"},
                   }}},
    }},
    "clauses": {"type": "dict", "required": True, "minlength": 1,
                "keysrules": {"type": "string", "regex": r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"},
                "valuesrules": {"type": "dict", "schema": {
                    "section": _REQ_STR,
                    "line": {"type": "integer", "min": 1},
                    "quote": _STR,
                    "table": {"type": "string", "regex": "^[a-z][a-z0-9_]*$", "dependencies": ["row", "line"]},
                    "row": {"type": "string", "empty": False, "dependencies": "table"},
                    "language": {"type": "string", "required": True, "regex": "^[a-z]{2}$"},
                    "label": _LABEL,
                }}},
    "business_hours": {"type": "dict", "required": True, "schema": {
        "days": {"type": "list", "required": True, "minlength": 1,
                 "schema": {"type": "string", "allowed": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}},
        "start": {"type": "string", "required": True, "regex": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "end": {"type": "string", "required": True, "regex": "^([01][0-9]|2[0-4]):[0-5][0-9]$"},
        "clause": _CLAUSE_REF,
        "interpretation": _INTERPRETATION,
        "assumptions": {"type": "list", "schema": {"type": "string", "check_with": "assumption_ref"}},
    }},
    "units": {"type": "dict", "required": True,
              "keysrules": {"type": "string", "regex": "^[a-z_]+$"},
              "valuesrules": {"type": "dict", "schema": {
                  "basis": {"type": "string", "required": True, "allowed": ["calendar", "business"]},
                  "minutes": {"type": "number", "required": True, "min": 0},
                  "label": _LABEL,
                  "singular": _LABEL,
                  "assumption": {"type": "string", "check_with": "assumption_ref"},
              }}},
    "severities": {"type": "dict", "required": True,
                   "keysrules": {"type": "string", "regex": "^[1-9]$"},
                   "valuesrules": {"type": "dict", "schema": {
                       "label": _LABEL, "clause": _CLAUSE_REF, "interpretation": _INTERPRETATION,
                       "definition": _LABEL | {"required": False},
                       "definition_clause": {"type": "string", "check_with": "clause_ref", "dependencies": "definition"},
                   }}},
    "benefits": {"type": "dict", "required": True,
                 "keysrules": {"type": "string", "regex": "^[a-z][a-z0-9_]*$"},
                 "valuesrules": {"type": "dict", "schema": {
                     "label": _LABEL, "clause": _CLAUSE_REF,
                     #: Another id for the same benefit: its sessions count against that benefit.
                     "same_as": {"type": "string", "check_with": "benefit_ref"},
                 }}},
    "general": {"type": "dict", "keysrules": {"type": "string", "regex": "^[a-z][a-z0-9_]*$"},
                "valuesrules": _term(_TEXT_OR_BOOL)},
    "interpretations": {"type": "dict", "keysrules": _ID, "valuesrules": {"type": "dict", "schema": {
        "kind": {"type": "string", "required": True, "allowed": ["contradiction", "silence", "extraction"]},
        "title": _LABEL,
        "sides": {"type": "list", "required": True, "minlength": 1, "schema": _SIDE},
        "readings": {"type": "dict", "required": True, "minlength": 2, "keysrules": {"type": "string", "regex": "^[a-z][a-z0-9_]*$"},
                     "valuesrules": _LABEL},
        "chosen": _REQ_STR,
        "why": _LABEL,
        "favours": {"type": "string", "required": True, "allowed": ["customer", "aai", "neither"]},
        "rules": {"type": "list", "required": True, "schema": {"type": "string", "regex": "^[A-Z][A-Z0-9-]*$"}},
    }}},
    "assumptions": {"type": "dict", "keysrules": _ID, "valuesrules": {"type": "dict", "schema": {
        "title": _LABEL,
        "sides": {"type": "list", "required": True, "minlength": 1, "schema": _SIDE},
        "choice": _LABEL,
        "per_account": {"type": "boolean", "required": True},
    }}},
    "plans": {"type": "dict", "required": True, "minlength": 1,
              "keysrules": {"type": "string", "regex": "^[a-z][a-z0-9_]*$"},
              "valuesrules": {"type": "dict", "schema": PLAN}},
}
