package aacompliance.waivers_test

import data.aacompliance.main

# An order form signed on 2025-06-02 whose Gold line leaves S2 and S3 uncovered (two OF-COVERAGE).
_form(waivers) := {
	"kind": "OrderForm",
	"contract": {"id": "technical-support-terms", "version": "2024-11-18"},
	"document": {
		"apiVersion": "aacompliance/v1", "kind": "OrderForm",
		"id": "OF-T", "customer": {"name": "C", "account": "ACC-1"}, "signed_on": "2025-06-02",
		"subscriptions": [
			{"id": "S1", "product": "P", "region": "EMEA", "entity": "E", "start": "2025-01-01", "end": "2026-12-31"},
			{"id": "S2", "product": "P", "region": "AMER", "entity": "E", "start": "2025-01-01", "end": "2026-12-31"},
			{"id": "S3", "product": "P", "region": "APAC", "entity": "E", "start": "2025-01-01", "end": "2026-12-31"},
		],
		"support": [{
			"plan": "gold", "covers": ["S1"], "start": "2025-07-01", "end": "2026-06-30",
			"credit_or_refund": false,
		}],
	},
	"facts": {},
	"waivers": waivers,
}

_waiver(id, rule, extra) := object.union(
	{
		"id": id, "account": "ACC-1", "document": "OF-T", "rule": rule, "reason": "r",
		"approved_by": "desk", "approved_on": "2025-05-01", "expires_on": "2025-12-31",
	},
	extra,
)

_decide(waivers) := d if {
	d := main.decision with input as _form(waivers)
}

_subjects(vs) := sort([v.data.subscription | some v in vs])

_status(d, id) := [w.status | some w in d.waivers; w.id == id][0]

test_without_waivers_both_violations_stand if {
	d := _decide([])
	_subjects(d.violations) == ["S2", "S3"]
	d.waived == []
	d.waivers == []
}

test_rule_and_document_waive_every_violation_of_the_rule if {
	d := _decide([_waiver("W1", "OF-COVERAGE", {})])
	d.violations == []
	_subjects(d.waived) == ["S2", "S3"]
	every v in d.waived {
		v.waiver.id == "W1"
		v.waiver.approved_by == "desk"
		v.waiver.expires_on == "2025-12-31"
		v.rule == "OF-COVERAGE"
	}
	_status(d, "W1") == "applied"
}

test_subject_waives_only_that_subject if {
	d := _decide([_waiver("W1", "OF-COVERAGE", {"subject": "S3"})])
	_subjects(d.violations) == ["S2"]
	_subjects(d.waived) == ["S3"]
}

test_null_subject_means_the_whole_rule if {
	d := _decide([_waiver("W1", "OF-COVERAGE", {"subject": null})])
	count(d.waived) == 2
}

test_expires_on_the_document_date_still_applies if {
	d := _decide([_waiver("W1", "OF-COVERAGE", {"expires_on": "2025-06-02"})])
	d.violations == []
	_status(d, "W1") == "applied"
}

test_expired_the_day_before_the_document_date if {
	d := _decide([_waiver("W1", "OF-COVERAGE", {"expires_on": "2025-06-01"})])
	_subjects(d.violations) == ["S2", "S3"]
	d.waived == []
	[w] := d.waivers
	w.status == "expired"
	w.matched == 2
}

test_another_accounts_waiver_never_applies if {
	d := _decide([_waiver("W1", "OF-COVERAGE", {"account": "ACC-2"})])
	count(d.violations) == 2
	d.waivers == []
}

test_another_documents_waiver_never_applies if {
	d := _decide([_waiver("W1", "OF-COVERAGE", {"document": "OF-U"})])
	count(d.violations) == 2
	d.waivers == []
}

test_waiver_that_matches_nothing_is_unused if {
	d := _decide([
		_waiver("W1", "OF-SAME-PLAN", {}),
		_waiver("W2", "OF-COVERAGE", {"subject": "S1"}),
	])
	count(d.violations) == 2
	_status(d, "W1") == "unused"
	_status(d, "W2") == "unused"
}

test_subject_waiver_preferred_over_rule_waiver if {
	d := _decide([
		_waiver("W-A", "OF-COVERAGE", {}),
		_waiver("W-B", "OF-COVERAGE", {"subject": "S2"}),
	])
	by_subject := {v.data.subscription: v.waiver.id | some v in d.waived}
	by_subject == {"S2": "W-B", "S3": "W-A"}
}

test_same_id_twice_does_not_conflict if {
	d := _decide([_waiver("W1", "OF-COVERAGE", {}), _waiver("W1", "OF-COVERAGE", {"subject": "S2"})])
	count(d.waived) == 2
}

test_clause_defaults_to_the_violations_clause if {
	d := _decide([_waiver("W1", "OF-COVERAGE", {"subject": "S2"})])
	[v] := d.waived
	v.waiver.clause == v.clause
}

test_clause_named_by_the_waiver if {
	d := _decide([_waiver("W1", "OF-COVERAGE", {"subject": "S2", "clause": "general.scope"})])
	[v] := d.waived
	v.waiver.clause.id == "general.scope"
	v.clause.id != "general.scope"
}

test_malformed_waivers_never_apply if {
	d := _decide([
		_waiver("W1", "OF-COVERAGE", {"expires_on": "31/12/2025"}),
		{"id": "W2", "rule": "OF-COVERAGE"},
		"W3",
	])
	count(d.violations) == 2
	d.waived == []
}

# A roster's id is its account; VIS-CC names the contact's email.
test_roster_waiver_by_email if {
	roster := {
		"kind": "Roster",
		"contract": {"id": "technical-support-terms", "version": "2024-11-18"},
		"document": {
			"apiVersion": "aacompliance/v1", "kind": "Roster",
			"account": "R-1", "customer": "C", "plan": "orange", "as_of": "2025-06-02",
			"regional_slots": [], "languages": [],
			"contacts": [
				{"email": "a@x.com", "name": "A", "admin": true, "sees": "own", "cc_on_incidents": true},
				{"email": "b@x.com", "name": "B", "admin": false, "sees": "own", "cc_on_incidents": true},
			],
			"account_wide_visibility": {"enabled": false, "enabled_by": null},
		},
		"facts": {},
		"waivers": [_waiver("W1", "VIS-CC", {"account": "R-1", "document": "R-1", "subject": "b@x.com"})],
	}
	d := main.decision with input as roster
	[standing] := [v | some v in d.violations; v.rule == "VIS-CC"]
	standing.data.email == "a@x.com"
	[waived] := d.waived
	waived.data.email == "b@x.com"
}
