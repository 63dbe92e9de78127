"""`aacompliance rules`: the rule catalogue, and the Rego unit tests."""
from __future__ import annotations

import sys

import click

from aacompliance.cli.common import CONTEXT, handle_errors, policies_option


@click.command(context_settings=CONTEXT)
@policies_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--test", "run_tests", is_flag=True,
              help="Run the Rego unit tests (*_test.rego) instead; exit 1 if one fails.")
@click.option("--engine", type=click.Choice(["regorus", "opa-go"]), default="regorus", show_default=True,
              help="Engine for --test.")
@handle_errors
def rules(policy_dir, fmt, run_tests, engine):
    """List the rule ids, the document kind each applies to, and what breaks them.

    With --test, run the policies' Rego unit tests against the bundled contract data.
    """
    from aacompliance.policy.rules import PolicySet

    if run_tests:
        from aacompliance.pipeline.evaluate import Settings
        from aacompliance.pipeline.regotest import run

        outcomes = run(engine, Settings(policy_dir=policy_dir))
        for outcome in outcomes:
            mark = "ok  " if outcome.passed else "FAIL"
            click.echo(f"{mark} {outcome.test.rule}" + (f" — {outcome.detail}" if outcome.detail else ""))
        failed = sum(not o.passed for o in outcomes)
        click.echo(f"{len(outcomes) - failed} passed, {failed} failed ({engine})")
        sys.exit(1 if failed else 0)
    policy_set = PolicySet(policy_dir)
    if fmt == "json":
        import json
        click.echo(json.dumps([{"id": r.id, "kind": r.kind, "title": r.title, "description": r.description,
                                "package": r.package} for r in policy_set.rules], indent=2))
        return
    for r in policy_set.rules:
        click.echo(f"{r.id:<26} {r.kind:<13} {r.title}")
