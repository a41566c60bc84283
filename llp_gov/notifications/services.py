"""Tell a user something: an in-app notification, and a mail after the commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db, utcnow
from llp_gov.errors import NotFound
from llp_gov.notifications import mail
from llp_gov.notifications.models import Notification
from llp_gov.web import page_path, site_url


def notify(
    *,
    actor,
    organisation,
    user,
    message: Callable[[], tuple[str, str]],
    link: str | None = None,
    send_mail: bool = True,
) -> Notification:
    """Notify `user`; `message()` returns (subject, body) and runs in the user's language."""
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject, body = message()
    subject, body = str(subject)[:300], str(body)
    note = Notification(
        organisation_id=organisation.id, user_id=user.id, subject=subject, body=body, link=link
    )
    db.session.add(note)
    audit.record(
        tag="notification:send",
        actor=actor,
        organisation_id=organisation.id,
        target=note,
        diff={"user": [None, user.email], "subject": [None, subject]},
    )
    if send_mail and user.email:
        # A mail needs the full address: the request's host, or SERVER_NAME outside a request.
        text = f"{body}\n\n{site_url(link)}" if link else body
        mail.queue(to=user.email, subject=subject, body=text)
    return note


def path_for(endpoint: str, **values: Any) -> str:
    """A page's path for a notification's `link`, also outside a request (the scheduler's
    `close-due` notifies too); see llp_gov.web.page_path."""
    return page_path(endpoint, **values)


def list_for(*, actor, organisation, limit: int = 100) -> list[Notification]:
    """The actor's own notifications in this organisation, newest first."""
    policy.require(actor, organisation, "org:read")
    return list(
        db.session.scalars(
            select(Notification)
            .where(
                Notification.organisation_id == organisation.id, Notification.user_id == actor.id
            )
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(*, actor, organisation) -> int:
    """How many of the actor's notifications in `organisation` are unread (0 or more)."""
    count = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(
            Notification.organisation_id == organisation.id,
            Notification.user_id == actor.id,
            Notification.read_at.is_(None),
        )
    )
    return count or 0


def mark_read(*, actor, organisation, notification_id: int) -> Notification:
    """Mark one of the actor's own notifications read (someone else's is not found)."""
    policy.require(actor, organisation, "org:read")
    note = db.session.get(Notification, notification_id)
    if note is None or note.organisation_id != organisation.id or note.user_id != actor.id:
        raise NotFound()
    if note.read_at is None:
        note.read_at = utcnow()
        audit.record(
            tag="notification:read",
            actor=actor,
            organisation_id=organisation.id,
            target=note,
            diff={"read_at": [None, note.read_at]},
        )
    return note
