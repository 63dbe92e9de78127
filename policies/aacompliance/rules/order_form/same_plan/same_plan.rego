# METADATA
# title: One premium plan per customer
# description: >-
#   Premium support lines of different plans on one customer's order form: the
#   respective support level must be bought for every subscription.
# custom:
#   id: OF-SAME-PLAN
#   kind: OrderForm
package aacompliance.rules.order_form.same_plan

import data.aacompliance.lib.contract
import data.aacompliance.lib.result
# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.contract.plans_by_rank

_premium_plans contains line.plan if {
	some line in input.document.support
	contract.plan(line.plan).premium.value == true
}

violations contains v if {
	count(_premium_plans) > 1
	plans := [id | some id in plans_by_rank; id in _premium_plans]
	labels := [contract.plan_label(id) | some id in plans]
	term := contract.plan(plans[0]).same_plan_for_added_subscriptions
	v := result.violation(
		"order_form.same_plan",
		sprintf(
			concat("", [
				"Premium support lines of different plans (%s) on one order form; ",
				"every subscription must carry the same premium plan.",
			]),
			[contract.and_list(labels)],
		),
		term.clause,
		{"plans": plans},
	)
}
