"""``aacompliance bundle`` and ``aacompliance opa push``: serving the terms from OPA."""
from __future__ import annotations

import click

from aacompliance.cli.common import CONTEXT, contracts_option, handle_errors, policies_option


def _with_dirs(func):
    return contracts_option(policies_option(func))


def _evaluator(contracts_dir, policy_dir):
    from aacompliance.pipeline.evaluate import Evaluator, Settings

    return Evaluator(Settings(contracts_dir=contracts_dir, policy_dir=policy_dir))


@click.command(context_settings=CONTEXT)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), metavar="FILE.tar.gz",
              help="Where to write the bundle (atomically).")
@_with_dirs
@handle_errors
def bundle(out, contracts_dir, policy_dir):
    """Write a standard OPA bundle: the policies, every contract revision as data, and a
    .manifest whose revision is derived from the content.

    Serve it with `opa run --server --bundle FILE.tar.gz`, or from a bundle service to a
    fleet (docs/opa.md).
    """
    from aacompliance.policy.bundle import build_bundle
    from aacompliance.util.files import write_atomic

    ev = _evaluator(contracts_dir, policy_dir)
    payload, revision = build_bundle(ev.policies.modules, ev.data_document())
    write_atomic(out, payload)
    click.echo(f"wrote {out} ({len(payload):,} bytes), revision {revision}")


@click.group(context_settings=CONTEXT)
def opa():
    """Work with an OPA server over its REST API."""


@opa.command(context_settings=CONTEXT)
@click.option("--opa-url", envvar="AACOMPLIANCE_OPA_URL", required=True, metavar="URL",
              help="The OPA server, e.g. http://127.0.0.1:8181 (or $AACOMPLIANCE_OPA_URL).")
@click.option("--opa-timeout", type=float, default=5.0, show_default=True, metavar="SECONDS")
@_with_dirs
@handle_errors
def push(opa_url, opa_timeout, contracts_dir, policy_dir):
    """Load the policies and contract data into one OPA server (for development servers;
    fleets should use bundles). Afterwards `check --engine opa` accepts the server."""
    from aacompliance.engines import create

    ev = _evaluator(contracts_dir, policy_dir)
    engine = create("opa", url=opa_url, timeout=opa_timeout)
    revision = engine.push(ev.policies.modules, ev.data_document())
    engine.close()
    click.echo(f"pushed {len(ev.policies.modules)} policies and the contract data to {engine.url}, "
               f"revision {revision}")
