# METADATA
# title: Grouping without quadratic scans
# description: >-
#   Rego has no loops over a running state, and a comprehension per item that
#   scans every other item is quadratic. Sorting [key, position] pairs once puts
#   equal keys next to each other; runs are then found in one pass (n log n).
#   (No helper function takes the whole array per item: regorus hashes the
#   arguments of every call, which would make the pass quadratic again.)
package aacompliance.lib.groups

# The keys that occur more than once in the array `keys`, each with its positions
# (ascending), ordered by key: [{"key": k, "positions": [i, j, ...]}].
duplicates(keys) := [group |
	pairs := sort([[k, i] | some i, k in keys])
	starts := array.concat([0], [j | some j, pair in pairs; j > 0; pairs[j - 1][0] != pair[0]])
	ends := array.concat(array.slice(starts, 1, count(starts)), [count(pairs)])
	some r, first in starts
	ends[r] - first > 1
	group := {"key": pairs[first][0], "positions": [pairs[m][1] | some m in numbers.range(first, ends[r] - 1)]}
]
