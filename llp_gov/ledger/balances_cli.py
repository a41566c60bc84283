"""`flask ledger balances rebuild|check`: the monthly balances against the journal."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from llp_gov.extensions import db
from llp_gov.ledger import balances

balances_cli = AppGroup("balances", help="Per-account monthly balances kept as entries post.")


def _organisations(slug: str | None):
    from llp_gov.orgs.models import Organisation  # noqa: PLC0415 (orgs imports the ledger)

    stmt = select(Organisation).order_by(Organisation.id)
    if slug:
        stmt = stmt.where(Organisation.slug == slug)
    orgs = list(db.session.scalars(stmt))
    if slug and not orgs:
        raise click.ClickException(f"No organisation {slug!r}.")
    return orgs


@balances_cli.command("rebuild")
@click.option("--org", "slug", help="Organisation slug (default: every organisation).")
def rebuild(slug):
    """Recompute the monthly balances from the journal."""
    for org in _organisations(slug):
        rows = balances.rebuild(org)
        click.echo(f"{org.slug}: {rows} monthly balances")
    db.session.commit()


@balances_cli.command("check")
@click.option("--org", "slug", help="Organisation slug (default: every organisation).")
def check(slug):
    """Compare the monthly balances with the journal; exit 1 on any difference."""
    bad = 0
    for org in _organisations(slug):
        diffs = balances.check(org)
        for account_id, month, closing, stored, fresh in diffs:
            click.echo(
                f"{org.slug}: account {account_id} {month:%Y-%m}"
                f"{' (closing)' if closing else ''}: stored {stored}, journal {fresh}"
            )
        bad += len(diffs)
        if not diffs:
            click.echo(f"{org.slug}: balances agree with the journal")
    if bad:
        raise SystemExit(1)
