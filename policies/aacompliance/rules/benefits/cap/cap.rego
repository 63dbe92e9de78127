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
import data.aacompliance.lib.usage.session_caps
import data.aacompliance.lib.usage.period_caps
import data.aacompliance.lib.usage.per_word
import data.aacompliance.lib.usage.plans

# Per-session caps.
violations contains v if {
	some x in _broken_session
	[s, cap, used] := x
	terms := _cited[[s.version, s.benefit, cap]]
	v := result.cited(
		"benefits.cap_session",
		sprintf(
			"Session %d on %s used %s %s of %s; the cap is %s %s per session.",
			[
				s.index + 1, s.date, contract.num(used), usage.unit_word(cap.measure, used),
				terms.label, terms.max_text, terms.max_unit,
			],
		),
		terms.cited,
		{
			"benefit": s.benefit, "cap": cap.max, "measure": cap.measure, "per": cap.per, "used": used,
			"period": s.periods.session, "session": s.index, "field": sprintf("sessions[%d].hours", [s.index]),
		},
	)
}

# Per-period caps.
violations contains v if {
	some pc in _broken_period
	p := pc.period
	cap := pc.cap
	used := pc.used
	terms := _cited[[p.period.version, p.benefit, cap]]
	breaker := usage.breaker(p, cap)
	v := result.cited(
		"benefits.cap_period",
		sprintf(
			"%s: %s %s used in the %s %s to %s, above the cap of %s %s per %s; session %d on %s went over.",
			[
				terms.label, contract.num(used), usage.unit_word(cap.measure, used),
				per_word[cap.per], p.period.start, p.period.end, terms.max_text,
				terms.max_unit, per_word[cap.per], breaker[1] + 1, breaker[0],
			],
		),
		terms.cited,
		{
			"benefit": p.benefit, "cap": cap.max, "measure": cap.measure, "per": cap.per, "used": used,
			"period": p.period, "session": breaker[1], "field": sprintf("sessions[%d]", [breaker[1]]),
		},
	)
}

_broken_session := [[s, cap, used] |
	some s in sessions
	some cap in session_caps[s.version][s.benefit]
	used := {"hours": s.hours, "sessions": 1}[cap.measure]
	used > cap.max
]

_broken_period := [pc | some pc in period_caps; pc.used > pc.cap.max]

# What a violation of a cap cites, worked out once per cap broken (not per violation): the
# benefit's label, the clause (the cap's own, else the benefit's) and the cap in words.
_cited := {key: _terms(key[0], key[1], key[2]) | some key in _broken}

_broken := {[x[0].version, x[0].benefit, x[1]] | some x in _broken_session} | {
	[pc.period.period.version, pc.period.benefit, pc.cap] |
		some pc in _broken_period
}

_terms(version, id, cap) := {
	"label": usage.benefit_label(version, id),
	"cited": contract.clause_at(version, object.get(cap, "clause", plans[version].benefits[id].clause)),
	"max_text": contract.num(cap.max),
	"max_unit": usage.unit_word(cap.measure, cap.max),
}
