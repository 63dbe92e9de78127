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
# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.usage.sessions
import data.aacompliance.lib.usage.language_terms

# (`terms.label` stops a session whose benefit has no language terms: regorus's VM goes on with
# an undefined value assigned by `:=`, and `not x in undefined` holds there.)
violations contains v if {
	some s in sessions
	terms := language_terms[s.version][s.benefit]
	terms.label
	not s.language in terms.languages
	v := result.cited(
		"benefits.language",
		sprintf(
			"Session %d on %s of %s was held in %s; it is delivered only in %s.",
			[s.index + 1, s.date, terms.label, s.language, terms.text],
		),
		terms.clause,
		{
			"benefit": s.benefit, "session": s.index, "language": s.language, "allowed": terms.languages,
			"field": sprintf("sessions[%d].language", [s.index]),
		},
	)
}
