# METADATA
# title: Waivers — approved exceptions
# description: >-
#   input.waivers lists approved exceptions (kind Waiver, see docs/documents.md).
#   A waiver concerns the document whose account and id it names (where a kind
#   keeps them: data.aacompliance.documents). It covers the violations of its
#   rule in that document — all of them, or only those whose subject (the
#   field named by the rule's METADATA `subject`, from
#   data.aacompliance.catalogue) equals the waiver's subject — unless it
#   expired: expires_on before the document's date. apply(violations) splits
#   the violations into those that stand and those waived (each with its
#   waiver), and tells what became of each waiver (applied, expired, unused).
package aacompliance.waivers

import data.aacompliance.lib.contract

_identity := data.aacompliance.documents[input.kind]

_document_date := object.get(input.document, _identity.date, null)

_iso_date := `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`

# The subject field of each rule that has one, by rule id.
_subject_field := {r.id: r.subject |
	some group in data.aacompliance.catalogue.rules
	some r in group
	is_string(r.subject)
}

# The waivers of the input that concern this document, by their position in input.waivers.
_concerned[i] := w if {
	some i, w in object.get(input, "waivers", [])
	is_object(w)
	is_string(w.id)
	is_string(w.rule)
	w.account == object.get(input.document, _identity.account, null)
	w.document == object.get(input.document, _identity.id, null)
}

# In force on the document's date: the day of expires_on still counts.
_in_force(w) if {
	is_string(w.expires_on)
	regex.match(_iso_date, w.expires_on)
	is_string(_document_date)
	regex.match(_iso_date, _document_date)
	w.expires_on >= _document_date
}

# What a violation is about: the value of its rule's subject field (undefined if none).
subject(v) := v.data[_subject_field[v.rule]]

_names_subject(w) if w.subject != null

_matches(w, v) if {
	w.rule == v.rule
	not _names_subject(w)
}

_matches(w, v) if {
	w.rule == v.rule
	_names_subject(w)
	subject(v) == w.subject
}

# The waiver covering a violation, as its position in input.waivers (-1: none): among those
# in force that match, one naming the subject before one naming the whole rule, then the
# lowest id. Always defined (the sentinel sorts last), so it is computed once per violation.
_covering(v) := choice[2] if {
	choice := min(array.concat(
		[[_breadth(w), w.id, i] |
			some i, w in _concerned
			_in_force(w)
			_matches(w, v)
		],
		[[2, "", -1]],
	))
}

_breadth(w) := 0 if _names_subject(w)

_breadth(w) := 1 if not _names_subject(w)

# The waiver as shown beside the violation it covers; without a clause of its own it
# cites the clause of the violation (the rule's citation).
_shown(w, v) := {
	"id": w.id,
	"reason": object.get(w, "reason", null),
	"approved_by": object.get(w, "approved_by", null),
	"approved_on": object.get(w, "approved_on", null),
	"expires_on": w.expires_on,
	"clause": _clause(w, v),
}

# (No `else` chains in this package, and no `w := _covering(v)` inside a comprehension:
# regorus's compiled VM gets both wrong — undefined for an `else` after a body iterating
# over an empty collection, undefined values kept in the list for the assignment. The test
# test_waivers.py::test_vm_interpreter_and_opa_agree_with_waivers_on_generated_documents
# catches either.)
_clause(w, _) := contract.clause(w.clause) if _own_clause(w)

_clause(w, v) := v.clause if not _own_clause(w)

_own_clause(w) if {
	is_string(w.clause)
	contract.terms.clauses[w.clause]
}

_matches_any(w, violations) if {
	some v in violations
	_matches(w, v)
}

_status(w, _) := "expired" if not _in_force(w)

_status(w, violations) := "applied" if {
	_in_force(w)
	_matches_any(w, violations)
}

_status(w, violations) := "unused" if {
	_in_force(w)
	not _matches_any(w, violations)
}

# METADATA
# description: >-
#   {"violations": [standing], "waived": [violation + {"waiver": {...}}],
#   "waivers": [{id, status, matched, expires_on}]} for the waivers concerning this
#   document; status is applied, expired (its violations stand) or unused.
apply(violations) := {"violations": violations, "waived": [], "waivers": []} if count(_concerned) == 0

apply(violations) := {
	"violations": [p[0] | some p in pairs; p[1] == -1],
	"waived": [object.union(p[0], {"waiver": _shown(_concerned[p[1]], p[0])}) | some p in pairs; p[1] != -1],
	"waivers": [{
		"id": w.id,
		"status": _status(w, violations),
		"matched": count([v | some v in violations; _matches(w, v)]),
		"expires_on": object.get(w, "expires_on", null),
	} |
		some w in _concerned
	],
} if {
	count(_concerned) > 0
	pairs := [[v, _covering(v)] | some v in violations]
}
