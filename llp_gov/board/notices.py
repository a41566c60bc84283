"""Convening notices (招集通知): one per entitled partner, delivered at opening, opened on the
representative's first view of the resolution."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import request
from flask_wtf import FlaskForm
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth.models import User
from llp_gov.board.models import ConveningNotice
from llp_gov.db import db, utcnow
from llp_gov.orgs.models import Organisation
from llp_gov.partners.models import Partner
from llp_gov.partners.services import represented_by
from llp_gov.resolutions.models import Resolution
from llp_gov.web import submit_form


def on_resolution_opened(
    resolution: Resolution,
    *,
    organisation: Organisation,
    actor: User | None,
    voters: list[Partner],
    **_: Any,
) -> None:
    """Receiver of resolutions.signals.resolution_opened: record the notice to every entitled
    partner. Resolutions has just notified each representative in-app and by mail (queued), so
    the notice of a partner with a representative is delivered now (UTC); a partner without one
    is listed undelivered. Audited as board:notice with the partners delivered to."""
    now = utcnow()
    delivered = []
    for partner in voters:
        at = now if partner.representative_user_id else None
        db.session.add(
            ConveningNotice(
                resolution_id=resolution.id,
                partner_id=partner.id,
                user_id=partner.representative_user_id,
                delivered_at=at,
            )
        )
        if at is not None:
            delivered.append(partner.id)
    db.session.flush()
    audit.record(
        tag="board:notice",
        actor=actor,
        organisation_id=organisation.id,
        target=resolution,
        diff={"delivered_to": [None, delivered]},
    )


def notices(resolution: Resolution) -> list[ConveningNotice]:
    """The resolution's notices in partner order."""
    return list(
        db.session.scalars(
            select(ConveningNotice)
            .where(ConveningNotice.resolution_id == resolution.id)
            .order_by(ConveningNotice.partner_id)
        )
    )


def _unopened_notice(
    organisation: Organisation, resolution: Resolution, user: User
) -> ConveningNotice | None:
    partner = represented_by(organisation, user)
    if partner is None:
        return None
    return db.session.scalar(
        select(ConveningNotice).where(
            ConveningNotice.resolution_id == resolution.id,
            ConveningNotice.partner_id == partner.id,
            ConveningNotice.opened_at.is_(None),
        )
    )


def mark_opened(
    *,
    actor: User,
    organisation: Organisation,
    resolution: Resolution,
    now: dt.datetime | None = None,
) -> ConveningNotice | None:
    """The representative `actor` viewed the resolution: the notice of the partner they represent
    is opened at `now` (UTC), the first time only (None when there is nothing to record).
    Audited as board:notice:opened. Raises nothing."""
    notice = _unopened_notice(organisation, resolution, actor)
    if notice is None:
        return None
    notice.opened_at = now or utcnow()
    db.session.flush()
    audit.record(
        tag="board:notice:opened",
        actor=actor,
        organisation_id=organisation.id,
        target=resolution,
        diff={"partner_id": [None, notice.partner_id]},
    )
    return notice


def on_resolution_viewed(
    resolution: Resolution, *, organisation: Organisation, user: User, **_: Any
):
    """Receiver of resolutions.signals.resolution_viewed: the representative's first view records
    the opening through the one page flow (one commit) and redirects to the same page; any other
    view returns None (the page renders)."""
    if _unopened_notice(organisation, resolution, user) is None:
        return None
    return submit_form(
        FlaskForm(),
        lambda: mark_opened(actor=user, organisation=organisation, resolution=resolution),
        next_url=request.path,
        validate=False,
    )
