"""`aacompliance rules`: the rule catalogue, and the Rego unit tests."""
from __future__ import annotations

import sys

import click

from aacompliance.cli.common import CONTEXT, format_option, handle_errors, output_option, policies_option, write_report
from aacompliance.engines.registry import engine_names
from aacompliance.errors import UsageError


@click.command(context_settings=CONTEXT)
@policies_option
@format_option()
@output_option
@click.option("--test", "run_tests", is_flag=True,
              help="Run the Rego unit tests (*_test.rego) instead; exit 1 if one fails.")
@click.option("--engine", type=click.Choice(engine_names()), default="regorus", show_default=True,
              help="Engine for --test.")
@handle_errors
def rules(policy_dir, fmt, output, run_tests, engine):
    """List the rule ids, the document kind each applies to, and what breaks them
    (--format text or json).

    With --test, run the policies' Rego unit tests against the bundled contract data, and
    report them in any of check's formats (a failed test is a REGO-TEST violation; junit
    for CI). Exit status: 0 all passed, 1 a test failed.
    """
    from aacompliance.policy.rules import PolicySet

    if run_tests:
        from aacompliance.pipeline.evaluate import Settings
        from aacompliance.pipeline.regotest import run

        outcomes = run(engine, Settings(policy_dir=policy_dir))
        failed = sum(not o.passed for o in outcomes)
        if fmt == "text":
            lines = [("ok   " if o.passed else "FAIL ") + o.test.rule + (f" — {o.detail}" if o.detail else "")
                     for o in outcomes]
            text = "\n".join(lines + [f"{len(outcomes) - failed} passed, {failed} failed ({engine})"]) + "\n"
        else:
            from aacompliance.pipeline.regotest import as_report
            from aacompliance.render import render
            text = render(as_report(outcomes, engine), fmt)
        write_report(text, output)
        sys.exit(1 if failed else 0)
    policy_set = PolicySet(policy_dir)
    if fmt not in ("text", "json"):
        raise UsageError(f"the rule list is text or json; --format {fmt} is for --test")
    if fmt == "json":
        import json
        text = json.dumps([{"id": r.id, "kind": r.kind, "title": r.title, "description": r.description,
                            "package": r.package, "subject": r.subject} for r in policy_set.rules], indent=2) + "\n"
    else:
        text = "".join(f"{r.id:<26} {r.kind:<13} {r.title}\n" for r in policy_set.rules)
    write_report(text, output)
