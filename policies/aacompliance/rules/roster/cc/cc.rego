# METADATA
# title: CC on incidents only where the plan offers it
# description: A contact is CC'd on incidents under a plan that does not offer CC.
# custom:
#   id: VIS-CC
#   kind: Roster
#   subject: email
package aacompliance.rules.roster.cc

import data.aacompliance.lib.contract
import data.aacompliance.lib.result

violations contains v if {
	term := contract.plan(input.document.plan).cc_on_incidents
	term.value == false
	some i, contact in input.document.contacts
	object.get(contact, "cc_on_incidents", false) == true
	v := result.violation(
		"visibility.cc",
		sprintf(
			"%s is CC'd on incidents, which the %s plan does not offer.",
			[contact.email, contract.plan_label(input.document.plan)],
		),
		term.clause,
		{"email": contact.email, "field": sprintf("contacts[%d].cc_on_incidents", [i])},
	)
}
