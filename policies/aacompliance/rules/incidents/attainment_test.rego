package aacompliance.rules.incidents.attainment_test

import data.aacompliance.reports.incidents as figures
import data.aacompliance.rules.incidents.attainment

_log(plan, incidents, facts) := {
	"kind": "IncidentLog",
	"contract": {"id": "technical-support-terms", "version": "2024-11-18"},
	"document": {"plan": plan, "incidents": incidents},
	"facts": {"incidents": facts},
}

_inc(id, sev) := {"id": id, "severity": sev, "opened": "2025-01-06T09:00:00+01:00"}

_fact(calendar, business, open) := {
	"elapsed": {"calendar": calendar, "business": business},
	"open": open, "version": "2024-11-18",
}

test_gold_sev2_two_business_hours if {
	rows := figures.incidents with input as _log("gold", [_inc("A", 2), _inc("B", 2)], [_fact(500, 120, false), _fact(500, 121, false)])
	[r.status | some r in rows] == ["met", "missed"]
}

test_orange_has_no_severity_2_target if {
	rows := figures.incidents with input as _log("orange", [_inc("A", 2)], [_fact(10, 10, false)])
	rows[0].status == "excluded"
}

test_open_incident_within_target_is_pending if {
	a := figures.attainment with input as _log("silver", [_inc("A", 3)], [_fact(100, 100, true)])
	a.pending == 1
	a.counted == 0
}

test_below_percentage_breaks if {
	vs := attainment.violations with input as _log(
		"platinum",
		[_inc("A", 1), _inc("B", 1)],
		[_fact(10, 10, false), _fact(16, 16, false)],
	)
	some v in vs
	v.data.percent == 50
	v.data.target_percent == 95
}

test_orange_85_percent_met_is_enough if {
	incidents := [_inc(sprintf("I%d", [n]), 1) | some n in numbers.range(1, 20)]
	facts := array.concat([_fact(10, 10, false) | some _ in numbers.range(1, 17)], [_fact(10, 9999, false) | some _ in numbers.range(1, 3)])
	count(attainment.violations) == 0 with input as _log("orange", incidents, facts)
}
