# Fixtures for the roster policy tests (a _test.rego file: loaded with the tests, never bundled).
package aacompliance.testing.roster

contact(n, admin, sees) := {"email": sprintf("c%d@x.example", [n]), "name": "C", "admin": admin, "sees": sees}

roster(plan, contacts, vis) := {
	"kind": "Roster",
	"contract": {"id": "technical-support-terms", "version": "2024-11-18"},
	"document": {
		"plan": plan, "regional_slots": ["EMEA"], "languages": ["fr"],
		"contacts": contacts, "account_wide_visibility": vis,
	},
}

off := {"enabled": false}
