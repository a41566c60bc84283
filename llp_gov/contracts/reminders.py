"""Renewal reminders (in-app and mail) and the per-user iCalendar feed of contract deadlines."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.auth.models import User
from llp_gov.contracts import renewals
from llp_gov.contracts.models import CalendarToken, Contract, ContractReminder
from llp_gov.db import db, utcnow
from llp_gov.legaltime import today_in
from llp_gov.notifications import kinds as notifications_kinds
from llp_gov.notifications import services as notifications
from llp_gov.orgs.models import Membership, Organisation


def recipients(contract: Contract) -> list[User]:
    """The contract's owner (who drafted it) and the organisation's chairman, once each."""
    ids = [contract.created_by] if contract.created_by else []
    ids += db.session.scalars(
        select(Membership.user_id).where(
            Membership.organisation_id == contract.organisation_id, Membership.role == "chairman"
        )
    ).all()
    seen: list[int] = []
    for uid in ids:
        if uid not in seen:
            seen.append(uid)
    return [u for u in (db.session.get(User, uid) for uid in seen) if u is not None]


@notifications_kinds.kind("contracts.reminder")
def _message(params: dict) -> tuple[str, str]:
    """A renewal reminder in the reader's language, the date in the reader's format."""
    values = {
        "number": params["number"],
        "title": params["title"],
        "date": format_date(dt.date.fromisoformat(params["date"])),
        "days": params["days"],
    }
    days = int(params["days"])
    if params["deadline"] == "notice":
        subject = ngettext(
            "Notice deadline in %(days)s day: %(number)s",
            "Notice deadline in %(days)s days: %(number)s",
            days,
            **values,
        )
        body = ngettext(
            "The last day to give notice for %(number)s %(title)s is %(date)s "
            "(%(days)s day from today). After it the contract renews or runs on "
            "as agreed.",
            "The last day to give notice for %(number)s %(title)s is %(date)s "
            "(%(days)s days from today). After it the contract renews or runs on "
            "as agreed.",
            days,
            **values,
        )
    else:
        subject = ngettext(
            "Contract ends in %(days)s day: %(number)s",
            "Contract ends in %(days)s days: %(number)s",
            days,
            **values,
        )
        body = ngettext(
            "%(number)s %(title)s ends on %(date)s (%(days)s day from today).",
            "%(number)s %(title)s ends on %(date)s (%(days)s days from today).",
            days,
            **values,
        )
    return subject, body


def _params(deadline: renewals.Deadline, days: int) -> dict:
    contract = deadline.contract
    return {
        "contract_id": contract.id,
        "number": contract.number,
        "title": contract.title,
        "date": deadline.date.isoformat(),
        "days": days,
        "deadline": deadline.kind,
    }


def send_due_reminders(today: dt.date | None = None) -> int:
    """Send the reminders due today (60, 30 and 7 days before each notice deadline and end date
    of every live contract) to the contract's owner and the chairman, in-app and by mail; each
    (contract, deadline, lead time) once. ``today``: the legal-zone date (default: each
    organisation's today). Renews due auto-renewing contracts first. Flushes; the caller (the
    scheduled job) commits. Returns the number of notifications sent."""
    renewals.renew_due(today)
    sent = 0
    contracts = db.session.scalars(
        select(Contract).where(Contract.status.in_(renewals.LIVE), Contract.end_date.is_not(None))
    ).all()
    for contract in contracts:
        organisation = db.session.get(Organisation, contract.organisation_id)
        if organisation is None:  # a foreign key: cannot happen
            continue
        day = today or today_in(organisation)
        for deadline in renewals.deadlines(contract):
            days = renewals.due_reminder(deadline.date, day)
            if days is None:
                continue
            key = dict(
                contract_id=contract.id,
                kind=deadline.kind,
                deadline=deadline.date,
                days_before=days,
            )
            if db.session.scalar(select(ContractReminder.id).filter_by(**key)) is not None:
                continue
            db.session.add(ContractReminder(**key, sent_at=utcnow()))
            link = notifications.path_for(
                "contracts.detail", slug=organisation.slug, contract_id=contract.id
            )
            for user in recipients(contract):
                notifications.notify(
                    actor=None,
                    organisation=organisation,
                    user=user,
                    kind="contracts.reminder",
                    params=_params(deadline, (deadline.date - day).days),
                    link=link,
                )
                sent += 1
    db.session.flush()
    return sent


# -- iCalendar feed ------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_calendar_token(*, actor, organisation) -> str:
    """A new secret feed token for the actor in this organisation; earlier ones are revoked.
    Returns the token (shown once; only its SHA-256 is stored). Audited."""
    policy.require(actor, organisation, "contract:read")
    revoke_calendar_tokens(actor=actor, organisation=organisation)
    token = secrets.token_urlsafe(32)
    row = CalendarToken(organisation_id=organisation.id, user_id=actor.id, token_hash=_hash(token))
    db.session.add(row)
    db.session.flush()
    audit.record(
        tag="contract:calendar:issue", actor=actor, organisation_id=organisation.id, target=row
    )
    return token


def revoke_calendar_tokens(*, actor, organisation) -> int:
    """Revoke the actor's feed tokens in this organisation (the old address stops working)."""
    policy.require(actor, organisation, "contract:read")
    rows = db.session.scalars(
        select(CalendarToken).where(
            CalendarToken.organisation_id == organisation.id,
            CalendarToken.user_id == actor.id,
            CalendarToken.revoked_at.is_(None),
        )
    ).all()
    for row in rows:
        row.revoked_at = utcnow()
        audit.record(
            tag="contract:calendar:revoke",
            actor=actor,
            organisation_id=organisation.id,
            target=row,
        )
    db.session.flush()
    return len(rows)


def has_calendar_token(*, actor, organisation) -> bool:
    """Whether `actor` has a live (not revoked) iCalendar feed token in the organisation."""
    return (
        db.session.scalar(
            select(CalendarToken.id).where(
                CalendarToken.organisation_id == organisation.id,
                CalendarToken.user_id == actor.id,
                CalendarToken.revoked_at.is_(None),
            )
        )
        is not None
    )


def user_for_token(organisation, token: str) -> User | None:
    """The user a live feed token belongs to, if they may still read contracts here."""
    row = db.session.scalar(
        select(CalendarToken).where(
            CalendarToken.token_hash == _hash(token or ""),
            CalendarToken.organisation_id == organisation.id,
            CalendarToken.revoked_at.is_(None),
        )
    )
    if row is None:
        return None
    user = db.session.get(User, row.user_id)
    if user is None or policy.role_of(user, organisation) is None:
        return None
    return user


def calendar_feed(*, actor, organisation, today: dt.date | None = None) -> bytes:
    """RFC 5545 calendar (all-day events) of the notice deadlines and end dates of the
    organisation's live contracts, for the next three years."""
    policy.require(actor, organisation, "contract:read")
    cal = Calendar()
    cal.add("prodid", "-//llp-gov//contract deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{organisation.name}: {_('Contract deadlines')}")
    for deadline in renewals.upcoming(
        actor=actor, organisation=organisation, today=today, days=3 * 366
    ):
        contract = deadline.contract
        event = Event()
        event.add("uid", f"contract-{contract.id}-{deadline.kind}-{deadline.date}@llp-gov")
        event.add("dtstamp", utcnow())
        event.add("dtstart", deadline.date)
        event.add("dtend", deadline.date + dt.timedelta(days=1))
        label = _("Notice deadline") if deadline.kind == "notice" else _("Contract ends")
        event.add("summary", f"{label}: {contract.number} {contract.title}")
        cal.add_component(event)
    return cal.to_ical()
