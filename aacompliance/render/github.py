"""GitHub Actions workflow commands: one ``::error`` annotation per violation or input
problem, on the file and line it names, shown on the pull request's diff; then the summary.

https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
"""
from __future__ import annotations

from aacompliance.render import Writer, relative_path


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, line: int | None, title: str, message: str, level: str = "error") -> str:
    props = f"file={_property(relative_path(path))}"
    if line:
        props += f",line={line}"
    props += f",title={_property(title)}"
    return f"::{level} {props}::{_data(message)}\n"


class GithubWriter(Writer):
    def start(self, report) -> None:
        for problem in report.problems:
            self.out.write(annotation(problem.path, None, "aacompliance: unusable input", problem.message))

    def document(self, result) -> None:
        for problem in result.errors:
            message = f"{problem.field}: {problem.message}" if problem.field else problem.message
            self.out.write(annotation(result.path, problem.line, "aacompliance: unusable input", message))
        for v in result.violations:
            clause = v.clause or {}
            where = clause.get("section", "") + (f", line {clause['line']}" if clause.get("line") else "")
            message = f"{v.message}\nclause {clause.get('id', '')}: {clause.get('label', {}).get('en', '')} ({where})"
            self.out.write(annotation(result.path, v.line, f"{v.rule} ({result.kind} {result.id})", message))
        for v in result.waived:
            w = v.waiver or {}
            message = (f"{v.message}\nwaived by {w.get('id')}, approved by {w.get('approved_by')}, "
                       f"until {w.get('expires_on')}: {w.get('reason')}")
            self.out.write(annotation(result.path, v.line, f"{v.rule} waived ({result.kind} {result.id})", message,
                                      "notice"))
        self.out.flush()

    def finish(self, report) -> None:
        for w in report.waivers:
            if w.status != "applied":
                self.out.write(annotation(w.path, None, f"waiver {w.id} {w.status}", w.detail, "warning"))
        s = report.summary()
        self.out.write(f"aacompliance: {s['documents']} document(s): {s['compliant']} compliant, "
                       f"{s['violations']} with violations, {s['errors']} with errors\n")
