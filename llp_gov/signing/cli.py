"""flask signing init <slug> (self-signed trial key) and flask signing restamp (scheduled)."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from llp_gov.extensions import db
from llp_gov.orgs.models import Organisation
from llp_gov.signing import keys, services, trial_tsa

cli = AppGroup("signing", help="PAdES signing keys and archive time stamps.")


@cli.command("init")
@click.argument("slug")
@click.option("--force", is_flag=True, help="Replace an existing key.")
def init(slug, force):
    """Make a self-signed trial signing key for the organisation SLUG."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        raise click.ClickException(f"no organisation {slug!r}")
    try:
        path = keys.init_trial_key(organisation, force=force)
    except FileExistsError as exc:
        raise click.ClickException(f"{exc} exists; --force replaces it") from exc
    click.echo(f"Trial key written to {path} (self-signed: replace it with a CA-issued one).")
    click.echo(
        f"Trial time-stamp authority: {trial_tsa.path()} (used only for trial keys while "
        "LLP_GOV_TSA_URL is unset; not for production)."
    )


@cli.command("restamp")
def restamp():
    """Renew archive time stamps whose certificates expire soon (PAdES B-LTA)."""
    rows = services.restamp_due()
    db.session.commit()
    click.echo(f"{len(rows)} document(s) restamped.")
