# METADATA
# custom:
#   report: order_form
# title: Order-form coverage by subscription
# description: >-
#   For each subscription: the premium plans whose lines put it in scope (and
#   why), the plans of the support lines that cover it, and its status:
#   covered, uncovered, or out of scope of every premium line.
package aacompliance.reports.order_form

# (A rule imported by itself: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.order_form.scopes

# Status by [in scope of some premium plan][some such plan's lines leave it uncovered].
_status := {false: {false: "out_of_scope", true: "out_of_scope"}, true: {false: "covered", true: "uncovered"}}

report := {"coverage": [row |
	some x in scopes
	sub := x.sub
	required := {s[0] | some s in x.scoped}
	row := {
		"subscription": sub.id, "product": sub.product, "region": sub.region, "entity": sub.entity,
		"start": sub.start, "end": sub.end, "in_force_at_signature": x.at_signature,
		"required_plans": sort(required), "scope": sort({s[1] | some s in x.scoped}),
		"covered_by": sort(x.covering), "status": _status[count(required) > 0][count(required - x.covering) > 0],
	}
]}
