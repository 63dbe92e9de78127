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

# Premium plans on the form, and each one's lines in document order.
premium_plans := {line.plan | some line in premium_lines}

_lines_of := {plan: [line | some line in form.support; line.plan == plan] | some plan in premium_plans}

# The first line of premium `plan` that puts `sub` in scope, and the term that does:
# {"line", "term"}; null when no line of the plan does. In force at signature: any line of the
# plan (one lookup); otherwise a line whose term the subscription starts in. (Total on purpose:
# regorus's VM turns an undefined function result into a "<undefined>" value.)
scoping(sub, plan) := {"line": _lines_of[plan][0], "term": "covers_all_subscriptions"} if {
	in_force_at_signature(sub)
}

scoping(sub, plan) := {"line": lines[0], "term": "same_plan_for_added_subscriptions"} if {
	not in_force_at_signature(sub)
	lines := [line | some line in _lines_of[plan]; starts_during(sub, line)]
	count(lines) > 0
}

scoping(sub, plan) := null if {
	not in_force_at_signature(sub)
	count([line | some line in _lines_of[plan]; starts_during(sub, line)]) == 0
}

# [plan, subscription id] for every subscription a support line covers: one set, built once,
# so that "is it covered by a line of this plan" is a lookup, not a scan of every line.
covered_pairs := {[line.plan, id] | some line in form.support; some id in line.covers}

covered(sub, plan) if [plan, sub.id] in covered_pairs

# Plans of the support lines on the form.
plans_on_form := {line.plan | some line in form.support}
