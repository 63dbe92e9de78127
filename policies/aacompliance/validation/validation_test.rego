package aacompliance.validation_test

import data.aacompliance.main
import data.aacompliance.validation

_contract := {"id": "technical-support-terms", "version": "2024-11-18"}

_order_form := {
	"kind": "OrderForm", "contract": _contract, "facts": {},
	"document": {
		"apiVersion": "aacompliance/v1", "kind": "OrderForm", "id": "OF-1",
		"customer": {"name": "N", "account": "A"}, "signed_on": "2025-06-02",
		"subscriptions": [{
			"id": "S1", "product": "P", "region": "EMEA", "entity": "E",
			"start": "2025-01-01", "end": "2026-12-31",
		}],
		"support": [{
			"plan": "gold", "covers": ["S1"], "start": "2025-07-01", "end": "2026-06-30",
			"credit_or_refund": false,
		}],
	},
}

_incident_log := {
	"kind": "IncidentLog", "contract": _contract,
	"document": {
		"apiVersion": "aacompliance/v1", "kind": "IncidentLog", "account": "A", "plan": "gold",
		"timezone": "Europe/Paris", "period": {"start": "2025-01-01", "end": "2025-03-31"},
		"incidents": [{
			"id": "I-1", "severity": 2, "opened": "2025-01-10T10:00:00+01:00",
			"first_response": "2025-01-10T10:30Z",
		}],
	},
	"facts": {"as_of": "2025-04-01T00:00:00+02:00", "incidents": [{
		"id": "I-1", "version": "2024-11-18", "open": false,
		"elapsed": {"calendar": 30, "business": 30},
	}]},
}

_period(i, s, e) := {"index": i, "start": s, "end": e, "version": "2024-11-18"}

_usage := {
	"kind": "BenefitUsage", "contract": _contract,
	"document": {
		"apiVersion": "aacompliance/v1", "kind": "BenefitUsage", "account": "A", "plan": "gold",
		"contract_year_start": "2025-01-01",
		"sessions": [{"benefit": "infosec_consultation", "date": "2025-02-03", "hours": 1, "language": "en"}],
	},
	"facts": {
		"sessions": [{"index": 0, "version": "2024-11-18", "periods": {
			"session": _period(0, "2025-02-03", "2025-02-03"),
			"month": _period(1, "2025-02-01", "2025-02-28"),
			"quarter": _period(0, "2025-01-01", "2025-03-31"),
			"contract_year": _period(0, "2025-01-01", "2025-12-31"),
		}}],
		"periods": [{
			"benefit": "infosec_consultation", "per": "quarter",
			"period": _period(0, "2025-01-01", "2025-03-31"), "sessions": [0],
		}],
	},
}

_errors(inp) := errors if {
	errors := validation.errors with input as inp
}

_fields(inp) := {e.field | some e in _errors(inp)}

test_valid_inputs_have_no_errors if {
	count(_errors(_order_form)) == 0
	count(_errors(_incident_log)) == 0
	count(_errors(_usage)) == 0
	d := main.decision with input as _usage
	d.compliant == true
}

test_empty_input_is_refused_not_compliant if {
	d := main.decision with input as {}
	d.compliant == false
	d.violations == []
	_fields({}) == {"input.kind", "input.contract", "input.document"}
}

test_a_plan_is_a_plan_id_of_the_revision_case_sensitive if {
	inp := json.patch(_order_form, [{"op": "replace", "path": "/document/support/0/plan", "value": "Gold"}])
	some e in _errors(inp)
	e.field == "support[0].plan"
	contains(e.message, "unknown plan \"Gold\"")
	d := main.decision with input as inp
	d.compliant == false
	d.violations == []
}

test_open_incidents_have_a_null_response if {
	inp := json.patch(_incident_log, [{"op": "replace", "path": "/document/incidents/0/first_response", "value": null}])
	count(_errors(inp)) == 0
}

test_numbers_are_not_booleans if {
	inp := json.patch(_incident_log, [{"op": "replace", "path": "/document/incidents/0/severity", "value": true}])
	_fields(inp) == {"incidents[0].severity"}
}

test_integers_have_no_fraction_and_stay_in_range if {
	half := json.patch(_incident_log, [{"op": "replace", "path": "/document/incidents/0/severity", "value": 1.5}])
	_fields(half) == {"incidents[0].severity"}
	zero := json.patch(_incident_log, [{"op": "replace", "path": "/document/incidents/0/severity", "value": 0}])
	_fields(zero) == {"incidents[0].severity"}
}

test_required_unknown_and_typed_fields if {
	inp := json.patch(_order_form, [
		{"op": "remove", "path": "/document/signed_on"},
		{"op": "add", "path": "/document/discount", "value": 10},
		{"op": "replace", "path": "/document/support/0/covers", "value": "S1"},
		{"op": "add", "path": "/document/subscriptions/0/new", "value": "yes"},
	])
	_fields(inp) == {"signed_on", "discount", "support[0].covers", "subscriptions[0].new"}
}

test_dates_must_exist_on_the_calendar if {
	bad := json.patch(_order_form, [{"op": "replace", "path": "/document/signed_on", "value": "2025-02-29"}])
	_fields(bad) == {"signed_on"}
	leap := json.patch(_order_form, [{"op": "replace", "path": "/document/signed_on", "value": "2028-02-29"}])
	count(_errors(leap)) == 0
	sloppy := json.patch(_order_form, [{"op": "replace", "path": "/document/signed_on", "value": "2025-6-2"}])
	_fields(sloppy) == {"signed_on"}
}

test_timestamps_parse_and_responses_follow_openings if {
	bad := json.patch(_incident_log, [{
		"op": "replace", "path": "/document/incidents/0/opened",
		"value": "2025-01-10 10:00",
	}])
	_fields(bad) == {"incidents[0].opened"}

	# 10:30Z is 11:30 in Paris: after 10:00+01:00. 08:30Z is before it.
	early := json.patch(_incident_log, [{
		"op": "replace", "path": "/document/incidents/0/first_response",
		"value": "2025-01-10T08:30:00Z",
	}])
	_fields(early) == {"incidents[0].first_response"}
}

test_the_contract_names_an_existing_revision if {
	inp := json.patch(_order_form, [{"op": "replace", "path": "/contract/version", "value": "2099-01-01"}])
	_fields(inp) == {"input.contract.version"}
	unnamed := json.patch(_order_form, [{"op": "remove", "path": "/contract"}])
	_fields(unnamed) == {"input.contract"}
}

test_unknown_kind if {
	inp := json.patch(_order_form, [{"op": "replace", "path": "/kind", "value": "Invoice"}])
	some e in _errors(inp)
	e.field == "input.kind"
	contains(e.message, "OrderForm")
}

test_documents_before_the_first_revision if {
	inp := json.patch(_order_form, [{"op": "replace", "path": "/document/signed_on", "value": "2023-01-01"}])
	_fields(inp) == {"signed_on"}
}

test_ordering_and_duplicates if {
	inp := json.patch(_order_form, [
		{"op": "replace", "path": "/document/subscriptions/0/end", "value": "2024-12-31"},
		{"op": "add", "path": "/document/subscriptions/-", "value": _order_form.document.subscriptions[0]},
	])
	_fields(inp) == {"subscriptions[0].end", "subscriptions[1].id"}
}

test_kinds_with_facts_need_them if {
	inp := json.patch(_usage, [{"op": "remove", "path": "/facts"}])
	"input.facts" in _fields(inp)
	d := main.decision with input as inp
	d.compliant == false
}

test_facts_match_the_document if {
	missing := json.patch(_incident_log, [{"op": "replace", "path": "/facts/incidents", "value": []}])
	_fields(missing) == {"input.facts.incidents"}
	version := json.patch(_usage, [{"op": "replace", "path": "/facts/sessions/0/version", "value": "1999-01-01"}])
	_fields(version) == {"input.facts.sessions[0].version"}
	index := json.patch(_usage, [{"op": "replace", "path": "/facts/periods/0/sessions", "value": [3]}])
	_fields(index) == {"input.facts.periods[0].sessions[0]"}
}

test_benefits_are_benefits_of_the_revision if {
	inp := json.patch(_usage, [{"op": "replace", "path": "/document/sessions/0/benefit", "value": "free_lunch"}])
	"sessions[0].benefit" in _fields(inp)
	d := main.decision with input as inp
	d.compliant == false
}

test_sessions_within_the_contract_year if {
	inp := json.patch(_usage, [{"op": "replace", "path": "/document/sessions/0/date", "value": "2024-12-31"}])
	"sessions[0].date" in _fields(inp)
}
