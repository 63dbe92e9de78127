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

# An incident is judged by the revision in force on the day it was opened (fact.version).
# The few (revision, severity) targets involved are worked out once; each row then reads them
# with plain lookups (no function call per incident: regorus hashes every call's arguments).
_versions := {f.version | some f in input.facts.incidents}

_severities := {format_int(i.severity, 10) | some i in input.document.incidents}

_targets := {v: {sev: t |
	some sev in _severities
	target := contract.revision(v).plans[input.document.plan].initial_response[sev]
	unit := contract.revision(v).units[target.unit]
	t := {
		"value": target.value, "unit": target.unit, "minutes": target.value * unit.minutes,
		"basis": unit.basis, "clause": target.clause, "version": v,
	}
} | some v in _versions}

# status by [elapsed > limit, open]
_status := {false: {false: "met", true: "pending"}, true: {false: "missed", true: "missed"}}

incidents := [_row(incident, fact, _targets[fact.version]) |
	some i, incident in input.document.incidents
	fact := input.facts.incidents[i]
]

# `targets`: the targets of the incident's revision by severity.
_row(incident, fact, targets) := {
	"id": incident.id, "severity": incident.severity, "target": target,
	"elapsed_minutes": elapsed, "open": fact.open,
	"status": _status[elapsed > target.minutes][fact.open],
} if {
	target := targets[format_int(incident.severity, 10)]
	elapsed := fact.elapsed[target.basis]
}

_row(incident, fact, targets) := {
	"id": incident.id, "severity": incident.severity, "target": null,
	"elapsed_minutes": null, "open": fact.open, "status": "excluded",
} if {
	not targets[format_int(incident.severity, 10)]
}

# The severities of the rows, by status: one pass over the rows per status, counted once.
_severities_by_status := {s: [r.severity | some r in incidents; r.status == s] |
	some s in ["met", "missed", "pending", "excluded"]
}

_counts := {s: count(list) | some s, list in _severities_by_status}

_percent(met, counted) := round((met * 1000) / counted) / 10 if counted > 0

_percent(_, 0) := 100

attainment := {
	"met": _counts.met,
	"missed": _counts.missed,
	"pending": _counts.pending,
	"excluded": _counts.excluded,
	"counted": _counts.met + _counts.missed,
	"percent": _percent(_counts.met, _counts.met + _counts.missed),
	"target_percent": _plan.attainment_percent.value,
	"by_severity": [s |
		some sev in sort({r.severity | some r in input.document.incidents})
		met := count([1 | some x in _severities_by_status.met; x == sev])
		missed := count([1 | some x in _severities_by_status.missed; x == sev])
		s := {"severity": sev, "met": met, "missed": missed, "counted": met + missed}
	],
}

report := {"attainment": attainment, "incidents": incidents}
