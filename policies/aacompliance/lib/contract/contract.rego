# METADATA
# title: Contract terms in force
# description: >-
#   The contract revision named by input.contract ({id, version}), read from
#   data.aacompliance.contracts, with helpers to reach plans, clauses and units.
package aacompliance.lib.contract

# Every revision of the contract, bound once: in regorus a `data.` reference costs far more
# than reading a rule's value, so functions called per item read rules, not `data`.
revisions := data.aacompliance.contracts[input.contract.id]

terms := revisions[input.contract.version]

# Another revision of the same contract, named by version (for dated items: sessions,
# incidents, periods, each judged by the revision in force on its date).
revision(version) := revisions[version]

plan(id) := terms.plans[id]

plan_label(id) := terms.plans[id].label.en

clause(id) := object.union(terms.clauses[id], {"id": id})

clause_at(version, id) := object.union(revision(version).clauses[id], {"id": id})

# Plan ids in rank order (lowest first).
plans_by_rank := [id |
	some rank in sort([p.rank | some p in terms.plans])
	some id, p in terms.plans
	p.rank == rank
]

# "a, b and c"
and_list(items) := concat(" and ", [
	concat(", ", array.slice(items, 0, count(items) - 1)),
	items[count(items) - 1],
]) if {
	count(items) > 1
}

and_list(items) := items[0] if count(items) == 1

# "a, b or c"
or_list(items) := concat(" or ", [
	concat(", ", array.slice(items, 0, count(items) - 1)),
	items[count(items) - 1],
]) if {
	count(items) > 1
}

or_list(items) := items[0] if count(items) == 1

# A number without a trailing ".0"; up to two decimals.
num(x) := sprintf("%d", [x]) if x == floor(x)

num(x) := sprintf("%v", [round(x * 100) / 100]) if x != floor(x)
