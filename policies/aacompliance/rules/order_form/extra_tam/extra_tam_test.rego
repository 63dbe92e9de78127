package aacompliance.rules.order_form.extra_tam_test

import data.aacompliance.rules.order_form.extra_tam
import data.aacompliance.testing.order_form as fx

test_extra_tam_needs_gold_or_above if {
	vs := extra_tam.violations with input as fx.order_form([fx.line("silver", false)], [{"region": "APAC"}])
	some v in vs
	v.data.eligible_plans == ["gold", "platinum", "titanium"]
}

test_extra_tam_with_gold_is_fine if {
	count(extra_tam.violations) == 0 with input as fx.order_form([fx.line("gold", false)], [{"region": "APAC"}])
}
