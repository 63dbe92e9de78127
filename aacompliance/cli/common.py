"""What every command shares: error → exit-code mapping (the only place), options, report output."""
from __future__ import annotations

import contextlib
import functools
import os
import sys

import click

from aacompliance.engines.registry import engine_names
from aacompliance.errors import AacError, ExitCode, InputError

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
        except BrokenPipeError:
            # The reader went away (e.g. `aacompliance check … | head`): stop quietly, as a
            # process killed by SIGPIPE would (128 + 13).
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(141)
        except (click.exceptions.Exit, click.exceptions.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence: never a traceback
            if os.environ.get("AACOMPLIANCE_DEBUG"):
                raise
            if isinstance(exc, ImportError):  # an optional part that is not installed: the install command
                from aacompliance.util.extras import missing_dependency

                error = missing_dependency(exc)
                if error is not None:
                    _fail(str(error), error.exit_code)
            _fail(f"internal error: {type(exc).__name__}: {exc} (set AACOMPLIANCE_DEBUG=1 for details)",
                  ExitCode.ENGINE)

    return wrapper


#: Shared options: every command that reads the terms or the policies takes these.
contracts_option = click.option("--contracts", "contracts_dir", type=click.Path(file_okay=False), metavar="DIR",
                                help="Contract revisions folder (default: the bundled contracts/).")
policies_option = click.option("--policies", "policy_dir", type=click.Path(file_okay=False), metavar="DIR",
                               help="Rego policies folder (default: the bundled policies/).")


def _engine_options(func):
    func = click.option("--engine", type=click.Choice(engine_names()), default="regorus",
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
    from aacompliance.pipeline.evaluate import Settings

    options = {}
    if engine == "opa":
        options = {"url": opa_url, "timeout": opa_timeout, "batch": opa_batch}
    return Settings(contracts_dir=contracts_dir, policy_dir=policy_dir, engine=engine, revision=revision,
                    engine_options=options)


def format_option(default: str = "text"):
    """``--format``, with the choices of the report format registry."""
    from aacompliance.render import format_names

    return click.option("--format", "fmt", type=click.Choice(format_names()), default=default, show_default=True,
                        help="Output format.")


waivers_option = click.option(
    "--waivers", "waiver_paths", multiple=True, type=click.Path(exists=True), metavar="PATH",
    help="Waivers (kind: Waiver) to apply: a file or a folder of them (repeatable). Waivers among the "
         "documents are applied too.")

output_option = click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
                             help="Write the report to FILE (atomically) instead of standard output.")


def write_report(text: str | bytes, output: str | None) -> None:
    """The one way a command hands over its report: to ``output`` (atomically) or to stdout."""
    if output:
        from aacompliance.util.files import write_atomic
        write_atomic(output, text)
    elif isinstance(text, bytes):
        click.get_binary_stream("stdout").write(text)
    else:
        click.echo(text, nl=False)


@contextlib.contextmanager
def report_stream(output: str | None):
    """Where a streamed report goes: standard output, or ``output`` (replaced atomically
    once the report is complete; on failure the previous file stays)."""
    if output:
        from aacompliance.util.files import atomic_writer
        with atomic_writer(output) as handle:
            yield handle
    else:
        yield sys.stdout
        sys.stdout.flush()


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool):
    """A progress bar on standard error (rich) while documents are judged; yields the
    function to call after each one. Disabled: a function that does nothing."""
    if not enabled or total < 2:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    # When standard output is the same terminal, what the report prints goes above the bar.
    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("eta"), TimeRemainingColumn(), console=Console(stderr=True), transient=True,
                  redirect_stdout=sys.stdout.isatty(), redirect_stderr=False) as progress:
        task = progress.add_task("check", total=total)
        yield lambda: progress.advance(task)
