# METADATA
# title: Account-wide visibility is enabled by a delegated admin
# description: >-
#   Account-wide visibility is on (or a contact sees the whole account) but it
#   was not enabled by a delegated admin listed in this roster.
# custom:
#   id: VIS-ENABLED-BY-ADMIN
#   kind: Roster
package aacompliance.rules.roster.enabled_by_admin

import data.aacompliance.lib.contract
import data.aacompliance.lib.result

_doc := input.document

_term := contract.plan(_doc.plan).account_wide_visibility

_admins := {lower(c.email) | some c in _doc.contacts; c.admin == true}

_visibility_on if _doc.account_wide_visibility.enabled == true

_visibility_on if {
	some c in _doc.contacts
	c.sees == "account"
}

_enabled_by := object.get(_doc.account_wide_visibility, "enabled_by", null)

_named if {
	is_string(_enabled_by)
	_enabled_by != ""
}

_enabled_by_admin if {
	_named
	lower(_enabled_by) in _admins
}

_message := sprintf(
	"Account-wide incident visibility is on but was enabled by %s, who is not a delegated admin of this roster.",
	[_enabled_by],
) if _named

_message := concat("", [
	"Account-wide incident visibility is on but no delegated admin of this roster ",
	"is recorded as enabling it.",
]) if not _named

violations contains v if {
	_term.value == true
	_visibility_on
	not _enabled_by_admin
	v := result.violation(
		"visibility.enabled_by_admin",
		_message,
		_term.clause,
		{"enabled_by": _enabled_by, "admins": sort(_admins), "field": "account_wide_visibility.enabled_by"},
	)
}
