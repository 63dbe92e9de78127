# METADATA
# custom:
#   report: benefits
# title: Benefit ledger
# description: >-
#   Per benefit, cap and period: the entitlement (cap, from the revision in force
#   when the period started), the amount used and what remains. Benefits used
#   without a cap appear with max null.
package aacompliance.reports.benefits

import data.aacompliance.lib.usage

_rows contains row if {
	some p in usage.periods
	benefit := usage.plan_at(p.period.version).benefits[p.benefit]
	some cap in benefit.caps
	cap.per == p.per
	used := usage.measure(p.sessions, cap.measure)
	row := {
		"benefit": p.benefit, "per": cap.per, "measure": cap.measure, "period": p.period,
		"max": cap.max, "used": used, "remaining": cap.max - used, "sessions": [s.index | some s in p.sessions],
	}
}

_rows contains row if {
	some s in usage.sessions
	benefit := usage.plan_at(s.version).benefits[s.benefit]
	some cap in benefit.caps
	cap.per == "session"
	used := usage.measure([s], cap.measure)
	row := {
		"benefit": s.benefit, "per": cap.per, "measure": cap.measure, "period": s.periods.session,
		"max": cap.max, "used": used, "remaining": cap.max - used, "sessions": [s.index],
	}
}

_rows contains row if {
	some p in usage.periods
	p.per == "contract_year"
	benefit := usage.plan_at(p.period.version).benefits[p.benefit]
	count(benefit.caps) == 0
	row := {
		"benefit": p.benefit, "per": "contract_year", "measure": "hours", "period": p.period,
		"max": null, "used": usage.measure(p.sessions, "hours"), "remaining": null,
		"sessions": [s.index | some s in p.sessions],
	}
}

_key(r) := sprintf("%s|%s|%s|%s|%06d", [r.benefit, r.per, r.measure, r.period.start, r.period.index])

_by_key := {_key(r): r | some r in _rows}

report := {"ledger": [_by_key[key] | some key in sort(object.keys(_by_key))]}
