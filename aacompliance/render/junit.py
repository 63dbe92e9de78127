"""JUnit XML: one test case per document, one failure per violation."""
from __future__ import annotations

import xml.etree.ElementTree as ET


def render_junit(report, **_options) -> str:
    summary = report.summary()
    waived = [(result, v) for result in report.documents for v in result.waived]
    suite = ET.Element("testsuite", name="aacompliance",
                       tests=str(summary["documents"] + len(report.problems) + len(waived)),
                       failures=str(summary["violations"]), errors=str(summary["errors"]))
    if waived:
        suite.set("skipped", str(len(waived)))
    for problem in report.problems:
        case = ET.SubElement(suite, "testcase", classname="input", name=problem.path)
        ET.SubElement(case, "error", message=problem.message).text = str(problem)
    for result in report.documents:
        case = ET.SubElement(suite, "testcase", classname=result.kind or "unknown", name=result.path)
        for problem in result.errors:
            ET.SubElement(case, "error", message=problem.message).text = str(problem)
        for v in result.violations:
            clause = v.clause
            ET.SubElement(case, "failure", message=v.message, type=v.rule).text = (
                f"{v.rule}: {v.message}\nclause {clause.get('id')}: {clause.get('label', {}).get('en', '')} "
                f"({clause.get('section', '')})")
    for result, v in waived:  # a waived violation: its own test case, skipped with the waiver's reason
        w = v.waiver or {}
        case = ET.SubElement(suite, "testcase", classname=result.kind or "unknown",
                             name=f"{result.path} {v.rule} (waived by {w.get('id')})")
        ET.SubElement(case, "skipped", message=f"waived by {w.get('id')}, approved by {w.get('approved_by')}, "
                                               f"until {w.get('expires_on')}").text = (
            f"{v.rule}: {v.message}\nwaiver {w.get('id')}: {w.get('reason')}")
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
