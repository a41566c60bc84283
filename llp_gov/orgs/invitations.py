"""Invitations of existing users (issue 13, item 4), in the organisation's member flow.

An administrator who adds an e-mail address that already has an account in ANOTHER organisation
does not add that account: an invitation is mailed to the address, and the account becomes a
member only when its owner accepts. Until then the organisation learns neither that the account
exists nor its name: the page answers the same for a new address and for an invited one, and the
member list shows the account only after acceptance. New addresses and members whose role
changes are saved directly, as before. (Moved here from llp_gov.operations: it adds members,
mails and reads accounts, which belong to the orgs layer.)"""

from __future__ import annotations

import hashlib
import secrets

from flask import url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.auth import services as auth_services
from llp_gov.db import db, utcnow
from llp_gov.errors import NotFound, ValidationError
from llp_gov.notifications import mail
from llp_gov.orgs import services as org_services
from llp_gov.orgs.models import INVITATION_VALID_FOR, ROLES, Invitation, Organisation


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_or_invite(
    *,
    actor,
    organisation,
    email: str,
    name: str | None,
    role: str,
    partner_id: int | None = None,
    password: str | None = None,
) -> str:
    """Save a member: a new address becomes a user and member, a member gets the role, an
    account that exists elsewhere gets an invitation by mail. Returns "saved" or "invited"
    (the page shows the same message for both). Raises PermissionDenied (not user:admin) and
    the ValidationErrors of create_user / set_membership (role, partner_id)."""
    policy.require(actor, organisation, "user:admin")
    user = auth_services.get_by_email(email)
    if user is None:
        user = auth_services.create_user(
            actor=actor,
            email=email,
            name=name or email.split("@", maxsplit=1)[0],
            password=password or None,
        )
    elif policy.membership_of(user, organisation) is None:
        invite(
            actor=actor,
            organisation=organisation,
            email=user.email,
            role=role,
            partner_id=partner_id,
        )
        return "invited"
    org_services.set_membership(
        actor=actor, organisation=organisation, user=user, role=role, partner_id=partner_id
    )
    return "saved"


def invite(*, actor, organisation, email: str, role: str, partner_id: int | None) -> Invitation:
    """Mail an invitation (valid 14 days) to join `organisation` with `role`; audited. The mail
    is written in the invited account's preferred language (else the current one)."""
    if role not in ROLES:
        raise ValidationError(role=_("Unknown role."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation_id=organisation.id,
        email=email,
        role=role,
        partner_id=partner_id,
        token_hash=_hash(token),
        invited_by=getattr(actor, "id", None),
        created_at=utcnow(),
        expires_at=utcnow() + INVITATION_VALID_FOR,
    )
    db.session.add(invitation)
    audit.record(
        tag="member:invite",
        actor=actor,
        organisation_id=organisation.id,
        target=invitation,
        diff={"email": [None, email], "role": [None, role]},
    )
    link = url_for("orgs.invitation", token=token, _external=True)
    # In the invited account's preferred language, not the inviting administrator's (issue 14).
    invitee = auth_services.get_by_email(email)
    locale = (invitee.locale if invitee else None) or str(get_locale() or "")
    with force_locale(locale):
        org = organisation.display_name(locale)
        subject = _("Invitation to %(org)s", org=org)
        body = _(
            "You are invited to join %(org)s in llp-gov. Sign in with this e-mail address and "
            "accept the invitation within 14 days: %(link)s",
            org=org,
            link=link,
        )
    mail.queue(to=email, subject=subject, body=body)
    return invitation


def pending(token: str, *, actor) -> Invitation:
    """The open invitation of `token` for the signed-in `actor`, else NotFound (also when it
    was meant for another address, has expired or was accepted)."""
    invitation = db.session.scalars(
        select(Invitation).where(Invitation.token_hash == _hash(token))
    ).first()
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at < utcnow()
        or invitation.email.lower() != (getattr(actor, "email", "") or "").lower()
    ):
        raise NotFound()
    return invitation


def organisation_of(invitation: Invitation) -> Organisation | None:
    """The Organisation an invitation is to (for the acceptance page)."""
    return db.session.get(Organisation, invitation.organisation_id)


def accept(*, actor, token: str) -> Organisation:
    """Accept an invitation: `actor` becomes a member with the invited role; audited. Returns
    the organisation. Raises NotFound as `pending` does."""
    invitation = pending(token, actor=actor)
    # The foreign key keeps the organisation of an invitation.
    organisation = db.session.get_one(Organisation, invitation.organisation_id)
    org_services.set_membership(
        actor=None,
        organisation=organisation,
        user=actor,
        role=invitation.role,
        partner_id=invitation.partner_id,
    )
    invitation.accepted_at = utcnow()
    audit.record(
        tag="member:accept_invitation",
        actor=actor,
        organisation_id=organisation.id,
        target=invitation,
        diff={"role": [None, invitation.role]},
    )
    return organisation
