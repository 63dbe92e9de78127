# METADATA
# title: Each contact listed once
# description: The same email address appears twice in the roster (compared without case).
# custom:
#   id: ROSTER-DUPLICATE-CONTACT
#   kind: Roster
#   subject: email
package aacompliance.rules.roster.duplicate_contact

import data.aacompliance.lib.contract
import data.aacompliance.lib.groups
import data.aacompliance.lib.result

# Emails compared without case, grouped by sorting (n log n), one violation per repeated email,
# at its second listing.
violations contains v if {
	some group in groups.duplicates([lower(c.email) | some c in input.document.contacts])
	email := group.key
	positions := group.positions
	i := positions[1]
	contact := input.document.contacts[i]
	term := contract.plan(input.document.plan).designated_contacts_max
	v := result.violation(
		"roster.duplicate_contact",
		sprintf(
			"%s is listed %d times; each designated contact counts once and must appear once.",
			[contact.email, count(positions)],
		),
		term.clause,
		{"email": email, "positions": positions, "field": sprintf("contacts[%d].email", [i])},
	)
}
