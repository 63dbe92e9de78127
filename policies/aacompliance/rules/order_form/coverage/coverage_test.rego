package aacompliance.rules.order_form.coverage_test

import data.aacompliance.rules.order_form.coverage

_contract := {"id": "technical-support-terms", "version": "2024-11-18"}

_form(subs, support) := {
	"kind": "OrderForm",
	"contract": _contract,
	"document": {"id": "T", "signed_on": "2025-06-02", "subscriptions": subs, "support": support},
}

_sub(id, start, end) := {"id": id, "product": "A360", "region": "EMEA", "entity": "E", "start": start, "end": end}

_line(plan, covers) := {
	"plan": plan, "covers": covers, "start": "2025-07-01", "end": "2026-06-30",
	"credit_or_refund": false,
}

test_all_in_force_subscriptions_covered_is_compliant if {
	count(coverage.violations) == 0 with input as _form(
		[_sub("S1", "2025-01-01", "2026-12-31")],
		[_line("silver", ["S1"])],
	)
}

test_in_force_subscription_not_covered if {
	vs := coverage.violations with input as _form(
		[_sub("S1", "2025-01-01", "2026-12-31"), _sub("S2", "2024-01-01", "2025-12-31")],
		[_line("gold", ["S1"])],
	)
	count(vs) == 1
	some v in vs
	v.data.subscription == "S2"
	v.data.scope == "covers_all_subscriptions"
	v.clause.id == "premium.coverage"
}

test_subscription_added_during_term_not_covered if {
	vs := coverage.violations with input as _form(
		[_sub("S1", "2025-01-01", "2026-12-31"), _sub("S3", "2025-09-01", "2026-08-31")],
		[_line("platinum", ["S1"])],
	)
	some v in vs
	v.data.subscription == "S3"
	v.data.scope == "same_plan_for_added_subscriptions"
	v.clause.id == "premium.coverage_added"
}

test_expired_subscription_out_of_scope if {
	count(coverage.violations) == 0 with input as _form(
		[_sub("S1", "2025-01-01", "2026-12-31"), _sub("OLD", "2020-01-01", "2023-12-31")],
		[_line("titanium", ["S1"])],
	)
}

test_covered_by_other_plan_does_not_count if {
	vs := coverage.violations with input as _form(
		[_sub("S1", "2025-01-01", "2026-12-31"), _sub("S2", "2025-01-01", "2026-12-31")],
		[_line("gold", ["S1"]), _line("silver", ["S2"])],
	)
	count(vs) == 2
}

test_orange_line_needs_no_coverage if {
	count(coverage.violations) == 0 with input as _form(
		[_sub("S1", "2025-01-01", "2026-12-31"), _sub("S2", "2025-01-01", "2026-12-31")],
		[_line("orange", ["S1"])],
	)
}
