import click
from flask.cli import AppGroup

from llp_gov.extensions import db
from llp_gov.resolutions import services

cli = AppGroup("resolutions", help="Partner resolutions.")


@cli.command("close-due")
def close_due():
    """Record the closings that are due (deadline passed) and their effects; run from a scheduler."""
    result = services.close_due()
    db.session.commit()
    click.echo(
        f"closed {result['closed']} resolution(s); {result['admitted']} admission(s) took effect"
    )
