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

# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.usage.sessions
import data.aacompliance.lib.usage.plans
import data.aacompliance.lib.usage.session_caps
import data.aacompliance.lib.usage.period_caps
import data.aacompliance.lib.usage.periods

_rows contains row if {
	some pc in period_caps
	p := pc.period
	row := {
		"benefit": p.benefit, "per": pc.cap.per, "measure": pc.cap.measure, "period": p.period,
		"max": pc.cap.max, "used": pc.used, "remaining": pc.cap.max - pc.used, "sessions": p.sessions,
	}
}

_rows contains row if {
	some s in sessions
	some cap in session_caps[s.version][s.benefit]
	used := {"hours": s.hours, "sessions": 1}[cap.measure]
	row := {
		"benefit": s.benefit, "per": cap.per, "measure": cap.measure, "period": s.periods.session,
		"max": cap.max, "used": used, "remaining": cap.max - used, "sessions": [s.index],
	}
}

_rows contains row if {
	some p in periods
	p.per == "contract_year"
	count(plans[p.period.version].benefits[p.benefit].caps) == 0
	row := {
		"benefit": p.benefit, "per": "contract_year", "measure": "hours", "period": p.period,
		"max": null, "used": usage.used(p, "hours"), "remaining": null, "sessions": p.sessions,
	}
}

_key(r) := sprintf("%s|%s|%s|%s|%06d", [r.benefit, r.per, r.measure, r.period.start, r.period.index])

_by_key := {_key(r): r | some r in _rows}

report := {"ledger": [_by_key[key] | some key in sort(object.keys(_by_key))]}
