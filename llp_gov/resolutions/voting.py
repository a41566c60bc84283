"""Voting on a partner resolution and its closing (once decided or at the deadline), with the
effects applied in the same transaction; admissions waiting for the contribution."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict, PermissionDenied, ValidationError
from llp_gov.orgs.models import Organisation
from llp_gov.partners.models import Partner
from llp_gov.partners.services import represented_by
from llp_gov.resolutions import effects
from llp_gov.resolutions.models import VOTES, Resolution, ResolutionVote
from llp_gov.resolutions.tally import tally


def _lock(resolution: Resolution) -> None:
    """Reload the resolution and its votes under a row lock, so that two last votes (or a vote
    and close-due) cannot both close it (PostgreSQL; SQLite serialises writers anyway)."""
    db.session.refresh(resolution, with_for_update=True)
    db.session.scalars(
        select(ResolutionVote)
        .where(ResolutionVote.resolution_id == resolution.id)
        .execution_options(populate_existing=True)
    ).all()
    db.session.expire(resolution, ["votes"])


def cast_vote(
    *, actor, organisation, resolution: Resolution, vote: str, now: dt.datetime | None = None
) -> ResolutionVote:
    """Record (or change) the vote of the partner the actor represents; close once decided."""
    policy.require(actor, organisation, "resolution:vote")
    now = now or utcnow()
    if vote not in VOTES:
        raise ValidationError(vote=_("Vote for, against or abstain."))
    partner = represented_by(organisation, actor)
    if partner is None:
        raise PermissionDenied(
            _("Only a partner's designated representative can vote, and you represent no partner.")
        )
    return record_vote(
        actor=actor,
        organisation=organisation,
        resolution=resolution,
        partner=partner,
        vote=vote,
        now=now,
    )


def record_vote(
    *,
    actor,
    organisation,
    resolution: Resolution,
    partner: Partner,
    vote: str,
    now: dt.datetime,
    note: dict | None = None,
) -> ResolutionVote:
    """Record `partner`'s vote (the caller checked who may cast it: its representative, or the
    chairman recording a proxy's vote, llp_gov.board); `note` is added to the audit diff (e.g.
    the proxy and the proxy document's SHA-256). Closes the resolution once decided. Raises
    ValidationError (vote), Conflict (closed), PermissionDenied (partner not entitled)."""
    if vote not in VOTES:
        raise ValidationError(vote=_("Vote for, against or abstain."))
    _lock(resolution)
    if resolution.status != "open" or now >= resolution.deadline:
        raise Conflict(_("This resolution is closed: votes can no longer be cast or changed."))
    row = next((v for v in resolution.votes if v.partner_id == partner.id), None)
    if row is None:
        raise PermissionDenied(
            _("The partner you represent is not entitled to vote on this resolution.")
        )
    old = row.vote
    row.vote, row.cast_by_id, row.cast_at = vote, actor.id, now
    audit.record(
        tag="resolution:vote",
        actor=actor,
        organisation_id=organisation.id,
        target=resolution,
        diff={"partner_id": [None, partner.id], "vote": [old, vote]} | (note or {}),
    )
    db.session.flush()
    if tally(resolution).decided:
        close(
            actor=actor, organisation=organisation, resolution=resolution, now=now, reason="decided"
        )
    return row


def close(
    *, actor, organisation, resolution: Resolution, now: dt.datetime, reason: str
) -> Resolution:
    """Record the closing and outcome, then apply the effects (in the same transaction)."""
    if resolution.status != "open":
        raise Conflict(_("This resolution is already closed."))
    t = tally(resolution)
    adopted = t.adopted
    resolution.status = "adopted" if adopted else "rejected"
    resolution.closed_at, resolution.close_reason = now, reason
    audit.record(
        tag="resolution:close",
        actor=actor,
        organisation_id=organisation.id,
        target=resolution,
        diff={
            "status": ["open", resolution.status],
            "close_reason": [None, reason],
            "tally": [None, t.as_dict()],
        },
    )
    resolution.effects = effects.apply(
        actor=actor, organisation=organisation, resolution=resolution, adopted=adopted
    )
    return resolution


def close_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Record every closing that is due, and admissions whose contribution has now arrived."""
    now = now or utcnow()
    closed = 0
    due = db.session.scalars(
        select(Resolution)
        .where(Resolution.status == "open", Resolution.deadline <= now)
        .order_by(Resolution.id)
    )
    for resolution in list(due):
        _lock(resolution)
        if resolution.status != "open":  # a last vote closed it meanwhile
            continue
        organisation = _organisation_of(resolution)
        close(
            actor=None, organisation=organisation, resolution=resolution, now=now, reason="deadline"
        )
        closed += 1
    admitted = 0
    for resolution in effects.admissions_waiting():
        organisation = _organisation_of(resolution)
        done = effects.admit_if_paid(actor=None, organisation=organisation, resolution=resolution)
        if done.get("admission") == "effective":
            resolution.effects = (resolution.effects or {}) | done
            admitted += 1
    db.session.flush()
    return {"closed": closed, "admitted": admitted}


def _organisation_of(resolution: Resolution):
    return db.session.get(Organisation, resolution.organisation_id)


def waiting_for_vote(organisation, user, *, limit: int | None = None) -> list[Resolution]:
    """Open resolutions on which the partner this user represents has not voted yet, nearest
    deadline first; at most `limit` (the dashboard shows a bounded list)."""
    partner = represented_by(organisation, user)
    if partner is None:
        return []
    now = utcnow()
    stmt = (
        select(Resolution)
        .join(ResolutionVote)
        .where(
            Resolution.organisation_id == organisation.id,
            Resolution.status == "open",
            Resolution.deadline > now,
            ResolutionVote.partner_id == partner.id,
            ResolutionVote.vote.is_(None),
        )
        .order_by(Resolution.deadline, Resolution.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))
