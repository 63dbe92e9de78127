package aacompliance.reports.incidents_test

import data.aacompliance.reports.incidents as figures
import data.aacompliance.testing.incidents as fx

test_gold_sev2_two_business_hours if {
	inp := fx.log("gold", [fx.incident("A", 2), fx.incident("B", 2)], [fx.fact(500, 120, false), fx.fact(500, 121, false)])
	rows := figures.incidents with input as inp
	[r.status | some r in rows] == ["met", "missed"]
}

test_orange_has_no_severity_2_target if {
	rows := figures.incidents with input as fx.log("orange", [fx.incident("A", 2)], [fx.fact(10, 10, false)])
	rows[0].status == "excluded"
}

test_open_incident_within_target_is_pending if {
	a := figures.attainment with input as fx.log("silver", [fx.incident("A", 3)], [fx.fact(100, 100, true)])
	a.pending == 1
	a.counted == 0
}
