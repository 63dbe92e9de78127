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
