"""`aacompliance check`: evaluate documents against the terms in force."""
from __future__ import annotations

import os
import sys

import click

from aacompliance.cli.common import (CONTEXT, _engine_options, _settings, format_option, handle_errors, output_option,
                                     progress_bar, report_stream, waivers_option)


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option()
@output_option
@click.option("--color/--no-color", default=None, help="Colour the text format (default: when a terminal).")
@click.option("--quiet", "-q", is_flag=True, help="Text format: print the summary line only; no progress bar.")
@click.option("--failures-only", is_flag=True,
              help="List only documents with violations or errors (the summary still counts every document).")
@click.option("--jobs", "-j", type=int, default=0, show_default=True, metavar="N",
              help="Worker processes; 0 = one per core for large runs.")
@waivers_option
@_engine_options
@handle_errors
def check(paths, fmt, output, color, quiet, failures_only, jobs, waiver_paths, **engine_args):
    """Evaluate documents (files or folders of *.yaml, *.yml, *.json).

    Each document's kind comes from its `kind` field (OrderForm, Roster, BenefitUsage,
    IncidentLog) and is evaluated against the contract revision in force on its date.
    A document that cannot be read is reported with file, line and field; the
    others are still evaluated.

    Waivers (kind Waiver, among the PATHs or under --waivers) set aside a rule for one
    document: a violation they cover is reported as waived and does not count; a waiver
    past its expires_on on the document's date does not apply; one that matches nothing
    is listed as a warning.

    The report is written as documents are decided, whatever the format (json and
    jsonl: one document per line; github: workflow annotations; sarif: for code
    scanning). In the text format, a progress bar shows on standard error when it is
    a terminal.

    Exit status: 0 every document compliant, 1 at least one violation, 2 unusable
    input or usage, 3 the policy engine is unreachable or failed.
    """
    from aacompliance.pipeline.evaluate import cyclic_gc_paused, stream_paths
    from aacompliance.render import writer_class

    settings = _settings(**engine_args)
    rules = ()
    if fmt == "sarif":
        from aacompliance.policy.rules import PolicySet
        rules = PolicySet(settings.policy_dir).rules
    if color is None:
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    writer_cls = writer_class(fmt)
    with cyclic_gc_paused():  # results are acyclic; the cyclic collector would only rescan them
        run = stream_paths(list(paths), settings, jobs=jobs, waiver_paths=list(waiver_paths))
        report = run.report
        shown = writer_cls.for_people and not quiet and sys.stderr.isatty()
        with progress_bar(run.total, shown) as advance, report_stream(output) as out:
            writer = writer_cls(out, color=color, quiet=quiet, rules=rules)
            writer.start(report)
            for result in run.results:
                report.add(result, keep=False)  # counted, written, forgotten: memory stays flat
                if not (failures_only and result.compliant):
                    writer.document(result)
                advance()
            writer.finish(run.finish())
    sys.exit(report.exit_code)
