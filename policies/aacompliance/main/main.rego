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
#   The decision is assembled from its parts by one function, assemble(parts),
#   which `assembled` also applies to parts evaluated one by one (see below).
package aacompliance.main

import data.aacompliance.waivers

_catalogue := data.aacompliance.catalogue

_group := _catalogue.kinds[input.kind]

# The parts of a decision: the validation errors and, for a valid input only, the
# violations each rule of the group found (by rule name, as the rule package gives
# them) and the group's report (by group; {} for a group without one).
_errors := data.aacompliance.validation.errors

_judged if count(_errors) == 0

_found[name] := data.aacompliance.rules[_group][name].violations if {
	_judged
	some name, _ in _catalogue.rules[_group]
}

_report[_group] := data.aacompliance.reports[_group].report if {
	_judged
	_group in _catalogue.reports
}

# METADATA
# description: >-
#   The decision from its parts {"errors": [...], "violations": {rule name: [...]},
#   "report": {group: figures}} for the input's kind and waivers: each violation
#   stamped with its rule id, waivers applied, compliant when there are neither
#   errors nor standing violations. Always defined.
assemble(parts) := {
	"compliant": count(parts.errors) + count(outcome.violations) == 0,
	"errors": parts.errors,
	"violations": outcome.violations,
	"waived": outcome.waived,
	"waivers": outcome.waivers,
	"report": parts.report,
} if {
	stamped := {object.union(raw, {"rule": rule.id}) |
		some name, rule in _catalogue.rules[_group]
		some raw in object.get(parts.violations, name, [])
	}
	outcome := waivers.apply([v | some v in stamped])
}

# METADATA
# entrypoint: true
# description: >-
#   {"compliant": bool, "errors": [{field, message}], "violations": [{rule, key, message,
#   clause, data}], "waived": [...], "waivers": [...], "report": {group: figures}};
#   see docs/opa.md.
decision := assemble({
	"errors": _errors,
	"violations": object.union({}, _found),
	"report": object.union({}, _report),
})

# The decision from parts evaluated one by one, each within its own instruction budget
# (the embedded engine, aacompliance/engines/regorus_engine.py): input.parts holds them
# beside the input they were evaluated for. Not for servers: they answer `decision`.
assembled := assemble(input.parts)
