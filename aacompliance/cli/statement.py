"""``aacompliance statement`` and ``aacompliance verify``: PDF compliance statements."""
from __future__ import annotations

import sys

import click

from aacompliance.cli.common import CONTEXT, check_output, contracts_option, handle_errors
from aacompliance.errors import ExitCode

LANGS = ("fr", "en", "es", "pt", "ja", "ko")  # = statement.i18n.LANGUAGES (kept here: i18n imports Babel lazily)


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--out", required=True, type=click.Path(dir_okay=False), metavar="FILE.pdf",
              help="Where to write the statement (atomically: the previous file or the new one, never half).")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True,
              help="Language of the statement (pt: Brazilian Portuguese). Clause quotes stay in French.")
@click.option("--signed-off-by", required=True, metavar="NAME", help="Who signs the statement off.")
@click.option("--role", required=True, metavar="ROLE", help="Their role, printed in the sign-off block.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD",
              help="Statement date (default: $SOURCE_DATE_EPOCH if set, else today).")
@click.option("--sign-key", type=click.Path(exists=True, dir_okay=False), metavar="KEY",
              help="PEM or DER private key for a PAdES signature.")
@click.option("--sign-cert", type=click.Path(exists=True, dir_okay=False), metavar="CERT",
              help="PEM or DER certificate matching --sign-key (refused when it does not match).")
@click.option("--sign-chain", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar="CERT",
              help="Intermediate certificate to embed with the signature (repeatable).")
@click.option("--sign-passphrase-env", metavar="VAR", help="Environment variable holding the key's passphrase.")
@click.option("--tsa-url", metavar="URL",
              help="RFC 3161 time-stamping authority: adds a trusted signing time (PAdES B-T).")
@click.option("--waivers", "waiver_paths", multiple=True, type=click.Path(exists=True), metavar="PATH",
              help="Waiver file or folder (repeatable); Waiver files among PATH... are found too. "
                   "Attached and hashed like the documents.")
@contracts_option
@click.option("--html", "html_out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write the HTML the PDF is rendered from (for review).")
@handle_errors
def statement(paths, out, lang, signed_off_by, role, date_text, sign_key, sign_cert, sign_chain, sign_passphrase_env,
              tsa_url, waiver_paths, contracts_dir, html_out):
    """Render a signed-off PDF compliance statement from one account's documents.

    Any subset of order form, roster, benefit usage and incident log, with the waivers
    (approved exceptions) that apply to them. The PDF (PDF/A-3b,
    tagged) shows an executive summary, the plan, the revision applied, coverage by
    subscription and region, roster and visibility findings, the benefit ledger,
    attainment by severity (with charts), every finding with its clause, the overall
    verdict and a sign-off block; the inputs and the decision are attached, and the
    SHA-256 of each input is printed in every page's footer. The same inputs and options
    give a byte-identical unsigned PDF on any machine.
    """
    import datetime as dt
    import os
    from pathlib import Path

    from aacompliance.errors import UsageError
    from aacompliance.pipeline.evaluate import Settings
    from aacompliance.statement import model
    from aacompliance.statement.text import terminal
    from aacompliance.util.dates import parse_date
    from aacompliance.util.files import write_atomic

    if bool(sign_key) != bool(sign_cert):
        raise UsageError("--sign-key and --sign-cert go together")
    if tsa_url and not sign_key:
        raise UsageError("--tsa-url timestamps a signature: give --sign-key and --sign-cert too")
    inputs = [*paths, *waiver_paths, sign_key, sign_cert, *sign_chain]
    folders = [*paths, *waiver_paths]
    check_output(out, files=inputs, document_folders=folders, folders=[contracts_dir], option="--out")
    check_output(html_out, files=[*inputs, out], document_folders=folders, folders=[contracts_dir], option="--html")
    from aacompliance.documents import discover

    found = discover(list(paths))
    given = discover(list(waiver_paths)) if waiver_paths else None
    for option, target in (("--out", out), ("--html", html_out)):
        if target and (found.includes(target) or (given is not None and given.includes(target))):
            raise UsageError(f"{option} {target} is one of the documents; writing it would destroy it")
    if date_text:
        day = parse_date(date_text)
        if day is None:
            raise UsageError(f"--date {date_text!r} is not a date (YYYY-MM-DD)")
    elif os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        day = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
    else:
        day = dt.date.today()
    passphrase = None
    if sign_key:
        from aacompliance.statement.signing import check_pair

        passphrase = os.environ.get(sign_passphrase_env, "").encode() if sign_passphrase_env else None
        for warning in check_pair(Path(sign_key), Path(sign_cert), passphrase):  # refuses a mismatched key
            click.echo(f"aacompliance: warning: {warning}", err=True)
    built = model.build(list(paths), lang=lang, signed_off_by=signed_off_by, role=role, date=day,
                        settings=Settings(contracts_dir=contracts_dir), waiver_paths=list(waiver_paths))
    from aacompliance.statement import pdf

    html = pdf.render_html(built)
    data, _ = pdf.render_pdf(built, html)
    if sign_key:
        from aacompliance.statement.signing import sign_pdf

        data = sign_pdf(data, Path(sign_key), Path(sign_cert), name=signed_off_by,
                        reason=f"aacompliance statement for {built.account}", passphrase=passphrase,
                        tsa_url=tsa_url, chain=[Path(c) for c in sign_chain])
    if html_out:
        write_atomic(html_out, html)
    write_atomic(out, data)
    verdict = "compliant" if built.compliant else "not compliant"
    if built.compliant and any(r.waived for r in built.results):
        verdict += " with approved exceptions"
    signed = (", signed and timestamped" if tsa_url else ", signed") if sign_key else ""
    click.echo(f"wrote {out} ({len(data):,} bytes{signed}): account {terminal(built.account)}, "
               f"{len(built.inputs)} document(s)"
               + (f", {len(built.waivers)} waiver(s)" if built.waivers else "") + f", {verdict}")


@click.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(exists=True, dir_okay=False), metavar="FILE.pdf")
@click.option("--trust", "trust", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar="CERT",
              help="Certificate to trust as the signer or its issuer (repeatable; PEM or DER).")
@click.option("--trust-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Folder of trusted certificates (default: $AACOMPLIANCE_TRUST_DIR, else "
                   "~/.config/aacompliance/trust).")
@click.option("--allow-untrusted", is_flag=True,
              help="Exit 0 for an intact, consistent statement whose signer no trust anchor vouches for "
                   "(says so loudly). Anyone can make such a signature.")
@contracts_option
@handle_errors
def verify(file, trust, trust_dir, allow_untrusted, contracts_dir):
    """Check a statement's signature, then re-evaluate its attached inputs.

    \b
    Exit 0  verified: one signature, intact, covering the whole file, chaining to a
            trust anchor; attachments as recorded; re-evaluation gives the recorded
            verdicts, rule ids and violation data; the page says what they say.
    Exit 4  all of that except trust: no anchor vouches for the signer
            (exit 0 with --allow-untrusted, with a warning).
    Exit 1  anything else: not verified, with what failed.
    Exit 2  unusable input (unreadable trust file, file above the size cap).
    """
    import os
    from pathlib import Path

    from aacompliance.errors import InputError, Problem
    from aacompliance.pipeline.evaluate import Settings
    from aacompliance.statement.text import terminal
    from aacompliance.statement.verify import MAX_PDF_BYTES, load_trust_anchors, verify_pdf

    size = os.stat(file).st_size
    if size > MAX_PDF_BYTES:
        raise InputError(Problem(file, f"file is {size:,} bytes, above the {MAX_PDF_BYTES:,}-byte limit "
                                       "for a statement; not read"))
    roots, anchors = load_trust_anchors([Path(t) for t in trust], Path(trust_dir) if trust_dir else None)
    with open(file, "rb") as handle:
        data = handle.read(MAX_PDF_BYTES + 1)
    result = verify_pdf(data, trust=roots, anchors=anchors, settings=Settings(contracts_dir=contracts_dir))
    echo = click.echo
    if result.signed:
        echo(f"signature: {'intact' if result.intact else 'BROKEN'}, "
             f"{'covers the whole file' if result.covers_whole_file else 'does NOT cover the whole file'}; "
             f"signer: {terminal(result.signer)}")
        echo(f"  signing time claimed by the signer: {terminal(result.signed_at)}")
        if result.timestamp:
            echo(f"  RFC 3161 timestamp: {terminal(result.timestamp)}")
        echo(f"  trust: {'chains to a trust anchor' if result.trusted else 'NOT TRUSTED'} "
             f"({len(anchors)} anchor file(s))")
    if result.checked_with:
        made = terminal(result.made_with)
        bundle = terminal(result.bundle_made or "not recorded")
        echo(f"decision: made with aacompliance {made} (bundle {bundle}); "
             f"re-evaluated with aacompliance {result.checked_with} (bundle {result.bundle_now}): "
             + ("same verdict, same findings" if result.same_meaning else "DIFFERENT"))
        for difference in result.differences:
            echo(f"  differs: {terminal(difference)}")
    if result.page_checked:
        echo("page: overall verdict, account, each document's result, sign-off name and footer SHA-256s "
             "match the evidence")
    for warning in result.warnings:
        echo(f"WARNING: {terminal(warning)}", err=True)
    for problem in result.problems:
        echo(f"FAILED: {terminal(problem)}", err=True)
    status = result.status
    if status == "verified":
        echo("verified")
        sys.exit(ExitCode.OK)
    if status == "untrusted":
        echo(f"NOT TRUSTED: {terminal(result.trust_problem)}", err=True)
        if allow_untrusted:
            echo("WARNING: accepted only because of --allow-untrusted: the signature is intact and the evidence "
                 "consistent, but NOTHING vouches for who signed — anyone can make such a signature.", err=True)
            echo("verified (UNTRUSTED SIGNER)")
            sys.exit(ExitCode.OK)
        echo("NOT verified: intact but untrusted signer")
        sys.exit(ExitCode.UNTRUSTED)
    echo("NOT verified")
    sys.exit(ExitCode.VIOLATIONS)
