"""JUnit XML: one test case per document, one failure per violation.

The counts sit on the opening ``<testsuite>`` tag, but are known only at the end: the
test cases are written as they come to a spool file (in memory up to 4 MiB, then on
disk), and the whole suite is written out at the end — memory stays flat.
"""
from __future__ import annotations

import shutil
import tempfile
import xml.etree.ElementTree as ET

from aacompliance.render import Writer

_SPOOL_IN_MEMORY = 4 << 20


def _case(element: ET.Element) -> str:
    ET.indent(element, space="  ", level=1)
    return "  " + ET.tostring(element, encoding="unicode") + "\n"


class JunitWriter(Writer):
    def start(self, report) -> None:
        self._body = tempfile.SpooledTemporaryFile(_SPOOL_IN_MEMORY, mode="w+", encoding="utf-8")
        self._cases = self._skipped = 0
        for problem in report.problems:
            case = ET.Element("testcase", classname="input", name=problem.path)
            ET.SubElement(case, "error", message=problem.message).text = str(problem)
            self._write(case)

    def _write(self, case: ET.Element) -> None:
        self._body.write(_case(case))
        self._cases += 1

    def document(self, result) -> None:
        case = ET.Element("testcase", classname=result.kind or "unknown", name=result.path)
        for problem in result.errors:
            ET.SubElement(case, "error", message=problem.message).text = str(problem)
        for v in result.violations:
            clause = v.clause
            ET.SubElement(case, "failure", message=v.message, type=v.rule).text = (
                f"{v.rule}: {v.message}\nclause {clause.get('id')}: {clause.get('label', {}).get('en', '')} "
                f"({clause.get('section', '')})")
        self._write(case)
        for v in result.waived:  # a waived violation: its own test case, skipped with the waiver's reason
            w = v.waiver or {}
            case = ET.Element("testcase", classname=result.kind or "unknown",
                              name=f"{result.path} {v.rule} (waived by {w.get('id')})")
            ET.SubElement(case, "skipped", message=f"waived by {w.get('id')}, approved by {w.get('approved_by')}, "
                                                   f"until {w.get('expires_on')}").text = (
                f"{v.rule}: {v.message}\nwaiver {w.get('id')}: {w.get('reason')}")
            self._write(case)
            self._skipped += 1

    def finish(self, report) -> None:
        summary = report.summary()
        suite = ET.Element("testsuite", name="aacompliance", tests=str(self._cases),
                           failures=str(summary["violations"]), errors=str(summary["errors"]))
        if self._skipped:
            suite.set("skipped", str(self._skipped))
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        opening = ET.tostring(suite, encoding="unicode")
        if not self._cases:
            self.out.write(opening + "\n")
        else:
            self.out.write(opening.removesuffix(" />") + ">\n")
            self._body.seek(0)
            shutil.copyfileobj(self._body, self.out)
            self.out.write("</testsuite>\n")
        self._body.close()
