# METADATA
# title: Decision entrypoint
# description: >-
#   data.aacompliance.main.decision first checks its input (package
#   aacompliance.validation): what it cannot judge it refuses with errors, never
#   with an empty list of violations. A valid input gets the violations of every
#   rule package of input.kind's group, each stamped with its rule id from the
#   rule catalogue (data.aacompliance.catalogue, built from the annotations of
#   each rule package), and the group's report where one exists. `compliant` is
#   true only when there are neither errors nor violations.
package aacompliance.main

import data.aacompliance.validation

_catalogue := data.aacompliance.catalogue

_group := _catalogue.kinds[input.kind]

_judged if count(data.aacompliance.validation.errors) == 0

_violations contains v if {
	_judged
	some name, pkg in data.aacompliance.rules[_group]
	some raw in pkg.violations
	v := object.union(raw, {"rule": _catalogue.rules[_group][name].id})
}

_report[_group] := data.aacompliance.reports[_group].report if {
	_judged
	_group in _catalogue.reports
}

_violation_list := [v | some v in _violations]

_compliant := true if {
	_judged
	count(_violation_list) == 0
} else := false

# METADATA
# entrypoint: true
# description: >-
#   {"compliant": bool, "errors": [{field, message}], "violations": [{rule, key, message,
#   clause, data}], "report": {group: figures}}; see docs/opa.md.
decision := {
	"compliant": _compliant,
	"errors": validation.errors,
	"violations": _violation_list,
	"report": object.union({}, _report),
}
