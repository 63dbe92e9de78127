# METADATA
# title: Decision entrypoint
# description: >-
#   data.aacompliance.main.decision gathers the violations of every rule package
#   of input.kind's group, stamps each with its rule id from the rule catalogue
#   (data.aacompliance.catalogue, built from each package's METADATA), and adds
#   the group's report (benefit ledger, attainment figures) where one exists.
#   Violations covered by a waiver of input.waivers (package aacompliance.waivers)
#   move from `violations` to `waived`; `waivers` says what became of each waiver.
package aacompliance.main

import data.aacompliance.waivers

_catalogue := data.aacompliance.catalogue

_group := _catalogue.kinds[input.kind]

_violations contains v if {
	some name, pkg in data.aacompliance.rules[_group]
	some raw in pkg.violations
	v := object.union(raw, {"rule": _catalogue.rules[_group][name].id})
}

_report[_group] := data.aacompliance.reports[_group].report if _group in _catalogue.reports

_outcome := waivers.apply([v | some v in _violations])

decision := {
	"violations": _outcome.violations,
	"waived": _outcome.waived,
	"waivers": _outcome.waivers,
	"report": object.union({}, _report),
}
