package aacompliance.rules.benefits.not_included_test

import data.aacompliance.rules.benefits.not_included
import data.aacompliance.testing.benefits as fx

test_developer_support_not_in_gold if {
	inp := fx.usage("gold", [fx.session("developer_support", "2025-01-05", 1, "en")], [0])
	vs := not_included.violations with input as inp
	count(vs) == 1
}

test_developer_support_in_platinum if {
	inp := fx.usage("platinum", [fx.session("developer_support", "2025-01-05", 1, "en")], [0])
	count(not_included.violations) == 0 with input as inp
}
