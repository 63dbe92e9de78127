# METADATA
# title: Support lines cover known subscriptions
# description: A support line covers an id that is not among the order form's subscriptions.
# custom:
#   id: OF-UNKNOWN-SUBSCRIPTION
#   kind: OrderForm
#   subject: subscription
package aacompliance.rules.order_form.unknown_subscription

import data.aacompliance.lib.contract
import data.aacompliance.lib.result

_ids := {sub.id | some sub in input.document.subscriptions}

violations contains v if {
	some i, line in input.document.support
	some j, id in line.covers
	not id in _ids
	v := result.violation(
		"order_form.unknown_subscription",
		sprintf(
			concat("", [
				"Support line %d (%s) covers %s, which is not among the order form's subscriptions; ",
				"list every subscription of the customer worldwide.",
			]),
			[i + 1, contract.plan_label(line.plan), id],
		),
		contract.plan(line.plan).premium.clause,
		{"support_line": i, "field": sprintf("support[%d].covers[%d]", [i, j]), "subscription": id},
	)
}
