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

_envelope contains _error(["kind"], sprintf(
	"unknown kind %s; expected one of %s",
	[_show(input.kind), _known_kinds],
)) if {
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

_envelope contains _error(["facts"], sprintf(
	"%s needs the facts aacompliance computes (see docs/opa.md)",
	[input.kind],
)) if {
	_spec.facts == true
	not is_object(object.get(input, "facts", null))
}

# --- the shape of the document and facts, from data.aacompliance.inputs --------------------

# The fast path: both match their JSON Schema (json.match_schema, native in every engine).
_schema_ok if {
	json.match_schema(input.document, _spec.schema.document)[0] == true
	_facts_schema_ok
	count(_bulk_failed) == 0
}

# The date and timestamp fields the schema leaves to a bulk check (policy/inputspec.py): in the
# document (or facts) as JSON, as many `"name":"<pattern>"` as `"name":"` for those names. (One
# pattern compiled per check, not per field; inside a JSON string a quote is escaped, so only
# fields match.)
_bulk_failed contains [part, check.key] if {
	some part, checks in _spec.bulk
	text := _text[part]
	some check in checks
	keys := sum([strings.count(text, sprintf(`"%s":"`, [name])) | some name in check.fields])
	keys != count(regex.find_n(check.pattern, text, -1))
}

# The document and the facts as JSON, each written once.
_text[part] := json.marshal(input[part]) if some part in ["document", "facts"]

_facts_schema_ok if not _spec.schema.facts

_facts_schema_ok if json.match_schema(input.facts, _spec.schema.facts)[0] == true

# Otherwise the problems are named field by field, in the same words on every engine: every object
# the spec describes, found by walking its path ("*": each element of a list), as
# [path from the input, the object, its spec]. (No `walk`: regorus's compiler has none.)
_walk if {
	_spec
	not _schema_ok
}

_nodes := array.concat(array.concat(_depth1, _depth2), array.concat(_depth3, array.concat(_depth4, _depth5)))

_depth1 := [[[a[0]], v, o] |
	_walk
	some o in _spec.objects
	count(o.at) == 1
	some a in _step(input, o.at[0])
	v := a[1]
	is_object(v)
]

_depth2 := [[[a[0], b[0]], v, o] |
	_walk
	some o in _spec.objects
	count(o.at) == 2
	some a in _step(input, o.at[0])
	some b in _step(a[1], o.at[1])
	v := b[1]
	is_object(v)
]

_depth3 := [[[a[0], b[0], c[0]], v, o] |
	_walk
	some o in _spec.objects
	count(o.at) == 3
	some a in _step(input, o.at[0])
	some b in _step(a[1], o.at[1])
	some c in _step(b[1], o.at[2])
	v := c[1]
	is_object(v)
]

_depth4 := [[[a[0], b[0], c[0], d[0]], v, o] |
	_walk
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
	_walk
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

_absent := {"absent": "aacompliance.validation"}

_walked contains _error(array.concat(n[0], [name]), "required field is missing") if {
	some n in _nodes
	some name, f in n[2].fields
	f.required == true
	object.get(n[1], name, _absent) == _absent
}

_walked contains _error(array.concat(n[0], [name]), "unknown field (not part of the format; check its spelling)") if {
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

_walked contains _error(x[0], message) if {
	some x in array.concat(_fields, _items)
	message := _problem(x[2], x[1])
	message != ""
}

# Fail closed: a schema mismatch the field-by-field check did not name is still an error.
_unnamed contains _error([part], sprintf(
	"does not match the format: %v",
	[json.match_schema(input[part], schema)[1]],
)) if {
	_walk
	count(_envelope) == 0
	count(_walked) == 0
	count(_checked) == 0
	some part, schema in _spec.schema
	json.match_schema(input[part], schema)[0] == false
}

_shape := union({_walked, _checked, _unnamed})

# Calendar dates, timestamps, plan and benefit ids: values JSON Schema cannot judge, found by path.
_check_values := array.concat(_check_depth2, array.concat(_check_depth3, _check_depth4))

_check_depth2 := [[[a[0], b[0]], b[1], c] |
	some c in _spec.checks
	count(c.at) == 2
	some a in _step(input, c.at[0])
	some b in _step(a[1], c.at[1])
]

_check_depth3 := [[[a[0], b[0], d[0]], d[1], c] |
	some c in _spec.checks
	count(c.at) == 3
	some a in _step(input, c.at[0])
	some b in _step(a[1], c.at[1])
	some d in _step(b[1], c.at[2])
]

_check_depth4 := [[[a[0], b[0], d[0], e[0]], e[1], c] |
	some c in _spec.checks
	count(c.at) == 4
	some a in _step(input, c.at[0])
	some b in _step(a[1], c.at[1])
	some d in _step(b[1], c.at[2])
	some e in _step(d[1], c.at[3])
]

# On the fast path the JSON Schema has checked every type and pattern, dates and timestamps against
# the calendar (policy/inputspec.py), so only plan and benefit ids remain, each column scanned inline.
# Otherwise every date and timestamp is checked in full.
_checked := _fast_checked | _slow_checked

_fast_checked contains _error(_site(c, at), _ref_message(c.ref, v)) if {
	_schema_ok
	some c in _spec.checks
	is_string(c.ref) # (a check without `ref` must stop here: regorus's VM would go on with undefined)
	known := _terms[c.ref]
	count(_unknown(c, known)) > 0
	some at, v in _column(c)
	not known[v]
}

# The distinct values of a check's column that the revision does not know (one set, then a scan of
# the column only when there are some).
_unknown(c, known) := {v | some v in _values(c); not known[v]}

_values(c) := {input[c.at[0]][c.at[1]]} if count(c.at) == 2

_values(c) := {input[c.at[0]][c.at[1]][c.at[2]]} if count(c.at) == 3

_values(c) := {item[c.at[3]] | some item in input[c.at[0]][c.at[1]]} if count(c.at) == 4

# The values a check names, by position ("" for a single field, the index in a list).
_column(c) := {"": input[c.at[0]][c.at[1]]} if count(c.at) == 2

_column(c) := {"": input[c.at[0]][c.at[1]][c.at[2]]} if count(c.at) == 3

_column(c) := {i: v | some i, item in input[c.at[0]][c.at[1]]; v := item[c.at[3]]} if count(c.at) == 4

_site(c, "") := c.at

_site(c, i) := [c.at[0], c.at[1], i, c.at[3]] if is_number(i)

_slow_checked contains _error(x[0], _format_message(x[2].format, x[1])) if {
	not _schema_ok
	some x in _check_values
	x[2].format
	is_string(x[1])
	not _format_ok(x[2].format, x[1])
}

_slow_checked contains _error(x[0], _ref_message(x[2].ref, x[1])) if {
	not _schema_ok
	some x in _check_values
	is_string(x[1])
	is_object(_terms[x[2].ref])
	not _terms[x[2].ref][x[1]]
}

_format_ok("date", v) if dates.date(v)

_format_ok("timestamp", v) if dates.timestamp(v)

_format_message("date", v) := _date_message(v)

_format_message("timestamp", v) := _timestamp_message(v)

_ref_message(ref, v) := sprintf("unknown %s %s; revision %s has %s", [
	_ref_words[ref], _show(v), input.contract.version, concat(", ", sort(object.keys(_terms[ref]))),
])

_date_message(v) := sprintf("must be a date written YYYY-MM-DD, e.g. 2025-03-14 (got %s)", [_show(v)])

_timestamp_message(v) := sprintf(
	"must be an RFC 3339 timestamp with an offset, e.g. 2025-04-03T09:12:00+02:00 (got %s)",
	[_show(v)],
)

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

_consistency contains _error(["document", list, i, "end"], _ends_before(x)) if {
	_shape_ok
	input.kind == "OrderForm"
	some list in ["subscriptions", "support"]
	some i, x in _doc[list]
	x.end < x.start
}

_consistency contains _error(["document", "period", "end"], _ends_before(p)) if {
	_shape_ok
	input.kind == "IncidentLog"
	p := _doc.period
	p.end < p.start
}

# (Sorted into groups only when some id does appear twice.)
_consistency contains _error(["document", list, i, "id"], sprintf("%s id %s appears twice", [word, _show(g.key)])) if {
	_shape_ok
	some list, word in {"subscriptions": "subscription", "incidents": "incident"}
	is_array(_doc[list])
	count({x.id | some x in _doc[list]}) != count(_doc[list])
	some g in groups.duplicates([x.id | some x in _doc[list]])
	some i in array.slice(g.positions, 1, count(g.positions))
}

_ends_before(x) := sprintf("ends (%s) before it starts (%s)", [x.end, x.start])

# Timestamps with the same offset and the same length compare as strings; others as minutes.
# Usually every timestamp of a log has the length and offset of the first one: counted in bulk
# (two regex searches over the incidents as JSON), then one plain comparison per incident finds
# the early responses.
_stamp_field := `"(?:opened|first_response)":"`

_uniform_stamps if {
	_shape_ok
	input.kind == "IncidentLog"
	first := _doc.incidents[0].opened
	offset := regex.find_n(`(Z|[+-][0-9]{2}:[0-9]{2})$`, first, 1)[0]
	text := _text.document
	same := sprintf(`%s[^"]{%d}%s"`, [_stamp_field, count(first) - count(offset), replace(offset, "+", `\+`)])
	count(regex.find_n(_stamp_field, text, -1)) == count(regex.find_n(same, text, -1))
}

_consistency contains _error(["document", "incidents", i, "first_response"], _early_response(r)) if {
	_uniform_stamps
	some i, incident in _doc.incidents
	incident.first_response < incident.opened
	r := [i, incident.opened, incident.first_response]
	is_string(r[2])
}

# Otherwise one pass over the incidents: [position, opened, first response] of those with a response.
_responses := [[i, incident.opened, incident.first_response] |
	_shape_ok
	input.kind == "IncidentLog"
	not _uniform_stamps
	some i, incident in input.document.incidents
	is_string(incident.first_response)
]

_consistency contains _error(["document", "incidents", r[0], "first_response"], _early_response(r)) if {
	some r in _responses
	_comparable(r[1], r[2])
	r[2] < r[1]
}

_consistency contains _error(["document", "incidents", r[0], "first_response"], _early_response(r)) if {
	some r in _responses
	not _comparable(r[1], r[2])
	dates.minutes(r[2]) < dates.minutes(r[1])
}

_comparable(opened, response) if {
	count(response) == count(opened)
	substring(response, count(response) - 6, 6) == substring(opened, count(opened) - 6, 6)
}

_early_response(r) := sprintf("first response (%s) is before the incident was opened (%s)", [r[2], r[1]])

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

# Each distinct (revision, benefit) named by the facts is checked once; items are then scanned
# only for the pairs found wrong.
_item_pairs contains [version, null] if {
	_shape_ok
	input.kind == "IncidentLog"
	not _versions_with_plan
	some version in {fact.version | some fact in input.facts.incidents}
}

# Usually every incident's fact names a revision that has the plan: counted in bulk over the facts
# as JSON (each such revision's `"version":"..."` against every `"version":"`), no pass.
_versions_with_plan if {
	named := [strings.count(_text.facts, sprintf(`"version":%s`, [json.marshal(v)])) |
		some v, rev in _revisions
		rev.plans[_doc.plan]
	]
	sum(named) == strings.count(_text.facts, `"version":"`)
}

_item_pairs contains pair if {
	_shape_ok
	input.kind == "BenefitUsage"
	some pair in {[fact.version, _doc.sessions[i].benefit] | some i, fact in input.facts.sessions}
}

_item_pairs contains [p.period.version, p.benefit] if {
	_shape_ok
	input.kind == "BenefitUsage"
	some p in input.facts.periods
}

_bad_pairs := {pair: _pair_problem(pair[0], pair[1]) |
	some pair in _item_pairs
	not _pair_fine(pair[0], pair[1])
}

_pair_fine(version, null) if _revisions[version].plans[_doc.plan]

_pair_fine(version, benefit) if {
	_revisions[version].plans[_doc.plan]
	_revisions[version].benefits[benefit]
}

_consistency contains _error(["facts", list, i, "version"], message) if {
	count(_bad_pairs) > 0
	list := _items_with_facts[input.kind]
	some i, fact in input.facts[list]
	message := _bad_pairs[[fact.version, object.get(_doc[list][i], "benefit", null)]]
}

_consistency contains _error(["facts", "periods", i, "period", "version"], message) if {
	count(_bad_pairs) > 0
	input.kind == "BenefitUsage"
	some i, p in input.facts.periods
	message := _bad_pairs[[p.period.version, p.benefit]]
}

_consistency contains _error(["facts", "periods", i, "sessions", j], sprintf("no session %d in the document", [s])) if {
	_shape_ok
	input.kind == "BenefitUsage"
	some i, p in input.facts.periods
	max(p.sessions) >= count(_doc.sessions)
	some j, s in p.sessions
	s >= count(_doc.sessions)
}

_pair_problem(version, benefit) := sprintf("contract %s has no revision %s", [input.contract.id, _show(version)]) if {
	not _revisions[version]
} else := sprintf("revision %s has no plan %s", [version, _show(_doc.plan)]) if {
	not _revisions[version].plans[_doc.plan]
} else := sprintf("revision %s has no benefit %s", [version, _show(benefit)]) if {
	is_string(benefit)
	not _revisions[version].benefits[benefit]
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
