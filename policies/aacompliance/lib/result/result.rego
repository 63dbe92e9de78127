# METADATA
# title: Violation builder
# description: >-
#   Every violation is built here so that all have the same shape:
#   {message, clause, data}. The main package adds the rule id from the
#   rule catalogue (data.aacompliance.catalogue), built from each rule
#   package's METADATA.
package aacompliance.lib.result

import data.aacompliance.lib.contract

violation(message, clause_id, details) := {
	"message": message,
	"clause": contract.clause(clause_id),
	"data": details,
}

# The same, citing the clause of another revision (a dated item's own terms).
violation_at(version, message, clause_id, details) := {
	"message": message,
	"clause": contract.clause_at(version, clause_id),
	"data": details,
}
