# METADATA
# title: Grouping without quadratic scans
# description: >-
#   Rego has no loops over a running state, and a comprehension per item that
#   scans every other item is quadratic. Sorting [key, position] pairs once puts
#   equal keys next to each other; runs are then found in one pass (n log n).
package aacompliance.lib.groups

# The keys that occur more than once in the array `keys`, each with its positions
# (ascending), ordered by key: [{"key": k, "positions": [i, j, ...]}].
duplicates(keys) := [group |
	pairs := sort([[k, i] | some i, k in keys])
	starts := [j | some j, _ in pairs; _starts_run(pairs, j)]
	some r, first in starts
	end := _run_end(starts, r, count(pairs))
	end - first > 1
	group := {"key": pairs[first][0], "positions": [pairs[m][1] | some m in numbers.range(first, end - 1)]}
]

_starts_run(_, 0) := true

_starts_run(pairs, j) if {
	j > 0
	pairs[j - 1][0] != pairs[j][0]
}

_run_end(starts, r, _) := starts[r + 1] if r + 1 < count(starts)

_run_end(starts, r, total) := total if r + 1 == count(starts)
