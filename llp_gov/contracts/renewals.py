"""Contract renewals: notice deadlines, automatic renewal, reminders, the 90-day deadline list.

Date arithmetic is dateutil's relativedelta (calendar months; a day that does not exist in the
target month becomes its last day: a 3-month notice before 31 May falls on 28 February, or 29
February in a leap year). Renewal terms keep a month-end end date at the month's end (30 November
+ 3 months = 28/29 February, 28 February + 12 months = 28 February or 29 February in a leap year).
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.contracts.models import Contract
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict, NotFound, ValidationError
from llp_gov.legaltime import today_in

# Reminders go out this many days before each deadline (issue 15).
REMINDER_DAYS = (60, 30, 7)
# Contracts whose deadlines matter: not drafts, not ended ones.
LIVE = ("approved", "signed", "active")
MAX_MONTHS = 120


@dataclass(frozen=True)
class Deadline:
    contract: Contract
    kind: str  # "notice" (last day to give notice) | "end" (the contract ends)
    date: dt.date


def _is_month_end(day: dt.date) -> bool:
    return day.day == monthrange(day.year, day.month)[1]


def notice_deadline(contract: Contract) -> dt.date | None:
    """The last day to give notice (not to renew, or to end): end_date minus the notice period
    (months, then days). None without an end date or a notice period."""
    if contract.end_date is None or not (
        contract.notice_period_months or contract.notice_period_days
    ):
        return None
    return contract.end_date - relativedelta(
        months=contract.notice_period_months or 0, days=contract.notice_period_days or 0
    )


def renewed_end(end: dt.date, term_months: int) -> dt.date:
    """The end date after one renewal term; a month-end end date stays at the month's end."""
    new = end + relativedelta(months=term_months)
    return new + relativedelta(day=31) if _is_month_end(end) else new


def deadlines(contract: Contract) -> list[Deadline]:
    """The contract's deadlines: the notice deadline (notice_deadline, when it has a notice
    period) and the end date, both legal-zone dates."""
    out = []
    notice = notice_deadline(contract)
    if notice is not None:
        out.append(Deadline(contract, "notice", notice))
    if contract.end_date is not None:
        out.append(Deadline(contract, "end", contract.end_date))
    return out


def _int_or_none(value, field: str, errors: dict, low: int, high: int):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = _("Enter a whole number.")
        return None
    if not low <= number <= high:
        errors[field] = _("Enter a number from %(low)s to %(high)s.", low=low, high=high)
    return number


def set_renewal(
    *,
    actor,
    organisation,
    contract: Contract,
    auto_renew: bool,
    renewal_term_months=None,
    notice_period_months=None,
    notice_period_days=None,
) -> Contract:
    """Record the renewal terms of a contract that has not ended.

    auto_renew needs renewal_term_months (1-120) and an end date; notice periods are months
    (0-120) and days (0-365). Raises ValidationError (fields auto_renew, renewal_term_months,
    notice_period_months, notice_period_days), Conflict for an expired or terminated contract.
    Audited as contract:renewal."""
    policy.require(actor, organisation, "contract:draft")
    if contract.organisation_id != organisation.id:
        raise NotFound()
    if contract.status in ("expired", "terminated"):
        raise Conflict(_("An ended contract has no renewal terms."))
    errors: dict[str, str] = {}
    term = _int_or_none(renewal_term_months, "renewal_term_months", errors, 1, MAX_MONTHS)
    months = _int_or_none(notice_period_months, "notice_period_months", errors, 0, MAX_MONTHS)
    days = _int_or_none(notice_period_days, "notice_period_days", errors, 0, 365)
    auto_renew = bool(auto_renew)
    if auto_renew and term is None and "renewal_term_months" not in errors:
        errors["renewal_term_months"] = _("An automatically renewing contract needs its term.")
    if auto_renew and contract.end_date is None:
        errors["auto_renew"] = _("Enter the contract's end date first.")
    if errors:
        raise ValidationError(**errors)
    new = {
        "auto_renew": auto_renew,
        "renewal_term_months": term,
        "notice_period_months": months or None,
        "notice_period_days": days or None,
    }
    diff = audit.diff_of(contract, new)
    for key, value in new.items():
        setattr(contract, key, value)
    if diff:
        contract.updated_at = utcnow()
        db.session.flush()
        audit.record(
            tag="contract:renewal",
            actor=actor,
            organisation_id=organisation.id,
            target=contract,
            diff=diff,
        )
    return contract


def upcoming(*, actor, organisation, today: dt.date | None = None, days: int = 90):
    """Deadlines (notice and end) of live contracts from today to today + days, soonest first."""
    policy.require(actor, organisation, "contract:read")
    today = today or today_in(organisation)
    contracts = db.session.scalars(
        select(Contract).where(
            Contract.organisation_id == organisation.id,
            Contract.status.in_(LIVE),
            Contract.end_date.is_not(None),
            Contract.end_date >= today,
        )
    ).all()
    horizon = today + dt.timedelta(days=days)
    found = [d for c in contracts for d in deadlines(c) if today <= d.date <= horizon]
    return sorted(found, key=lambda d: (d.date, d.contract.number, d.kind))


def renew_due(today: dt.date | None = None) -> list[Contract]:
    """Extend every live automatically renewing contract whose end date has passed by its term
    (as often as needed to reach today). Audited as contract:renewed (system actor)."""
    from llp_gov.orgs.models import Organisation  # noqa: PLC0415 (orgs imports contracts' peers)

    renewed = []
    rows = db.session.scalars(
        select(Contract).where(
            Contract.status.in_(LIVE),
            Contract.auto_renew.is_(True),
            Contract.end_date.is_not(None),
            Contract.renewal_term_months.is_not(None),
        )
    ).all()
    for contract in rows:
        organisation = db.session.get(Organisation, contract.organisation_id)
        day = today or today_in(organisation)
        old = end = contract.end_date
        term = contract.renewal_term_months
        if old is None or end is None or term is None:  # excluded by the query
            continue
        while end < day:
            end = renewed_end(end, term)
        if end != old:
            contract.end_date = end
            contract.updated_at = utcnow()
            db.session.flush()
            audit.record(
                tag="contract:renewed",
                actor=None,
                organisation_id=contract.organisation_id,
                target=contract,
                diff={"end_date": [old.isoformat(), end.isoformat()]},
            )
            renewed.append(contract)
    return renewed


def due_reminder(deadline: dt.date, today: dt.date) -> int | None:
    """Which reminder (60, 30 or 7 days before) is due on ``today`` for ``deadline``: the
    smallest lead time already reached, so a job that missed days sends the current one only."""
    left = (deadline - today).days
    if left < 0:
        return None
    reached = [n for n in REMINDER_DAYS if left <= n]
    return min(reached) if reached else None
