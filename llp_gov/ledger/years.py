"""Fiscal years when the agreement changes its start month (an amendment, Act 5, 4(3)).

A change takes effect from the next fiscal year: the year running when it is adopted keeps its
end; a transition period (shorter than a year) runs from the next start to the day before the
first start in the new month; then whole years in the new month. No closed year is touched.
The changes are kept in the organisation's settings under SETTINGS_KEY, oldest first:
{"from": start of the transition, "transition_end": its last day, "month": the new month,
"old_month": the month before, "offset": 1 for a later month, else 0 (absent in older records)}.
Years are named by the calendar year they start in, plus the offsets of the changes before them:
a later start month (e.g. April → July) makes a short transition in the same calendar year
(2027-04-01 to 2027-06-30, "2027"), so the first new year (from 2027-07-01) is named 2028 — the
names stay unique and in order, and no closed year is renamed or re-dated.
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
    month, offset = _first_month(organisation), 0
    for change in _changes(organisation):
        start = dt.date.fromisoformat(change["from"])
        end = dt.date.fromisoformat(change["transition_end"])
        if on < start:
            break
        if on <= end:
            return start.year + offset
        month, offset = change["month"], offset + change.get("offset", 0)
    return _regular_year_of(month, on) + offset


def fiscal_year_bounds(organisation, year: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year `year`, honouring start-month changes."""
    month, offset = _first_month(organisation), 0
    for change in _changes(organisation):
        start = dt.date.fromisoformat(change["from"])
        if year < start.year + offset:
            break
        if year == start.year + offset:
            return start, dt.date.fromisoformat(change["transition_end"])
        month, offset = change["month"], offset + change.get("offset", 0)
    return _regular_bounds(month, year - offset)


def schedule_fiscal_year_change(*, organisation, month: int) -> dict:
    """Record an adopted change of the start month from the next fiscal year; re-date the open
    later years' bounds and their entries. Returns the audit diff. Raises
    ValidationError(fiscal_year_start_month) when a later year is already closed."""
    old_month = organisation.fiscal_year_start_month
    current = fiscal_year_of(organisation, today_in(organisation))
    start = fiscal_year_bounds(organisation, current)[1] + dt.timedelta(days=1)
    if month == old_month:
        return {}
    check_month_change(organisation, month)
    # The transition runs from the next year's start to the day before the first start in the
    # new month: in the same calendar year for a later month, in the next one for an earlier.
    later_month = month > start.month
    first_new = dt.date(start.year if later_month else start.year + 1, month, 1)
    change = {
        "from": start.isoformat(),
        "transition_end": (first_new - dt.timedelta(days=1)).isoformat(),
        "month": month,
        "old_month": old_month,
        "offset": 1 if later_month else 0,
    }
    next_key = fiscal_year_of(organisation, start)
    later = list(
        db.session.scalars(
            select(FiscalYear).where(
                FiscalYear.organisation_id == organisation.id, FiscalYear.year >= next_key
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
    """Refuse a start month the books cannot take from the next fiscal year: none today (a later
    month gets a short transition in the same calendar year, see above). Kept as the one place
    for such a rule (an amendment's opening calls it)."""
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise ValidationError(fiscal_year_start_month=_("Choose a month from 1 to 12."))
