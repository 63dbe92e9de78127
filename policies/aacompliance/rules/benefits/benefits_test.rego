package aacompliance.rules.benefits.benefits_test

import data.aacompliance.reports.benefits as ledger
import data.aacompliance.rules.benefits.cap
import data.aacompliance.rules.benefits.language
import data.aacompliance.rules.benefits.not_included

_v := "2024-11-18"

_period(i, s, e) := {"index": i, "start": s, "end": e, "version": _v}

_facts(i, quarter) := {"version": _v, "periods": {
	"session": _period(i, "x", "x"),
	"month": _period(quarter * 3, "m", "m"),
	"quarter": _period(quarter, "2025-01-01", "2025-03-31"),
	"contract_year": _period(0, "2025-01-01", "2025-12-31"),
}}

_usage(plan, sessions, quarters) := {
	"kind": "BenefitUsage",
	"contract": {"id": "technical-support-terms", "version": "2024-11-18"},
	"document": {"plan": plan, "contract_year_start": "2025-01-01", "sessions": sessions},
	"facts": {"sessions": [_facts(i, q) | some i, q in quarters], "periods": _groups(sessions, quarters)},
}

# The (benefit, period) groups aacompliance computes, rebuilt for the test inputs.
_groups(sessions, quarters) := [g |
	some key in {[s.benefit, per, _facts(i, quarters[i]).periods[per].index] |
		some i, s in sessions
		some per in ["month", "quarter", "contract_year"]
	}
	members := [i |
		some i, s in sessions
		s.benefit == key[0]
		_facts(i, quarters[i]).periods[key[1]].index == key[2]
	]
	g := {"benefit": key[0], "per": key[1], "period": _facts(members[0], quarters[members[0]]).periods[key[1]], "sessions": members}
]

_s(benefit, date, hours, lang) := {"benefit": benefit, "date": date, "hours": hours, "language": lang}

test_silver_architecture_per_session_cap if {
	vs := cap.violations with input as _usage("silver", [_s("architecture_consultation", "2025-01-05", 3.5, "en")], [0])
	some v in vs
	v.data.per == "session"
	v.data.cap == 3
}

test_silver_architecture_yearly_hours_cap_names_breaking_session if {
	sessions := [
		_s("architecture_consultation", "2025-01-05", 3, "en"),
		_s("architecture_consultation", "2025-04-05", 3, "en"),
		_s("architecture_consultation", "2025-07-05", 3, "en"),
		_s("architecture_consultation", "2025-10-05", 2, "en"),
	]
	vs := cap.violations with input as _usage("silver", sessions, [0, 1, 2, 3])
	some v in vs
	v.data.per == "contract_year"
	v.data.measure == "hours"
	v.data.used == 11
	v.data.session == 3
}

test_gold_infosec_once_per_quarter if {
	sessions := [_s("infosec_consultation", "2025-01-05", 1, "en"), _s("infosec_consultation", "2025-04-05", 1, "en")]
	count(cap.violations) == 0 with input as _usage("gold", sessions, [0, 1])
}

test_developer_support_not_in_gold if {
	vs := not_included.violations with input as _usage("gold", [_s("developer_support", "2025-01-05", 1, "en")], [0])
	count(vs) == 1
}

test_developer_support_in_platinum if {
	count(not_included.violations) == 0 with input as _usage("platinum", [_s("developer_support", "2025-01-05", 1, "en")], [0])
}

test_enterprise_architect_in_english_only if {
	vs := language.violations with input as _usage("gold", [_s("enterprise_architect_consultation", "2025-01-05", 1, "ja")], [0])
	some v in vs
	v.data.allowed == ["en"]
}

test_ledger_remaining if {
	rows := ledger.report.ledger with input as _usage("silver", [_s("sandbox_setup", "2025-01-05", 2, "fr")], [0])
	some row in rows
	row.benefit == "sandbox_setup"
	row.remaining == 1
}
