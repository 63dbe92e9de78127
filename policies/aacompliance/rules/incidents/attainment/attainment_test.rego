package aacompliance.rules.incidents.attainment_test

import data.aacompliance.rules.incidents.attainment
import data.aacompliance.testing.incidents as fx

test_below_percentage_breaks if {
	vs := attainment.violations with input as fx.log(
		"platinum",
		[fx.incident("A", 1), fx.incident("B", 1)],
		[fx.fact(10, 10, false), fx.fact(16, 16, false)],
	)
	some v in vs
	v.data.percent == 50
	v.data.target_percent == 95
}

test_orange_85_percent_met_is_enough if {
	incidents := [fx.incident(sprintf("I%d", [n]), 1) | some n in numbers.range(1, 20)]
	facts := array.concat(
		[fx.fact(10, 10, false) | some _ in numbers.range(1, 17)],
		[fx.fact(10, 9999, false) | some _ in numbers.range(1, 3)],
	)
	count(attainment.violations) == 0 with input as fx.log("orange", incidents, facts)
}
