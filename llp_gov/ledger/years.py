"""Fiscal years when the agreement changes its start month (an amendment, Act 5, 4(3)).

A change takes effect from the next fiscal year: the year running when it is adopted keeps its
end; a transition period (shorter than a year) runs from the next start to the day before the
first start in the new month; then whole years in the new month. No closed year is touched.
The changes are kept in the organisation's settings under SETTINGS_KEY, oldest first:
{"from": start of the transition, "transition_end": its last day, "month": the new month,
"old_month": the month before}. Years are named by the calendar year they start in.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select, update

from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger.models import FiscalYear, JournalEntry
from llp_gov.legaltime import today_in

SETTINGS_KEY = "fiscal_year_changes"


def _changes(organisation) -> list[dict]:
    return list(organisation.setting(SETTINGS_KEY) or [])


def _regular_year_of(month: int, on: dt.date) -> int:
    return on.year if on.month >= month else on.year - 1


def _regular_bounds(month: int, year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year + 1, month, 1) - dt.timedelta(days=1)


def _first_month(organisation) -> int:
    changes = _changes(organisation)
    return changes[0]["old_month"] if changes else (organisation.fiscal_year_start_month or 1)


def fiscal_year_of(organisation, on: dt.date) -> int:
    """The fiscal year containing `on`, honouring start-month changes."""
    month = _first_month(organisation)
    for change in _changes(organisation):
        start = dt.date.fromisoformat(change["from"])
        end = dt.date.fromisoformat(change["transition_end"])
        if on < start:
            break
        if on <= end:
            return start.year
        month = change["month"]
    return _regular_year_of(month, on)


def fiscal_year_bounds(organisation, year: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year `year`, honouring start-month changes."""
    month = _first_month(organisation)
    for change in _changes(organisation):
        start = dt.date.fromisoformat(change["from"])
        if year < start.year:
            break
        if year == start.year:
            return start, dt.date.fromisoformat(change["transition_end"])
        month = change["month"]
    return _regular_bounds(month, year)


def schedule_fiscal_year_change(*, organisation, month: int) -> dict:
    """Record an adopted change of the start month from the next fiscal year; re-date the open
    later years' bounds and their entries. Returns the audit diff. Raises ValidationError when
    a later start month would start two fiscal years in one calendar year (the books name a
    year by the calendar year it starts in), or a later year is already closed."""
    old_month = organisation.fiscal_year_start_month
    current = fiscal_year_of(organisation, today_in(organisation))
    start = fiscal_year_bounds(organisation, current)[1] + dt.timedelta(days=1)
    if month == old_month:
        return {}
    check_month_change(organisation, month)
    first_new = dt.date(start.year + 1, month, 1)
    change = {
        "from": start.isoformat(),
        "transition_end": (first_new - dt.timedelta(days=1)).isoformat(),
        "month": month,
        "old_month": old_month,
    }
    later = list(
        db.session.scalars(
            select(FiscalYear).where(
                FiscalYear.organisation_id == organisation.id, FiscalYear.year >= start.year
            )
        )
    )
    if any(fy.is_closed for fy in later):
        raise ValidationError(
            fiscal_year_start_month=_("A later fiscal year is closed: it cannot be re-dated.")
        )
    organisation.settings = {
        **(organisation.settings or {}),
        SETTINGS_KEY: [*_changes(organisation), change],
    }
    organisation.fiscal_year_start_month = month
    for fy in later:
        fy.starts_on, fy.ends_on = fiscal_year_bounds(organisation, fy.year)
    entries = db.session.execute(
        select(JournalEntry.id, JournalEntry.entry_date).where(
            JournalEntry.organisation_id == organisation.id, JournalEntry.entry_date >= start
        )
    ).all()
    for entry_id, day in entries:
        year = fiscal_year_of(organisation, day)
        db.session.execute(
            update(JournalEntry).where(JournalEntry.id == entry_id).values(fiscal_year=year)
        )
        if (
            db.session.scalar(
                select(FiscalYear.id).where(
                    FiscalYear.organisation_id == organisation.id, FiscalYear.year == year
                )
            )
            is None
        ):
            from llp_gov.ledger.books import get_fiscal_year  # noqa: PLC0415 (books imports years)

            get_fiscal_year(organisation, year, create=True)
    return {
        "fiscal_year_start_month": [old_month, month],
        "fiscal_year_transition": [None, [change["from"], change["transition_end"]]],
    }


def check_month_change(organisation, month) -> None:
    """Refuse a start month the books cannot take from the next fiscal year (see above)."""
    old_month = organisation.fiscal_year_start_month
    if isinstance(month, int) and not isinstance(month, bool) and month > old_month:
        raise ValidationError(
            fiscal_year_start_month=_(
                "A start month later in the calendar year than the current one (%(old)s) would "
                "start two fiscal years in one calendar year; choose a month from 1 to %(last)s, "
                "or ask for the change to be made by the system administrator.",
                old=old_month,
                last=old_month - 1,
            )
        )
