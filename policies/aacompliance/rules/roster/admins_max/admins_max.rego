# METADATA
# title: Delegated admins within the plan's maximum
# description: More delegated administrators than the plan allows.
# custom:
#   id: ROSTER-ADMINS-MAX
#   kind: Roster
package aacompliance.rules.roster.admins_max

import data.aacompliance.lib.contract
import data.aacompliance.lib.result

violations contains v if {
	term := contract.plan(input.document.plan).delegated_admins_max
	admins := [c.email | some c in input.document.contacts; c.admin == true]
	count(admins) > term.value
	v := result.violation(
		"roster.admins_max",
		sprintf(
			"%d delegated admins (%s), but the %s plan allows at most %d.",
			[count(admins), concat(", ", admins), contract.plan_label(input.document.plan), term.value],
		),
		term.clause,
		{"cap": term.value, "used": count(admins), "admins": admins},
	)
}
