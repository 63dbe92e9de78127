# METADATA
# title: Violation builder
# description: >-
#   Every violation is built here so that all have the same shape:
#   {key, message, clause, data}. `key` is the finding's stable message key
#   (<group>.<finding>, e.g. coverage.order_scope): which wording applies, in the
#   statement's findings catalogues, filled in from `data`; `message` is the same
#   finding in English. The main package adds the rule id from the
#   rule catalogue (data.aacompliance.catalogue), built from each rule
#   package's METADATA.
package aacompliance.lib.result

import data.aacompliance.lib.contract

violation(key, message, clause_id, details) := {
	"key": key,
	"message": message,
	"clause": contract.clause(clause_id),
	"data": details,
}

# The same, citing the clause of another revision (a dated item's own terms).
violation_at(version, key, message, clause_id, details) := {
	"key": key,
	"message": message,
	"clause": contract.clause_at(version, clause_id),
	"data": details,
}

# The same, with the clause already resolved ({..., "id"}: from a table built once per
# revision, so that a rule with many violations resolves each clause once).
cited(key, message, clause, details) := {
	"key": key,
	"message": message,
	"clause": clause,
	"data": details,
}
