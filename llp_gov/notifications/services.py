"""Tell a user something: an in-app notification, and a mail after the commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db, utcnow
from llp_gov.errors import NotFound
from llp_gov.notifications import kinds, mail
from llp_gov.notifications.models import Notification
from llp_gov.web import page_path, site_url

log = logging.getLogger(__name__)


def notify(
    *,
    actor,
    organisation,
    user,
    message: Callable[[], tuple[str, str]] | None = None,
    kind: str | None = None,
    params: dict[str, Any] | None = None,
    link: str | None = None,
    send_mail: bool = True,
) -> Notification:
    """Notify `user` (in-app, and by mail after the commit when `send_mail` and the user has an
    address). Either `kind` with JSON-able `params` (a renderer registered with
    `llp_gov.notifications.kinds.kind`; the page renders it again in the READER's current
    language) or `message()` returning (subject, body) (stored text only). The stored text and
    the mail are written in the RECIPIENT's preferred language (`user.locale`, else the default),
    never the actor's. Audited as notification:send. Flushes nothing itself."""
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    if kind is not None:
        if kind not in kinds.RENDERERS:
            raise LookupError(f"notification kind {kind!r} has no renderer")
        kind_params = dict(params or {})

        def message() -> tuple[str, str]:
            return kinds.render(kind, kind_params) or ("", "")

    elif message is None:
        raise TypeError("notify() needs a kind or a message")
    with force_locale(locale):
        subject, body = message()
    subject, body = str(subject)[:300], str(body)
    note = Notification(
        organisation_id=organisation.id,
        user_id=user.id,
        subject=subject,
        body=body,
        link=link,
        kind=kind,
        params=dict(params or {}) if kind is not None else None,
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


def shown(note: Notification) -> tuple[str, str]:
    """(subject, body) of `note` in the current (reader's) locale: rendered again from its kind
    and parameters, or the text stored when it was created (older rows, unknown kinds, or a
    renderer that fails on old parameters)."""
    try:
        text = kinds.render(note.kind, note.params) if note.kind else None
    except (KeyError, TypeError, ValueError):
        log.warning("notification %s of kind %s: stored text shown", note.id, note.kind)
        text = None
    return text if text is not None else (note.subject, note.body or "")


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
