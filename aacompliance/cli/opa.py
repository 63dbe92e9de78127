"""``aacompliance bundle`` and ``aacompliance opa push``: serving the terms from OPA."""
from __future__ import annotations

import click

from aacompliance.cli.common import (CONTEXT, check_output, contracts_option, handle_errors, opa_ca_option,
                                     opa_token_option, policies_option)


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
    from aacompliance.engines import opa_admin
    from aacompliance.util.files import write_atomic

    check_output(out, folders=[contracts_dir, policy_dir], option="--out")
    ev = _evaluator(contracts_dir, policy_dir)
    payload, revision = opa_admin.bundle(ev.policies.modules, ev.data_document())
    write_atomic(out, payload)
    click.echo(f"wrote {out} ({len(payload):,} bytes), revision {revision}")


@click.group(context_settings=CONTEXT)
def opa():
    """Work with an OPA server over its REST API."""


@opa.command(context_settings=CONTEXT)
@click.option("--opa-url", envvar="AACOMPLIANCE_OPA_URL", required=True, metavar="URL",
              help="The OPA server, e.g. http://127.0.0.1:8181 (or $AACOMPLIANCE_OPA_URL).")
@click.option("--opa-timeout", type=click.FloatRange(min=0, min_open=True), default=5.0, show_default=True,
              metavar="SECONDS")
@opa_token_option
@opa_ca_option
@_with_dirs
@handle_errors
def push(opa_url, opa_timeout, opa_token, opa_ca, contracts_dir, policy_dir):
    """Load the policies and contract data into one OPA server (for development servers;
    fleets should use bundles). Afterwards `check --engine opa` accepts the server."""
    from aacompliance.engines import opa_admin
    from aacompliance.engines.opa_http import OpaEndpoint

    endpoint = OpaEndpoint(opa_url, timeout=opa_timeout, token=opa_token, ca=opa_ca)
    ev = _evaluator(contracts_dir, policy_dir)
    revision = opa_admin.push(endpoint, ev.policies.modules, ev.data_document())
    click.echo(f"pushed {len(ev.policies.modules)} policies and the contract data to {endpoint.url}, "
               f"revision {revision}")
