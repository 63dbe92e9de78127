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

_required(sub) := {line.plan | some line in of.premium_lines; of.scope(sub, line) != null}

_scopes(sub) := {s |
	some line in of.premium_lines
	s := of.scope(sub, line)
	s != null
}

_covering(sub) := {line.plan | some line in of.form.support; sub.id in line.covers}

_status(sub) := "out_of_scope" if count(_required(sub)) == 0

_status(sub) := "covered" if {
	count(_required(sub)) > 0
	every plan in _required(sub) {
		of.covered(sub, plan)
	}
}

_status(sub) := "uncovered" if {
	some plan in _required(sub)
	not of.covered(sub, plan)
}

_at_signature(sub) := true if of.in_force_at_signature(sub)

_at_signature(sub) := false if not of.in_force_at_signature(sub)

report := {"coverage": [row |
	some sub in of.form.subscriptions
	row := {
		"subscription": sub.id, "product": sub.product, "region": sub.region, "entity": sub.entity,
		"start": sub.start, "end": sub.end, "in_force_at_signature": _at_signature(sub),
		"required_plans": sort(_required(sub)), "scope": sort(_scopes(sub)),
		"covered_by": sort(_covering(sub)), "status": _status(sub),
	}
]}
