# METADATA
# title: Benefits delivered in their languages
# description: A session held in a language the benefit is not delivered in.
# custom:
#   id: BEN-LANGUAGE
#   kind: BenefitUsage
package aacompliance.rules.benefits.language

import data.aacompliance.lib.contract
import data.aacompliance.lib.result
import data.aacompliance.lib.usage

violations contains v if {
	some s in usage.sessions
	benefit := usage.plan.benefits[s.benefit]
	allowed := benefit.languages
	not s.language in allowed
	v := result.violation(
		sprintf(
			"Session %d on %s of %s was held in %s; it is delivered only in %s.",
			[s.index + 1, s.date, contract.terms.benefits[s.benefit].label.en, s.language, concat(", ", allowed)],
		),
		benefit.languages_clause,
		{"benefit": s.benefit, "session": s.index, "language": s.language, "allowed": allowed, "field": sprintf("sessions[%d].language", [s.index])},
	)
}
