"""The organisation's legal time zone: where its legal dates fall (fiscal years, deadlines,
contract and transaction dates, export dates).

Times are stored in UTC everywhere; a date that the law cares about is the date in this zone.
One setting, ``LLP_GOV_LEGAL_TIMEZONE`` (an IANA name, default ``Asia/Tokyo`` for Japanese
LLPs), applies to every organisation of the instance; an organisation with its own
`legal_timezone` attribute (a later, per-organisation setting) overrides it.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_LEGAL_TIMEZONE = "Asia/Tokyo"


def legal_timezone(organisation=None) -> str:
    """The IANA time-zone name whose dates are `organisation`'s legal dates."""
    own = getattr(organisation, "legal_timezone", None)
    if own:
        return own
    if has_app_context():
        return current_app.config.get("LEGAL_TIMEZONE") or DEFAULT_LEGAL_TIMEZONE
    return DEFAULT_LEGAL_TIMEZONE


def legal_zone(organisation=None) -> ZoneInfo:
    """`legal_timezone` as a ZoneInfo."""
    return ZoneInfo(legal_timezone(organisation))


def now_in(organisation=None) -> dt.datetime:
    """The current time as an aware datetime in the legal zone."""
    return dt.datetime.now(legal_zone(organisation))


def today_in(organisation=None) -> dt.date:
    """Today's date in the organisation's legal zone (not the server's local date)."""
    return now_in(organisation).date()


def legal_date(value: dt.datetime, organisation=None) -> dt.date:
    """The legal date of the aware datetime `value` (e.g. an upload's UTC time).

    Raises ValueError for a naive datetime (its zone would be a guess)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC datetime")
    return value.astimezone(legal_zone(organisation)).date()


def start_of_day_utc(day: dt.date, organisation=None) -> dt.datetime:
    """00:00 of `day` in the legal zone, as an aware UTC datetime (for date-range queries)."""
    local = dt.datetime.combine(day, dt.time(0), tzinfo=legal_zone(organisation))
    return local.astimezone(dt.UTC)
