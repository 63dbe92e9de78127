package aacompliance.rules.roster.roster_test

import data.aacompliance.rules.roster.admins_max
import data.aacompliance.rules.roster.cc
import data.aacompliance.rules.roster.contacts_max
import data.aacompliance.rules.roster.duplicate_contact
import data.aacompliance.rules.roster.enabled_by_admin
import data.aacompliance.rules.roster.slot_language
import data.aacompliance.rules.roster.visibility

_contact(n, admin, sees) := {"email": sprintf("c%d@x.example", [n]), "name": "C", "admin": admin, "sees": sees}

_roster(plan, contacts, vis) := {
	"kind": "Roster",
	"contract": {"id": "technical-support-terms", "version": "2024-11-18"},
	"document": {
		"plan": plan, "regional_slots": ["EMEA"], "languages": ["fr"],
		"contacts": contacts, "account_wide_visibility": vis,
	},
}

_off := {"enabled": false}

test_silver_allows_six_contacts if {
	count(contacts_max.violations) == 0 with input as _roster("silver", [_contact(n, false, "own") | some n in numbers.range(1, 6)], _off)
}

test_silver_refuses_seven_contacts if {
	vs := contacts_max.violations with input as _roster("silver", [_contact(n, false, "own") | some n in numbers.range(1, 7)], _off)
	some v in vs
	v.data == {"cap": 6, "used": 7}
}

test_orange_admins_cap_is_two if {
	vs := admins_max.violations with input as _roster("orange", [_contact(n, true, "own") | some n in numbers.range(1, 3)], _off)
	count(vs) == 1
}

test_duplicate_email_ignores_case if {
	vs := duplicate_contact.violations with input as _roster(
		"gold",
		[_contact(1, false, "own"), object.union(_contact(1, false, "own"), {"email": "C1@X.example"})],
		_off,
	)
	count(vs) == 1
}

test_orange_contact_seeing_account if {
	vs := visibility.violations with input as _roster("orange", [_contact(1, true, "account")], _off)
	count(vs) == 1
}

test_gold_visibility_enabled_by_admin_ok if {
	count(enabled_by_admin.violations) == 0 with input as _roster(
		"gold", [_contact(1, true, "account")],
		{"enabled": true, "enabled_by": "c1@x.example"},
	)
}

test_gold_visibility_enabled_by_non_admin if {
	vs := enabled_by_admin.violations with input as _roster(
		"gold", [_contact(1, true, "own"), _contact(2, false, "account")],
		{"enabled": true, "enabled_by": "c2@x.example"},
	)
	count(vs) == 1
}

test_orange_cc_not_offered if {
	vs := cc.violations with input as _roster("orange", [object.union(_contact(1, true, "own"), {"cc_on_incidents": true})], _off)
	count(vs) == 1
}

test_silver_cc_offered if {
	count(cc.violations) == 0 with input as _roster("silver", [object.union(_contact(1, true, "own"), {"cc_on_incidents": true})], _off)
}

test_orange_one_slot_one_language if {
	r := _roster("orange", [], _off)
	doc := object.union(r.document, {"regional_slots": ["EMEA", "APAC"], "languages": ["fr", "en"]})
	vs := slot_language.violations with input as object.union(r, {"document": doc})
	count(vs) == 1
	some v in vs
	v.data.field == "regional_slots"
}
