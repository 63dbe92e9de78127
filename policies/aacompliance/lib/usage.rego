# METADATA
# title: Benefit usage helpers
# description: >-
#   Sessions of a BenefitUsage document joined with their facts (computed by
#   aacompliance): the contract periods each falls in, counted from
#   contract_year_start, and the revision in force on the session's date and on
#   each period's start.
package aacompliance.lib.usage

import data.aacompliance.lib.contract

sessions := [s |
	some i, raw in input.document.sessions
	fact := input.facts.sessions[i]
	s := object.union(raw, {
		"index": i, "version": fact.version, "periods": fact.periods,
		"key": sprintf("%s#%06d", [raw.date, i]),
		"benefit": _same_as(fact.version, raw.benefit), "recorded_as": raw.benefit,
	})
]

# A benefit recorded under another id of the same benefit (`same_as` in the contract's
# catalogue) counts as that benefit.
_same_as(version, id) := object.get(object.get(contract.revision(version).benefits, id, {}), "same_as", id)

# The document's plan in the revision named by `version`.
plan_at(version) := contract.revision(version).plans[input.document.plan]

benefit_label(version, id) := contract.revision(version).benefits[id].label.en

measure(group, "hours") := sum([s.hours | some s in group])

measure(group, "sessions") := count(group)

# One entry per (benefit, period kind, period) with usage, with its sessions; `period.version`
# is the revision in force when the period started. (Grouped by aacompliance in the facts.)
periods := [p |
	some fp in input.facts.periods
	p := {"benefit": fp.benefit, "per": fp.per, "period": fp.period, "sessions": [sessions[i] | some i in fp.sessions]}
]

# The first session (by date, then position) whose cumulative usage exceeds the cap.
breaker(grp, cap) := s if {
	keys := {t.key |
		some t in grp
		measure([u | some u in grp; u.key <= t.key], cap.measure) > cap.max
	}
	some s in grp
	s.key == min(keys)
}

unit_word(measure, amount) := "hour" if {
	measure == "hours"
	amount == 1
}

unit_word(measure, amount) := "hours" if {
	measure == "hours"
	amount != 1
}

unit_word(measure, amount) := "session" if {
	measure == "sessions"
	amount == 1
}

unit_word(measure, amount) := "sessions" if {
	measure == "sessions"
	amount != 1
}

per_word := {"session": "session", "month": "month", "quarter": "quarter", "contract_year": "contract year"}
