package aacompliance.reports.order_form_test

import data.aacompliance.reports.order_form as coverage
import data.aacompliance.testing.order_form as fx

_subs := [
	{"id": "S1", "product": "P", "region": "EMEA", "entity": "E", "start": "2025-01-01", "end": "2026-12-31"},
	{"id": "OLD", "product": "P", "region": "AMER", "entity": "E", "start": "2020-01-01", "end": "2023-12-31"},
	{"id": "LATER", "product": "P", "region": "APAC", "entity": "E", "start": "2025-09-01", "end": "2026-08-31"},
]

_status(rows) := {r.subscription: r.status | some r in rows}

test_statuses_by_subscription if {
	form := fx.order_form([fx.line("gold", false)], [])
	doc := object.union(form.document, {"subscriptions": _subs})
	rows := coverage.report.coverage with input as object.union(form, {"document": doc})
	_status(rows) == {"S1": "covered", "OLD": "out_of_scope", "LATER": "uncovered"}
	some later in rows
	later.subscription == "LATER"
	later.scope == ["same_plan_for_added_subscriptions"]
	later.required_plans == ["gold"]
	later.in_force_at_signature == false
}

test_orange_only_puts_nothing_in_scope if {
	form := fx.order_form([fx.line("orange", false)], [])
	rows := coverage.report.coverage with input as form
	_status(rows) == {"S1": "out_of_scope"}
}
