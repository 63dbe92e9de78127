# METADATA
# title: Benefits delivered in their languages
# description: >-
#   A session held in a language the benefit is not delivered in, under the
#   revision in force on the session's date.
# custom:
#   id: BEN-LANGUAGE
#   kind: BenefitUsage
#   subject: benefit
package aacompliance.rules.benefits.language

import data.aacompliance.lib.result
import data.aacompliance.lib.usage

violations contains v if {
	some s in usage.sessions
	benefit := usage.plan_at(s.version).benefits[s.benefit]
	allowed := benefit.languages
	not s.language in allowed
	v := result.violation_at(
		s.version,
		"benefits.language",
		sprintf(
			"Session %d on %s of %s was held in %s; it is delivered only in %s.",
			[s.index + 1, s.date, usage.benefit_label(s.version, s.benefit), s.language, concat(", ", allowed)],
		),
		benefit.languages_clause,
		{
			"benefit": s.benefit, "session": s.index, "language": s.language, "allowed": allowed,
			"field": sprintf("sessions[%d].language", [s.index]),
		},
	)
}
