# METADATA
# title: Premium support covers every subscription worldwide
# description: >-
#   A subscription in scope of a premium support line — in force on the
#   signature date, or starting during that line's term — must be covered by a
#   premium line of that same plan.
# custom:
#   id: OF-COVERAGE
#   kind: OrderForm
#   source: Conditions d'assistance, plans Argent, Or, Platinum et Titanium, a) et b)
#   subject: subscription
package aacompliance.rules.order_form.coverage

import data.aacompliance.lib.contract
import data.aacompliance.lib.result
# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.order_form.scopes

_form := input.document

_why("covers_all_subscriptions", _, _) := sprintf("is in force on the signature date %s", [_form.signed_on])

_why("same_plan_for_added_subscriptions", sub, line) := sprintf(
	"starts on %s, during the support term %s to %s",
	[sub.start, line.start, line.end],
)

# One violation per subscription and premium plan, citing the first line of the plan that
# puts it in scope (O(subscriptions × premium plans); lines are scanned only for subscriptions
# that start after the signature and that the plan does not cover).
# The message key of each scope (the term that puts the subscription in scope).
_keys := {
	"covers_all_subscriptions": "coverage.order_scope",
	"same_plan_for_added_subscriptions": "coverage.added_subscription",
}

violations contains v if {
	some x in scopes
	some scoped in x.scoped
	not scoped[0] in x.covering
	sub := x.sub
	k := x.index
	line := scoped[2]
	term_name := scoped[1]
	term := contract.plan(line.plan)[term_name]
	term.value == true
	label := contract.plan_label(line.plan)
	v := result.violation(
		_keys[term_name],
		sprintf(
			concat("", [
				"Subscription %s (%s, %s, %s) %s, but no %s support line covers it; ",
				"premium support must cover every product subscription worldwide.",
			]),
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
