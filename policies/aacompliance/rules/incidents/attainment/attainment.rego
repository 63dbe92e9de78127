# METADATA
# title: Initial-response attainment at or above the plan's percentage
# description: >-
#   The share of incidents whose first response met the plan's initial-response
#   target (by severity) is below the plan's attainment percentage. Open
#   incidents past their target count as missed; severities without a target
#   for the plan are left out.
# custom:
#   id: SLA-ATTAINMENT
#   kind: IncidentLog
package aacompliance.rules.incidents.attainment

import data.aacompliance.lib.contract
import data.aacompliance.lib.result
# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.reports.incidents.incidents
import data.aacompliance.reports.incidents.attainment

violations contains v if {
	a := attainment
	a.counted > 0
	a.percent < a.target_percent
	rows := [i | some i in incidents; i.status == "missed"]
	missed := [sprintf("%s (severity %d)", [i.id, i.severity]) | some i in rows]
	term := contract.plan(input.document.plan).attainment_percent
	v := result.violation(
		"incidents.attainment",
		sprintf(
			"Initial response met for %d of %d incidents (%s %%), below the %s objective of %s %%; missed: %s.",
			[
				a.met, a.counted, contract.num(a.percent), contract.plan_label(input.document.plan),
				contract.num(a.target_percent), concat(", ", missed),
			],
		),
		term.clause,
		{
			"met": a.met, "counted": a.counted, "percent": a.percent, "target_percent": a.target_percent,
			"missed": [i.id | some i in rows],
		},
	)
}
