"""The ``aacompliance`` command group: one module per command or group, registered here."""
from __future__ import annotations

import click

from aacompliance.cli.check import check
from aacompliance.cli.common import CONTEXT
from aacompliance.cli.contracts import contracts
from aacompliance.cli.diff import diff
from aacompliance.cli.opa import bundle, opa
from aacompliance.cli.rules import rules
from aacompliance.cli.schema import schema
from aacompliance.cli.service import decisions, serve, tokens
from aacompliance.cli.statement import statement, verify
from aacompliance.cli.waivers import waivers


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="aacompliance", message="%(prog)s %(version)s")
def main():
    """Check customer documents against Automation Anywhere's Technical Support Terms.

    The terms are versioned YAML contract revisions (contracts/), the rules are Rego
    policies (policies/). Exit status: 0 compliant, 1 violations, 2 unusable input or
    usage, 3 policy engine failure.
    """


for command in (check, rules, contracts, diff, schema, bundle, opa, statement, verify, waivers, serve, tokens,
                decisions):
    main.add_command(command)
