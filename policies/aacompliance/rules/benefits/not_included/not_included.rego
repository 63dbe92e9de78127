# METADATA
# title: Benefits used are included in the plan
# description: >-
#   A session of a benefit that the plan does not include, under the revision
#   in force on the session's date.
# custom:
#   id: BEN-NOT-INCLUDED
#   kind: BenefitUsage
#   subject: benefit
package aacompliance.rules.benefits.not_included

import data.aacompliance.lib.contract
import data.aacompliance.lib.result
import data.aacompliance.lib.usage
# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.usage.sessions
import data.aacompliance.lib.usage.plans

violations contains v if {
	some s in sessions
	not plans[s.version].benefits[s.benefit]
	v := result.violation_at(
		s.version,
		"benefits.not_included",
		sprintf(
			"Session %d on %s uses %s, which the %s plan does not include.",
			[s.index + 1, s.date, usage.benefit_label(s.version, s.benefit), plans[s.version].label.en],
		),
		contract.revision(s.version).benefits[s.benefit].clause,
		{"benefit": s.benefit, "session": s.index, "date": s.date, "field": sprintf("sessions[%d].benefit", [s.index])},
	)
}
