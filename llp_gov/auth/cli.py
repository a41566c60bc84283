import click
from flask.cli import AppGroup

from llp_gov.auth import services
from llp_gov.errors import DomainError
from llp_gov.extensions import db
from llp_gov.orgs.models import ROLES

cli = AppGroup("users", help="Users and API tokens.")


@cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--org", "org_slug", help="Organisation slug to add the user to.")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--superadmin", is_flag=True, help="May create organisations.")
def create(email, name, password, org_slug, role, superadmin):
    """Create a user, optionally with a role in an organisation."""
    from llp_gov.orgs import services as org_services

    try:
        org = None
        if org_slug:
            try:
                org = org_services.get_by_slug(org_slug)
            except DomainError:
                raise click.ClickException(
                    f"no organisation {org_slug} (see `flask orgs create`)"
                ) from None
        user = services.create_user(actor=None, email=email, name=name, password=password)
        user.is_superadmin = superadmin
        if org is not None:
            org_services.set_membership(actor=None, organisation=org, user=user, role=role)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {user.email}")


@cli.command("create-token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for.")
def create_token(email, name):
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
