"""Proof that a revision's quotes support its values (``contracts lint --source``).

Beyond "each quote is on its line", for every clause and every term that cites it:

- the quote identifies its line: a quote found on several lines must be narrowed by its
  table row (``table:``/``row:``) or by the part of the source that applies to the plans
  citing it (``source.parts``), else it is ambiguous;
- a clause in a table cites the row whose label is ``row``; a plan's value is read in that
  plan's column (``columns: plans``) or in the table's ``value_column``;
- every number a term encodes appears in its evidence (the cell, else the quote), in digits
  or French words, with a matching unit (hours, minutes, days, times, %) and, for caps, a
  matching period where the text names one; a count must be the only count stated there;
- table cells agree with booleans and labels ("-" is not included, an empty cell is a tick);
- plan ranks follow the plans' column order, units their names, business hours their quote;
- readings and assumptions quote the lines of the clauses they name.

The checks read only the revision's data and the source text: no plan, number or label of
the terms is written here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_UNITS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
          "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
          "quinze": 15, "seize": 16, "zéro": 0}
_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_KIND_WORDS = {"heure": "hours", "heures": "hours", "h": "hours", "min": "minutes", "minute": "minutes",
               "minutes": "minutes", "jour": "days", "jours": "days", "%": "percent", "fois": "sessions",
               "session": "sessions", "sessions": "sessions"}
_PER_WORDS = {"session": "session", "sessions": "session", "an": "contract_year", "ans": "contract_year",
              "année": "contract_year", "années": "contract_year", "annuel": "contract_year",
              "annuelle": "contract_year", "trimestre": "quarter", "trimestres": "quarter",
              "trimestriel": "quarter", "trimestrielle": "quarter", "mois": "month", "mensuel": "month",
              "mensuelle": "month"}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|%|[a-zà-ÿœæ]+(?:-[a-zà-ÿœæ]+)*")
#: What a number in a term measures, by unit id suffix or cap measure.
_MEASURE_KIND = {"hours": "hours", "sessions": "sessions"}


def french_number(word: str) -> int | None:
    """``"sept"`` → 7, ``"vingt-quatre"`` → 24, ``"quatre-vingt-dix"`` → 90; None if not a number."""
    parts = [p for p in word.split("-") if p != "et"]
    if not parts:
        return None
    total, i = 0, 0
    while i < len(parts):
        part = parts[i]
        if part == "quatre" and i + 1 < len(parts) and parts[i + 1] in ("vingt", "vingts"):
            total, i = total + 80, i + 2
            continue
        if part in _TENS:
            total += _TENS[part]
        elif part in _UNITS:
            total += _UNITS[part]
        elif part == "cent" and len(parts) == 1:
            total += 100
        else:
            return None
        i += 1
    return total


def _number(token: str) -> float | None:
    if token[0].isdigit():
        return float(token.replace(",", "."))
    value = french_number(token)
    return None if value is None else float(value)


@dataclass(frozen=True)
class Mention:
    """A number stated in a text, what it counts and over which period (if said)."""

    value: float
    kind: str  #: hours, minutes, days, percent, sessions or count
    per: str | None
    after: str  #: the text right after the number, for unit checks


def mentions(text: str) -> list[Mention]:
    lowered = text.lower()
    tokens = [(m.group(0), m.end()) for m in _TOKEN.finditer(lowered)]
    found = []
    for i, (token, end) in enumerate(tokens):
        value = _number(token)
        if value is None:
            continue
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        kind = _KIND_WORDS.get(nxt, "count")
        per = None
        if kind != "count":
            for word, _ in tokens[i + 2:i + 8]:
                if word[0].isdigit() or (_number(word) is not None and word not in ("un", "une")):
                    break
                if word in _PER_WORDS:
                    per = _PER_WORDS[word]
                    break
        found.append(Mention(value, kind, per, lowered[end:].lstrip()))
    return found


class Source:
    """The source text, by line (1-based)."""

    def __init__(self, text: str, path: str = "source"):
        self.path = path
        self.lines = text.split("\n")
        self._found: dict[str, list[int]] = {}

    @classmethod
    def read(cls, path: Path) -> "Source":
        return cls(Path(path).read_text(encoding="utf-8"), str(path))

    def line(self, number) -> str | None:
        if isinstance(number, int) and 1 <= number <= len(self.lines):
            return self.lines[number - 1]
        return None

    def lines_with(self, quote: str) -> list[int]:
        if quote not in self._found:
            self._found[quote] = [i + 1 for i, line in enumerate(self.lines) if quote in line]
        return self._found[quote]


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split("|")]


def _norm(text: str) -> str:
    return " ".join(text.replace("*", "").strip().rstrip(".").casefold().split())


@dataclass
class _Table:
    id: str
    header: list[str]
    rows: dict[int, list[str]]  #: first line of a row → its cells (continuation lines joined)
    spec: dict


class _Checker:
    def __init__(self, terms: dict, source: Source, add):
        self.terms, self.source, self.add = terms, source, add
        self.clauses = terms["clauses"]
        self.plan_fr = {pid: p["label"]["fr"] for pid, p in terms["plans"].items()}
        self.tables = self._tables()
        self.parts = self._parts()

    # --- structure of the source ------------------------------------------------------
    def _parts(self) -> list[tuple[int, set[str]]]:
        parts = []
        for i, part in enumerate(self.terms["source"].get("parts", [])):
            text = self.source.line(part["line"])
            if text is None or part["quote"] not in text:
                self.add(f"source.parts[{i}].line", f"part heading {part['quote']!r} not on line {part['line']}",
                         ["source", "parts", i])
            parts.append((part["line"], set(part["plans"])))
        if [p[0] for p in parts] != sorted(p[0] for p in parts):
            self.add("source.parts", "parts must be listed in the order of their lines", ["source", "parts"])
        return sorted(parts)

    def part_plans(self, line: int) -> set[str] | None:
        plans = None
        for start, members in self.parts:
            if start <= line:
                plans = members
        return plans

    def _tables(self) -> dict[str, _Table]:
        tables = {}
        for tid, spec in self.terms["source"].get("tables", {}).items():
            where = ["source", "tables", tid]
            header_text, end_text = self.source.line(spec["header"]), self.source.line(spec["end"])
            after = self.source.line(spec["end"] + 1)
            if header_text is None or end_text is None or spec["end"] <= spec["header"]:
                self.add(f"source.tables.{tid}", "header or end is not a line of the source", where)
                continue
            header = _cells(header_text)
            wanted = list(self.plan_fr.values()) if spec.get("columns") == "plans" else [spec.get("value_column")]
            missing = [w for w in wanted if w not in header]
            if missing:
                self.add(f"source.tables.{tid}.header", f"line {spec['header']} is not this table's header: "
                         f"no column {', '.join(map(repr, missing))}", where + ["header"])
                continue
            if "|" not in end_text or (after is not None and "|" in after):
                self.add(f"source.tables.{tid}.end", f"line {spec['end']} is not the table's last line", where + ["end"])
            rows, start, chunk = {}, None, []
            for number in range(spec["header"] + 1, spec["end"] + 1):
                text = self.source.line(number)
                if text.startswith("---"):
                    continue
                if not text.startswith("|") or start is None:
                    if start is not None:
                        rows[start] = _cells("\n".join(chunk))
                    start, chunk = number, []
                chunk.append(text)
            if start is not None:
                rows[start] = _cells("\n".join(chunk))
            tables[tid] = _Table(tid, header, rows, spec)
        return tables

    def cell(self, clause: dict, plan: str | None) -> tuple[str | None, str | None]:
        """The cell a plan's value is read in: (text, None), or (None, why not)."""
        table = self.tables.get(clause.get("table"))
        if table is None:
            return None, None
        cells = table.rows.get(clause["line"])
        if cells is None or clause["row"] not in cells[:2]:
            return None, f"line {clause['line']} is not the row {clause['row']!r} of table {table.id}"
        label_at = cells.index(clause["row"])
        if table.spec.get("columns") == "plans":
            if plan is None:
                return None, None
            first_plan = min(table.header.index(fr) for fr in self.plan_fr.values())
            column = label_at + table.header.index(self.plan_fr[plan]) - (first_plan - 1)
        else:
            column = label_at + table.header.index(table.spec["value_column"])
        if column >= len(cells):
            return None, f"row {clause['row']!r} has no cell for {plan or table.spec.get('value_column')}"
        return cells[column], None

    # --- clauses ---------------------------------------------------------------------------
    def check_clauses(self, citing: dict[str, set[str]]) -> None:
        for cid, clause in self.clauses.items():
            line, quote = clause.get("line"), clause.get("quote")
            if line is None or quote is None:
                continue
            where = ["clauses", cid, "line"]
            text = self.source.line(line)
            if text is None or quote not in text:
                self.add(f"clauses.{cid}.quote", f"quote not found on line {line} of {self.source.path}",
                         ["clauses", cid, "quote"])
                continue
            candidates = self.source.lines_with(quote)
            table = self.tables.get(clause.get("table"))
            if clause.get("table") and table is None:
                self.add(f"clauses.{cid}.table", f"no table {clause['table']!r} under source.tables", where)
                continue
            if table is not None:
                candidates = [n for n in candidates if n in table.rows and clause["row"] in table.rows[n][:2]]
                if line not in candidates:
                    self.add(f"clauses.{cid}.line", f"line {line} is not the row {clause['row']!r} of table {table.id}",
                             where)
                    continue
            plans = citing.get(cid, set())
            if plans and self.parts:
                fits = [n for n in candidates if plans <= (self.part_plans(n) or set())]
                if line not in fits:
                    self.add(f"clauses.{cid}.line", f"line {line} lies in a part of the source that does not apply to "
                             f"{', '.join(sorted(plans - (self.part_plans(line) or set())))}, which cite it", where)
                    continue
                candidates = fits
            if len(candidates) > 1:
                self.add(f"clauses.{cid}.quote", "the quote is ambiguous: it is on lines "
                         f"{', '.join(map(str, candidates))} alike; quote more, or name its table and row",
                         ["clauses", cid, "quote"])

    # --- values -------------------------------------------------------------------------------
    def evidence(self, cid: str, plan: str | None) -> tuple[str | None, str]:
        clause = self.clauses.get(cid)
        if clause is None or clause.get("line") is None:
            return None, ""
        cell, why = self.cell(clause, plan)
        if why:
            return None, why
        if cell is not None:
            spec = self.tables[clause["table"]].spec
            column = self.plan_fr[plan] if spec.get("columns") == "plans" else spec["value_column"]
            return cell, f"the {column!r} cell of row {clause['row']!r} (line {clause['line']})"
        return clause.get("quote"), f"the quote of {cid}"

    def number(self, field, where, cid, plan, value, kind, per=None, unit_words=()) -> None:
        text, what = self.evidence(cid, plan)
        if text is None:
            if what:
                self.add(field, what, where)
            return
        found = mentions(text)
        same = [m for m in found if m.value == value and m.kind == kind
                and (per is None or m.per in (None, per))
                and (not unit_words or any(m.after.startswith(w) for w in unit_words))]
        if not same:
            stated = ", ".join(f"{_fmt(m.value)} ({m.kind}{'/' + m.per if m.per else ''})" for m in found) or "no number"
            self.add(field, f"{_fmt(value)} {kind}{' per ' + per if per else ''} is not what {what} states "
                     f"({stated})", where)
        elif kind == "count" and len({m.value for m in found if m.kind == "count"}) > 1:
            self.add(field, f"{what} states several counts; quote only the words that state this value", where)

    def flag(self, field, where, cid, plan, value) -> None:
        clause = self.clauses.get(cid, {})
        if clause.get("line") is None or self.tables.get(clause.get("table"), None) is None:
            return
        if self.tables[clause["table"]].spec.get("columns") != "plans":
            return
        cell, why = self.cell(clause, plan)
        if why:
            self.add(field, why, where)
            return
        if cell == "-" and value is not False:
            self.add(field, f"the {plan} cell of row {clause['row']!r} is '-' (not included) but the value is {value!r}",
                     where)
        elif cell != "-" and value is False:
            self.add(field, f"the {plan} cell of row {clause['row']!r} includes it ({cell or 'a tick'}) but the "
                     "value is false", where)
        elif isinstance(value, dict) and cell:
            if _norm(cell) not in _norm(value["fr"]) and _norm(value["fr"]) not in _norm(cell):
                self.add(field, f"the {plan} cell of row {clause['row']!r} says {cell!r}, not {value['fr']!r}", where)


def _fmt(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _unit_words(unit: dict) -> tuple[str, ...]:
    return tuple(_norm(unit[k]["fr"]) for k in ("singular", "label") if k in unit)


def _unit_kind(unit: dict) -> str | None:
    words = _norm(unit["label"]["fr"])
    for token, kind in _KIND_WORDS.items():
        if re.search(rf"(^|\s){re.escape(token)}", words) and kind in ("hours", "minutes", "days"):
            return kind
    return None


def check_source(terms: dict, source: Source, add) -> None:
    """Run every check; ``add(field, message, where)`` records an error."""
    ck = _Checker(terms, source, add)
    plans = terms["plans"]
    citing: dict[str, set[str]] = {}

    def cite(plan, cid, positive=True):
        if positive and isinstance(cid, str):
            citing.setdefault(cid, set()).add(plan)

    units = terms["units"]
    for pid, plan in plans.items():
        base = ["plans", pid]
        for key, term in plan.items():
            if not isinstance(term, dict) or "value" not in term:
                continue
            positive = term["value"] is not False
            for cid in [term.get("clause"), *term.get("see_also", []), *(c["clause"] for c in term.get("conditions", []))]:
                cite(pid, cid, positive)
            value, field = term["value"], f"plans.{pid}.{key}"
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                kind = "percent" if key.endswith("_percent") else "count"
                ck.number(field, base + [key, "value"], term["clause"], pid, value, kind)
        for sev, target in plan["initial_response"].items():
            cite(pid, target["clause"])
            unit = units.get(target["unit"], {})
            ck.number(f"plans.{pid}.initial_response.{sev}", base + ["initial_response", sev, "value"],
                      target["clause"], pid, target["value"], _unit_kind(unit) or "count", unit_words=_unit_words(unit))
        for sev, severity_rows in _target_rows(plans).items():
            if sev not in plan["initial_response"]:
                for cid in severity_rows:
                    ck.flag(f"plans.{pid}.initial_response", base + ["initial_response"], cid, pid, False)
        for key, term in plan["features"].items():
            positive = term["value"] is not False
            for cid in [term["clause"], *term.get("see_also", []), *(c["clause"] for c in term.get("conditions", []))]:
                cite(pid, cid, positive)
            ck.flag(f"plans.{pid}.features.{key}", base + ["features", key, "value"], term["clause"], pid, term["value"])
        for name, benefit in plan["benefits"].items():
            for cid in [benefit["clause"], *benefit.get("see_also", []), benefit.get("languages_clause")]:
                cite(pid, cid)
            for i, cap in enumerate(benefit["caps"]):
                cid = cap.get("clause", benefit["clause"])
                cite(pid, cid)
                ck.number(f"plans.{pid}.benefits.{name}.caps[{i}].max", base + ["benefits", name, "caps", i, "max"],
                          cid, pid, cap["max"], _MEASURE_KIND[cap["measure"]], per=cap["per"])
    ck.check_clauses(citing)
    _check_structure(terms, ck, add)


def _target_rows(plans: dict) -> dict[str, set[str]]:
    """Severity → the clauses its targets cite in any plan (a plan without one must show "-")."""
    rows: dict[str, set[str]] = {}
    for plan in plans.values():
        for sev, target in plan["initial_response"].items():
            rows.setdefault(sev, set()).add(target["clause"])
    return rows


def _check_structure(terms: dict, ck: _Checker, add) -> None:
    plans = terms["plans"]
    # Ranks follow the plans' columns in the source's plan table.
    for table in ck.tables.values():
        if table.spec.get("columns") == "plans":
            by_column = sorted(plans, key=lambda p: table.header.index(ck.plan_fr[p]))
            if [plans[p]["rank"] for p in by_column] != list(range(1, len(plans) + 1)):
                add("plans", "plan ranks must be 1, 2, … in the order of the source's columns "
                    f"({', '.join(by_column)})", ["plans"])
    # Units: the minutes of a unit follow its name; a business day is the business-hours window.
    hours = terms["business_hours"]
    start, end = (int(hours[k][:2]) * 60 + int(hours[k][3:]) for k in ("start", "end"))
    for uid, unit in terms["units"].items():
        kind = _unit_kind(unit)
        expected = {"minutes": 1, "hours": 60,
                    "days": (end - start) if unit["basis"] == "business" else 1440}.get(kind)
        if expected is not None and unit["minutes"] != expected:
            add(f"units.{uid}.minutes", f"a unit named {unit['label']['fr']!r} is {expected} minutes, not "
                f"{_fmt(unit['minutes'])}", ["units", uid, "minutes"])
    # Business hours: the hours of the window are those of its quote.
    quote = terms["clauses"].get(hours["clause"], {}).get("quote", "")
    stated = {m.value for m in mentions(quote) if m.kind == "hours"}
    for key in ("start", "end"):
        hh, mm = int(hours[key][:2]), int(hours[key][3:])
        if hh not in stated or mm:
            add(f"business_hours.{key}", f"{hours[key]} is not an hour stated by {hours['clause']} "
                f"({quote!r})", ["business_hours", key])
    # Severity definitions are verbatim.
    for sev, severity in terms["severities"].items():
        cid = severity.get("definition_clause")
        if cid:
            text = ck.source.line(terms["clauses"][cid].get("line")) or ""
            if severity["definition"]["fr"] not in text:
                add(f"severities.{sev}.definition", f"the French definition is not on the line of {cid}",
                    ["severities", sev, "definition"])
    # Readings and assumptions quote the lines of their clauses; the chosen reading exists.
    for section in ("interpretations", "assumptions"):
        for rid, entry in terms.get(section, {}).items():
            for i, side in enumerate(entry["sides"]):
                text = ck.source.line(terms["clauses"][side["clause"]].get("line")) or ""
                if side["quote"] not in text:
                    add(f"{section}.{rid}.sides[{i}].quote", f"not on the line of {side['clause']}",
                        [section, rid, "sides", i, "quote"])
            if section == "interpretations" and entry["chosen"] not in entry["readings"]:
                add(f"{section}.{rid}.chosen", f"{entry['chosen']!r} is not one of its readings", [section, rid, "chosen"])
