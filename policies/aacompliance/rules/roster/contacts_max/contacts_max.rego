# METADATA
# title: Designated contacts within the plan's maximum
# description: More designated support contacts than the plan allows.
# custom:
#   id: ROSTER-CONTACTS-MAX
#   kind: Roster
package aacompliance.rules.roster.contacts_max

import data.aacompliance.lib.contract
import data.aacompliance.lib.result

violations contains v if {
	term := contract.plan(input.document.plan).designated_contacts_max
	used := count(input.document.contacts)
	used > term.value
	v := result.violation(
		"roster.contacts_max",
		sprintf(
			"%d designated contacts, but the %s plan allows at most %d.",
			[used, contract.plan_label(input.document.plan), term.value],
		),
		term.clause,
		{"cap": term.value, "used": used},
	)
}
