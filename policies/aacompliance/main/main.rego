# METADATA
# title: Decision entrypoint
# description: >-
#   data.aacompliance.main.decision gathers the violations of every rule package
#   of input.kind's group, stamps each with its rule id from the rule catalogue
#   (data.aacompliance.catalogue, built from each package's METADATA), and adds
#   the group's report (benefit ledger, attainment figures) where one exists.
package aacompliance.main

_catalogue := data.aacompliance.catalogue

_group := _catalogue.kinds[input.kind]

_violations contains v if {
	some name, pkg in data.aacompliance.rules[_group]
	some raw in pkg.violations
	v := object.union(raw, {"rule": _catalogue.rules[_group][name].id})
}

_report[_group] := data.aacompliance.reports[_group].report if _group in _catalogue.reports

decision := {
	"violations": [v | some v in _violations],
	"report": object.union({}, _report),
}
