# METADATA
# title: Benefit caps respected
# description: >-
#   A cap of a benefit exceeded: hours per session, or hours or sessions per
#   month, quarter or contract year (periods counted from contract_year_start).
# custom:
#   id: BEN-CAP
#   kind: BenefitUsage
package aacompliance.rules.benefits.cap

import data.aacompliance.lib.contract
import data.aacompliance.lib.result
import data.aacompliance.lib.usage

_label(id) := contract.terms.benefits[id].label.en

# Per-session caps.
violations contains v if {
	some benefit_id, benefit in usage.plan.benefits
	some cap in benefit.caps
	cap.per == "session"
	some s in usage.sessions
	s.benefit == benefit_id
	used := usage.measure([s], cap.measure)
	used > cap.max
	v := result.violation(
		sprintf(
			"Session %d on %s used %s %s of %s; the cap is %s %s per session.",
			[s.index + 1, s.date, contract.num(used), usage.unit_word(cap.measure, used), _label(benefit_id), contract.num(cap.max), usage.unit_word(cap.measure, cap.max)],
		),
		benefit.clause,
		{
			"benefit": benefit_id, "cap": cap.max, "measure": cap.measure, "per": cap.per, "used": used,
			"period": s.periods.session, "session": s.index, "field": sprintf("sessions[%d].hours", [s.index]),
		},
	)
}

# Caps per month, quarter or contract year.
violations contains v if {
	some benefit_id, benefit in usage.plan.benefits
	some cap in benefit.caps
	cap.per != "session"
	some index in usage.used_periods(benefit_id, cap.per)
	grp := usage.group(benefit_id, cap.per, index)
	used := usage.measure(grp, cap.measure)
	used > cap.max
	period := grp[0].periods[cap.per]
	breaker := usage.breaker(grp, cap)
	v := result.violation(
		sprintf(
			"%s: %s %s used in the %s %s to %s, above the cap of %s %s per %s; session %d on %s went over.",
			[
				_label(benefit_id), contract.num(used), usage.unit_word(cap.measure, used), usage.per_word[cap.per],
				period.start, period.end, contract.num(cap.max), usage.unit_word(cap.measure, cap.max),
				usage.per_word[cap.per], breaker.index + 1, breaker.date,
			],
		),
		benefit.clause,
		{
			"benefit": benefit_id, "cap": cap.max, "measure": cap.measure, "per": cap.per, "used": used,
			"period": period, "session": breaker.index, "field": sprintf("sessions[%d]", [breaker.index]),
		},
	)
}
