# METADATA
# title: Each contact listed once
# description: The same email address appears twice in the roster (compared without case).
# custom:
#   id: ROSTER-DUPLICATE-CONTACT
#   kind: Roster
#   subject: email
package aacompliance.rules.roster.duplicate_contact

import data.aacompliance.lib.contract
import data.aacompliance.lib.result

violations contains v if {
	some i, contact in input.document.contacts
	email := lower(contact.email)
	positions := [j | some j, other in input.document.contacts; lower(other.email) == email]
	count(positions) > 1
	i == positions[1]
	term := contract.plan(input.document.plan).designated_contacts_max
	v := result.violation(
		sprintf("%s is listed %d times; each designated contact counts once and must appear once.", [contact.email, count(positions)]),
		term.clause,
		{"email": email, "positions": positions, "field": sprintf("contacts[%d].email", [i])},
	)
}
