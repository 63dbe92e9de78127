# METADATA
# title: Regional slots and languages within the plan
# description: >-
#   More regional slots, or more languages besides English, than the plan allows, where
#   the plan has the team choose them once (selected_at: roster); not where they are
#   chosen per incident.
# custom:
#   id: SLOT-LANGUAGE
#   kind: Roster
package aacompliance.rules.roster.slot_language

import data.aacompliance.lib.contract
import data.aacompliance.lib.result

_plan := contract.plan(input.document.plan)

_label := contract.plan_label(input.document.plan)

violations contains v if {
	term := _plan.regional_slots_max
	_chosen_once_for_the_team(term)
	slots := input.document.regional_slots
	count(slots) > term.value
	v := result.violation(
		"roster.regional_slots",
		sprintf(
			"%d regional slots selected (%s), but the %s plan allows %d.",
			[count(slots), concat(", ", slots), _label, term.value],
		),
		term.clause,
		{"cap": term.value, "used": count(slots), "slots": slots, "field": "regional_slots"},
	)
}

violations contains v if {
	term := _plan.extra_languages_max
	_chosen_once_for_the_team(term)
	languages := [l | some l in input.document.languages; l != "en"]
	count(languages) > term.value
	v := result.violation(
		"roster.languages",
		sprintf(
			"%d languages besides English selected (%s), but the %s plan allows %d.",
			[count(languages), concat(", ", languages), _label, term.value],
		),
		term.clause,
		{"cap": term.value, "used": count(languages), "languages": languages, "field": "languages"},
	)
}

# A cap on the roster applies where the plan has the team choose once (Orange); a premium
# plan's slots and languages are chosen per incident (interpretation premium-languages-per-incident).
_chosen_once_for_the_team(term) if object.get(term, "selected_at", "roster") == "roster"
