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

# Per subscription, in document order, computed once for the coverage rule and the coverage
# report (no call per subscription): {sub, index, at_signature, scoped, covering}, where `scoped`
# lists [premium plan, term, line] for each premium plan whose lines put it in scope (the first
# line that does: any line of the plan when the subscription is in force at signature, else one
# whose term it starts in) and `covering` is the set of plans of the lines that cover it.
scopes := [{
	"sub": sub, "index": k, "at_signature": at,
	"scoped": {
		true: _at_signature,
		false: [[plan, "same_plan_for_added_subscriptions", lines[0]] |
			some plan in premium_plans
			lines := [line | some line in _lines_of[plan]; line.start <= sub.start; sub.start <= line.end]
			count(lines) > 0
		],
	}[at],
	"covering": {plan | some plan in plans_on_form; [plan, sub.id] in covered_pairs},
} |
	some k, sub in form.subscriptions
	at := _both[sub.start <= form.signed_on][form.signed_on <= sub.end]
]

_at_signature := [[plan, "covers_all_subscriptions", _lines_of[plan][0]] | some plan in premium_plans]

# (A table, not a condition inside the comprehension: regorus's VM drops the whole element when a
# condition on an outer variable fails inside an inner comprehension.)
_both := {true: {true: true, false: false}, false: {true: false, false: false}}
