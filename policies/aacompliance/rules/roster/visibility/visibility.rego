# METADATA
# title: Contacts see only their own incidents where the plan says so
# description: >-
#   A contact sees other contacts' incidents (or account-wide visibility is on)
#   under a plan without account-wide visibility.
# custom:
#   id: VIS-OWN-ONLY
#   kind: Roster
#   subject: email
package aacompliance.rules.roster.visibility

import data.aacompliance.lib.contract
import data.aacompliance.lib.result

_term := contract.plan(input.document.plan).account_wide_visibility

violations contains v if {
	_term.value == false
	some i, contact in input.document.contacts
	contact.sees == "account"
	v := result.violation(
		"visibility.own_only_contact",
		sprintf(
			"%s sees every incident of the account, but on the %s plan designated contacts may see only their own incidents.",
			[contact.email, contract.plan_label(input.document.plan)],
		),
		_term.clause,
		{"email": contact.email, "field": sprintf("contacts[%d].sees", [i])},
	)
}

violations contains v if {
	_term.value == false
	input.document.account_wide_visibility.enabled == true
	v := result.violation(
		"visibility.own_only_account",
		sprintf(
			"Account-wide incident visibility is enabled, which the %s plan does not offer.",
			[contract.plan_label(input.document.plan)],
		),
		_term.clause,
		{"field": "account_wide_visibility.enabled"},
	)
}
