# METADATA
# title: Benefit usage helpers
# description: >-
#   Sessions of a BenefitUsage document joined with their periods (computed by
#   aacompliance from contract_year_start), and the amount a cap measures.
package aacompliance.lib.usage

import data.aacompliance.lib.contract

plan := contract.plan(input.document.plan)

sessions := [s |
	some i, raw in input.document.sessions
	s := object.union(raw, {"index": i, "periods": input.facts.sessions[i].periods, "key": sprintf("%s#%06d", [raw.date, i])})
]

measure(group, "hours") := sum([s.hours | some s in group])

measure(group, "sessions") := count(group)

# The sessions of one benefit in one period of a cap.
group(benefit_id, per, index) := [s |
	some s in sessions
	s.benefit == benefit_id
	s.periods[per].index == index
]

# Period indexes with usage of a benefit, for a cap's period.
used_periods(benefit_id, per) := {s.periods[per].index | some s in sessions; s.benefit == benefit_id}

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
