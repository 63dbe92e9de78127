# METADATA
# title: Decision entrypoint
# description: >-
#   data.aacompliance.main.decision gathers the violations of every rule package
#   whose catalogue entry matches input.kind, stamps each with its rule id, and
#   adds the kind's report (ledger, attainment, coverage) where one exists.
package aacompliance.main

_catalogue := data.aacompliance.catalogue.rules

_groups contains group if {
	some group, rules in _catalogue
	some rule in rules
	rule.kind == input.kind
}

_violations contains v if {
	some group in _groups
	some name, rule in _catalogue[group]
	rule.kind == input.kind
	some raw in data.aacompliance.rules[group][name].violations
	v := object.union(raw, {"rule": rule.id})
}

_reports[group] := data.aacompliance.reports[group].report if some group in _groups

decision := {
	"violations": [v | some v in _violations],
	"report": object.union({}, {k: r | some k, r in _reports}),
}
