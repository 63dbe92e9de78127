# Fixtures for the order_form policy tests (a _test.rego file: loaded with the tests, never bundled).
package aacompliance.testing.order_form

order_form(support, extra) := {
	"kind": "OrderForm",
	"contract": {"id": "technical-support-terms", "version": "2024-11-18"},
	"document": {
		"id": "T", "signed_on": "2025-06-02",
		"subscriptions": [{
			"id": "S1", "product": "P", "region": "EMEA", "entity": "E",
			"start": "2025-01-01", "end": "2026-12-31",
		}],
		"support": support, "extra_tams": extra,
	},
}

line(plan, refund) := {
	"plan": plan, "covers": ["S1"], "start": "2025-07-01", "end": "2026-06-30",
	"credit_or_refund": refund,
}
