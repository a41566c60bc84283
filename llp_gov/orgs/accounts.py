"""What the layers below ask of organisations (issue 9, item 3).

`llp_gov.auth` and `llp_gov.audit` sit below `llp_gov.orgs` (the import contracts in
pyproject.toml) yet need memberships and organisations: the role policy reads a user's
membership, the profile page and `GET /api/v1/me` list a user's organisations, `flask users
create --org` gives the new user a role, and the audit verification expects one chain per
organisation. This module answers them: `init_app` registers the hooks of `llp_gov.access` and
the audit's chain source, and the users command group of auth gets its `create` command here.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.orm import Session, UOWTransaction

from llp_gov import access
from llp_gov.audit import verify as audit_verify
from llp_gov.auth import policy
from llp_gov.auth import services as auth_services
from llp_gov.auth.cli import cli as users_cli
from llp_gov.errors import DomainError
from llp_gov.extensions import db
from llp_gov.orgs import services
from llp_gov.orgs.models import ROLES, Membership, Organisation


def find_membership(user_id: int, organisation_id: int) -> Membership | None:
    """The Membership of user `user_id` in organisation `organisation_id`, or None (uncached;
    `llp_gov.auth.policy` caches the answer per request)."""
    return db.session.execute(
        select(Membership).where(
            Membership.organisation_id == organisation_id, Membership.user_id == user_id
        )
    ).scalar_one_or_none()


def organisation_ids() -> list[int]:
    """The id of every organisation (each has an audit chain that must exist)."""
    return list(db.session.scalars(select(Organisation.id)))


@event.listens_for(Session, "after_flush")
def _forget_memberships_on_flush(session: Session, flush_context: UOWTransaction) -> None:
    """A flush that writes a Membership makes the policy forget this request's cached roles."""
    changed = session.new | session.dirty | session.deleted
    if any(isinstance(obj, Membership) for obj in changed):
        policy.forget_memberships()


def init_app(app: Flask) -> None:
    """Register the answers (called by `llp_gov.orgs.init_app`)."""
    access.register(
        org_by_slug=services.get_by_slug,
        orgs_of=services.orgs_of,
        find_membership=find_membership,
    )
    audit_verify.register_chain_source("organisations", organisation_ids)


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--org", "org_slug", help="Organisation slug to add the user to.")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--superadmin", is_flag=True, help="May create organisations.")
def create_user(  # noqa: PLR0917 (click passes every option as a parameter)
    email: str, name: str, password: str, org_slug: str | None, role: str, superadmin: bool
) -> None:
    """Create a user, optionally with a role in an organisation."""
    org: Any = None
    try:
        if org_slug:
            try:
                org = services.get_by_slug(org_slug)
            except DomainError:
                raise click.ClickException(
                    f"no organisation {org_slug} (see `flask orgs create`)"
                ) from None
        user = auth_services.create_user(actor=None, email=email, name=name, password=password)
        user.is_superadmin = superadmin
        if org is not None:
            services.set_membership(actor=None, organisation=org, user=user, role=role)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {user.email}")
