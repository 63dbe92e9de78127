package aacompliance.rules.roster.duplicate_contact_test

import data.aacompliance.rules.roster.duplicate_contact
import data.aacompliance.testing.roster as fx

test_duplicate_email_ignores_case if {
	vs := duplicate_contact.violations with input as fx.roster(
		"gold",
		[fx.contact(1, false, "own"), object.union(fx.contact(1, false, "own"), {"email": "C1@X.example"})],
		fx.off,
	)
	count(vs) == 1
}
