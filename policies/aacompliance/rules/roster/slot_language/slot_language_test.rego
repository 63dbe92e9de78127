package aacompliance.rules.roster.slot_language_test

import data.aacompliance.rules.roster.slot_language
import data.aacompliance.testing.roster as fx

test_orange_one_slot_one_language if {
	r := fx.roster("orange", [], fx.off)
	doc := object.union(r.document, {"regional_slots": ["EMEA", "APAC"], "languages": ["fr", "en"]})
	vs := slot_language.violations with input as object.union(r, {"document": doc})
	count(vs) == 1
	some v in vs
	v.data.field == "regional_slots"
}

test_premium_slots_and_languages_chosen_per_incident_are_not_capped if {
	r := fx.roster("silver", [], fx.off)
	many := {
		"regional_slots": ["S1", "S2", "S3", "S4", "S5", "S6"],
		"languages": ["fr", "de", "ja", "ko", "pt", "es", "it", "nl"],
	}
	count(slot_language.violations) == 0 with input as object.union(r, {"document": object.union(r.document, many)})
}
