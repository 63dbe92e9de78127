# METADATA
# custom:
#   report: roster
# title: Roster figures against the plan's caps
# description: >-
#   What a roster uses of what its plan allows: designated contacts, delegated
#   admins, regional slots and languages besides English (each {used, max}, the
#   caps from the revision), account-wide visibility (enabled, offered) and
#   CC on incidents (contacts CC'd, offered). Statements print these figures.
package aacompliance.reports.roster

import data.aacompliance.lib.contract

_doc := input.document

_plan := contract.plan(_doc.plan)

report := {
	"contacts": {"used": count(_doc.contacts), "max": _plan.designated_contacts_max.value},
	"admins": {"used": count([1 | some c in _doc.contacts; c.admin == true]), "max": _plan.delegated_admins_max.value},
	"regional_slots": {"used": count(_doc.regional_slots), "max": _plan.regional_slots_max.value},
	"extra_languages": {
		"used": count([1 | some language in _doc.languages; language != "en"]),
		"max": _plan.extra_languages_max.value,
	},
	"account_wide_visibility": {
		"enabled": _doc.account_wide_visibility.enabled,
		"offered": _plan.account_wide_visibility.value,
	},
	"cc_on_incidents": {
		"used": count([1 | some c in _doc.contacts; object.get(c, "cc_on_incidents", false) == true]),
		"offered": _plan.cc_on_incidents.value,
	},
}
