"""``aacompliance schema``: the JSON Schema of a document kind, for editors and other tools."""
from __future__ import annotations

import click

from aacompliance.cli.common import CONTEXT, handle_errors, output_option, write_report


@click.command(context_settings=CONTEXT)
@click.argument("kind", required=False, metavar="KIND")
@click.option("--list", "list_kinds", is_flag=True, help="List the kinds (and `any`, every kind by its `kind` field).")
@output_option
@handle_errors
def schema(kind, list_kinds, output):
    """Print the JSON Schema (2020-12) of a document kind (OrderForm, Roster,
    BenefitUsage, IncidentLog, Waiver; see --list), or `any` (every kind, chosen by the
    `kind` field).

    Generated from the same schema `check` validates with. Save it and name it in the
    first line of a document, for completion and checking in the editor:

        # yaml-language-server: $schema=./schemas/OrderForm.json
    """
    import json

    from aacompliance.documents.jsonschema import ANY, kind_names, schema as json_schema
    from aacompliance.errors import UsageError

    names = [*kind_names(), ANY]
    if list_kinds:
        write_report("".join(f"{name}\n" for name in names), output)
        return
    if not kind:
        raise UsageError(f"name a kind ({', '.join(names)}) or use --list")
    match = {name.lower(): name for name in names}.get(kind.lower())
    if match is None:
        raise UsageError(f"unknown kind {kind!r}; kinds: {', '.join(names)}")
    write_report(json.dumps(json_schema(match), ensure_ascii=False, indent=2) + "\n", output)
