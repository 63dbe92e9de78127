# METADATA
# title: Premium support covers every subscription worldwide
# description: >-
#   A subscription in scope of a premium support line — in force on the
#   signature date, or starting during that line's term — must be covered by a
#   premium line of that same plan.
# related_resources:
#   - description: Conditions d'assistance, plans Argent, Or, Platinum et Titanium, a) et b)
# custom:
#   id: OF-COVERAGE
#   kind: OrderForm
#   subject: subscription
package aacompliance.rules.order_form.coverage

import data.aacompliance.lib.contract
import data.aacompliance.lib.order_form as of
import data.aacompliance.lib.result

_form := input.document

_why("covers_all_subscriptions", _, _) := sprintf("is in force on the signature date %s", [_form.signed_on])

_why("same_plan_for_added_subscriptions", sub, line) := sprintf(
	"starts on %s, during the support term %s to %s",
	[sub.start, line.start, line.end],
)

violations contains v if {
	some line in of.premium_lines
	some k, sub in _form.subscriptions
	term_name := of.scope(sub, line)
	term_name != null
	not of.covered(sub, line.plan)
	term := contract.plan(line.plan)[term_name]
	term.value == true
	label := contract.plan_label(line.plan)
	v := result.violation(
		sprintf(
			"Subscription %s (%s, %s, %s) %s, but no %s support line covers it; premium support must cover every product subscription worldwide.",
			[sub.id, sub.product, sub.region, sub.entity, _why(term_name, sub, line), label],
		),
		term.clause,
		{
			"subscription": sub.id,
			"field": sprintf("subscriptions[%d]", [k]),
			"product": sub.product,
			"region": sub.region,
			"entity": sub.entity,
			"plan": line.plan,
			"scope": term_name,
			"signed_on": _form.signed_on,
			"support_term": {"start": line.start, "end": line.end},
		},
	)
}
