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
# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.contract.revisions

_plan := contract.plan(input.document.plan)

# The severities of the log (numbers), in one pass.
_severities := {i.severity | some i in input.document.incidents}

# Per revision and severity, what every incident of that revision and severity shares, built
# once (not per incident): the target {value, unit, minutes, basis, clause, version}, the basis
# whose elapsed time is read and the status by [elapsed over the target][open]. A severity
# without a target reads no elapsed time (null, never over) and is excluded. (Targets are
# iterated, not looked up: regorus's VM goes on with an undefined value assigned by `:=`.)
_status := {false: {false: "met", true: "pending"}, true: {false: "missed", true: "missed"}}

_no_target := {
	"target": null, "basis": "", "minutes": 0,
	"status": {false: {false: "excluded", true: "excluded"}, true: {false: "excluded", true: "excluded"}},
}

_shared := {v: object.union({sev: _no_target | some sev in _severities}, {sev: {
	"target": {
		"value": target.value, "unit": target.unit, "minutes": target.value * unit.minutes,
		"basis": unit.basis, "clause": target.clause, "version": v,
	},
	"basis": unit.basis, "minutes": target.value * unit.minutes, "status": _status,
} |
	some key, target in rev.plans[input.document.plan].initial_response
	sev := to_number(key)
	rev.units[target.unit]
	unit := rev.units[target.unit]
}) | some v, rev in revisions}

# One pass, no call per incident.
incidents := [row |
	some i, incident in input.document.incidents
	fact := input.facts.incidents[i]
	shared := _shared[fact.version][incident.severity]
	elapsed := object.get(fact.elapsed, shared.basis, null)
	row := {
		"id": incident.id, "severity": incident.severity, "target": shared.target,
		"elapsed_minutes": elapsed, "open": fact.open,
		"status": shared.status[elapsed > shared.minutes][fact.open],
	}
]

# Rows counted by status and by (severity, status) without a pass per status: the pairs
# [severity, status] as JSON, each pair counted by strings.count (a pair is written `[2,"met"]`,
# so no count can take one pair for another).
_pairs_text := json.marshal([[r.severity, r.status] | some r in incidents])

_counts := {s: strings.count(_pairs_text, sprintf(`,%s]`, [json.marshal(s)])) |
	some s in ["met", "missed", "pending", "excluded"]
}

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
		some sev in sort(_severities)
		key := json.marshal(sev)
		met := strings.count(_pairs_text, sprintf(`[%s,"met"]`, [key]))
		missed := strings.count(_pairs_text, sprintf(`[%s,"missed"]`, [key]))
		s := {"severity": sev, "met": met, "missed": missed, "counted": met + missed}
	],
}

report := {"attainment": attainment, "incidents": incidents}
