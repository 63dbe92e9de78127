package aacompliance.rules.benefits.cap_test

import data.aacompliance.rules.benefits.cap
import data.aacompliance.testing.benefits as fx

test_silver_architecture_per_session_cap if {
	inp := fx.usage("silver", [fx.session("architecture_consultation", "2025-01-05", 3.5, "en")], [0])
	vs := cap.violations with input as inp
	some v in vs
	v.data.per == "session"
	v.data.cap == 3
}

test_silver_architecture_yearly_hours_cap_names_breaking_session if {
	sessions := [
		fx.session("architecture_consultation", "2025-01-05", 3, "en"),
		fx.session("architecture_consultation", "2025-04-05", 3, "en"),
		fx.session("architecture_consultation", "2025-07-05", 3, "en"),
		fx.session("architecture_consultation", "2025-10-05", 2, "en"),
	]
	vs := cap.violations with input as fx.usage("silver", sessions, [0, 1, 2, 3])
	some v in vs
	v.data.per == "contract_year"
	v.data.measure == "hours"
	v.data.used == 11
	v.data.session == 3
}

test_gold_infosec_once_per_quarter if {
	sessions := [
		fx.session("infosec_consultation", "2025-01-05", 1, "en"),
		fx.session("infosec_consultation", "2025-04-05", 1, "en"),
	]
	count(cap.violations) == 0 with input as fx.usage("gold", sessions, [0, 1])
}
