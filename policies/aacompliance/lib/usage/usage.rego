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

# The document's plan in the revision named by `version` (looked up once per revision).
plan_at(version) := _plan_at[version]

_plan_at := {version: contract.revision(version).plans[input.document.plan] | some version in _versions}

_versions := {f.version | some f in input.facts.sessions} | {p.period.version | some p in input.facts.periods}

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
# Cumulative sums without a quadratic scan: Rego has no running total, so amounts are
# summed per block of about sqrt(n) sessions, the block where the total passes the cap is
# found from the block totals, then the session inside it (O(n) in all).
breaker(grp, cap) := ordered[first_over(amounts, cap.max)] if {
	by_key := {t.key: t | some t in grp}
	ordered := [by_key[k] | some k in sort(object.keys(by_key))]
	amounts := [measure([t], cap.measure) | some t in ordered]
}

# The first index at which the running total of `amounts` (non-negative) exceeds `limit`.
first_over(amounts, limit) := (b * size) + j if {
	n := count(amounts)
	size := min({k | some k in numbers.range(1, n); k * k >= n})
	blocks := [sum(array.slice(amounts, c * size, (c + 1) * size)) | some c in numbers.range(0, floor((n - 1) / size))]
	before := [sum(array.slice(blocks, 0, c)) | some c, _ in blocks]
	b := min({c | some c, total in blocks; before[c] + total > limit})
	within := array.slice(amounts, b * size, (b + 1) * size)
	j := min({k | some k, _ in within; before[b] + sum(array.slice(within, 0, k + 1)) > limit})
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
