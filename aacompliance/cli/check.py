"""`aacompliance check`: evaluate documents against the terms in force."""
from __future__ import annotations

import os
import sys

import click

from aacompliance.cli.common import CONTEXT, _engine_options, _settings, handle_errors


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "sarif"]), default="text",
              show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--color/--no-color", default=None, help="Colour the text format (default: when a terminal).")
@click.option("--jobs", "-j", type=int, default=0, show_default=True, metavar="N",
              help="Worker processes; 0 = one per core for large runs.")
@_engine_options
@handle_errors
def check(paths, fmt, output, color, jobs, **engine_args):
    """Evaluate documents (files or folders of *.yaml, *.yml, *.json).

    Each document's kind comes from its `kind` field (OrderForm, Roster, BenefitUsage,
    IncidentLog) and is evaluated against the contract revision in force on its date.
    A document that cannot be read is reported with file, line and field; the
    others are still evaluated.

    Exit status: 0 every document compliant, 1 at least one violation, 2 unusable
    input or usage, 3 the policy engine is unreachable or failed.
    """
    from aacompliance.pipeline.evaluate import check_paths, cyclic_gc_paused
    from aacompliance.render import render

    settings = _settings(**engine_args)
    with cyclic_gc_paused():  # rendering a large report builds as many objects as evaluating it
        report = check_paths(list(paths), settings, jobs=jobs)
    rules = None
    if fmt == "sarif":
        from aacompliance.policy.rules import PolicySet
        rules = PolicySet(settings.policy_dir).rules
    if color is None:
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    with cyclic_gc_paused():
        text = render(report, fmt, color=color, rules=rules)
    if output:
        from aacompliance.util.files import write_atomic
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    sys.exit(report.exit_code)


