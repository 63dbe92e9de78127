# METADATA
# custom:
#   report: order_form
# title: Order-form coverage by subscription
# description: >-
#   For each subscription: the premium plans whose lines put it in scope (and
#   why), the plans of the support lines that cover it, and its status:
#   covered, uncovered, or out of scope of every premium line.
package aacompliance.reports.order_form

import data.aacompliance.lib.order_form as of
# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.order_form.form
import data.aacompliance.lib.order_form.plans_on_form
import data.aacompliance.lib.order_form.premium_plans

_status(required, _) := "out_of_scope" if count(required) == 0

_status(required, covering) := "covered" if {
	count(required) > 0
	count(required - covering) == 0
}

_status(required, covering) := "uncovered" if count(required - covering) > 0

_at_signature(sub) := true if of.in_force_at_signature(sub)

_at_signature(sub) := false if not of.in_force_at_signature(sub)

report := {"coverage": [row |
	some sub in form.subscriptions
	scoped := [[plan, s.term] |
		some plan in premium_plans
		s := of.scoping(sub, plan)
		s != null
	]
	required := {pair[0] | some pair in scoped}
	covering := {plan | some plan in plans_on_form; of.covered(sub, plan)}
	row := {
		"subscription": sub.id, "product": sub.product, "region": sub.region, "entity": sub.entity,
		"start": sub.start, "end": sub.end, "in_force_at_signature": _at_signature(sub),
		"required_plans": sort(required), "scope": sort({pair[1] | some pair in scoped}),
		"covered_by": sort(covering), "status": _status(required, covering),
	}
]}
