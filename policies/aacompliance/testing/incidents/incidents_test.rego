# Fixtures for the incidents policy tests (a _test.rego file: loaded with the tests, never bundled).
package aacompliance.testing.incidents

log(plan, incidents, facts) := {
	"kind": "IncidentLog",
	"contract": {"id": "technical-support-terms", "version": "2024-11-18"},
	"document": {"plan": plan, "incidents": incidents},
	"facts": {"incidents": facts},
}

incident(id, sev) := {"id": id, "severity": sev, "opened": "2025-01-06T09:00:00+01:00"}

fact(calendar, business, open) := {
	"elapsed": {"calendar": calendar, "business": business},
	"open": open, "version": "2024-11-18",
}
