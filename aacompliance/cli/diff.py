"""``aacompliance diff``: what changed between two revisions, and for which documents."""
from __future__ import annotations

import sys

import click

from aacompliance.cli.common import CONTEXT, contracts_option, handle_errors, waivers_option


@click.command(context_settings=CONTEXT)
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "html"]), default="text",
              show_default=True)
@click.option("--impact", "impact_paths", multiple=True, type=click.Path(exists=True), metavar="PATH",
              help="Also evaluate these documents under both revisions and list those that change (repeatable).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE (atomically) instead of standard output.")
@waivers_option
@contracts_option
@click.option("--color/--no-color", default=None, help="Colour the text format (default: when a terminal).")
@click.option("--jobs", "-j", type=int, default=0, show_default=True, metavar="N",
              help="Worker processes for --impact; 0 = one per core for large runs.")
@handle_errors
def diff(old, new, fmt, impact_paths, output, waiver_paths, contracts_dir, color, jobs):
    """Compare two contract revisions term by term.

    OLD and NEW are each a revision date (2024-11-18), contract-id@date, or a file (a
    draft). Changes are reported per plan and term with the clause of each side, and a
    direction for the customer where the term is ordered. Exit 0 when identical, 1 when
    they differ.
    """
    import os
    from pathlib import Path

    from aacompliance.terms.store import ContractStore
    from aacompliance.terms.diff import diff_revisions
    from aacompliance.pipeline.evaluate import Settings
    from aacompliance.policy.rules import default_contracts_dir
    from aacompliance.terms.redline import RENDERERS, render_text

    store = ContractStore(Path(contracts_dir) if contracts_dir else default_contracts_dir())
    result = diff_revisions(store.resolve(old), store.resolve(new))
    if fmt == "text":
        if color is None:
            color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        text = render_text(result, color=color)
    else:
        text = RENDERERS[fmt](result)
    if impact_paths:
        from aacompliance.pipeline.impact import impact, render_impact

        rows = impact(list(impact_paths), old, new, Settings(contracts_dir=contracts_dir), jobs=jobs,
                      waiver_paths=list(waiver_paths))
        if fmt == "json":
            import json
            text = json.dumps({**json.loads(text), "impact": [r.as_dict() for r in rows]},
                              ensure_ascii=False, indent=2) + "\n"
        elif fmt == "html":
            import html
            text = text.replace("</body></html>", f"<h2>Impact</h2><pre>{html.escape(render_impact(rows, 'text'))}"
                                                  "</pre></body></html>")
        else:
            text += "\n" + render_impact(rows, fmt) + "\n"
    if output:
        from aacompliance.util.files import write_atomic
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    sys.exit(0 if result.identical else 1)
