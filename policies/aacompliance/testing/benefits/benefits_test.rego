# Fixtures for the benefits policy tests (a _test.rego file: loaded with the tests, never bundled).
package aacompliance.testing.benefits

version := "2024-11-18"

period(i, s, e) := {"index": i, "start": s, "end": e, "version": version}

facts(i, quarter) := {"version": version, "periods": {
	"session": period(i, "x", "x"),
	"month": period(quarter * 3, "m", "m"),
	"quarter": period(quarter, "2025-01-01", "2025-03-31"),
	"contract_year": period(0, "2025-01-01", "2025-12-31"),
}}

usage(plan, sessions, quarters) := {
	"kind": "BenefitUsage",
	"contract": {"id": "technical-support-terms", "version": "2024-11-18"},
	"document": {"plan": plan, "contract_year_start": "2025-01-01", "sessions": sessions},
	"facts": {"sessions": [facts(i, q) | some i, q in quarters], "periods": groups(sessions, quarters)},
}

# The (benefit, period) groups aacompliance computes, rebuilt for the test inputs.
groups(sessions, quarters) := [g |
	some key in {[s.benefit, per, facts(i, quarters[i]).periods[per].index] |
		some i, s in sessions
		some per in ["month", "quarter", "contract_year"]
	}
	members := [i |
		some i, s in sessions
		s.benefit == key[0]
		facts(i, quarters[i]).periods[key[1]].index == key[2]
	]
	g := {
		"benefit": key[0], "per": key[1], "sessions": members,
		"period": facts(members[0], quarters[members[0]]).periods[key[1]],
	}
]

session(benefit, date, hours, lang) := {"benefit": benefit, "date": date, "hours": hours, "language": lang}
