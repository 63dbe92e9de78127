package aacompliance.rules.roster.contacts_max_test

import data.aacompliance.rules.roster.contacts_max
import data.aacompliance.testing.roster as fx

test_silver_allows_six_contacts if {
	inp := fx.roster("silver", [fx.contact(n, false, "own") | some n in numbers.range(1, 6)], fx.off)
	count(contacts_max.violations) == 0 with input as inp
}

test_silver_refuses_seven_contacts if {
	inp := fx.roster("silver", [fx.contact(n, false, "own") | some n in numbers.range(1, 7)], fx.off)
	vs := contacts_max.violations with input as inp
	some v in vs
	v.data == {"cap": 6, "used": 7}
}
