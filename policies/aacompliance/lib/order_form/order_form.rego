# METADATA
# title: Order-form scope helpers
# description: >-
#   Which subscriptions are in scope of which premium support line, and which
#   lines cover them; shared by the coverage rule and the coverage report.
package aacompliance.lib.order_form

import data.aacompliance.lib.contract

form := input.document

# Support lines of a plan that must cover every subscription (the premium plans).
premium_lines contains line if {
	some line in form.support
	contract.plan(line.plan).covers_all_subscriptions.value == true
}

in_force_at_signature(sub) if {
	sub.start <= form.signed_on
	form.signed_on <= sub.end
}

starts_during(sub, line) if {
	line.start <= sub.start
	sub.start <= line.end
}

# The term that puts `sub` in scope of `line`; null when it is out of scope. (Total on
# purpose: regorus's VM turns an undefined function result into a "<undefined>" value.)
scope(sub, _) := "covers_all_subscriptions" if in_force_at_signature(sub)

scope(sub, line) := "same_plan_for_added_subscriptions" if {
	not in_force_at_signature(sub)
	starts_during(sub, line)
}

scope(sub, line) := null if {
	not in_force_at_signature(sub)
	not starts_during(sub, line)
}

covered(sub, plan) if {
	some line in form.support
	line.plan == plan
	sub.id in line.covers
}
