"""``aacompliance contracts``: list, show and lint contract revisions."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from aacompliance.cli.common import CONTEXT, contracts_option, handle_errors


def _store(contracts_dir):
    from aacompliance.terms.store import ContractStore
    from aacompliance.policy.rules import default_contracts_dir

    return ContractStore(Path(contracts_dir) if contracts_dir else default_contracts_dir())


@click.group(context_settings=CONTEXT)
def contracts():
    """List, show and lint the contract revisions (the terms as data)."""


@contracts.command("list", context_settings=CONTEXT)
@contracts_option
@handle_errors
def list_(contracts_dir):
    """Every revision: contract id, effective date, status, file."""
    store = _store(contracts_dir)
    for cid in store.contract_ids():
        for rev in store.revisions(cid):
            click.echo(f"{cid}  {rev.effective_date.isoformat()}  {rev.status:<9}  {rev.path}")


@contracts.command(context_settings=CONTEXT)
@contracts_option
@click.option("--on", "on", metavar="DATE", help="Show the revision in force on DATE (default: today).")
@click.option("--revision", metavar="DATE|FILE", help="Show this revision (a date, id@date or a draft file).")
@click.option("--plan", "plans", multiple=True, metavar="PLAN", help="Only this plan (repeatable).")
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="markdown: only with --interpretations.")
@click.option("--interpretations", is_flag=True,
              help="Print the readings table instead: each contradiction or silence of the source, "
                   "the places quoted (with lines), the readings, the one chosen and why, the rules affected.")
@handle_errors
def show(contracts_dir, on, revision, plans, lang, fmt, interpretations):
    """The terms in force on a date, plan by plan, readable by a person."""
    import datetime as dt

    from aacompliance.errors import UsageError
    from aacompliance.terms.show import render_terms
    from aacompliance.util.dates import parse_date

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
    if interpretations:
        from aacompliance.terms import readings

        if fmt == "json":
            import json
            click.echo(json.dumps(readings.as_json(rev), ensure_ascii=False, indent=2))
        else:
            render = readings.render_markdown if fmt == "markdown" else readings.render_text
            click.echo(render(rev, lang), nl=False)
        return
    if fmt == "markdown":
        raise UsageError("--format markdown is only for --interpretations")
    if fmt == "json":
        import json
        terms = rev.terms if not plans else {**rev.terms, "plans": {p: rev.terms["plans"][p] for p in plans}}
        click.echo(json.dumps(terms, ensure_ascii=False, indent=2))
    else:
        click.echo(render_terms(rev, list(plans) or None, lang))


@contracts.command(context_settings=CONTEXT)
@contracts_option
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
    from aacompliance.terms.store import load_revision
    from aacompliance.errors import InputError
    from aacompliance.terms.lint import lint_revision

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


@contracts.command("new-draft", context_settings=CONTEXT)
@contracts_option
@click.option("--from", "source", required=True, metavar="DATE|FILE",
              help="The revision to copy (a date, id@date or a file).")
@click.option("--effective", required=True, metavar="DATE", help="Effective date of the draft (YYYY-MM-DD).")
@handle_errors
def new_draft(contracts_dir, source, effective):
    """Write a draft revision to edit: a full copy of an existing one, status: draft.

    The draft is written to contracts/<id>/<effective>.yaml and never used unless named
    with --revision; publish it by setting status: published.
    """
    import re

    from aacompliance.terms.store import load_revision
    from aacompliance.errors import UsageError
    from aacompliance.util.files import write_atomic
    from aacompliance.util.dates import parse_date

    if parse_date(effective) is None:
        raise UsageError(f"--effective {effective!r} is not a date (YYYY-MM-DD)")
    store = _store(contracts_dir)
    rev = store.resolve(source)
    target = store.root / rev.contract_id / f"{effective}.yaml"
    if target.exists():
        raise UsageError(f"{target} already exists; edit it, or pick another effective date")
    text = rev.path.read_text(encoding="utf-8")
    text, n_date = re.subn(r"^effective_date: .*$", f"effective_date: {effective}", text, count=1, flags=re.M)
    text, n_status = re.subn(r"^status: .*$", "status: draft", text, count=1, flags=re.M)
    if not (n_date and n_status):
        raise UsageError(f"{rev.path} has no top-level effective_date/status line to rewrite")
    write_atomic(target, text)
    try:
        load_revision(target)
    except Exception:
        target.unlink()
        raise
    click.echo(f"wrote draft {target} (copy of {rev.contract_id} {rev.version}); "
               f"compare with: aacompliance diff {rev.effective_date} {target}")


@contracts.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@handle_errors
def textconv(file):
    """Print a revision as one term per line, for `git diff` (see docs/contracts.md).

    The file name need not be its effective date (git passes temporary files).
    """
    from aacompliance.terms.store import load_revision
    from aacompliance.terms.diff import flatten

    rev = load_revision(Path(file), check_name=False)
    click.echo(f"{rev.contract_id} {rev.version} ({rev.status})")
    for term in flatten(rev).values():
        cite = f"  [{term.clause['id']}]" if term.clause else ""
        click.echo(f"{term.label['en']}: {term.display['en']}{cite}")
