# METADATA
# title: No credit or refund on premium support
# description: A premium support line may not carry a credit or a refund.
# custom:
#   id: OF-NO-CREDIT-REFUND
#   kind: OrderForm
package aacompliance.rules.order_form.no_credit_refund

import data.aacompliance.lib.contract
import data.aacompliance.lib.result

violations contains v if {
	some i, line in input.document.support
	line.credit_or_refund == true
	term := contract.plan(line.plan).credit_or_refund_allowed
	term.value == false
	label := contract.plan_label(line.plan)
	v := result.violation(
		"order_form.no_credit_refund",
		sprintf(
			"Support line %d (%s, %s to %s) carries a credit or refund; %s support can be neither credited nor refunded.",
			[i + 1, label, line.start, line.end, label],
		),
		term.clause,
		{"support_line": i, "field": sprintf("support[%d].credit_or_refund", [i]), "plan": line.plan},
	)
}
