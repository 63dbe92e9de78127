"""`aacompliance check`: evaluate documents against the terms in force."""
from __future__ import annotations

import os
import sys

import click

from aacompliance.cli.common import (CONTEXT, _engine_options, _settings, format_option, handle_errors, output_option,
                                     waivers_option, write_report)


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option()
@output_option
@click.option("--color/--no-color", default=None, help="Colour the text format (default: when a terminal).")
@click.option("--jobs", "-j", type=int, default=0, show_default=True, metavar="N",
              help="Worker processes; 0 = one per core for large runs.")
@waivers_option
@_engine_options
@handle_errors
def check(paths, fmt, output, color, jobs, waiver_paths, **engine_args):
    """Evaluate documents (files or folders of *.yaml, *.yml, *.json).

    Each document's kind comes from its `kind` field (OrderForm, Roster, BenefitUsage,
    IncidentLog) and is evaluated against the contract revision in force on its date.
    A document that cannot be read is reported with file, line and field; the
    others are still evaluated.

    Waivers (kind Waiver, among the PATHs or under --waivers) set aside a rule for one
    document: a violation they cover is reported as waived and does not count; a waiver
    past its expires_on on the document's date does not apply; one that matches nothing
    is listed as a warning.

    Exit status: 0 every document compliant, 1 at least one violation, 2 unusable
    input or usage, 3 the policy engine is unreachable or failed.
    """
    from aacompliance.pipeline.evaluate import check_paths, cyclic_gc_paused
    from aacompliance.render import render

    settings = _settings(**engine_args)
    with cyclic_gc_paused():  # rendering a large report builds as many objects as evaluating it
        report = check_paths(list(paths), settings, jobs=jobs, waiver_paths=list(waiver_paths))
    rules = None
    if fmt == "sarif":
        from aacompliance.policy.rules import PolicySet
        rules = PolicySet(settings.policy_dir).rules
    if color is None:
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    with cyclic_gc_paused():
        text = render(report, fmt, color=color, rules=rules)
    write_report(text, output)
    sys.exit(report.exit_code)


