# METADATA
# custom:
#   report: incidents
# title: Initial-response attainment figures
# description: >-
#   Per incident: the target that applied (from severity and plan), the time to
#   first response in the target's basis (calendar or business minutes, measured
#   by aacompliance from the revision's business hours), met, missed, pending
#   (open, target not yet passed) or excluded (no target). Then the share met.
package aacompliance.reports.incidents

import data.aacompliance.lib.contract

_plan := contract.plan(input.document.plan)

_status(elapsed, limit, false) := "met" if elapsed <= limit

_status(elapsed, limit, _) := "missed" if elapsed > limit

_status(elapsed, limit, true) := "pending" if elapsed <= limit

incidents := [row |
	some i, incident in input.document.incidents
	fact := input.facts.incidents[i]
	row := _row(incident, fact)
]

# An incident is judged by the revision in force on the day it was opened (fact.version);
# the few revisions involved are looked up once.
_versions := {f.version | some f in input.facts.incidents}

_targets := {v: contract.revision(v).plans[input.document.plan].initial_response | some v in _versions}

_units := {v: contract.revision(v).units | some v in _versions}

_row(incident, fact) := row if {
	target := _targets[fact.version][format_int(incident.severity, 10)]
	unit := _units[fact.version][target.unit]
	limit := target.value * unit.minutes
	elapsed := fact.elapsed[unit.basis]
	row := {
		"id": incident.id, "severity": incident.severity,
		"target": {
			"value": target.value, "unit": target.unit, "minutes": limit, "basis": unit.basis,
			"clause": target.clause, "version": fact.version,
		},
		"elapsed_minutes": elapsed, "open": fact.open,
		"status": _status(elapsed, limit, fact.open),
	}
}

_row(incident, fact) := row if {
	not _targets[fact.version][format_int(incident.severity, 10)]
	row := {
		"id": incident.id, "severity": incident.severity, "target": null,
		"elapsed_minutes": null, "open": fact.open, "status": "excluded",
	}
}

_count(status) := count([1 | some i in incidents; i.status == status])

_percent(met, counted) := round((met * 1000) / counted) / 10 if counted > 0

_percent(_, 0) := 100

attainment := {
	"met": _count("met"),
	"missed": _count("missed"),
	"pending": _count("pending"),
	"excluded": _count("excluded"),
	"counted": _count("met") + _count("missed"),
	"percent": _percent(_count("met"), _count("met") + _count("missed")),
	"target_percent": _plan.attainment_percent.value,
	"by_severity": [s |
		some sev in sort({i.severity | some i in incidents})
		met := count([1 | some i in incidents; i.severity == sev; i.status == "met"])
		missed := count([1 | some i in incidents; i.severity == sev; i.status == "missed"])
		s := {"severity": sev, "met": met, "missed": missed, "counted": met + missed}
	],
}

report := {"attainment": attainment, "incidents": incidents}
