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

# Per-session caps.
violations contains v if {
	some s in usage.sessions
	benefit := usage.plan_at(s.version).benefits[s.benefit]
	some cap in benefit.caps
	cap.per == "session"
	used := usage.measure([s], cap.measure)
	used > cap.max
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

# Caps per month, quarter or contract year.
violations contains v if {
	some p in usage.periods
	version := p.period.version
	benefit := usage.plan_at(version).benefits[p.benefit]
	some cap in benefit.caps
	cap.per == p.per
	used := usage.measure(p.sessions, cap.measure)
	used > cap.max
	breaker := usage.breaker(p.sessions, cap)
	v := result.violation_at(
		version,
		"benefits.cap_period",
		sprintf(
			"%s: %s %s used in the %s %s to %s, above the cap of %s %s per %s; session %d on %s went over.",
			[
				usage.benefit_label(version, p.benefit), contract.num(used), usage.unit_word(cap.measure, used),
				usage.per_word[cap.per], p.period.start, p.period.end, contract.num(cap.max),
				usage.unit_word(cap.measure, cap.max), usage.per_word[cap.per], breaker.index + 1, breaker.date,
			],
		),
		object.get(cap, "clause", benefit.clause),
		{
			"benefit": p.benefit, "cap": cap.max, "measure": cap.measure, "per": cap.per, "used": used,
			"period": p.period, "session": breaker.index, "field": sprintf("sessions[%d]", [breaker.index]),
		},
	)
}
