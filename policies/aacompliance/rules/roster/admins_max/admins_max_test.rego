package aacompliance.rules.roster.admins_max_test

import data.aacompliance.rules.roster.admins_max
import data.aacompliance.testing.roster as fx

test_orange_admins_cap_is_two if {
	inp := fx.roster("orange", [fx.contact(n, true, "own") | some n in numbers.range(1, 3)], fx.off)
	vs := admins_max.violations with input as inp
	count(vs) == 1
}
