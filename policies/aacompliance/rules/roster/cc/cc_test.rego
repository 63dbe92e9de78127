package aacompliance.rules.roster.cc_test

import data.aacompliance.rules.roster.cc
import data.aacompliance.testing.roster as fx

test_orange_cc_not_offered if {
	inp := fx.roster("orange", [object.union(fx.contact(1, true, "own"), {"cc_on_incidents": true})], fx.off)
	vs := cc.violations with input as inp
	count(vs) == 1
}

test_silver_cc_offered if {
	inp := fx.roster("silver", [object.union(fx.contact(1, true, "own"), {"cc_on_incidents": true})], fx.off)
	count(cc.violations) == 0 with input as inp
}
