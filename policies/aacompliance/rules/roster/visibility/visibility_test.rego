package aacompliance.rules.roster.visibility_test

import data.aacompliance.rules.roster.visibility
import data.aacompliance.testing.roster as fx

test_orange_contact_seeing_account if {
	vs := visibility.violations with input as fx.roster("orange", [fx.contact(1, true, "account")], fx.off)
	count(vs) == 1
}
