# METADATA
# custom:
#   report: benefits
# title: Benefit ledger
# description: >-
#   Per benefit, cap and period: the entitlement (cap), the amount used and what
#   remains. Benefits used without a cap appear with max null.
package aacompliance.reports.benefits

import data.aacompliance.lib.usage

_rows contains row if {
	some benefit_id, benefit in usage.plan.benefits
	some cap in benefit.caps
	cap.per != "session"
	some index in usage.used_periods(benefit_id, cap.per)
	grp := usage.group(benefit_id, cap.per, index)
	used := usage.measure(grp, cap.measure)
	row := {
		"benefit": benefit_id, "per": cap.per, "measure": cap.measure, "period": grp[0].periods[cap.per],
		"max": cap.max, "used": used, "remaining": cap.max - used, "sessions": [s.index | some s in grp],
	}
}

_rows contains row if {
	some benefit_id, benefit in usage.plan.benefits
	some cap in benefit.caps
	cap.per == "session"
	some s in usage.sessions
	s.benefit == benefit_id
	used := usage.measure([s], cap.measure)
	row := {
		"benefit": benefit_id, "per": cap.per, "measure": cap.measure, "period": s.periods.session,
		"max": cap.max, "used": used, "remaining": cap.max - used, "sessions": [s.index],
	}
}

_rows contains row if {
	some benefit_id, benefit in usage.plan.benefits
	count(benefit.caps) == 0
	some index in usage.used_periods(benefit_id, "contract_year")
	grp := usage.group(benefit_id, "contract_year", index)
	row := {
		"benefit": benefit_id, "per": "contract_year", "measure": "hours", "period": grp[0].periods.contract_year,
		"max": null, "used": usage.measure(grp, "hours"), "remaining": null, "sessions": [s.index | some s in grp],
	}
}

_key(r) := sprintf("%s|%s|%s|%s|%06d", [r.benefit, r.per, r.measure, r.period.start, r.period.index])

report := {"ledger": [r |
	some key in sort({_key(r) | some r in _rows})
	some r in _rows
	_key(r) == key
]}
