# METADATA
# title: Benefit caps respected
# description: >-
#   A cap of a benefit exceeded: hours per session (under the revision in force
#   on the session's date), or hours or sessions per month, quarter or contract
#   year (periods counted from contract_year_start, under the revision in force
#   when the period started).
# custom:
#   id: BEN-CAP
#   kind: BenefitUsage
#   subject: benefit
package aacompliance.rules.benefits.cap

import data.aacompliance.lib.contract
import data.aacompliance.lib.result
import data.aacompliance.lib.usage
# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.usage.sessions
import data.aacompliance.lib.usage.plans
import data.aacompliance.lib.usage.session_caps
import data.aacompliance.lib.usage.period_caps
import data.aacompliance.lib.usage.per_word

# Per-session caps.
violations contains v if {
	some s in sessions
	some cap in session_caps[s.version][s.benefit]
	used := {"hours": s.hours, "sessions": 1}[cap.measure]
	used > cap.max
	benefit := plans[s.version].benefits[s.benefit]
	v := result.violation_at(
		s.version,
		"benefits.cap_session",
		sprintf(
			"Session %d on %s used %s %s of %s; the cap is %s %s per session.",
			[
				s.index + 1, s.date, contract.num(used), usage.unit_word(cap.measure, used),
				usage.benefit_label(s.version, s.benefit), contract.num(cap.max), usage.unit_word(cap.measure, cap.max),
			],
		),
		object.get(cap, "clause", benefit.clause),
		{
			"benefit": s.benefit, "cap": cap.max, "measure": cap.measure, "per": cap.per, "used": used,
			"period": s.periods.session, "session": s.index, "field": sprintf("sessions[%d].hours", [s.index]),
		},
	)
}

# Per-period caps.
violations contains v if {
	some pc in period_caps
	pc.used > pc.cap.max
	p := pc.period
	cap := pc.cap
	used := pc.used
	version := p.period.version
	benefit := plans[version].benefits[p.benefit]
	breaker := usage.breaker(p, cap)
	v := result.violation_at(
		version,
		"benefits.cap_period",
		sprintf(
			"%s: %s %s used in the %s %s to %s, above the cap of %s %s per %s; session %d on %s went over.",
			[
				usage.benefit_label(version, p.benefit), contract.num(used), usage.unit_word(cap.measure, used),
				per_word[cap.per], p.period.start, p.period.end, contract.num(cap.max),
				usage.unit_word(cap.measure, cap.max), per_word[cap.per], breaker[1] + 1, breaker[0],
			],
		),
		object.get(cap, "clause", benefit.clause),
		{
			"benefit": p.benefit, "cap": cap.max, "measure": cap.measure, "per": cap.per, "used": used,
			"period": p.period, "session": breaker[1], "field": sprintf("sessions[%d]", [breaker[1]]),
		},
	)
}
