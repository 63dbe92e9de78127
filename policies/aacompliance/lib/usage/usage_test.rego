package aacompliance.lib.usage_test

import data.aacompliance.lib.usage
import data.aacompliance.testing.benefits as fx

# The reference: the first prefix whose sum exceeds the limit (quadratic, for small inputs).
_naive(amounts, limit) := min({i | some i, _ in amounts; sum(array.slice(amounts, 0, i + 1)) > limit})

test_first_over_agrees_with_the_running_total if {
	amounts := [1, 0.5, 2, 0, 3, 1, 1, 4, 0.5, 2, 1, 1, 3]
	every limit in [0, 0.5, 1, 3, 3.5, 6.4, 10, 15.5, 18] {
		usage.first_over(amounts, limit) == _naive(amounts, limit)
	}
}

test_first_over_at_block_edges if {
	ones := [1 | some _ in numbers.range(1, 50)]
	every limit in [0, 6, 7, 8, 48, 49] {
		usage.first_over(ones, limit) == limit
	}
	not usage.first_over(ones, 50)
}

test_breaker_orders_by_date_then_position if {
	inp := fx.usage("silver", [
		fx.session("x", "2025-03-01", 2, "en"),
		fx.session("x", "2025-01-01", 2, "en"),
		fx.session("x", "2025-02-01", 2, "en"),
		fx.session("x", "2025-01-01", 1, "en"),
		fx.session("y", "2025-01-15", 5, "en"),
	], [0, 0, 0, 0, 0])
	p := {"sessions": [0, 1, 2, 3]}
	usage.breaker(p, {"measure": "hours", "max": 3}) == ["2025-02-01", 2] with input as inp
	usage.breaker(p, {"measure": "hours", "max": 6.5}) == ["2025-03-01", 0] with input as inp
	usage.breaker(p, {"measure": "sessions", "max": 2}) == ["2025-02-01", 2] with input as inp
	usage.breaker(p, {"measure": "sessions", "max": 1}) == ["2025-01-01", 3] with input as inp
}

# Sessions that are not one run of a benefit's sessions (facts grouped otherwise): sorted apart.
test_breaker_of_sessions_of_several_benefits if {
	inp := fx.usage("silver", [
		fx.session("x", "2025-03-01", 2, "en"),
		fx.session("x", "2025-01-01", 2, "en"),
		fx.session("y", "2025-01-15", 5, "en"),
	], [0, 0, 0])
	usage.breaker({"sessions": [0, 2]}, {"measure": "hours", "max": 5}) == ["2025-03-01", 0] with input as inp
	usage.breaker({"sessions": [0, 2]}, {"measure": "hours", "max": 4}) == ["2025-01-15", 2] with input as inp
}
