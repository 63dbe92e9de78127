# METADATA
# title: Benefits used are included in the plan
# description: A session of a benefit that the plan does not include.
# custom:
#   id: BEN-NOT-INCLUDED
#   kind: BenefitUsage
package aacompliance.rules.benefits.not_included

import data.aacompliance.lib.contract
import data.aacompliance.lib.result
import data.aacompliance.lib.usage

violations contains v if {
	some s in usage.sessions
	not usage.plan.benefits[s.benefit]
	label := contract.terms.benefits[s.benefit].label.en
	v := result.violation(
		sprintf("Session %d on %s uses %s, which the %s plan does not include.", [s.index + 1, s.date, label, contract.plan_label(input.document.plan)]),
		contract.terms.benefits[s.benefit].clause,
		{"benefit": s.benefit, "session": s.index, "date": s.date, "field": sprintf("sessions[%d].benefit", [s.index])},
	)
}
