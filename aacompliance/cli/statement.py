"""``aacompliance statement`` and ``aacompliance verify``: PDF compliance statements."""
from __future__ import annotations

import sys

import click

from aacompliance.cli.common import CONTEXT, contracts_option, handle_errors


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--out", required=True, type=click.Path(dir_okay=False), metavar="FILE.pdf",
              help="Where to write the statement (atomically: the previous file or the new one, never half).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="en", show_default=True)
@click.option("--signed-off-by", required=True, metavar="NAME", help="Who signs the statement off.")
@click.option("--role", required=True, metavar="ROLE", help="Their role, printed in the sign-off block.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD",
              help="Statement date (default: $SOURCE_DATE_EPOCH if set, else today).")
@click.option("--sign-key", type=click.Path(exists=True, dir_okay=False), metavar="KEY",
              help="PEM private key (RSA) for a PAdES signature.")
@click.option("--sign-cert", type=click.Path(exists=True, dir_okay=False), metavar="CERT",
              help="PEM certificate matching --sign-key.")
@click.option("--sign-passphrase-env", metavar="VAR", help="Environment variable holding the key's passphrase.")
@contracts_option
@click.option("--html", "html_out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write the HTML the PDF is rendered from (for review).")
@handle_errors
def statement(paths, out, lang, signed_off_by, role, date_text, sign_key, sign_cert, sign_passphrase_env,
              contracts_dir, html_out):
    """Render a signed-off PDF compliance statement from one account's documents.

    Any subset of order form, roster, benefit usage and incident log. The PDF (PDF/A-3b)
    shows the plan, the revision applied, coverage by subscription and region, roster
    and visibility findings, the benefit ledger, attainment by severity, every finding
    with its clause, the overall verdict and a sign-off block; the inputs and the
    decision are attached, and the SHA-256 of each input is printed in the footer. The
    same inputs and options give a byte-identical unsigned PDF.
    """
    import datetime as dt
    import os
    from pathlib import Path

    from aacompliance.errors import UsageError
    from aacompliance.pipeline.evaluate import Settings
    from aacompliance.util.files import write_atomic
    from aacompliance.statement import model
    from aacompliance.util.dates import parse_date

    if bool(sign_key) != bool(sign_cert):
        raise UsageError("--sign-key and --sign-cert go together")
    if date_text:
        day = parse_date(date_text)
        if day is None:
            raise UsageError(f"--date {date_text!r} is not a date (YYYY-MM-DD)")
    elif os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        day = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
    else:
        day = dt.date.today()
    built = model.build(list(paths), lang=lang, signed_off_by=signed_off_by, role=role, date=day,
                        settings=Settings(contracts_dir=contracts_dir))
    from aacompliance.statement import pdf

    html = pdf.render_html(built)
    data, _ = pdf.render_pdf(built, html)
    if sign_key:
        from aacompliance.statement.signing import sign_pdf

        passphrase = os.environ.get(sign_passphrase_env, "").encode() if sign_passphrase_env else None
        data = sign_pdf(data, Path(sign_key), Path(sign_cert), name=signed_off_by,
                        reason=f"aacompliance statement for {built.account}", passphrase=passphrase)
    if html_out:
        write_atomic(html_out, html)
    write_atomic(out, data)
    verdict = "compliant" if built.compliant else "not compliant"
    click.echo(f"wrote {out} ({len(data):,} bytes{', signed' if sign_key else ''}): account {built.account}, "
               f"{len(built.inputs)} document(s), {verdict}")


@click.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(exists=True, dir_okay=False), metavar="FILE.pdf")
@click.option("--trust", "trust", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar="CERT",
              help="Certificate to trust as the signer or its issuer (repeatable).")
@contracts_option
@handle_errors
def verify(file, trust, contracts_dir):
    """Check a statement's signature, then re-evaluate its attached inputs.

    Exit 0 only when the signature is intact and covers the whole file (and, with
    --trust, chains to a trusted certificate) and re-evaluating the attached inputs gives
    the decision printed; 1 otherwise, with what failed.
    """
    from pathlib import Path

    from aacompliance.pipeline.evaluate import Settings
    from aacompliance.statement.signing import verify_pdf

    result = verify_pdf(Path(file).read_bytes(), trust=[Path(t) for t in trust],
                        settings=Settings(contracts_dir=contracts_dir))
    if result.signed:
        click.echo(f"signature: {'intact' if result.intact else 'BROKEN'}, "
                   f"{'covers the whole file' if result.covers_whole_file else 'does not cover the whole file'}"
                   f"{'' if result.trusted is None else (', trusted' if result.trusted else ', NOT trusted')}; "
                   f"signer {result.signer}, signed {result.signed_at}")
    if result.verdict_recomputed is not None:
        click.echo(f"decision: printed {'compliant' if result.verdict_printed else 'not compliant'}, "
                   f"re-evaluated {'compliant' if result.verdict_recomputed else 'not compliant'}, "
                   f"{'identical' if result.decision_matches else 'DIFFERENT'}")
    for problem in result.problems:
        click.echo(f"FAILED: {problem}", err=True)
    click.echo("verified" if result.ok else "NOT verified")
    sys.exit(0 if result.ok else 1)
