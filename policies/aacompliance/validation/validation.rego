# METADATA
# title: The decision's own input check
# description: >-
#   Everything the rules need to judge a document, checked before any rule runs:
#   a known kind, a contract revision that exists, every field of the document
#   (and of the facts aacompliance computes) present with its type, dates that
#   parse, plans and benefits of the revision, the document dated on or after
#   the contract's first revision. The shapes come from data.aacompliance.inputs
#   (built from the same schemas that validate documents in Python), the plans
#   and benefits from the contract data. `errors` is empty when the input can be
#   judged; each error is {"field", "message"}, fields of the document named
#   from the document (support[0].plan), others from the input (input.facts).
package aacompliance.validation

import data.aacompliance.lib.dates
import data.aacompliance.lib.groups

_kinds := data.aacompliance.inputs.kinds

_spec := _kinds[input.kind]

_revisions := data.aacompliance.contracts[input.contract.id]

_terms := _revisions[input.contract.version]

errors := sort([e | some e in union({_envelope, _shape, _consistency})])

# --- the envelope: {kind, document, contract, facts} ----------------------------------

_envelope contains _error([], "the input must be an object {kind, document, contract, facts}") if {
	not is_object(input)
}

_envelope contains _error(["kind"], "required field is missing") if {
	is_object(input)
	not _has(input, "kind")
}

_envelope contains _error(["kind"], sprintf("unknown kind %s; expected one of %s", [_show(input.kind), _known_kinds])) if {
	not _spec
}

_known_kinds := concat(", ", sort(object.keys(_kinds)))

_envelope contains _error(["contract"], sprintf(
	"must name a revision of the terms: {\"id\": contract id, \"version\": revision} (got %s)",
	[_show(object.get(input, "contract", null))],
)) if {
	is_object(input)
	not _contract_named
}

_contract_named if {
	is_string(input.contract.id)
	is_string(input.contract.version)
}

_envelope contains _error(["contract", "id"], sprintf("unknown contract %s; known contracts: %s", [
	_show(input.contract.id),
	concat(", ", sort(object.keys(data.aacompliance.contracts))),
])) if {
	_contract_named
	not _revisions
}

_envelope contains _error(["contract", "version"], sprintf("contract %s has no revision %s; its revisions: %s", [
	input.contract.id, _show(input.contract.version), concat(", ", sort(object.keys(_revisions))),
])) if {
	_contract_named
	_revisions
	not _terms
}

_envelope contains _error(["document"], "the document must be an object of fields") if {
	is_object(input)
	not is_object(object.get(input, "document", null))
}

_envelope contains _error(["facts"], sprintf("%s needs the facts aacompliance computes (see docs/opa.md)", [input.kind])) if {
	_spec.facts == true
	not is_object(object.get(input, "facts", null))
}

# --- the shape of every object, from data.aacompliance.inputs ---------------------------

# Every object the spec describes, found by walking its path ("*": each element of a list):
# [path from the input, the object, its spec]. (No `walk`: regorus's compiler has none.)
_nodes := array.concat(array.concat(_depth1, _depth2), array.concat(_depth3, array.concat(_depth4, _depth5)))

_depth1 := [[[a[0]], v, o] |
	some o in _spec.objects
	count(o.at) == 1
	some a in _step(input, o.at[0])
	v := a[1]
	is_object(v)
]

_depth2 := [[[a[0], b[0]], v, o] |
	some o in _spec.objects
	count(o.at) == 2
	some a in _step(input, o.at[0])
	some b in _step(a[1], o.at[1])
	v := b[1]
	is_object(v)
]

_depth3 := [[[a[0], b[0], c[0]], v, o] |
	some o in _spec.objects
	count(o.at) == 3
	some a in _step(input, o.at[0])
	some b in _step(a[1], o.at[1])
	some c in _step(b[1], o.at[2])
	v := c[1]
	is_object(v)
]

_depth4 := [[[a[0], b[0], c[0], d[0]], v, o] |
	some o in _spec.objects
	count(o.at) == 4
	some a in _step(input, o.at[0])
	some b in _step(a[1], o.at[1])
	some c in _step(b[1], o.at[2])
	some d in _step(c[1], o.at[3])
	v := d[1]
	is_object(v)
]

_depth5 := [[[a[0], b[0], c[0], d[0], e[0]], v, o] |
	some o in _spec.objects
	count(o.at) == 5
	some a in _step(input, o.at[0])
	some b in _step(a[1], o.at[1])
	some c in _step(b[1], o.at[2])
	some d in _step(c[1], o.at[3])
	some e in _step(d[1], o.at[4])
	v := e[1]
	is_object(v)
]

# The [key, child] pairs one path segment leads to; [] where there are none (total on purpose).
_step(node, "*") := [[i, v] | some i, v in node] if is_array(node)

_step(node, "*") := [] if not is_array(node)

_step(node, key) := [[key, v] | v := node[key]] if {
	key != "*"
	is_object(node)
}

_step(node, key) := [] if {
	key != "*"
	not is_object(node)
}

_shape contains _error(array.concat(n[0], [name]), "required field is missing") if {
	some n in _nodes
	some name, f in n[2].fields
	f.required == true
	not _has(n[1], name)
}

_shape contains _error(array.concat(n[0], [name]), "unknown field (not part of the format; check its spelling)") if {
	some n in _nodes
	some name, _ in n[1]
	not n[2].fields[name]
}

# Every value with the spec of its field: [path, value, spec]; list items with the list's `items`.
_fields := [[array.concat(n[0], [name]), v, f] |
	some n in _nodes
	some name, v in n[1]
	f := n[2].fields[name]
]

_items := [[array.concat(x[0], [i]), item, x[2].items] |
	some x in _fields
	is_array(x[1])
	x[2].items
	some i, item in x[1]
]

_shape contains _error(x[0], message) if {
	some x in array.concat(_fields, _items)
	message := _problem(x[2], x[1])
	message != ""
}

_type_ok("string", v) if is_string(v)

_type_ok("number", v) if is_number(v)

_type_ok("integer", v) if {
	is_number(v)
	v == round(v)
}

_type_ok("boolean", v) if is_boolean(v)

_type_ok("object", v) if is_object(v)

_type_ok("array", v) if is_array(v)

_type_words := {
	"string": "a string", "number": "a number", "integer": "a whole number", "boolean": "true or false",
	"object": "a mapping of fields", "array": "a list",
}

_ref_words := {"plans": "plan", "benefits": "benefit"}

_timezone_pattern := `^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$`

# The problem with value `v` of a field specified by `f`; "" when there is none.
_problem(f, v) := "" if {
	v == null
	f.nullable == true
} else := sprintf("must be %s (got %s)", [_type_words[f.type], _show(v)]) if {
	not _type_ok(f.type, v)
} else := "must not be empty" if {
	f.empty == false
	count(v) == 0
} else := sprintf("must be one of %s (got %s)", [concat(", ", f.allowed), _show(v)]) if {
	is_array(f.allowed)
	not v in f.allowed
} else := sprintf("must be at least %v (got %v)", [f.min, v]) if {
	is_number(v)
	v < f.min
} else := sprintf("must be at most %v (got %v)", [f.max, v]) if {
	is_number(v)
	v > f.max
} else := sprintf("does not match %s (got %s)", [f.regex, _show(v)]) if {
	is_string(f.regex)
	not regex.match(f.regex, v)
} else := sprintf("must be a date written YYYY-MM-DD, e.g. 2025-03-14 (got %s)", [_show(v)]) if {
	f.format == "date"
	not dates.date(v)
} else := sprintf(
	"must be an RFC 3339 timestamp with an offset, e.g. 2025-04-03T09:12:00+02:00 (got %s)",
	[_show(v)],
) if {
	f.format == "timestamp"
	not dates.timestamp(v)
} else := sprintf("must be an IANA time zone name, e.g. Europe/Paris (got %s)", [_show(v)]) if {
	f.format == "timezone"
	not regex.match(_timezone_pattern, v)
} else := sprintf("unknown %s %s; revision %s has %s", [
	_ref_words[f.ref], _show(v), input.contract.version, concat(", ", sort(object.keys(_terms[f.ref]))),
]) if {
	is_object(_terms[f.ref])
	not _terms[f.ref][v]
} else := ""

# --- consistency, once every field has its shape -----------------------------------------

_shape_ok if {
	count(_envelope) == 0
	count(_shape) == 0
}

_doc := input.document

_date_field := concat(".", _spec.date_field)

_reference_date := object.get(_doc, _spec.date_field, null)

_earliest := min({r.effective_date | some r in _revisions})

_consistency contains _error(array.concat(["document"], _spec.date_field), sprintf(
	"%s is before the earliest revision of the terms (%s, effective %s)",
	[_reference_date, input.contract.id, _earliest],
)) if {
	_shape_ok
	_reference_date < _earliest
}

_consistency contains _error(["document", list, i, "end"], sprintf("ends (%s) before it starts (%s)", [x.end, x.start])) if {
	_shape_ok
	input.kind == "OrderForm"
	some list in ["subscriptions", "support"]
	some i, x in _doc[list]
	x.end < x.start
}

_consistency contains _error(["document", "period", "end"], sprintf("ends (%s) before it starts (%s)", [p.end, p.start])) if {
	_shape_ok
	input.kind == "IncidentLog"
	p := _doc.period
	p.end < p.start
}

_consistency contains _error(["document", list, i, "id"], sprintf("%s id %s appears twice", [word, _show(g.key)])) if {
	_shape_ok
	some list, word in {"subscriptions": "subscription", "incidents": "incident"}
	is_array(_doc[list])
	some g in groups.duplicates([x.id | some x in _doc[list]])
	some i in array.slice(g.positions, 1, count(g.positions))
}

_consistency contains _error(["document", "incidents", i, "first_response"], sprintf(
	"first response (%s) is before the incident was opened (%s)",
	[incident.first_response, incident.opened],
)) if {
	_shape_ok
	input.kind == "IncidentLog"
	some i, incident in _doc.incidents
	is_string(incident.first_response)
	dates.minutes(incident.first_response) < dates.minutes(incident.opened)
}

_consistency contains _error(["document", "sessions", i, "date"], sprintf(
	"session on %s is before contract_year_start (%s)",
	[session.date, _doc.contract_year_start],
)) if {
	_shape_ok
	input.kind == "BenefitUsage"
	some i, session in _doc.sessions
	session.date < _doc.contract_year_start
}

# One fact per dated item, naming a revision of the same contract that has the plan (and the benefit).
_items_with_facts := {"BenefitUsage": "sessions", "IncidentLog": "incidents"}

_consistency contains _error(["facts", list], sprintf("one fact per item of document.%s expected (%d), got %d", [
	list, count(_doc[list]), count(input.facts[list]),
])) if {
	_shape_ok
	list := _items_with_facts[input.kind]
	count(_doc[list]) != count(input.facts[list])
}

_consistency contains _error(["facts", list, i, "version"], message) if {
	_shape_ok
	list := _items_with_facts[input.kind]
	some i, fact in input.facts[list]
	message := _item_revision_problem(fact.version, _doc[list][i])
	message != ""
}

_consistency contains _error(["facts", "periods", i, "period", "version"], message) if {
	_shape_ok
	input.kind == "BenefitUsage"
	some i, p in input.facts.periods
	message := _item_revision_problem(p.period.version, {"benefit": p.benefit})
	message != ""
}

_consistency contains _error(["facts", "periods", i, "sessions", j], sprintf("no session %d in the document", [s])) if {
	_shape_ok
	input.kind == "BenefitUsage"
	some i, p in input.facts.periods
	some j, s in p.sessions
	s >= count(_doc.sessions)
}

_item_revision_problem(version, item) := sprintf("contract %s has no revision %s", [input.contract.id, _show(version)]) if {
	not _revisions[version]
} else := sprintf("revision %s has no plan %s", [version, _show(_doc.plan)]) if {
	not _revisions[version].plans[_doc.plan]
} else := sprintf("revision %s has no benefit %s", [version, _show(item.benefit)]) if {
	is_string(item.benefit)
	not _revisions[version].benefits[item.benefit]
} else := ""

# --- helpers -------------------------------------------------------------------------------

_has(obj, key) if {
	is_object(obj)
	key in object.keys(obj)
}

# A value as JSON, cut to _shown characters.
_shown := 80

_show(v) := json.marshal(v) if count(json.marshal(v)) <= _shown

_show(v) := concat("", [substring(json.marshal(v), 0, _shown - 3), "..."]) if count(json.marshal(v)) > _shown

# A field's name as users write it: support[0].plan (the document's fields), input.facts... (others).
_error(path, message) := {"field": _field_name(path), "message": message}

_field_name(path) := _join(array.slice(path, 1, count(path))) if _document_field(path)

_field_name([]) := "input"

_field_name(path) := concat(".", ["input", _join(path)]) if {
	count(path) > 0
	not _document_field(path)
}

_document_field(path) if {
	path[0] == "document"
	count(path) > 1
}

_join(path) := concat("", [_segment(i, s) | some i, s in path])

_segment(_, s) := sprintf("[%d]", [s]) if is_number(s)

_segment(0, s) := s if is_string(s)

_segment(i, s) := concat("", [".", s]) if {
	i > 0
	is_string(s)
}
