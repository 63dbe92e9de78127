package aacompliance.reports.roster_test

import data.aacompliance.lib.contract
import data.aacompliance.reports.roster
import data.aacompliance.testing.roster as fx

_contacts := [
	object.union(fx.contact(1, true, "own"), {"cc_on_incidents": true}),
	fx.contact(2, true, "account"),
	object.union(fx.contact(3, false, "own"), {"cc_on_incidents": false}),
	object.union(fx.contact(4, false, "own"), {"cc_on_incidents": true}),
]

test_figures_and_caps_of_the_plan if {
	inp := json.patch(fx.roster("gold", _contacts, {"enabled": true}), [
		{"op": "replace", "path": "/document/languages", "value": ["en", "fr", "de"]},
		{"op": "replace", "path": "/document/regional_slots", "value": ["EMEA", "AMER"]},
	])
	r := roster.report with input as inp
	plan := contract.plan("gold") with input as inp
	r == {
		"contacts": {"used": 4, "max": plan.designated_contacts_max.value},
		"admins": {"used": 2, "max": plan.delegated_admins_max.value},
		"regional_slots": {"used": 2, "max": plan.regional_slots_max.value},
		"extra_languages": {"used": 2, "max": plan.extra_languages_max.value},
		"account_wide_visibility": {"enabled": true, "offered": plan.account_wide_visibility.value},
		"cc_on_incidents": {"used": 2, "offered": plan.cc_on_incidents.value},
	}
}

test_caps_follow_the_plan if {
	orange := roster.report with input as fx.roster("orange", _contacts, fx.off)
	titanium := roster.report with input as fx.roster("titanium", _contacts, fx.off)
	orange.contacts.max < titanium.contacts.max
	orange.account_wide_visibility == {"enabled": false, "offered": false}
}
