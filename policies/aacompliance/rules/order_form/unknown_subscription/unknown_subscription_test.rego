package aacompliance.rules.order_form.unknown_subscription_test

import data.aacompliance.rules.order_form.unknown_subscription
import data.aacompliance.testing.order_form as fx

test_unknown_subscription if {
	line := object.union(fx.line("gold", false), {"covers": ["S1", "S404"]})
	vs := unknown_subscription.violations with input as fx.order_form([line], [])
	some v in vs
	v.data.subscription == "S404"
}
