"""The journal page: keyset pages of entries, their lines and accounts loaded with the page."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from llp_gov.auth import policy
from llp_gov.errors import ValidationError
from llp_gov.ledger.models import JournalEntry, JournalLine
from llp_gov.pagination import Page, keyset


def parse_key(raw: tuple | None) -> tuple | None:
    """A journal position ("2024-04-01", 123) from the query string as (date, number)."""
    if raw is None:
        return None
    try:
        return (dt.date.fromisoformat(raw[0]), raw[1])
    except ValueError:
        return None


def journal_page(
    *,
    actor,
    organisation,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    after: tuple | None = None,
    before: tuple | None = None,
    per_page: int = 50,
) -> Page:
    """Entries newest first (entry date, then number), `per_page` at a time.

    `after`/`before` are (entry date, number) of the last/first entry of the page the reader
    comes from; a page costs the same however deep it is (no OFFSET) and three queries in all
    (entries, their lines, the lines' accounts). Requires ledger:read."""
    policy.require(actor, organisation, "ledger:read")
    stmt = (
        select(JournalEntry)
        .where(JournalEntry.organisation_id == organisation.id)
        .options(selectinload(JournalEntry.lines).selectinload(JournalLine.account))
    )
    if date_from:
        stmt = stmt.where(JournalEntry.entry_date >= date_from)
    if date_to:
        stmt = stmt.where(JournalEntry.entry_date <= date_to)
    return keyset(
        stmt,
        columns=(JournalEntry.entry_date, JournalEntry.number),
        key_of=lambda e: (e.entry_date.isoformat(), e.number),
        after=after,
        before=before,
        per_page=per_page,
    )


def list_entries(
    *,
    actor,
    organisation,
    date_from=None,
    date_to=None,
    limit: int = 100,
    after: str | None = None,
):
    """Up to `limit` of the organisation's journal entries, newest first (entry date, then
    number), optionally between `date_from` and `date_to` (legal-zone dates), with their lines.

    `after` is the keyset position "YYYY-MM-DD.<number>" of the last entry of the previous page
    (None for the first page); every page costs the same however deep it is (no OFFSET).
    Raises PermissionDenied (ledger:read) and ValidationError(after=...) for a position that is
    not a real date."""
    key = None
    if after:
        day, _dot, number = after.rpartition(".")
        key = parse_key((day, int(number)))
        if key is None:
            raise ValidationError(after=_("Not a journal position (date.number)."))
    page = journal_page(
        actor=actor,
        organisation=organisation,
        date_from=date_from,
        date_to=date_to,
        after=key,
        per_page=limit,
    )
    return page.items
