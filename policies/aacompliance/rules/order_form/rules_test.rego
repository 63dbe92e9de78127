package aacompliance.rules.order_form.rules_test

import data.aacompliance.rules.order_form.extra_tam
import data.aacompliance.rules.order_form.no_credit_refund
import data.aacompliance.rules.order_form.same_plan
import data.aacompliance.rules.order_form.unknown_subscription

_input(support, extra) := {
	"kind": "OrderForm",
	"contract": {"id": "technical-support-terms", "version": "2024-11-18"},
	"document": {
		"id": "T", "signed_on": "2025-06-02",
		"subscriptions": [{"id": "S1", "product": "P", "region": "EMEA", "entity": "E", "start": "2025-01-01", "end": "2026-12-31"}],
		"support": support, "extra_tams": extra,
	},
}

_line(plan, refund) := {"plan": plan, "covers": ["S1"], "start": "2025-07-01", "end": "2026-06-30", "credit_or_refund": refund}

test_same_plan_two_premium_plans if {
	vs := same_plan.violations with input as _input([_line("silver", false), _line("gold", false)], [])
	some v in vs
	v.data.plans == ["silver", "gold"]
}

test_same_plan_premium_plus_orange_is_fine if {
	count(same_plan.violations) == 0 with input as _input([_line("orange", false), _line("gold", false)], [])
}

test_credit_refund_on_premium if {
	vs := no_credit_refund.violations with input as _input([_line("gold", true)], [])
	some v in vs
	v.data.field == "support[0].credit_or_refund"
	v.clause.id == "premium.no_credit_refund"
}

test_credit_refund_on_orange_not_a_premium_rule if {
	count(no_credit_refund.violations) == 0 with input as _input([_line("orange", true)], [])
}

test_extra_tam_needs_gold_or_above if {
	vs := extra_tam.violations with input as _input([_line("silver", false)], [{"region": "APAC"}])
	some v in vs
	v.data.eligible_plans == ["gold", "platinum", "titanium"]
}

test_extra_tam_with_gold_is_fine if {
	count(extra_tam.violations) == 0 with input as _input([_line("gold", false)], [{"region": "APAC"}])
}

test_unknown_subscription if {
	line := object.union(_line("gold", false), {"covers": ["S1", "S404"]})
	vs := unknown_subscription.violations with input as _input([line], [])
	some v in vs
	v.data.subscription == "S404"
}
