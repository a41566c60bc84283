"""The journal filters every export shares (reports for people and the import formats)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, exists
from sqlalchemy.orm import aliased

from llp_gov.ledger.models import Account, JournalEntry, JournalLine


def filter_journal(
    stmt: Select,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    partner_id: int | None = None,
) -> Select:
    """Restrict a journal-lines query (joined to JournalEntry) to entry dates in
    [date_from, date_to] (legal-zone dates, both inclusive) and, with `partner_id`, to the
    entries that touch that partner's capital account."""
    if date_from:
        stmt = stmt.where(JournalEntry.entry_date >= date_from)
    if date_to:
        stmt = stmt.where(JournalEntry.entry_date <= date_to)
    if partner_id:
        capital = aliased(JournalLine)
        cap_account = aliased(Account)
        stmt = stmt.where(
            exists()
            .where(capital.entry_id == JournalEntry.id, capital.account_id == cap_account.id)
            .where(cap_account.partner_id == partner_id)
        )
    return stmt
