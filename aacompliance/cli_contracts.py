"""``aacompliance contracts``: list, show and lint contract revisions."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli import CONTEXT, handle_errors

_contracts_dir = click.option("--contracts", "contracts_dir", type=click.Path(file_okay=False), metavar="DIR",
                              help="Contract revisions folder (default: the bundled contracts/).")


def _store(contracts_dir):
    from .contracts import ContractStore
    from .policies import default_contracts_dir

    return ContractStore(Path(contracts_dir) if contracts_dir else default_contracts_dir())


@click.group(context_settings=CONTEXT)
def contracts():
    """List, show and lint the contract revisions (the terms as data)."""


@contracts.command("list", context_settings=CONTEXT)
@_contracts_dir
@handle_errors
def list_(contracts_dir):
    """Every revision: contract id, effective date, status, file."""
    store = _store(contracts_dir)
    for cid in store.contract_ids():
        for rev in store.revisions(cid):
            click.echo(f"{cid}  {rev.effective_date.isoformat()}  {rev.status:<9}  {rev.path}")


@contracts.command(context_settings=CONTEXT)
@_contracts_dir
@click.option("--on", "on", metavar="DATE", help="Show the revision in force on DATE (default: today).")
@click.option("--revision", metavar="DATE|FILE", help="Show this revision (a date, id@date or a draft file).")
@click.option("--plan", "plans", multiple=True, metavar="PLAN", help="Only this plan (repeatable).")
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handle_errors
def show(contracts_dir, on, revision, plans, lang, fmt):
    """The terms in force on a date, plan by plan, readable by a person."""
    import datetime as dt

    from .errors import UsageError
    from .render.terms import render_terms
    from .validation import parse_date

    store = _store(contracts_dir)
    if revision:
        rev = store.resolve(revision)
    else:
        day = parse_date(on) if on else dt.date.today()
        if day is None:
            raise UsageError(f"--on {on!r} is not a date (YYYY-MM-DD)")
        rev = store.in_force_on(day)
        if rev is None:
            raise UsageError(f"no revision in force on {day}; the earliest is "
                             f"{store.earliest().effective_date.isoformat()}")
    for plan in plans:
        if plan not in rev.terms["plans"]:
            raise UsageError(f"unknown plan {plan!r}; plans: {', '.join(rev.plan_ids)}")
    if fmt == "json":
        import json
        terms = rev.terms if not plans else {**rev.terms, "plans": {p: rev.terms["plans"][p] for p in plans}}
        click.echo(json.dumps(terms, ensure_ascii=False, indent=2))
    else:
        click.echo(render_terms(rev, list(plans) or None, lang))


@contracts.command(context_settings=CONTEXT)
@_contracts_dir
@click.option("--source", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Source text of the terms: check every clause's quote on its line.")
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@handle_errors
def lint(contracts_dir, source, strict, files):
    """Validate revisions (schema, file names, references) and flag inconsistent terms.

    Without FILES, every revision in the contracts folder is linted. Exit 2 on
    errors; with --strict, 1 on warnings.
    """
    from .contracts import load_revision
    from .errors import InputError
    from .lint import lint_revision

    paths = [Path(f) for f in files] or _store(contracts_dir).files()
    errors = warnings = 0
    for path in paths:
        try:
            rev = load_revision(path)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}")
                errors += 1
            continue
        findings = lint_revision(rev, Path(source) if source else None)
        for finding in findings:
            click.echo(str(finding))
        errors += sum(f.level == "error" for f in findings)
        warnings += sum(f.level == "warning" for f in findings)
        if not findings:
            click.echo(f"ok: {path}")
    click.echo(f"{len(paths)} revision(s): {errors} error(s), {warnings} warning(s)")
    sys.exit(2 if errors else (1 if strict and warnings else 0))
