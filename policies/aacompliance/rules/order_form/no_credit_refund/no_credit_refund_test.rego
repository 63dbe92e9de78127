package aacompliance.rules.order_form.no_credit_refund_test

import data.aacompliance.rules.order_form.no_credit_refund
import data.aacompliance.testing.order_form as fx

test_credit_refund_on_premium if {
	vs := no_credit_refund.violations with input as fx.order_form([fx.line("gold", true)], [])
	some v in vs
	v.data.field == "support[0].credit_or_refund"
	v.clause.id == "premium.no_credit_refund"
}

test_credit_refund_on_orange_not_a_premium_rule if {
	count(no_credit_refund.violations) == 0 with input as fx.order_form([fx.line("orange", true)], [])
}
