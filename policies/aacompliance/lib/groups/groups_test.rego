package aacompliance.lib.groups_test

import data.aacompliance.lib.groups

test_duplicates_with_positions_in_order if {
	groups.duplicates(["b", "a", "c", "a", "b", "a"]) == [
		{"key": "a", "positions": [1, 3, 5]},
		{"key": "b", "positions": [0, 4]},
	]
}

test_no_duplicates if {
	groups.duplicates(["x", "y"]) == []
	groups.duplicates([]) == []
}

test_one_run_at_the_end if {
	groups.duplicates(["a", "z", "z"]) == [{"key": "z", "positions": [1, 2]}]
}
