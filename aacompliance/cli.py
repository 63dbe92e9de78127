"""The ``aacompliance`` command line. The only place that prints and picks exit codes."""
from __future__ import annotations

import functools
import os
import sys

import click

from .errors import AacError, ExitCode, InputError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(message: str, code: int) -> None:
    click.echo(f"aacompliance: {message}", err=True)
    sys.exit(code)


def handle_errors(func):
    """Turn library exceptions into one message on stderr and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(f"aacompliance: {problem}", err=True)
            sys.exit(ExitCode.INPUT)
        except AacError as exc:
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except (click.exceptions.Exit, click.exceptions.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence: never a traceback
            if os.environ.get("AACOMPLIANCE_DEBUG"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (set AACOMPLIANCE_DEBUG=1 for details)",
                  ExitCode.ENGINE)

    return wrapper


#: Shared options: every command that reads the terms or the policies takes these.
contracts_option = click.option("--contracts", "contracts_dir", type=click.Path(file_okay=False), metavar="DIR",
                                help="Contract revisions folder (default: the bundled contracts/).")
policies_option = click.option("--policies", "policy_dir", type=click.Path(file_okay=False), metavar="DIR",
                               help="Rego policies folder (default: the bundled policies/).")


def _engine_options(func):
    func = click.option("--engine", type=click.Choice(["regorus", "opa-go", "opa"]), default="regorus",
                        show_default=True, envvar="AACOMPLIANCE_ENGINE",
                        help="Policy engine: embedded regorus, OPA in-process (opa-go), or an OPA server.")(func)
    func = click.option("--opa-url", envvar="AACOMPLIANCE_OPA_URL", metavar="URL",
                        help="OPA server address for --engine opa (or $AACOMPLIANCE_OPA_URL).")(func)
    func = click.option("--opa-timeout", type=float, default=5.0, show_default=True, metavar="SECONDS",
                        help="Timeout of each request to the OPA server.")(func)
    func = click.option("--opa-batch", type=click.IntRange(1, 1000), default=32, show_default=True, metavar="N",
                        help="Documents per request to the OPA server.")(func)
    func = contracts_option(func)
    func = policies_option(func)
    func = click.option("--revision", metavar="DATE|FILE",
                        help="Force one revision for every document: a date, id@date, or a file (e.g. a draft).")(func)
    return func


def _settings(engine, opa_url, opa_timeout, opa_batch, contracts_dir, policy_dir, revision):
    from .evaluate import Settings

    options = {}
    if engine == "opa":
        options = {"url": opa_url, "timeout": opa_timeout, "batch": opa_batch}
    return Settings(contracts_dir=contracts_dir, policy_dir=policy_dir, engine=engine, revision=revision,
                    engine_options=options)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="aacompliance", message="%(prog)s %(version)s")
def main():
    """Check customer documents against Automation Anywhere's Technical Support Terms.

    The terms are versioned YAML contract revisions (contracts/), the rules are Rego
    policies (policies/). Exit status: 0 compliant, 1 violations, 2 unusable input or
    usage, 3 policy engine failure.
    """


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "sarif"]), default="text",
              show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--color/--no-color", default=None, help="Colour the text format (default: when a terminal).")
@click.option("--jobs", "-j", type=int, default=0, show_default=True, metavar="N",
              help="Worker processes; 0 = one per core for large runs.")
@_engine_options
@handle_errors
def check(paths, fmt, output, color, jobs, **engine_args):
    """Evaluate documents (files or folders of *.yaml, *.yml, *.json).

    Each document's kind comes from its `kind` field (OrderForm, Roster, BenefitUsage,
    IncidentLog) and is evaluated against the contract revision in force on its date.
    A document that cannot be read is reported with file, line and field; the
    others are still evaluated.

    Exit status: 0 every document compliant, 1 at least one violation, 2 unusable
    input or usage, 3 the policy engine is unreachable or failed.
    """
    from .evaluate import check_paths, cyclic_gc_paused
    from .render import render

    settings = _settings(**engine_args)
    with cyclic_gc_paused():  # rendering a large report builds as many objects as evaluating it
        report = check_paths(list(paths), settings, jobs=jobs)
    rules = None
    if fmt == "sarif":
        from .policies import PolicySet
        rules = PolicySet(settings.policy_dir).rules
    if color is None:
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    with cyclic_gc_paused():
        text = render(report, fmt, color=color, rules=rules)
    if output:
        from .fsutil import write_atomic
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    sys.exit(report.exit_code)


@main.command(context_settings=CONTEXT)
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
    from .policies import PolicySet

    if run_tests:
        from .evaluate import Settings
        from .regotest import run

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


from .cli_contracts import contracts  # noqa: E402  (command groups live in their own modules)
from .cli_diff import diff  # noqa: E402
from .cli_opa import bundle, opa  # noqa: E402
from .cli_statement import statement, verify  # noqa: E402

main.add_command(contracts)
main.add_command(bundle)
main.add_command(diff)
main.add_command(statement)
main.add_command(verify)
main.add_command(opa)

from .cli_service import decisions, serve, tokens  # noqa: E402  (the HTTP service: aacompliance.service)
for _command in (serve, tokens, decisions): main.add_command(_command)
