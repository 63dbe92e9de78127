package aacompliance.rules.order_form.same_plan_test

import data.aacompliance.rules.order_form.same_plan
import data.aacompliance.testing.order_form as fx

test_same_plan_two_premium_plans if {
	vs := same_plan.violations with input as fx.order_form([fx.line("silver", false), fx.line("gold", false)], [])
	some v in vs
	v.data.plans == ["silver", "gold"]
}

test_same_plan_premium_plus_orange_is_fine if {
	count(same_plan.violations) == 0 with input as fx.order_form([fx.line("orange", false), fx.line("gold", false)], [])
}
