"""Per-account monthly balances, kept as entries post, so reports never re-sum the journal.

A row holds, for one organisation, account, calendar month (its first day) and kind of entry
(closing entries apart, since the year's profit and loss excludes them), the sums of the debits
and credits of the lines posted there. Journal lines are never edited or deleted (a correction
is a reversal, Ministerial Ordinance on LLP Accounting / the house rule in DOMAIN.md), so a
posted line only ever adds to its month: the listener below adds each flushed line in the same
transaction (an upsert, atomic on PostgreSQL under concurrent posting).

`sums()` answers "debits and credits per account between two dates" from whole months of this
table plus the lines of the partial months at either end. `flask ledger balances rebuild`
recomputes the table from the journal; `flask ledger balances check` compares them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    delete,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.util import identity_key

from llp_gov import readcache
from llp_gov.db import Model, db
from llp_gov.ledger.models import Account, JournalEntry, JournalLine


class MonthlyBalance(Model):
    __tablename__ = "ledger_monthly_balances"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # the month's first day
    closing: Mapped[bool] = mapped_column(Boolean, primary_key=True)  # closing entries apart
    debit: Mapped[int] = mapped_column(BigInteger, default=0)  # yen
    credit: Mapped[int] = mapped_column(BigInteger, default=0)  # yen


def _month_end(d: dt.date) -> dt.date:
    nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def _next_month(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _prev_month(d: dt.date) -> dt.date:
    return (d.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


# --- keeping the table as lines are posted -------------------------------------------------


def _upsert(connection, rows: list[dict]) -> None:
    table = MonthlyBalance.__table__
    dialect = connection.dialect.name
    ins = (postgresql if dialect == "postgresql" else sqlite).insert(table)
    stmt = ins.on_conflict_do_update(
        index_elements=["organisation_id", "account_id", "month", "closing"],
        set_={
            "debit": table.c.debit + ins.excluded.debit,
            "credit": table.c.credit + ins.excluded.credit,
        },
    )
    # One statement per row, in key order: concurrent postings lock rows in the same order.
    for row in sorted(rows, key=lambda r: (r["account_id"], r["month"], r["closing"])):
        connection.execute(stmt, row)


@event.listens_for(Session, "after_flush")
def _add_posted_lines(session, flush_context) -> None:
    lines = [o for o in session.new if isinstance(o, JournalLine)]
    if not lines:
        return
    connection = session.connection()
    known = {}
    for ln in lines:  # the entry is in the session already when posting; no lazy load here
        entry = ln.__dict__.get("entry") or session.identity_map.get(
            identity_key(JournalEntry, ln.entry_id)
        )
        if entry is not None:
            known[ln.entry_id] = (entry.entry_date, entry.kind)
    missing = {ln.entry_id for ln in lines} - set(known)
    if missing:
        known.update(
            (r.id, (r.entry_date, r.kind))
            for r in connection.execute(
                select(JournalEntry.id, JournalEntry.entry_date, JournalEntry.kind).where(
                    JournalEntry.id.in_(missing)
                )
            )
        )
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for ln in lines:
        date, kind = known[ln.entry_id]
        key = (ln.organisation_id, ln.account_id, date.replace(day=1), kind == "closing")
        totals[key][0] += ln.debit or 0
        totals[key][1] += ln.credit or 0
    _upsert(
        connection,
        [
            {
                "organisation_id": o,
                "account_id": a,
                "month": m,
                "closing": c,
                "debit": d,
                "credit": cr,
            }
            for (o, a, m, c), (d, cr) in totals.items()
        ],
    )


# --- rebuilding and checking ---------------------------------------------------------------


def _from_journal(organisation) -> dict[tuple, tuple[int, int]]:
    """{(account, month, closing): (debit, credit)} summed from the journal itself."""
    # Grouped by day (portable; a few thousand rows a year), folded into months here.
    rows = db.session.execute(
        select(
            JournalLine.account_id,
            JournalEntry.entry_date,
            JournalEntry.kind,
            func.coalesce(func.sum(JournalLine.debit), 0),
            func.coalesce(func.sum(JournalLine.credit), 0),
        )
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(JournalLine.organisation_id == organisation.id)
        .group_by(JournalLine.account_id, JournalEntry.entry_date, JournalEntry.kind)
    )
    out: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for account_id, day, kind, d, c in rows:
        key = (account_id, day.replace(day=1), kind == "closing")
        out[key][0] += int(d)
        out[key][1] += int(c)
    return {k: (d, c) for k, (d, c) in out.items() if d or c}


def _stored(organisation) -> dict[tuple, tuple[int, int]]:
    rows = db.session.execute(
        select(MonthlyBalance).where(MonthlyBalance.organisation_id == organisation.id)
    ).scalars()
    return {
        (r.account_id, r.month, r.closing): (int(r.debit), int(r.credit))
        for r in rows
        if r.debit or r.credit
    }


def rebuild(organisation) -> int:
    """Recompute the organisation's monthly balances from the journal; returns the row count.
    Flushes, never commits."""
    db.session.flush()
    db.session.execute(
        delete(MonthlyBalance).where(MonthlyBalance.organisation_id == organisation.id)
    )
    fresh = _from_journal(organisation)
    if fresh:
        db.session.execute(
            insert(MonthlyBalance),
            [
                {
                    "organisation_id": organisation.id,
                    "account_id": a,
                    "month": m,
                    "closing": c,
                    "debit": d,
                    "credit": cr,
                }
                for (a, m, c), (d, cr) in fresh.items()
            ],
        )
    return len(fresh)


def check(organisation) -> list[tuple]:
    """Differences between the table and the journal: [(account, month, closing, stored,
    from the journal)], empty when they agree."""
    db.session.flush()
    stored, fresh = _stored(organisation), _from_journal(organisation)
    return [
        (*key, stored.get(key, (0, 0)), fresh.get(key, (0, 0)))
        for key in sorted(set(stored) | set(fresh))
        if stored.get(key, (0, 0)) != fresh.get(key, (0, 0))
    ]


# --- answering ------------------------------------------------------------------------------


def _split(lo: dt.date | None, hi: dt.date | None):
    """Whole months (first, last; None = unbounded) and the partial ranges of days left over."""
    partials = []
    full_lo = full_hi = None
    if lo is not None:
        full_lo = lo.replace(day=1)
        if lo.day != 1:
            partials.append((lo, min(_month_end(lo), hi) if hi else _month_end(lo)))
            full_lo = _next_month(full_lo)
    if hi is not None:
        full_hi = hi.replace(day=1)
        if hi != _month_end(hi):
            if not partials or partials[0][0].replace(day=1) != full_hi:
                partials.append((max(full_hi, lo) if lo else full_hi, hi))
            full_hi = _prev_month(full_hi)
    whole = not (full_lo and full_hi and full_lo > full_hi)
    return (full_lo, full_hi) if whole else None, partials


def _lines_sums(organisation, lo, hi, exclude_closing):
    stmt = (
        select(
            JournalLine.account_id,
            func.coalesce(func.sum(JournalLine.debit), 0),
            func.coalesce(func.sum(JournalLine.credit), 0),
        )
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(
            JournalEntry.organisation_id == organisation.id,
            JournalEntry.entry_date >= lo,
            JournalEntry.entry_date <= hi,
        )
        .group_by(JournalLine.account_id)
    )
    if exclude_closing:
        stmt = stmt.where(JournalEntry.kind != "closing")
    return db.session.execute(stmt)


def sums(
    organisation, *, date_from=None, date_to=None, exclude_closing: bool = False
) -> dict[int, tuple[int, int]]:
    """account_id -> (sum of debits, sum of credits) of the lines dated within
    [date_from, date_to] (either may be None: unbounded), in yen. At most three queries,
    whatever the size of the journal, and none when the same request asked already (a page's
    net assets, distributable amount and chart all ask for today's balances)."""
    return readcache.cached(
        ("ledger.sums", organisation.id, date_from, date_to, exclude_closing),
        lambda: _sums(organisation, date_from, date_to, exclude_closing),
    )


def _sums(organisation, date_from, date_to, exclude_closing) -> dict[int, tuple[int, int]]:
    whole, partials = _split(date_from, date_to)
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    if whole is not None:
        stmt = (
            select(
                MonthlyBalance.account_id,
                func.coalesce(func.sum(MonthlyBalance.debit), 0),
                func.coalesce(func.sum(MonthlyBalance.credit), 0),
            )
            .where(MonthlyBalance.organisation_id == organisation.id)
            .group_by(MonthlyBalance.account_id)
        )
        if whole[0] is not None:
            stmt = stmt.where(MonthlyBalance.month >= whole[0])
        if whole[1] is not None:
            stmt = stmt.where(MonthlyBalance.month <= whole[1])
        if exclude_closing:
            stmt = stmt.where(MonthlyBalance.closing.is_(False))
        for acc, d, c in db.session.execute(stmt):
            out[acc][0] += int(d)
            out[acc][1] += int(c)
    for lo, hi in partials:
        for acc, d, c in _lines_sums(organisation, lo, hi, exclude_closing):
            out[acc][0] += int(d)
            out[acc][1] += int(c)
    return {acc: (d, c) for acc, (d, c) in out.items()}


def cumulative(organisation, dates: list[dt.date]) -> dict[dt.date, dict[int, tuple[int, int]]]:
    """sums(date_to=d) for each of `dates` with one query for the whole months and one per
    date that is not a month's last day (the chart of the last 24 month ends: 2 queries)."""
    if not dates:
        return {}
    last = max(dates)
    by_month: dict[dt.date, list[tuple]] = defaultdict(list)
    for acc, month, d, c in db.session.execute(
        select(
            MonthlyBalance.account_id,
            MonthlyBalance.month,
            func.sum(MonthlyBalance.debit),
            func.sum(MonthlyBalance.credit),
        )
        .where(MonthlyBalance.organisation_id == organisation.id, MonthlyBalance.month <= last)
        .group_by(MonthlyBalance.account_id, MonthlyBalance.month)
    ):
        by_month[month].append((acc, int(d or 0), int(c or 0)))
    out = {}
    running: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    months = sorted(by_month)
    i = 0
    for on in sorted(set(dates)):
        first = on.replace(day=1)
        full_to = first if on == _month_end(on) else _prev_month(first)
        while i < len(months) and months[i] <= full_to:
            for acc, d, c in by_month[months[i]]:
                running[acc][0] += d
                running[acc][1] += c
            i += 1
        snapshot = {acc: [d, c] for acc, (d, c) in running.items()}
        if on != _month_end(on):
            for acc, d, c in _lines_sums(organisation, first, on, False):
                snapshot.setdefault(acc, [0, 0])
                snapshot[acc][0] += int(d)
                snapshot[acc][1] += int(c)
        out[on] = {acc: (d, c) for acc, (d, c) in snapshot.items()}
    return out


def account_types(organisation) -> dict[int, str]:
    """account_id -> account type ("asset", "liability", "capital", "revenue", "expense")."""
    return readcache.cached(
        ("ledger.account_types", organisation.id),
        lambda: dict(
            db.session.execute(
                select(Account.id, Account.type).where(Account.organisation_id == organisation.id)
            ).all()
        ),
    )


def net_assets_from(
    organisation, sums_by_account: dict[int, tuple[int, int]], types: dict | None = None
) -> int:
    """Assets minus liabilities (debit-positive) from per-account sums, in yen; `types`
    (account_types) saves a query when called for many dates."""
    types = account_types(organisation) if types is None else types
    return sum(
        d - c for acc, (d, c) in sums_by_account.items() if types.get(acc) in ("asset", "liability")
    )
