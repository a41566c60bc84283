"""`flask users`: create users and API tokens.

`flask users create` (which may give the new user a role in an organisation) is defined by
`llp_gov.orgs.accounts` on this group: memberships belong to orgs, which sits above auth."""

import click
from flask.cli import AppGroup

from llp_gov.auth import services
from llp_gov.errors import DomainError
from llp_gov.extensions import db

cli = AppGroup("users", help="Users and API tokens.")


@cli.command("create-token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for.")
def create_token(email: str, name: str) -> None:
    """Create a personal API token and print it once."""
    user = services.get_by_email(email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    try:
        _token, plain = services.create_token(actor=None, user=user, name=name)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(plain)
