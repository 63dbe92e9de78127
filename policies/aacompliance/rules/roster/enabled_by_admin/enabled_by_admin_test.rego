package aacompliance.rules.roster.enabled_by_admin_test

import data.aacompliance.rules.roster.enabled_by_admin
import data.aacompliance.testing.roster as fx

test_gold_visibility_enabled_by_admin_ok if {
	count(enabled_by_admin.violations) == 0 with input as fx.roster(
		"gold", [fx.contact(1, true, "account")],
		{"enabled": true, "enabled_by": "c1@x.example"},
	)
}

test_gold_visibility_enabled_by_non_admin if {
	vs := enabled_by_admin.violations with input as fx.roster(
		"gold", [fx.contact(1, true, "own"), fx.contact(2, false, "account")],
		{"enabled": true, "enabled_by": "c2@x.example"},
	)
	count(vs) == 1
}
