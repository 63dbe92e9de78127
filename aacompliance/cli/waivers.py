"""``aacompliance waivers``: the approved exceptions, for the deal desk's weekly review."""
from __future__ import annotations

import datetime as dt
import json
import re
import sys

import click

from aacompliance.cli.common import CONTEXT, contracts_option, handle_errors, output_option, policies_option, write_report
from aacompliance.errors import ExitCode, UsageError

_PERIOD = re.compile(r"^\s*(\d{1,4})\s*([dw]?)\s*$")


def parse_period(text: str) -> dt.timedelta:
    """``30d``, ``6w`` or a number of days."""
    match = _PERIOD.match(text or "")
    if not match:
        raise UsageError(f"--expiring-within: expected a number of days or weeks such as 30d or 6w (got {text!r})")
    count, unit = int(match.group(1)), match.group(2) or "d"
    return dt.timedelta(days=count * (7 if unit == "w" else 1))


@click.group(context_settings=CONTEXT)
def waivers():
    """Approved exceptions (documents of kind Waiver)."""


@waivers.command("list", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True), metavar="PATH...")
@click.option("--expiring-within", "within", metavar="PERIOD",
              help="Only waivers that expire within PERIOD of --as-of (30d, 6w) or have expired already.")
@click.option("--as-of", "as_of", metavar="DATE", help="The review date (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@contracts_option
@policies_option
@handle_errors
def list_waivers(paths, within, as_of, fmt, output, contracts_dir, policy_dir):
    """List the waivers under PATH (files or folders), soonest expiry first.

    Every waiver is validated as `check` does (known rule, subject, dates, clause); other
    documents in the folders are skipped. Each line says whether it has expired on the
    review date or in how many days it expires. Exit 0, or 2 on an unusable waiver.
    """
    from aacompliance import documents
    from aacompliance.pipeline.evaluate import Evaluator, Settings
    from aacompliance.pipeline.waivers import collect
    from aacompliance.util.dates import parse_date

    today = dt.date.today() if as_of is None else parse_date(as_of)
    if today is None:
        raise UsageError(f"--as-of: expected a date written YYYY-MM-DD (got {as_of!r})")
    horizon = today + parse_period(within) if within else None
    files, problems = documents.discover(list(paths))
    ev = Evaluator(Settings(contracts_dir=contracts_dir, policy_dir=policy_dir))
    found, _, broken = collect(files, [], {r.id: r for r in ev.policies.rules}, ev.resolver)
    problems += broken
    rows = []
    for w in sorted(found, key=lambda w: (w.data["expires_on"], w.id)):
        expires = parse_date(w.data["expires_on"])
        if horizon is not None and expires > horizon:
            continue
        days = (expires - today).days
        rows.append({"id": w.id, "path": w.path, "account": w.data["account"], "document": w.data["document"],
                     "rule": w.data["rule"], "subject": w.data.get("subject"), "approved_by": w.data["approved_by"],
                     "approved_on": w.data["approved_on"], "expires_on": w.data["expires_on"],
                     "reason": w.data["reason"], "expired": days < 0, "days_left": days})
    if fmt == "json":
        text = json.dumps({"as_of": today.isoformat(), "waivers": rows,
                           "errors": [{"path": p.path, **p.as_dict()} for p in problems]},
                          ensure_ascii=False, indent=2) + "\n"
    else:
        lines = [f"{p}" for p in problems]
        scope = f" expiring by {horizon.isoformat()}" if horizon else ""
        lines.append(f"{len(rows)} waiver(s){scope} as of {today.isoformat()}:")
        for r in rows:
            when = (f"EXPIRED {-r['days_left']} day(s) ago" if r["expired"]
                    else "expires today" if r["days_left"] == 0 else f"expires in {r['days_left']} day(s)")
            what = r["rule"] + (f" for {r['subject']}" if r["subject"] else "")
            lines.append(f"  {r['expires_on']}  {r['id']}  {r['account']} {r['document']}  {what}  "
                         f"— {when}; approved by {r['approved_by']} on {r['approved_on']}  ({r['path']})")
        text = "\n".join(lines) + "\n"
    write_report(text, output)
    sys.exit(ExitCode.INPUT if problems else ExitCode.OK)
