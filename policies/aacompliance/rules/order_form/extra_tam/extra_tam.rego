# METADATA
# title: Extra regional TAMs need an eligible plan
# description: >-
#   Additional regional technical account managers can be added, for a fee,
#   only with a plan whose terms allow them.
# custom:
#   id: OF-EXTRA-TAM
#   kind: OrderForm
package aacompliance.rules.order_form.extra_tam

import data.aacompliance.lib.contract
import data.aacompliance.lib.result
# (Rules imported one by one: read through a package's alias, regorus's VM builds every rule of it.)
import data.aacompliance.lib.contract.plans_by_rank

_eligible := [id | some id in plans_by_rank; contract.plan(id).extra_tams_allowed.value == true]

_has_eligible_line if {
	some line in input.document.support
	line.plan in _eligible
}

violations contains v if {
	tams := object.get(input.document, "extra_tams", [])
	count(tams) > 0
	not _has_eligible_line
	count(_eligible) > 0
	regions := [t.region | some t in tams]
	on_form := sort({line.plan | some line in input.document.support})
	v := result.violation(
		"order_form.extra_tam",
		sprintf(
			"%d extra regional TAMs (%s) ordered without a %s support line; extra TAMs are available only with %s.",
			[
				count(tams), concat(", ", regions),
				contract.or_list([contract.plan_label(id) | some id in _eligible]),
				contract.and_list([contract.plan_label(id) | some id in _eligible]),
			],
		),
		contract.plan(_eligible[0]).extra_tams_allowed.clause,
		{"regions": regions, "eligible_plans": _eligible, "plans_on_form": on_form},
	)
}
