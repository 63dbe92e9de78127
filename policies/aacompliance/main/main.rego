# METADATA
# title: Decision entrypoint
# description: >-
#   data.aacompliance.main.decision first checks its input (package
#   aacompliance.validation): what it cannot judge it refuses with errors, never
#   with an empty list of violations. A valid input gets the violations of every
#   rule package of input.kind's group, each stamped with its rule id from the
#   rule catalogue (data.aacompliance.catalogue, built from the annotations of
#   each rule package), and the group's report where one exists. Violations
#   covered by a waiver of input.waivers (package aacompliance.waivers) move from
#   `violations` to `waived`; `waivers` says what became of each waiver.
#   `compliant` is true only when there are neither errors nor violations.
package aacompliance.main

import data.aacompliance.waivers

_catalogue := data.aacompliance.catalogue

_group := _catalogue.kinds[input.kind]

_judged if count(data.aacompliance.validation.errors) == 0

_violations contains v if {
	_judged
	some name, rule in _catalogue.rules[_group]
	some raw in data.aacompliance.rules[_group][name].violations
	v := object.union(raw, {"rule": rule.id})
}

_report[_group] := data.aacompliance.reports[_group].report if {
	_judged
	_group in _catalogue.reports
}

_outcome := waivers.apply([v | some v in _violations])

_compliant := true if {
	_judged
	count(_outcome.violations) == 0
} else := false

# METADATA
# entrypoint: true
# description: >-
#   {"compliant": bool, "errors": [{field, message}], "violations": [{rule, key, message,
#   clause, data}], "waived": [...], "waivers": [...], "report": {group: figures}};
#   see docs/opa.md.
decision := {
	"compliant": _compliant,
	"errors": data.aacompliance.validation.errors,
	"violations": _outcome.violations,
	"waived": _outcome.waived,
	"waivers": _outcome.waivers,
	"report": object.union({}, _report),
}
