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

# Per revision and benefit of the plan, the caps that apply per session (usually none).
session_caps := {version: {id: list |
	some id, benefit in plan.benefits
	list := [cap | some cap in benefit.caps; cap.per == "session"]
	count(list) > 0
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

# One entry per (benefit, period kind, period) with usage: {benefit, per, period, sessions}, where
# `sessions` are the positions of its sessions and `period.version` the revision in force when the
# period started. (Grouped by aacompliance in the facts.)
periods := input.facts.periods

# The hours or sessions used in a period.
used(p, "hours") := sum([_hours[i] | some i in p.sessions])

used(p, "sessions") := count(p.sessions)

# Every (period, cap of its benefit per that kind of period) with the amount used: shared by the
# cap rule and the ledger (periods without such a cap are not measured).
period_caps := [{"period": p, "cap": cap, "used": used(p, cap.measure)} |
	some p in periods
	some cap in plans[p.period.version].benefits[p.benefit].caps
	cap.per == p.per
]

# The first session (by date, then position) whose cumulative usage in period `p` exceeds the
# cap: [date, position]. All sessions are sorted once by (benefit, date, position): the sessions
# of a period are then one run of that order (checked: their ranks are consecutive), found from
# its first rank, and the running total is taken over a slice (see first_over). Facts that do not
# group that way fall back to sorting the period's own sessions.
breaker(p, cap) := [_ordered[k][1], _ordered[k][2]] if {
	ranks := [_rank[i] | some i in p.sessions]
	first := min(ranks)
	last := max(ranks)
	last - first == count(ranks) - 1
	_ordered[first][0] == p.benefit
	_ordered[last][0] == p.benefit
	k := first + _over(array.slice(_ordered_hours, first, last + 1), cap)
}

breaker(p, cap) := order[_over([_hours[pair[1]] | some pair in order], cap)] if {
	not _one_run(p)
	order := sort([[input.document.sessions[i].date, i] | some i in p.sessions])
}

_one_run(p) if {
	ranks := [_rank[i] | some i in p.sessions]
	max(ranks) - min(ranks) == count(ranks) - 1
	_ordered[min(ranks)][0] == p.benefit
	_ordered[max(ranks)][0] == p.benefit
}

# The position in a run of sessions (with these hours) where the cap is passed; counted in
# sessions, the one after the first floor(max).
_over(hours, cap) := first_over(hours, cap.max) if cap.measure == "hours"

_over(_, cap) := floor(cap.max) if cap.measure == "sessions"

_ordered := sort([[s.benefit, s.date, s.index] | some s in sessions])

_ordered_hours := [_hours[t[2]] | some t in _ordered]

_rank := {t[2]: r | some r, t in _ordered}

# The first index at which the running total of `amounts` (non-negative) exceeds `limit`.
first_over(amounts, limit) := min({k |
	some k, _ in amounts
	sum(array.slice(amounts, 0, k + 1)) > limit
}) if {
	count(amounts) <= _direct
}

# Up to this many amounts, each prefix is summed directly (cheaper than blocks when short).
_direct := 16

first_over(amounts, limit) := (b * size) + j if {
	n := count(amounts)
	n > _direct
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
