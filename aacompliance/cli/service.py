"""``aacompliance serve``, ``tokens`` and ``decisions``: the HTTP service and its records."""
from __future__ import annotations

import json
import sys

import click

from aacompliance.cli.common import CONTEXT, _engine_options, _settings, handle_errors, waivers_option
from aacompliance.errors import UsageError

INSTALL = "pip install 'aacompliance[service]'"

tokens_file_option = click.option("--file", "tokens_file", required=True, envvar="AACOMPLIANCE_TOKENS",
                                  type=click.Path(dir_okay=False), metavar="FILE",
                                  help="Tokens file (or $AACOMPLIANCE_TOKENS).")
log_option = click.option("--log", "log_file", required=True, envvar="AACOMPLIANCE_DECISION_LOG",
                          type=click.Path(dir_okay=False), metavar="FILE",
                          help="Decision log given to `serve --decision-log` (or $AACOMPLIANCE_DECISION_LOG).")


def _require_extra() -> None:
    import importlib.util

    missing = [name for name in ("fastapi", "uvicorn", "multipart", "prometheus_client")
               if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(f"`serve` needs the service extra (missing: {', '.join(missing)}); install it with: {INSTALL}")


@click.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each holds its own engine).")
@click.option("--tokens", "tokens_file", required=True, type=click.Path(dir_okay=False), metavar="FILE",
              envvar="AACOMPLIANCE_TOKENS", help="Tokens file made by `aacompliance tokens add`.")
@click.option("--decision-log", type=click.Path(dir_okay=False), metavar="FILE",
              help="Append every decision to FILE (JSON lines, rotated by size).")
@click.option("--log-inputs", is_flag=True, help="Also keep the submitted documents in the decision log.")
@click.option("--log-max-bytes", default=50 * 1024 * 1024, show_default=True, type=click.IntRange(1024),
              help="Rotate the decision log past this size.")
@click.option("--log-backups", default=10, show_default=True, type=click.IntRange(1), help="Rotated logs kept.")
@click.option("--max-body", default=None, type=click.IntRange(1024), metavar="BYTES",
              help="Largest request body (default: the 4 MiB document limit); 413 above.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1), metavar="SECONDS",
              help="Time limit of a check of a request above 8 KiB, and of a diff (503 above); "
                   "statements get six times as long.")
@click.option("--cors-origin", multiple=True, metavar="ORIGIN",
              help="Allow browser calls from ORIGIN (repeatable). CORS is off by default.")
@click.option("--sign-key", type=click.Path(exists=True, dir_okay=False), metavar="KEY",
              help="PEM private key: statements are signed (PAdES).")
@click.option("--sign-cert", type=click.Path(exists=True, dir_okay=False), metavar="CERT",
              help="PEM certificate matching --sign-key.")
@click.option("--sign-passphrase-env", metavar="VAR", help="Environment variable holding the key's passphrase.")
@click.option("--secure-cookies", is_flag=True, help="Mark the pages' session cookie Secure (when behind TLS).")
@click.option("--access-log/--no-access-log", default=False, show_default=True, help="uvicorn's access log.")
@waivers_option
@_engine_options
@handle_errors
def serve(host, port, workers, tokens_file, decision_log, log_inputs, log_max_bytes, log_backups, max_body,
          timeout, cors_origin, sign_key, sign_cert, sign_passphrase_env, secure_cookies, access_log,
          waiver_paths, **engine_args):
    """Serve the HTTP API and the web pages (FastAPI on uvicorn; OpenAPI at /docs).

    Every decision is the one `check` makes: same loading rules, same engine, same
    JSON (plus a decision_id). Callers authenticate with a token from `aacompliance
    tokens add`. Stop with Ctrl-C or SIGTERM.
    """
    import os
    import shutil
    import tempfile

    _require_extra()
    import uvicorn

    from aacompliance.pipeline.evaluate import Evaluator
    from aacompliance.service.config import ENV, ServiceConfig
    from aacompliance.service.tokens import TokenStore, check_file_mode

    if bool(sign_key) != bool(sign_cert):
        raise UsageError("--sign-key and --sign-cert go together")
    store = TokenStore(tokens_file)
    if not store.tokens():
        raise UsageError(f"no token in {tokens_file}: create one with "
                         f"`aacompliance tokens add NAME --scope check --file {tokens_file}`")
    warning = check_file_mode(store.path)
    if warning:
        click.echo(f"aacompliance: warning: {warning}", err=True)
    settings = _settings(**engine_args)
    evaluator = Evaluator(settings)
    evaluator.store.contract_ids()  # broken terms or policies: fail here, not in every worker
    waivers = []
    if waiver_paths:  # as `check --waivers`: every file must be a usable waiver
        from aacompliance.documents import discover
        from aacompliance.errors import InputError
        from aacompliance.pipeline.waivers import collect

        explicit, problems = discover(list(waiver_paths))
        found, _, broken = collect([], explicit, {r.id: r for r in evaluator.policies.rules}, evaluator.resolver)
        if problems or broken:
            raise InputError(problems + broken)
        waivers = [w.as_setting() for w in found]
    from aacompliance.util.yamlio import MAX_FILE_BYTES

    config = ServiceConfig(
        tokens_file=os.path.abspath(tokens_file), decision_log=os.path.abspath(decision_log) if decision_log else None,
        log_inputs=log_inputs, log_max_bytes=log_max_bytes, log_backups=log_backups,
        max_body_bytes=max_body or MAX_FILE_BYTES, request_timeout=timeout, statement_timeout=timeout * 6,
        cors_origins=list(cors_origin), sign_key=sign_key, sign_cert=sign_cert,
        sign_passphrase_env=sign_passphrase_env, engine=settings.engine, engine_options=settings.engine_options,
        contracts_dir=settings.contracts_dir, policy_dir=settings.policy_dir, revision=settings.revision,
        waivers=waivers, secure_cookies=secure_cookies)
    os.environ[ENV] = config.to_env()
    metrics_dir = None
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = tempfile.mkdtemp(prefix="aacompliance-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    click.echo(f"aacompliance: serving on http://{host}:{port} ({workers} worker(s), engine {settings.engine}); "
               f"API docs at /docs", err=True)
    try:
        uvicorn.run("aacompliance.service.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    access_log=access_log, log_level="warning", server_header=False, proxy_headers=True,
                    timeout_graceful_shutdown=10)
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)


# -- tokens ------------------------------------------------------------------------------

@click.group(context_settings=CONTEXT)
def tokens():
    """Manage the service's API tokens (only their SHA-256 is stored)."""


@tokens.command("add", context_settings=CONTEXT)
@click.argument("name")
@click.option("--scope", "scope", required=True, metavar="SCOPES",
              help="Comma-separated: check (and the read-only catalogue), statement, diff.")
@tokens_file_option
@handle_errors
def tokens_add(name, scope, tokens_file):
    """Create token NAME and print it — once: it is not stored, only its hash."""
    from aacompliance.service.tokens import TokenStore, parse_scopes

    secret = TokenStore(tokens_file).add(name, parse_scopes(scope))
    click.echo(secret)
    click.echo(f"aacompliance: token {name!r} added to {tokens_file}; it is shown only now", err=True)


@tokens.command("list", context_settings=CONTEXT)
@tokens_file_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@handle_errors
def tokens_list(tokens_file, fmt):
    """List the tokens' names, scopes and creation dates (never the tokens)."""
    from aacompliance.service.tokens import TokenStore

    found = TokenStore(tokens_file).tokens()
    if fmt == "json":
        click.echo(json.dumps([{"name": t.name, "scopes": list(t.scopes), "created": t.created} for t in found],
                              indent=2))
        return
    for t in found:
        click.echo(f"{t.name:<24} {','.join(t.scopes):<24} {t.created}")


@tokens.command("revoke", context_settings=CONTEXT)
@click.argument("name")
@tokens_file_option
@handle_errors
def tokens_revoke(name, tokens_file):
    """Revoke token NAME (a running server stops accepting it at once)."""
    from aacompliance.service.tokens import TokenStore

    TokenStore(tokens_file).revoke(name)
    click.echo(f"revoked {name}")


# -- decisions ----------------------------------------------------------------------------

@click.group(context_settings=CONTEXT)
def decisions():
    """Read the service's decision log (including rotated files)."""


@decisions.command("show", context_settings=CONTEXT)
@click.argument("decision_id", metavar="ID")
@log_option
@handle_errors
def decisions_show(decision_id, log_file):
    """Print decision ID as JSON; exit 1 when it is not in the log."""
    from aacompliance.service.decisions import find

    entry = find(log_file, decision_id)
    if entry is None:
        click.echo(f"aacompliance: no decision {decision_id} in {log_file}", err=True)
        sys.exit(1)
    click.echo(json.dumps(entry, ensure_ascii=False, indent=2))


@decisions.command("list", context_settings=CONTEXT)
@click.option("--account", metavar="ACCOUNT", help="Only decisions about this account.")
@click.option("--since", metavar="TIMESTAMP", help="Only decisions at or after this time (e.g. 2026-11-01).")
@click.option("--verdict", type=click.Choice(["compliant", "violations", "errors"]))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line each; json: JSON lines, as logged.")
@log_option
@handle_errors
def decisions_list(account, since, verdict, fmt, log_file):
    """List decisions, oldest first, filtered by account, time and verdict."""
    from aacompliance.service.decisions import select

    for entry in select(log_file, account=account, since=since, verdict=verdict):
        if fmt == "json":
            click.echo(json.dumps(entry, ensure_ascii=False))
            continue
        result = entry.get("result", {})
        verdict_text = {True: "compliant", False: "violations"}.get(result.get("compliant"), "errors")
        rules = sorted({r for d in result.get("documents", []) for r in d.get("rules", [])})
        docs = ", ".join(f"{d.get('kind')} {d.get('id')}" for d in result.get("documents", []))
        click.echo(f"{entry['decision_id']}  {entry.get('timestamp', '')}  {','.join(entry.get('accounts', [])) or '-'}"
                   f"  {verdict_text}{' ' + ','.join(rules) if rules else ''}  [{docs}]  by {entry.get('requested_by')}")
