# METADATA
# title: Benefit usage helpers
# description: >-
#   Sessions of a BenefitUsage document joined with their facts (computed by
#   aacompliance): the contract periods each falls in, counted from
#   contract_year_start, and the revision in force on the session's date and on
#   each period's start.
package aacompliance.lib.usage

import data.aacompliance.lib.contract
# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.contract.revisions

# One row per session, joined with its fact (built once, no call per session).
sessions := [s |
	some i, raw in input.document.sessions
	fact := input.facts.sessions[i]
	s := object.union(raw, {
		"index": i, "version": fact.version, "periods": fact.periods,
		"benefit": object.get(_counts_as[fact.version], raw.benefit, raw.benefit), "recorded_as": raw.benefit,
	})
]

# A benefit recorded under another id of the same benefit (`same_as` in the contract's
# catalogue) counts as that benefit: per revision, each benefit id to the id it counts as.
_counts_as := {version: {id: object.get(b, "same_as", id) | some id, b in rev.benefits} |
	some version, rev in revisions
}

# The document's plan in each revision that has it (a lookup, not a call, in hot loops).
plans := {version: rev.plans[input.document.plan] |
	some version, rev in revisions
	rev.plans[input.document.plan]
}

plan_at(version) := plans[version]

# Per revision and benefit of the plan, the caps that apply per session (usually none).
session_caps := {version: {id: caps |
	some id, benefit in plan.benefits
	caps := [cap | some cap in benefit.caps; cap.per == "session"]
	count(caps) > 0
} | some version, plan in plans}

benefit_label(version, id) := contract.revision(version).benefits[id].label.en

# Per revision and benefit of the plan delivered in listed languages only, what a session in
# another language cites (built once): the benefit's label, its languages (listed and as text)
# and their clause.
language_terms := {version: {id: {
	"label": benefit_label(version, id),
	"languages": benefit.languages,
	"text": concat(", ", benefit.languages),
	"clause": contract.clause_at(version, benefit.languages_clause),
} |
	some id, benefit in plan.benefits
	is_array(benefit.languages)
} | some version, plan in plans}

_hours := [s.hours | some s in input.document.sessions]

# One entry per (benefit, period kind, period) with usage: `sessions` are the positions of its
# sessions, `used` its hours and sessions; `period.version` is the revision in force when the
# period started. (Grouped by aacompliance in the facts.)
periods := [p |
	some fp in input.facts.periods
	p := {
		"benefit": fp.benefit, "per": fp.per, "period": fp.period, "sessions": fp.sessions,
		"used": {"hours": sum([_hours[i] | some i in fp.sessions]), "sessions": count(fp.sessions)},
	}
]

# Every (period, cap of its benefit per that kind of period) with the amount used: shared by the
# cap rule and the ledger.
period_caps := [{"period": p, "cap": cap, "used": p.used[cap.measure]} |
	some p in periods
	some cap in plans[p.period.version].benefits[p.benefit].caps
	cap.per == p.per
]

# The first session (by date, then position) whose cumulative usage in period `p` exceeds the
# cap: [date, position]. Cumulative sums without a quadratic scan: see first_over.
breaker(p, cap) := order[first_over([_hours[pair[1]] | some pair in order], cap.max)] if {
	cap.measure == "hours"
	order := _order(p)
}

# Counted in sessions, the session after the first floor(max) goes over.
breaker(p, cap) := _order(p)[floor(cap.max)] if cap.measure == "sessions"

_order(p) := sort([[input.document.sessions[i].date, i] | some i in p.sessions])

# The first index at which the running total of `amounts` (non-negative) exceeds `limit`.
first_over(amounts, limit) := (b * size) + j if {
	n := count(amounts)
	size := _about_sqrt(n)
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

# A whole number near the square root of n >= 1 (four Newton steps, no loop): the block size.
_about_sqrt(n) := ceil(x4) if {
	x0 := 1 + (n / 8)
	x1 := (x0 + (n / x0)) / 2
	x2 := (x1 + (n / x1)) / 2
	x3 := (x2 + (n / x2)) / 2
	x4 := (x3 + (n / x3)) / 2
}
